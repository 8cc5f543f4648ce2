# ruff: noqa: E501  (legal text reads best unbroken)
"""The platform's default mutual NDA (English with Simplified Chinese; Traditional derived with OpenCC),
seeded as the first template version by the migration; the operator edits new versions in the back office."""

from core.languages import to_traditional

NAME = "Mutual NDA"
BODY_EN = """MUTUAL NON-DISCLOSURE AGREEMENT

Between {seller} and {buyer} (the "Parties"), dated {date}, for deal room {room} on IP Harbour.

1. Purpose. The Parties will disclose confidential information to evaluate a possible transaction concerning the intellectual property offered in the deal room.

2. Confidential information is all information disclosed in the confidential and clean-team tiers of the deal room, and any information marked or reasonably understood as confidential.

3. Obligations. The receiving Party uses confidential information only for the Purpose, keeps it confidential with at least reasonable care, and discloses it only to its personnel and advisers who need to know it and are bound by duties of confidentiality. Clean-team information is disclosed only to the persons named as clean-team members.

4. Exceptions. Information that is public, already known, independently developed or received from a third party without restriction is not confidential. Disclosure required by law or a regulator is permitted after notice where lawful.

5. No licence. No right or licence is granted except as expressly agreed in a signed agreement.

6. Term. This agreement lasts {term_months} months from its date; duties for information disclosed during the term survive for three years after it ends.

7. Governing law. This agreement is governed by the law of {governing_law}, whose courts have non-exclusive jurisdiction.

Each Party signs in the platform; the platform records the signatory, the organisation, the time and the SHA-256 of this exact text."""
BODY_ZH_HANS = """双方保密协议

{seller}与{buyer}（“双方”）于{date}就IP Harbour第{room}号交易室订立本协议。

1. 目的。双方为评估交易室所提供知识产权的可能交易而披露保密信息。

2. 保密信息指在交易室保密层及洁净团队层披露的全部信息，以及标明或可合理理解为保密的任何信息。

3. 义务。接收方仅为上述目的使用保密信息，至少以合理注意保密，并仅向有必要知悉且负有保密义务的人员及顾问披露。洁净团队信息仅向指定的洁净团队成员披露。

4. 例外。已公开、已知悉、独立开发或自第三方无限制取得的信息不属保密信息。法律或监管机构要求的披露，在合法情况下经通知后可以进行。

5. 不授予许可。除经签署的协议明确约定外，不授予任何权利或许可。

6. 期限。本协议自订立日起有效{term_months}个月；期限内所披露信息的义务于期满后继续有效三年。

7. 适用法律。本协议适用{governing_law}法律，其法院具有非专属管辖权。

双方在平台上签署；平台记录签署人、所属机构、时间及本文本的SHA-256。"""


def seed(template_model) -> None:
    """Create the first version of the default template in both Chinese scripts (the migration calls this
    with its historical model; a test that empties the tables calls it again)."""
    for script, body in (("zh-hant", to_traditional(BODY_ZH_HANS)), ("zh-hans", BODY_ZH_HANS)):
        template_model.objects.get_or_create(
            name=NAME, version=1, second_language=script, defaults={"body_en": BODY_EN, "body_zh": body}
        )
