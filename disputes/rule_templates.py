"""The rule templates the platform starts with; the operator keeps them up to date in the back office.

Day counts are calendar days as the published rules state them. Hours are rounded up to a day; months are
counted as 30 days each (so "six months" is 180 days), which puts the platform's date on or before the
rules' own. Each step names the article it comes from (`article`) and each template's `source` the articles
behind its threshold and fees; check them against the institution's current rules before relying on a
figure, and edit the template when the rules change. Where the rules set no period, the step says that the
figure is the platform's default.
"""

from typing import Any

from django.utils.translation import gettext_noop


def step(code: str, days: int, after: str, article: str, kind: str = "arbitration") -> dict:
    return {"code": code, "days": days, "after": after, "kind": kind, "article": article}


# The notes are shown in the reader's language (`article_note` filter): each is marked for translation here.
PLATFORM_DEFAULT = gettext_noop("Platform default: the rules set no period")

TEMPLATES: list[dict[str, Any]] = [
    {
        "code": "hkiac-2024",
        "name": "HKIAC Administered Arbitration Rules (2024)",
        "institution_name": "Hong Kong International Arbitration Centre",
        "handles_mediation": True,
        "steps": [
            step("answer", 30, "filing", gettext_noop("Art. 5.1")),
            step(
                "constitution", 30, "filing", gettext_noop("Art. 8.1(a) (sole arbitrator designated jointly)")
            ),
            step("expedited_award", 180, "constitution", gettext_noop("Art. 42.2(f) (six months)")),
            step("emergency_appointment", 1, "emergency", gettext_noop("Schedule 4, para. 5 (24 hours)")),
            step("emergency_decision", 14, "emergency", gettext_noop("Schedule 4, para. 12")),
            step("mediator_appointment", 15, "filing", PLATFORM_DEFAULT, "mediation"),
            step("mediation_end", 60, "filing", PLATFORM_DEFAULT, "mediation"),
        ],
        "expedited_threshold": "25000000",
        "expedited_currency": "HKD",
        "registration_fee": "8000",
        "fee_currency": "HKD",
        "source": (
            "HKIAC Administered Arbitration Rules 2024: Art. 5.1 (Answer within 30 days of receiving the "
            "Notice of Arbitration); Art. 8.1(a) (a sole arbitrator designated jointly within 30 days; with"
            " three arbitrators, Art. 7.1 gives the respondent 30 days and the co-arbitrators 30 more); "
            "Art. 42.1(a) (expedited procedure where the amount in dispute does not exceed the amount on "
            "HKIAC's website, HKD 25,000,000); Art. 42.2(f) (award within six months of the file's "
            "transmission to the tribunal); Schedule 4 (emergency arbitrator appointed within 24 hours, "
            "decision within 14 days of the file's transmission); Schedule 1 (registration fee HKD 8,000). "
            "Mediation: the HKIAC Mediation Rules set no periods; the platform's defaults apply."
        ),
    },
    {
        "code": "cietac-hk-2024",
        "name": "CIETAC Arbitration Rules (2024), Hong Kong Arbitration Center",
        "institution_name": "CIETAC Hong Kong Arbitration Center",
        "steps": [
            step("answer", 45, "filing", gettext_noop("Art. 16(1)")),
            step("constitution", 15, "filing", gettext_noop("Art. 27(1)-(2)")),
            step(
                "expedited_award",
                90,
                "constitution",
                gettext_noop("Summary procedure: award within three months"),
            ),
            step("emergency_appointment", 1, "emergency", gettext_noop("Appendix III, Art. 2")),
            step("emergency_decision", 15, "emergency", gettext_noop("Appendix III, Art. 6")),
        ],
        "expedited_threshold": "5000000",
        "expedited_currency": "CNY",
        "registration_fee": "8000",
        "fee_currency": "HKD",
        "source": (
            "CIETAC Arbitration Rules 2024: Art. 16(1) (Statement of Defence within 45 days of receiving "
            "the Notice of Arbitration); Art. 27(1)-(2) (each side appoints, and the presiding arbitrator "
            "is chosen, within 15 days of the Notice); summary procedure where the amount in dispute does "
            "not exceed RMB 5,000,000, award within three months of the tribunal's formation; Appendix III "
            "(emergency arbitrator appointed within one day of accepting the application, decision within "
            "15 days of the appointment); CIETAC Hong Kong Arbitration Center fee schedule (registration "
            "fee HKD 8,000)."
        ),
    },
    {
        "code": "wipo-2021",
        "name": "WIPO Arbitration and Mediation Rules (2021)",
        "institution_name": "WIPO Arbitration and Mediation Center",
        "handles_mediation": True,
        "steps": [
            step("answer", 30, "filing", gettext_noop("Art. 11")),
            step("constitution", 30, "filing", gettext_noop("Arts. 14(b), 16(b) (sole arbitrator, 30 days)")),
            step("emergency_appointment", 2, "emergency", gettext_noop("Art. 49(d) (two days)")),
            step("mediator_appointment", 15, "filing", PLATFORM_DEFAULT, "mediation"),
            step(
                "mediation_end",
                60,
                "filing",
                "WIPO Mediation-followed-by-arbitration clause (60 days)",
                "mediation",
            ),
        ],
        "expedited_threshold": None,
        "expedited_currency": "",
        "registration_fee": "2000",
        "fee_currency": "USD",
        "source": (
            "WIPO Arbitration Rules 2021: Art. 11 (Answer within 30 days of receiving the Request); Art. "
            "14(b) (a sole arbitrator unless the Center decides on three) and Art. 16(b) (the sole "
            "arbitrator is appointed by the Center if the parties have not appointed one within 30 days of "
            "the commencement); Art. 49(d) (emergency arbitrator appointed within two days; the Rules set "
            "no period for the decision, so the timetable has none). Expedited arbitration only by the "
            "parties' agreement (WIPO Expedited Arbitration Rules), so no sum threshold. WIPO Mediation "
            "Rules 2021 set no period for the appointment; the recommended mediation-followed-by-"
            "arbitration clause gives 60 (or 90) days. Registration fee USD 2,000 (WIPO Schedule of Fees "
            "and Costs)."
        ),
    },
    {
        "code": "scia-2022",
        "name": "SCIA Arbitration Rules (2022)",
        "institution_name": "Shenzhen Court of International Arbitration",
        "handles_mediation": True,
        "steps": [
            step("answer", 30, "filing", gettext_noop("Art. 17")),
            step("constitution", 15, "filing", gettext_noop("Art. 30")),
            step(
                "expedited_award", 90, "constitution", gettext_noop("Art. 59 and Chapter VIII (three months)")
            ),
            step("emergency_appointment", 2, "emergency", gettext_noop("Emergency arbitrator procedures")),
            step("emergency_decision", 14, "emergency", gettext_noop("Emergency arbitrator procedures")),
            step("mediator_appointment", 10, "filing", PLATFORM_DEFAULT, "mediation"),
            step("mediation_end", 45, "filing", PLATFORM_DEFAULT, "mediation"),
        ],
        "expedited_threshold": "10000000",
        "expedited_currency": "CNY",
        "registration_fee": "10000",
        "fee_currency": "CNY",
        "source": (
            "SCIA Arbitration Rules 2022: Art. 17 (defence within 30 days), Art. 30 (arbitrators appointed "
            "within 15 days), Art. 59 and Chapter VIII (expedited procedure up to RMB 10,000,000; award "
            "within three months), the SCIA's emergency arbitrator procedures (appointment within 2 days, "
            "decision within 14 days); SCIA Mediation Rules set no periods (platform defaults). "
            "Registration fee from the SCIA fee schedule. These figures have not been checked against the "
            "text of the 2022 Rules: the operator must confirm them before relying on them."
        ),
    },
    {
        "code": "uncitral-2021",
        "name": "Ad hoc under the UNCITRAL Arbitration Rules (2021)",
        "institution_name": "Ad hoc (UNCITRAL Rules)",
        "steps": [
            step("answer", 30, "filing", gettext_noop("Art. 4(1)")),
            step(
                "constitution",
                60,
                "filing",
                gettext_noop("Arts. 7(1), 9(2)-(3) (three arbitrators, 30 + 30 days)"),
            ),
        ],
        "expedited_threshold": None,
        "expedited_currency": "",
        "registration_fee": "0",
        "fee_currency": "HKD",
        "source": (
            "UNCITRAL Arbitration Rules (2013, with art. 1(5) as adopted in 2021): Art. 4(1) (response "
            "within 30 days of receiving the notice of arbitration); Art. 7(1) (three arbitrators unless "
            "the parties agree on one within 30 days); Art. 9(2) (the respondent appoints within 30 days of"
            " being told of the claimant's appointment, failing which the appointing authority does) and "
            "Art. 9(3) (the two arbitrators choose the presiding arbitrator within 30 days of the second "
            "appointment), so the tribunal is complete 60 days after the notice at the latest without the "
            "appointing authority; with a sole arbitrator, Art. 8(1) gives 30 days. No emergency arbitrator"
            " (interim measures are for the tribunal, Art. 26). Art. 1(5): the UNCITRAL Expedited "
            "Arbitration Rules apply only by agreement, so no sum threshold (under them: response in 15 "
            "days, Art. 4(1); award within six months of the constitution, Art. 16(1)). Ad hoc: no "
            "registration fee; the tribunal fixes its fees (Arts. 40-41)."
        ),
    },
]

