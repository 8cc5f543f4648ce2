"""The docket and its service, hearings, reminders, awards and their effect on the registry, settlement
and med-arb, fees and subsidies."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from assets.models import Encumbrance
from core.errors import Conflict, Forbidden, InvalidInput
from disputes.models import Case, Decision, FeeSubsidyProgramme, ServiceRecord, Submission
from disputes.services import decisions, docket, fees, filing, neutrals, timetable
from ledger.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def tribunal(case, alice, ivan):
    neutrals.nominate(case=case, by=alice, neutral=ivan, role="sole")
    return ivan


def test_a_submission_is_served_on_the_other_side_and_the_tribunal(case, alice, bob, dana, dan, tribunal):
    submission = docket.file_submission(
        case=case,
        by=alice,
        kind="statement",
        title="Statement of claim",
        documents=[("claim.txt", b"The claim.")],
    )
    served = set(submission.services.values_list("participant__user__email", flat=True))
    assert served == {dana.email, dan.email, tribunal.user.email}
    docket.mark_opened(submission=submission, by=dana)
    assert ServiceRecord.objects.get(submission=submission, participant__user=dana).opened_at is not None
    assert submission.documents.get().sha256


def test_the_respondents_answer_meets_the_answer_deadline(case, dana):
    docket.file_submission(case=case, by=dana, kind="answer", title="Answer")
    assert case.deadlines.get(code="answer").status == "met"


def test_outsiders_and_bad_documents_cannot_file(case, charlie, alice):
    with pytest.raises(Forbidden):
        docket.file_submission(case=case, by=charlie, kind="statement", title="x")
    with pytest.raises(InvalidInput):
        docket.file_submission(
            case=case, by=alice, kind="statement", title="x", documents=[("a.pdf", b"\x00\x01")]
        )
    with pytest.raises(InvalidInput):
        docket.file_submission(case=case, by=alice, kind="verdict", title="x")
    assert not Submission.objects.exists()


def test_hearings_are_scheduled_by_the_tribunal_online_or_in_person(case, alice, tribunal):
    start = timezone.now() + datetime.timedelta(days=10)
    with pytest.raises(Forbidden):
        docket.schedule_hearing(
            case=case,
            by=alice,
            title="Hearing",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            mode="online",
            venue="https://v",
        )
    hearing = docket.schedule_hearing(
        case=case,
        by=tribunal.user,
        title="Hearing",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        mode="online",
        venue="https://v",
    )
    assert hearing.mode == "online"
    with pytest.raises(InvalidInput):
        docket.schedule_hearing(
            case=case,
            by=tribunal.user,
            title="Hearing",
            starts_at=start,
            ends_at=start,
            mode="online",
            venue="x",
        )


def test_reminders_go_out_once_and_past_deadlines_lapse(case, django_capture_on_commit_callbacks):
    answer = case.deadlines.get(code="answer")
    day_before = answer.due_on - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = timetable.send_reminders(today=day_before)
    assert first["reminded"] >= 1 and mail.outbox
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert timetable.send_reminders(today=day_before)["reminded"] == 0
    assert len(mail.outbox) == sent
    timetable.send_reminders(today=answer.due_on + datetime.timedelta(days=1))
    answer.refresh_from_db()
    assert answer.status == "lapsed"


def test_each_person_is_reminded_in_their_language_with_the_time_left(
    case, dana, django_capture_on_commit_callbacks
):
    dana.language = "zh-hant"
    dana.save(update_fields=["language"])
    answer = case.deadlines.get(code="answer")
    answer.due_on = timezone.localdate() + datetime.timedelta(days=3)
    answer.save()
    with django_capture_on_commit_callbacks(execute=True):
        timetable.send_reminders()
    mails = {m.to[0]: m for m in mail.outbox if case.reference in m.subject}
    assert "in 3 days" in mails["alice@example.com"].body
    assert f"/disputes/cases/{case.pk}/" in mails["alice@example.com"].body
    assert "3 天後" in mails[dana.email].body and "期限" in mails[dana.email].subject
    assert case.deadlines.get(code="answer").reminded_on == timezone.localdate()


def test_reminders_skip_closed_cases(case, alice, django_capture_on_commit_callbacks):
    decisions.withdraw(case=case, by=alice)
    with django_capture_on_commit_callbacks(execute=True):
        assert timetable.send_reminders(today=timezone.localdate())["reminded"] == 0
    assert not [m for m in mail.outbox if "Deadline" in m.subject]


def test_the_reminders_command_queues_the_task_that_reminds(case, capsys):
    from django.core.management import call_command

    case.deadlines.filter(code="answer").update(due_on=timezone.localdate() + datetime.timedelta(days=2))
    call_command("disputes", "reminders", "--queue")  # the tests' task backend runs it at once
    assert "Queued" in capsys.readouterr().out
    assert case.deadlines.get(code="answer").reminded_on == timezone.localdate()


def test_a_final_award_ending_the_licence_closes_the_case_and_is_applied_by_the_operator(
    case, tribunal, asset, staff, alice
):
    licence = Encumbrance.objects.get(asset=asset, released_at__isnull=True)
    award = decisions.issue_decision(
        case=case,
        by=tribunal.user,
        kind="final_award",
        title="Final award",
        text="The licence is terminated.",
        outcome="claimant",
        effects=[{"action": "end_licence", "encumbrance": licence.pk}],
    )
    case.refresh_from_db()
    assert case.status == Case.Status.AWARDED and case.closed_at
    closed = Entry.objects.get(kind="dispute.closed")
    assert "Dana Pharma" not in closed.leaf and "claimant" not in closed.leaf
    with pytest.raises(Forbidden):
        decisions.apply_effects(decision=award, by=alice)
    decisions.apply_effects(decision=award, by=staff)
    licence.refresh_from_db()
    assert licence.released_at == timezone.localdate()
    with pytest.raises(Conflict):
        decisions.apply_effects(decision=award, by=staff)


def test_an_award_assigning_the_asset_transfers_title(case, tribunal, asset, staff, dana_org):
    award = decisions.issue_decision(
        case=case,
        by=tribunal.user,
        kind="partial_award",
        title="Partial",
        text="Assign.",
        outcome="respondent",
        effects=[{"action": "assign", "asset": asset.pk, "to_organisation": dana_org.pk}],
    )
    decisions.apply_effects(decision=award, by=staff)
    asset.refresh_from_db()
    assert asset.owner == dana_org and case.status != Case.Status.AWARDED


def test_effects_outside_the_parties_are_refused(case, tribunal, charlie_org):
    from tests.factories import make_asset

    other = make_asset(charlie_org, number="CN999999A")
    with pytest.raises(InvalidInput):
        decisions.issue_decision(
            case=case,
            by=tribunal.user,
            kind="final_award",
            title="x",
            text="y",
            outcome="claimant",
            effects=[{"action": "assign", "asset": other.pk, "to_organisation": charlie_org.pk}],
        )
    assert not Decision.objects.exists()


def test_only_a_sitting_neutral_issues_awards(case, alice, tribunal):
    with pytest.raises(Forbidden):
        decisions.issue_decision(
            case=case, by=alice, kind="final_award", title="x", text="y", outcome="claimant"
        )


@pytest.fixture
def mediation(alice, alice_org, dana_org, hkiac, dana, jun):
    case = filing.file_case(
        by=alice, kind="mediation", rules=hkiac, title="Mediation", claimant=alice_org, respondent=dana_org
    )
    neutrals.nominate(case=case, by=alice, neutral=jun, role="mediator")
    return case


def test_a_mediation_settles_when_both_sides_sign_the_same_text(mediation, alice, dana, jun):
    settlement = decisions.issue_decision(
        case=mediation, by=jun.user, kind="settlement", title="Settlement", text="Dana pays HKD 1m."
    )
    with pytest.raises(Conflict):
        decisions.sign_settlement(decision=settlement, by=alice, text_sha256="0" * 64)
    decisions.sign_settlement(decision=settlement, by=alice, text_sha256=settlement.sha256)
    decisions.sign_settlement(decision=settlement, by=dana)
    mediation.refresh_from_db()
    assert mediation.status == Case.Status.SETTLED


def test_a_mediation_that_fails_moves_to_arbitration_with_its_parties(mediation, dana, alice):
    arbitration = decisions.refer_to_arbitration(case=mediation, by=dana)
    mediation.refresh_from_db()
    assert mediation.status == Case.Status.REFERRED and arbitration.previous == mediation
    assert arbitration.kind == "arbitration"
    assert Case.objects.visible_to(dana).filter(pk=arbitration.pk).exists()
    assert Case.objects.visible_to(alice).filter(pk=arbitration.pk).exists()


def test_fees_subsidy_is_capped_by_share_cap_and_budget(case, hana, alice, dana):
    claimant = case.parties.get(side="claimant")
    registration = case.fees.get(kind="registration")
    fees.record_payment(fee=registration, by=hana, reference="R1")
    deposit = fees.request_deposit(case=case, by=hana, party=claimant, amount="100000", currency="HKD")
    fees.record_payment(fee=deposit, by=hana, reference="R2")
    programme = FeeSubsidyProgramme.objects.create(
        name="Arbitration fee support",
        share_of_fees=Decimal("0.5"),
        cap_per_case=Decimal("40000"),
        budget=Decimal("30000"),
        currency="HKD",
        starts_on=datetime.date(2020, 1, 1),
        source="Test programme",
    )
    grant = fees.grant_subsidy(programme=programme, party=claimant, by=hana)
    assert grant.amount == Decimal("30000")  # half of 108,000 is over the cap, the cap over the budget
    with pytest.raises(Conflict):
        fees.grant_subsidy(programme=programme, party=claimant, by=hana)
    statement = fees.statement(case=case, party=claimant, by=alice)
    assert statement["totals"] == [
        {
            "currency": "HKD",
            "charged": "108000.00",
            "paid": "108000.00",
            "due": "0.00",
            "subsidised": "30000.00",
            "net_cost": "78000.00",
        }
    ]
    with pytest.raises(Forbidden):
        fees.statement(case=case, party=claimant, by=dana)


def test_bad_fee_input_is_refused(case, hana, alice):
    claimant = case.parties.get(side="claimant")
    with pytest.raises(InvalidInput):
        fees.request_deposit(case=case, by=hana, party=claimant, amount="-1", currency="HKD")
    with pytest.raises(InvalidInput):
        fees.request_deposit(case=case, by=hana, party=claimant, amount=1.5, currency="HKD")
    with pytest.raises(Forbidden):
        fees.request_deposit(case=case, by=alice, party=claimant, amount="10", currency="HKD")
    assert case.fees.count() == 1


def test_the_reminders_command_runs_and_reports(case, capsys):
    from django.core.management import call_command

    call_command("disputes", "reminders")
    assert "Reminded" in capsys.readouterr().out


def test_the_parties_sign_a_settlement_on_the_page(client_as, mediation, alice, dana, jun, charlie):
    from django.urls import reverse

    settlement = decisions.issue_decision(
        case=mediation, by=jun.user, kind="settlement", title="Settlement", text="Terms."
    )
    url = reverse("disputes:sign", args=[mediation.pk, settlement.pk])
    assert client_as(charlie).post(url, {"text_sha256": settlement.sha256}).status_code == 404
    assert client_as(jun.user).post(url, {"text_sha256": settlement.sha256}).status_code == 403
    for party in (alice, dana):
        assert client_as(party).post(url, {"text_sha256": settlement.sha256}).status_code == 302
    mediation.refresh_from_db()
    assert mediation.status == Case.Status.SETTLED and settlement.signatures.count() == 2
    page = client_as(alice).get(reverse("disputes:case", args=[mediation.pk]))
    assert b"Terms." in page.content


def test_the_tribunal_records_an_award_ending_the_licence_on_the_page(client_as, case, tribunal, asset):
    from django.urls import reverse

    licence = Encumbrance.objects.get(asset=asset, released_at__isnull=True)
    url = reverse("disputes:issue_decision", args=[case.pk])
    form = {"kind": "final_award", "title": "Final award", "text": "The licence ends.", "outcome": "claimant"}
    bad = client_as(tribunal.user).post(url, {**form, "effect": "end_licence", "encumbrance": "999999"})
    assert bad.status_code == 302 and not case.decisions.exists()  # refused with the reason, nothing recorded
    client_as(tribunal.user).post(url, {**form, "effect": "end_licence", "encumbrance": str(licence.pk)})
    award = case.decisions.get()
    assert award.effects == [{"action": "end_licence", "encumbrance": licence.pk}]
    page = client_as(tribunal.user).get(reverse("disputes:case", args=[case.pk])).content.decode()
    assert f"licence no. {licence.pk} ends" in page and "Waiting for the operator" in page


def test_officers_see_each_programmes_share_cap_and_budget_left(client_as, case, hana, alice):
    from django.urls import reverse

    FeeSubsidyProgramme.objects.create(
        name="Arbitration fee support",
        share_of_fees=Decimal("0.5"),
        cap_per_case=Decimal("40000"),
        budget=Decimal("300000"),
        currency="HKD",
        starts_on=datetime.date(2020, 1, 1),
        source="Test programme",
    )
    url = reverse("disputes:case", args=[case.pk])
    page = client_as(hana).get(url).content.decode()
    assert (
        "50% of the fees paid, up to HKD 40,000.00 per party and case; HKD 300,000.00 of the budget left"
        in page
    )
    assert "of the budget left" not in client_as(alice).get(url).content.decode()


def test_each_side_reads_only_its_own_fees_and_subsidies(client_as, users, standalone, hana):
    from django.urls import reverse

    respondent = standalone.parties.get(side="respondent")
    fees.request_deposit(case=standalone, by=hana, party=respondent, amount="777777", currency="HKD")
    programme = FeeSubsidyProgramme.objects.create(
        name="Respondent support",
        share_of_fees=Decimal("0.5"),
        cap_per_case=Decimal("40000"),
        budget=Decimal("30000"),
        currency="HKD",
        starts_on=datetime.date(2020, 1, 1),
        source="Test programme",
    )
    deposit = standalone.fees.get(party=respondent)
    fees.record_payment(fee=deposit, by=hana, reference="R9")
    fees.grant_subsidy(programme=programme, party=respondent, by=hana)
    page_url = reverse("disputes:case", args=[standalone.pk])
    api_url = f"/api/v1/disputes/cases/{standalone.pk}/fees"
    viewers = {**users, "respondent": standalone.dana, "officer": hana}
    for name, user in viewers.items():
        page, api = client_as(user).get(page_url), client_as(user).get(api_url)
        if name in ("anonymous", "outsider"):
            assert page.status_code in (302, 404) and api.status_code in (401, 404), name
            continue
        sees_other_side = name in ("staff", "officer", "respondent")
        text = page.content.decode()
        assert page.status_code == 200 and api.status_code == 200, name
        assert ("777,777" in text or "777777" in text) == sees_other_side, name
        assert ("Respondent support" in text) == sees_other_side, name
        assert (deposit.pk in [f["id"] for f in api.json()]) == sees_other_side, name
    with pytest.raises(Forbidden):
        fees.statement(case=standalone, party=respondent, by=users["owner"])


@pytest.mark.parametrize("filename", ['a"b\r\nX-Injected: 1.pdf', "專利 許可.pdf", "plain.pdf"])
def test_an_uploaded_filename_never_breaks_the_download(client_as, standalone, alice, filename):
    from django.urls import reverse

    from deals import pdf
    from disputes.services import docket

    data = pdf.render(title="x", blocks=[], rows=[])
    submission = docket.file_submission(
        case=standalone, by=alice, kind="statement", title="Claim", documents=[(filename, data)]
    )
    document = submission.documents.get()
    page = client_as(alice).get(
        reverse("disputes:submission_document", args=[standalone.pk, submission.number, document.pk])
    )
    api = client_as(alice).get(
        f"/api/v1/disputes/cases/{standalone.pk}/submissions/{submission.number}/documents/{document.pk}"
    )
    for response in (page, api):
        assert response.status_code == 200 and response.content == data
        assert response["Content-Disposition"].startswith("attachment; filename")
        assert "\n" not in response["Content-Disposition"] and "X-Injected" not in response.headers


def test_a_fee_for_a_side_the_case_does_not_have_is_refused_on_the_page(client_as, standalone, hana):
    from django.urls import reverse

    standalone.parties.filter(side="respondent").delete()
    for name, data in (
        ("disputes:request_deposit", {"side": "respondent", "amount": "100", "currency": "HKD"}),
        ("disputes:grant_subsidy", {"side": "respondent"}),
    ):
        response = client_as(hana).post(reverse(name, args=[standalone.pk]), data, follow=True)
        assert response.status_code == 200, name
    assert not standalone.fees.filter(kind="deposit").exists()


def test_a_reminder_counts_the_time_left_from_the_day_it_is_sent_for(
    case, django_capture_on_commit_callbacks
):
    day = timezone.localdate() - datetime.timedelta(days=10)
    case.deadlines.filter(code="answer").update(due_on=day + datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        timetable.send_reminders(today=day)
    mails = {m.to[0]: m for m in mail.outbox if case.reference in m.subject}
    assert "in 3 days" in mails["alice@example.com"].body


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"email": "erin@example.com", "role": "counsel"}, "{erin} now takes part in the case."),
        ({"email": "nobody@example.com", "role": "counsel"}, "There is no account with this e-mail address."),
        (
            {"email": "dana@example.com", "role": "judge"},
            "Role: Select a valid choice. judge is not one of the available choices.",
        ),
    ],
)
def test_a_step_on_the_page_says_what_happened(client_as, standalone, alice, make_user, data, said):
    from django.contrib.messages import get_messages
    from django.urls import reverse

    erin = make_user("erin@example.com")
    response = client_as(alice).post(reverse("disputes:add_participant", args=[standalone.pk]), data)
    assert response["Location"] == reverse("disputes:case", args=[standalone.pk])
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert told == [said.format(erin=erin)]
    assert standalone.participants.filter(user=erin).exists() == ("now takes part" in said)


def test_a_mediation_moved_to_arbitration_says_which_case_follows(
    client_as, alice, alice_org, dana_org, hkiac
):
    from django.contrib.messages import get_messages
    from django.urls import reverse

    mediation = filing.file_case(
        by=alice, kind="mediation", rules=hkiac, title="Mediation", claimant=alice_org, respondent=dana_org
    )
    response = client_as(alice).post(reverse("disputes:refer", args=[mediation.pk]), {"rules": ""})
    arbitration = Case.objects.get(previous=mediation)
    assert response["Location"] == reverse("disputes:case", args=[arbitration.pk])
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert told == [f"The mediation moves to arbitration: {arbitration.reference}"]
