"""Filing from a signed deal: the parties, the files with their hashes, the timetable, the registration fee,
and the transparency log's two facts."""

import pytest
from django.utils import timezone

from core.errors import Forbidden, InvalidInput
from disputes.models import Case, CaseFile, Participant
from disputes.services import filing
from disputes.services.filing import DealFiles
from ledger.models import Entry

pytestmark = pytest.mark.django_db


def test_filing_from_a_deal_brings_the_chosen_files_with_their_hashes(case, signed):
    sources = sorted(case.files.values_list("source", flat=True))
    assert sources == ["agreement", "document", "term_sheet", "term_sheet"]
    agreement = case.files.get(source=CaseFile.Source.AGREEMENT)
    assert agreement.sha256 == signed["agreement"].sha256
    for copy in case.files.all():
        assert filing.verify_file(copy) == {"sha256": copy.sha256, "copy_intact": True, "matches_deal": True}


def test_a_tampered_copy_fails_verification(case):
    copy = case.files.get(source=CaseFile.Source.AGREEMENT)
    CaseFile.objects.filter(pk=copy.pk).update(content=b"%PDF-1.4 forged")
    copy.refresh_from_db()
    assert filing.verify_file(copy)["copy_intact"] is False


def test_the_other_side_of_the_deal_becomes_the_respondent_with_its_people(case, dana, dan):
    respondent = case.parties.get(side="respondent")
    assert respondent.name == "Dana Pharma"
    people = set(case.participants.filter(party=respondent).values_list("user__email", flat=True))
    assert people == {dana.email, dan.email}


def test_the_timetable_follows_the_rules_and_the_expedited_threshold(case, hkiac):
    codes = set(case.deadlines.values_list("code", flat=True))
    assert {"answer", "constitution"} <= codes
    answer = case.deadlines.get(code="answer")
    assert answer.rule_days == next(s["days"] for s in hkiac.steps if s["code"] == "answer")
    assert (answer.due_on - timezone.localtime(case.filed_at).date()).days == answer.rule_days
    assert case.expedited is True  # HKD 3m is under the HKD threshold in the template


def test_the_claimant_owes_the_registration_fee(case, hkiac):
    fee = case.fees.get(kind="registration")
    assert (fee.amount, fee.currency, fee.party.side) == (
        hkiac.registration_fee,
        hkiac.fee_currency,
        "claimant",
    )


def test_the_log_learns_only_that_a_case_was_filed(case):
    entry = Entry.objects.get(kind="dispute.filed")
    assert (
        "Dana Pharma" not in entry.leaf and "Alice Bio" not in entry.leaf and case.reference not in entry.leaf
    )
    assert "arbitration" in entry.leaf


@pytest.mark.parametrize("filer", ["charlie", "staff"])
def test_filing_for_someone_elses_organisation_is_refused(request, filer, alice_org, hkiac):
    """Neither an outsider nor the operator's staff file a case in Alice Bio's name."""
    with pytest.raises(Forbidden):
        filing.file_case(
            by=request.getfixturevalue(filer),
            kind="arbitration",
            rules=hkiac,
            title="x",
            claimant=alice_org,
            respondent_name="Someone",
        )
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "litigation"}, "kind"),
        ({"title": "  "}, "title"),
        ({"amount_in_dispute": "-5"}, "amount_in_dispute"),
        ({"amount_in_dispute": "lots"}, None),
        ({"respondent_name": ""}, "respondent"),
        ({"currency": "XYZ"}, None),
    ],
)
def test_bad_filings_are_refused_and_change_nothing(alice, alice_org, hkiac, changes, field):
    arguments = {
        "by": alice,
        "kind": "arbitration",
        "rules": hkiac,
        "title": "Dispute",
        "claimant": alice_org,
        "respondent_name": "Someone Ltd",
        **changes,
    }
    with pytest.raises(InvalidInput) as refused:
        filing.file_case(**arguments)
    assert field is None or refused.value.field == field
    assert not Case.objects.exists()


def test_a_document_not_in_the_deal_cannot_travel_and_nothing_is_filed(signed, dana, dana_org, hkiac):
    with pytest.raises(InvalidInput):
        filing.file_case(
            by=dana,
            kind="arbitration",
            rules=hkiac,
            title="x",
            claimant=dana_org,
            deal_room=signed["room"],
            deal_files=DealFiles(documents=[signed["document"].pk + 999]),
        )
    assert not Case.objects.exists()


def test_an_outsider_cannot_file_from_a_deal_it_is_not_in(signed, charlie, charlie_org, hkiac):
    from core.errors import NotFound

    with pytest.raises(NotFound):
        filing.file_case(
            by=charlie,
            kind="arbitration",
            rules=hkiac,
            title="x",
            claimant=charlie_org,
            deal_room=signed["room"],
        )
    assert not Case.objects.exists()


def test_counsel_sees_the_case_and_outsiders_do_not(case, bob, charlie, hana, staff):
    assert Case.objects.visible_to(bob).filter(pk=case.pk).exists()
    assert Case.objects.visible_to(hana).filter(pk=case.pk).exists()
    assert Case.objects.visible_to(staff).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(charlie).exists()
    assert not Case.objects.visible_to(None).exists()
    assert case.participants.get(user=bob).role == Participant.Role.COUNSEL


def test_the_files_from_the_deal_are_handed_only_to_the_case(client_as, case, alice, charlie, staff):
    from django.urls import reverse

    copy = case.files.get(source=CaseFile.Source.AGREEMENT)
    url = reverse("disputes:case_file", args=[case.pk, copy.pk])
    assert client_as(None).get(url).status_code == 302
    assert client_as(charlie).get(url).status_code == 404
    response = client_as(alice).get(url)
    assert response.status_code == 200 and response.content == bytes(copy.content)
    assert client_as(staff).get(url).status_code == 200
    api = f"/api/v1/disputes/cases/{case.pk}/files/{copy.pk}"
    assert client_as(charlie).get(api).status_code == 404
    assert client_as(alice).get(api)["X-Content-SHA256"] == copy.sha256


def test_an_organisation_awaiting_approval_files_no_case(make_organisation, make_user, alice_org, hkiac):
    pending = make_organisation("Pending Bio", approved=False)
    founder = make_user("pat@example.com", pending, "admin")
    with pytest.raises(Forbidden, match="awaiting the operator's approval"):
        filing.file_case(
            by=founder,
            kind="arbitration",
            rules=hkiac,
            title="Unpaid licence fee",
            claimant=pending,
            respondent=alice_org,
        )
    assert not Case.objects.exists() and not Entry.objects.exists()


def test_the_files_from_the_deal_are_named_in_the_readers_language(case, client_as, alice, signed):
    from django.urls import reverse

    page = client_as(alice).get(
        reverse("disputes:case", args=[case.pk]), headers={"accept-language": "zh-hans"}
    )
    text = page.content.decode()
    assert "已签署的协议，第 1 版" in text and "Signed agreement, version" not in text
    assert signed["document"].title in text  # a document keeps the title its room gave it
