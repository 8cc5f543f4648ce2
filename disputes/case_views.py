"""The case's steps as pages: challenges, the list procedure, the timetable, emergency relief, people and
affiliates, fees and subsidies, statements, med-arb, withdrawal and applying an award to the registry.
Each view parses a form, looks the case up through restrict() (outsiders get 404) and calls one service."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import CHANGE
from core.pages import act, attempt, perform
from disputes import forms
from disputes.models import Appointment, Neutral
from disputes.permissions import is_officer, party_on, party_seat
from disputes.services import decisions, docket, fees, filing, neutrals, timetable
from disputes.views import case_or_404


def _back(case):
    return redirect("disputes:case", case.pk)


@login_required
def choose_neutrals(request, pk: int):
    """The roster as this case sees it: each neutral with the conflict check's reasons, and the lists."""
    case = case_or_404(request, pk)
    roster = Neutral.objects.visible_to(request.user).filter(active=True)
    checked = [(n, neutrals.conflict_check(case=case, neutral=n, reader=request.user)) for n in roster]
    seat = party_seat(request.user, case)
    lists = [
        (proposal, forms.RankingForm(candidates=proposal.candidates.all()))
        for proposal in case.lists.prefetch_related("candidates").select_related("appointment__neutral")
    ]
    context = {
        "case": case,
        "checked": checked,
        "lists": lists,
        "side": seat.party.side if seat and seat.party else "",
        "is_officer": is_officer(request.user, case),
        "sitting": set(
            case.appointments.filter(status__in=Appointment.SITTING).values_list("neutral", flat=True)
        ),
        "list_form": forms.CandidateListForm(roster=[n for n, reasons in checked if not reasons]),
    }
    return render(request, "disputes/neutrals.html", context)