# The steps first seeded where they differ from today's; a template still holding the first seeded steps
# (without articles) was never edited by the operator and takes the corrected, cited ones (migration 0003).
EARLIER_STEPS: dict[str, list[tuple[str, int]]] = {
    "wipo-2021": [
        ("answer", 30),
        ("constitution", 45),
        ("emergency_appointment", 2),
        ("emergency_decision", 15),
        ("mediator_appointment", 15),
        ("mediation_end", 60),
    ],
    "uncitral-2021": [("answer", 30), ("constitution", 30)],
}


def seed_templates(model=None) -> int:
    """Create the templates that are missing (never overwrite the operator's edits); returns how many."""
    if model is None:
        from disputes.models import RuleTemplate as model
    made = 0
    for template in TEMPLATES:
        fields: dict = {**template}
        code = fields.pop("code")
        fields["expedited_currency"] = fields.get("expedited_currency") or ""
        made += model.objects.get_or_create(code=code, defaults=fields)[1]
    return made


def refresh_unedited_templates(model) -> int:
    """Give the seeded templates nobody edited their cited steps and the corrected figures."""
    refreshed = 0
    current = {t["code"]: t for t in TEMPLATES}
    for row in model.objects.filter(code__in=list(current)):
        seeded = [(s.get("code"), s.get("days")) for s in row.steps if "article" not in s]
        if len(seeded) != len(row.steps):
            continue
        first = [(s["code"], s["days"]) for s in current[row.code]["steps"]]
        if seeded == EARLIER_STEPS.get(row.code, first):
            row.steps, row.source = current[row.code]["steps"], current[row.code]["source"]
            row.save(update_fields=["steps", "source"])
            refreshed += 1
    return refreshed
