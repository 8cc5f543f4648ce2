"""The case's steps as pages: challenges, the list procedure, the timetable, emergency relief, people and
affiliates, fees and subsidies, statements, med-arb, withdrawal and applying an award to the registry.
Each view parses a form, looks the case up through restrict() (outsiders get 404) and calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from core.access import CHANGE
from core.pages import form_errors, perform
from disputes import forms
from disputes.models import Appointment, Neutral
from disputes.permissions import is_officer, party_on, party_seat
from disputes.services import decisions, docket, fees, filing, neutrals, timetable
from disputes.views import case_or_404


def _back(case):
    return redirect("disputes:case", case.pk)


def _party(request, case, side: str):
    """The case's party on `side`, or None (with the message shown) when the case has none there."""
    return perform(request, party_on, case=case, side=side)


def _acted(request, made, message: str) -> None:
    if made is not None:
        messages.success(request, message)


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
    if not form.is_valid():
        form_errors(request, form)
        return redirect("disputes:neutrals", case.pk)
    candidates = list(roster.filter(pk__in=form.cleaned_data["candidates"]))
    made = perform(
        request,
        neutrals.propose_list,
        case=case,
        by=request.user,
        role=form.cleaned_data["role"],
        candidates=candidates,
    )
    _acted(request, made, _("The list is proposed; each side now ranks the candidates."))
    return redirect("disputes:neutrals", case.pk)


@login_required
@require_POST
def rank_list(request, pk: int, list_pk: int):
    case = case_or_404(request, pk, CHANGE)
    proposal = get_object_or_404(case.lists, pk=list_pk)
    form = forms.RankingForm(request.POST, candidates=proposal.candidates.all())
    if not form.is_valid():
        form_errors(request, form)
        return redirect("disputes:neutrals", case.pk)
    made = perform(
        request, neutrals.rank_list, proposal=proposal, by=request.user, ranking=form.cleaned_data["ranking"]
    )
    _acted(request, made, _("Your side's ranking is recorded."))
    return redirect("disputes:neutrals", case.pk)


@login_required
@require_POST
def raise_challenge(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    form = forms.ChallengeForm(request.POST, appointments=case.appointments.select_related("neutral"))
    if not form.is_valid():
        form_errors(request, form)
        return _back(case)
    appointment = case.appointments.get(pk=form.cleaned_data["appointment"])
    made = perform(
        request,
        neutrals.raise_challenge,
        appointment=appointment,
        by=request.user,
        grounds=form.cleaned_data["grounds"],
    )
    _acted(request, made, _("The challenge is recorded; the institution will decide."))
    return _back(case)


@login_required
@require_POST
def decide_challenge(request, pk: int, challenge_pk: int):
    case = case_or_404(request, pk, CHANGE)
    challenge = get_object_or_404(case.challenges, pk=challenge_pk)
    form = forms.ReasonedDecisionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _back(case)
    made = perform(
        request,
        neutrals.decide_challenge,
        challenge=challenge,
        by=request.user,
        uphold=form.cleaned_data["decision"] == "yes",
        reason=form.cleaned_data["reason"],
    )
    _acted(request, made, _("The challenge is decided."))
    return _back(case)


@login_required
@require_POST
def set_deadline(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    form = forms.DeadlineForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _back(case)
    made = perform(request, timetable.set_deadline, case=case, by=request.user, **form.cleaned_data)
    _acted(request, made, _("The deadline is in the timetable."))
    return _back(case)


@login_required
@require_POST
def emergency_relief(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    made = perform(request, timetable.apply_for_emergency_relief, case=case, by=request.user)
    _acted(request, made, _("The application for emergency relief is made; its time limits run from today."))
    return _back(case)


@login_required
@require_POST
def add_participant(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    form = forms.ParticipantForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _back(case)
    person = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
    if person is None:
        messages.error(request, _("There is no account with this e-mail address."))
        return _back(case)
    made = perform(
        request,
        filing.add_participant,
        case=case,
        by=request.user,
        user=person,
        role=form.cleaned_data["role"],
    )
    _acted(request, made, _("%(person)s now takes part in the case.") % {"person": person})
    return _back(case)


@login_required
@require_POST
def declare_affiliates(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    form = forms.AffiliatesForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _back(case)
    seat = party_seat(request.user, case)
    kept = list(seat.party.affiliates.all()) if seat and seat.party else []
    made = perform(
        request,
        filing.declare_affiliates,
        case=case,
        by=request.user,
        organisations=kept,
        names=form.cleaned_data["names"],
    )
    _acted(request, made, _("Your party's affiliates are declared."))
    return _back(case)


@login_required
@require_POST
def request_deposit(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    form = forms.DepositForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _back(case)
    data = form.cleaned_data
    party = _party(request, case, data["side"])
    if party is None:
        return _back(case)
    made = perform(
        request,
        fees.request_deposit,
        case=case,
        by=request.user,
        party=party,
        amount=data["amount"],
        currency=data["currency"],
        description=data["description"],
    )
    _acted(request, made, _("The deposit is requested."))
    return _back(case)


@login_required
@require_POST
def charge_neutral_fee(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    form = forms.NeutralFeeForm(request.POST, appointments=case.appointments.select_related("neutral"))
    if not form.is_valid():
        form_errors(request, form)
        return _back(case)
    data = form.cleaned_data
    party = _party(request, case, data["side"])
    if party is None:
        return _back(case)
    made = perform(
        request,
        fees.charge_neutral_fee,
        case=case,
        by=request.user,
        appointment=case.appointments.get(pk=data["appointment"]),
        party=party,
        hours=data["hours"],
    )
    _acted(request, made, _("The neutral's fee is charged."))
    return _back(case)


@login_required
@require_POST
def record_payment(request, pk: int, fee_pk: int):
    case = case_or_404(request, pk, CHANGE)
    fee = get_object_or_404(case.fees, pk=fee_pk)
    form = forms.PaymentForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _back(case)
    made = perform(request, fees.record_payment, fee=fee, by=request.user, **form.cleaned_data)
    _acted(request, made, _("The payment is recorded."))
    return _back(case)


@login_required
@require_POST
def grant_subsidy(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    form = forms.SubsidyForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _back(case)
    party = _party(request, case, form.cleaned_data["side"])
    if party is None:
        return _back(case)
    made = perform(
        request, fees.grant_subsidy, programme=form.cleaned_data["programme"], party=party, by=request.user
    )
    _acted(request, made, _("The subsidy is granted."))
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
    form = forms.ReferForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _back(case)
    made = perform(
        request, decisions.refer_to_arbitration, case=case, by=request.user, rules=form.cleaned_data["rules"]
    )
    if made is None:
        return _back(case)
    messages.success(request, _("The mediation moves to arbitration: %(ref)s") % {"ref": made.reference})
    return redirect("disputes:case", made.pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    made = perform(request, decisions.withdraw, case=case, by=request.user)
    _acted(request, made, _("The case is withdrawn and closed."))
    return _back(case)


@login_required
@require_POST
def apply_effects(request, pk: int, decision_pk: int):
    case = case_or_404(request, pk, CHANGE)
    decision = get_object_or_404(case.decisions, pk=decision_pk)
    made = perform(request, decisions.apply_effects, decision=decision, by=request.user)
    _acted(request, made, _("What the decision orders is recorded in the registry."))
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