@login_required
@require_POST
def propose_list(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    roster = Neutral.objects.visible_to(request.user).filter(active=True)
    form = forms.CandidateListForm(request.POST, roster=roster)

    def propose(data):
        candidates = list(roster.filter(pk__in=data["candidates"]))
        return neutrals.propose_list(case=case, by=request.user, role=data["role"], candidates=candidates)

    act(request, form, propose, _("The list is proposed; each side now ranks the candidates."))
    return redirect("disputes:neutrals", case.pk)


@login_required
@require_POST
def rank_list(request, pk: int, list_pk: int):
    case = case_or_404(request, pk, CHANGE)
    proposal = get_object_or_404(case.lists, pk=list_pk)
    form = forms.RankingForm(request.POST, candidates=proposal.candidates.all())
    act(
        request,
        form,
        lambda data: neutrals.rank_list(proposal=proposal, by=request.user, ranking=data["ranking"]),
        _("Your side's ranking is recorded."),
    )
    return redirect("disputes:neutrals", case.pk)


@login_required
@require_POST
def raise_challenge(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    form = forms.ChallengeForm(request.POST, appointments=case.appointments.select_related("neutral"))

    def challenge(data):
        appointment = case.appointments.get(pk=data["appointment"])
        return neutrals.raise_challenge(appointment=appointment, by=request.user, grounds=data["grounds"])

    act(request, form, challenge, _("The challenge is recorded; the institution will decide."))
    return _back(case)


@login_required
@require_POST
def decide_challenge(request, pk: int, challenge_pk: int):
    case = case_or_404(request, pk, CHANGE)
    challenge = get_object_or_404(case.challenges, pk=challenge_pk)
    form = forms.ReasonedDecisionForm(request.POST)

    def decide(data):
        uphold = data["decision"] == "yes"
        return neutrals.decide_challenge(
            challenge=challenge, by=request.user, uphold=uphold, reason=data["reason"]
        )

    act(request, form, decide, _("The challenge is decided."))
    return _back(case)


@login_required
@require_POST
def set_deadline(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    act(
        request,
        forms.DeadlineForm(request.POST),
        lambda data: timetable.set_deadline(case=case, by=request.user, **data),
        _("The deadline is in the timetable."),
    )
    return _back(case)


@login_required
@require_POST
def emergency_relief(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    attempt(
        request,
        lambda: timetable.apply_for_emergency_relief(case=case, by=request.user),
        _("The application for emergency relief is made; its time limits run from today."),
    )
    return _back(case)


@login_required
@require_POST
def add_participant(request, pk: int):
    case = case_or_404(request, pk, CHANGE)

    def add(data):
        person = filing.account(data["email"])
        return filing.add_participant(case=case, by=request.user, user=person, role=data["role"])

    act(
        request,
        forms.ParticipantForm(request.POST),
        add,
        lambda seat: _("%(person)s now takes part in the case.") % {"person": seat.user},
    )
    return _back(case)


@login_required
@require_POST
def declare_affiliates(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    seat = party_seat(request.user, case)
    kept = list(seat.party.affiliates.all()) if seat and seat.party else []
    act(
        request,
        forms.AffiliatesForm(request.POST),
        lambda data: filing.declare_affiliates(
            case=case, by=request.user, organisations=kept, names=data["names"]
        ),
        _("Your party's affiliates are declared."),
    )
    return _back(case)


@login_required
@require_POST
def request_deposit(request, pk: int):
    case = case_or_404(request, pk, CHANGE)

    def request_it(data):
        return fees.request_deposit(
            case=case,
            by=request.user,
            party=party_on(case, data["side"]),
            amount=data["amount"],
            currency=data["currency"],
            description=data["description"],
        )

    act(request, forms.DepositForm(request.POST), request_it, _("The deposit is requested."))
    return _back(case)


@login_required
@require_POST
def charge_neutral_fee(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    form = forms.NeutralFeeForm(request.POST, appointments=case.appointments.select_related("neutral"))

    def charge(data):
        return fees.charge_neutral_fee(
            case=case,
            by=request.user,
            appointment=case.appointments.get(pk=data["appointment"]),
            party=party_on(case, data["side"]),
            hours=data["hours"],
        )

    act(request, form, charge, _("The neutral's fee is charged."))
    return _back(case)


@login_required
@require_POST
def record_payment(request, pk: int, fee_pk: int):
    case = case_or_404(request, pk, CHANGE)
    fee = get_object_or_404(case.fees, pk=fee_pk)
    act(
        request,
        forms.PaymentForm(request.POST),
        lambda data: fees.record_payment(fee=fee, by=request.user, **data),
        _("The payment is recorded."),
    )
    return _back(case)


@login_required
@require_POST
def grant_subsidy(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    act(
        request,
        forms.SubsidyForm(request.POST),
        lambda data: fees.grant_subsidy(
            programme=data["programme"], party=party_on(case, data["side"]), by=request.user
        ),
        _("The subsidy is granted."),
    )
    return _back(case)


@login_required
def statement(request, pk: int, side: str):
    """A party's statement of fees, payments and subsidies (a party sees only its own)."""
    case = case_or_404(request, pk)
    party = get_object_or_404(case.parties, side=side)
    found = perform(request, fees.statement, case=case, party=party, by=request.user)
    if found is None:
        return _back(case)
    return render(request, "disputes/statement.html", {"case": case, "statement": found})


@login_required
@require_POST
def refer_to_arbitration(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    made = act(
        request,
        forms.ReferForm(request.POST),
        lambda data: decisions.refer_to_arbitration(case=case, by=request.user, rules=data["rules"]),
        lambda arbitration: _("The mediation moves to arbitration: %(ref)s") % {"ref": arbitration.reference},
    )
    return _back(made or case)


@login_required
@require_POST
def withdraw(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    attempt(
        request,
        lambda: decisions.withdraw(case=case, by=request.user),
        _("The case is withdrawn and closed."),
    )
    return _back(case)


@login_required
@require_POST
def apply_effects(request, pk: int, decision_pk: int):
    case = case_or_404(request, pk, CHANGE)
    decision = get_object_or_404(case.decisions, pk=decision_pk)
    attempt(
        request,
        lambda: decisions.apply_effects(decision=decision, by=request.user),
        _("What the decision orders is recorded in the registry."),
    )
    return _back(case)


@login_required
def submission_document(request, pk: int, number: int, document_pk: int):
    case = case_or_404(request, pk)
    submission = get_object_or_404(case.submissions, number=number)
    document = get_object_or_404(submission.documents, pk=document_pk)
    docket.mark_opened(submission=submission, by=request.user)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.filename) or "attachment"
    return response
