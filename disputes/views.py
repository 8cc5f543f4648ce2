"""HTML pages of disputes: thin; rules live in services, access in restrict()/visible_to()."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from core.access import CHANGE
from core.pages import act, attempt, perform
from disputes import forms, stats
from disputes.forms import CaseForm, DecisionForm, HearingForm, NominationForm, SubmissionForm
from disputes.models import Appointment, Case, FeeSubsidyProgramme, Neutral, RuleTemplate
from disputes.permissions import is_officer, party_seat, sitting_neutral
from disputes.services import decisions, docket, fees, filing, neutrals


def case_or_404(request, pk: int, action: str = "view") -> Case:
    return get_object_or_404(Case.objects.restrict(request.user, action).select_related("rules"), pk=pk)


def statistics(request):
    figures = stats.statistics()
    charts = {
        "kind": stats.bar_chart(figures["by_kind"], _("Cases by kind")) if figures["by_kind"] else "",
        "institution": stats.bar_chart(figures["by_institution"], _("Cases by institution"))
        if figures["by_institution"]
        else "",
        "outcome": stats.bar_chart(figures["by_outcome"], _("Closed cases by outcome"))
        if figures["by_outcome"]
        else "",
    }
    return render(request, "disputes/statistics.html", {"figures": figures, "charts": charts})


def roster(request):
    found = Neutral.objects.visible_to(request.user).filter(active=True)
    return render(request, "disputes/roster.html", {"neutrals": found})


def rules(request):
    return render(request, "disputes/rules.html", {"templates": RuleTemplate.objects.filter(active=True)})


def case_list(request):
    """The entry page: a member's cases and what waits for them; the public part of disputes for visitors."""
    from disputes.home import inbox

    if not request.user.is_authenticated:
        return render(request, "disputes/cases.html", {"cases": None})
    cases = Case.objects.visible_to(request.user).select_related("rules")
    return render(
        request,
        "disputes/cases.html",
        {"cases": cases, "waiting": [item for item in inbox(request.user) if item.count]},
    )


def _deal(request):
    from deals.models import DealRoom

    pk = request.GET.get("deal") or request.POST.get("deal")
    if not pk:
        return None
    if not str(pk).isdigit():
        raise Http404
    return get_object_or_404(DealRoom.objects.visible_to(request.user), pk=pk)


@login_required
def file_case(request):
    room = _deal(request)
    organisations = Organisation.objects.of_member(request.user)
    if room is not None:
        organisations = organisations.filter(pk__in=[room.seller_id, room.buyer_id])
    form = CaseForm(request.POST or None, organisations=organisations, room=room, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choice = None
        if room is not None:
            choice = filing.DealFiles(
                data["agreement"], [int(n) for n in data["term_sheets"]], [int(n) for n in data["documents"]]
            )
        case = perform(
            request,
            filing.file_case,
            by=request.user,
            kind=data["kind"],
            rules=data["rules"],
            title=data["title"],
            claimant=organisations.get(slug=data["claimant"]),
            respondent_name=data.get("respondent_name", ""),
            summary=data["summary"],
            amount_in_dispute=data["amount_in_dispute"],
            currency=data["currency"],
            deal_room=room,
            deal_files=choice,
        )
        if case is not None:
            messages.success(request, _("The case is filed: %(ref)s") % {"ref": case.reference})
            return redirect("disputes:case", case.pk)
    return render(request, "disputes/file.html", {"form": form, "room": room})


def _action_forms(case: Case) -> dict:
    """The empty forms of the case's steps; each page shows those the person may use. Ids are per form,
    since several forms share field names on one page."""
    sitting = case.appointments.filter(status__in=Appointment.SITTING).select_related("neutral")
    confirmed = sitting.filter(status=Appointment.Status.CONFIRMED)
    return {
        "submission": SubmissionForm(auto_id="submission_%s"),
        "nomination": NominationForm(auto_id="nomination_%s"),
        "hearing": HearingForm(auto_id="hearing_%s"),
        "decision": DecisionForm(auto_id="decision_%s"),
        "challenge": forms.ChallengeForm(appointments=confirmed, auto_id="challenge_%s"),
        "challenge_decision": forms.ReasonedDecisionForm(
            yes=_("Uphold: the neutral is removed"), no=_("Dismiss"), auto_id="challenge_decision_%s"
        ),
        "deadline": forms.DeadlineForm(auto_id="deadline_%s"),
        "participant": forms.ParticipantForm(auto_id="participant_%s"),
        "affiliates": forms.AffiliatesForm(auto_id="affiliates_%s"),
        "deposit": forms.DepositForm(auto_id="deposit_%s"),
        "neutral_fee": forms.NeutralFeeForm(appointments=sitting, auto_id="neutral_fee_%s"),
        "payment": forms.PaymentForm(auto_id="payment_%s"),
        "subsidy": forms.SubsidyForm(auto_id="subsidy_%s"),
        "refer": forms.ReferForm(auto_id="refer_%s"),
    }


@login_required
def case_detail(request, pk: int):
    case = case_or_404(request, pk)
    seat = party_seat(request.user, case)
    context = {
        "case": case,
        "parties": case.parties.select_related("organisation"),
        "participants": case.participants.filter(active=True).select_related("user", "party"),
        "appointments": case.appointments.select_related("neutral"),
        "challenges": case.challenges.select_related("appointment__neutral"),
        "deadlines": case.deadlines.all(),
        "today": timezone.localdate(),
        "files": case.files.defer("content"),
        "submissions": case.submissions.prefetch_related("documents", "services__participant__user"),
        "hearings": case.hearings.all(),
        "decisions": case.decisions.prefetch_related("signatures"),
        "fees": fees.fees_read_by(request.user, case),
        "subsidies": fees.subsidies_read_by(request.user, case),
        "followed_by": Case.objects.visible_to(request.user).filter(previous=case),
        "side": seat.party.side if seat and seat.party else "",
        "is_party": seat is not None,
        "is_officer": is_officer(request.user, case),
        "is_neutral": sitting_neutral(request.user, case) is not None,
        "has_emergency": bool(case.rules.steps_for(case.kind, "emergency")),
        "roster": Neutral.objects.visible_to(request.user).filter(active=True),
        "forms": _action_forms(case),
        "programmes": [
            (programme, programme.share_of_fees * 100, fees.budget_left(programme))
            for programme in FeeSubsidyProgramme.objects.filter(active=True)
        ],
    }
    return render(request, "disputes/case.html", context)


@login_required
@require_POST
def submit(request, pk: int):
    case = case_or_404(request, pk, CHANGE)

    def file(data):
        upload = data["document"]
        documents = [(upload.name, upload.read())] if upload else []
        return docket.file_submission(
            case=case,
            by=request.user,
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            documents=documents,
        )

    act(
        request,
        SubmissionForm(request.POST, request.FILES),
        file,
        lambda made: _("Filed and served: #%(n)s") % {"n": made.number},
    )
    return redirect("disputes:case", case.pk)


@login_required
@require_POST
def nominate(request, pk: int):
    case = case_or_404(request, pk, CHANGE)

    def seat(data):
        neutral = Neutral.objects.visible_to(request.user).filter(pk=data["neutral"]).first()
        if neutral is None:
            raise Http404
        action = neutrals.appoint if is_officer(request.user, case) else neutrals.nominate
        return action(
            case=case, by=request.user, neutral=neutral, role=data["role"], declaration=data["declaration"]
        )

    act(
        request,
        NominationForm(request.POST),
        seat,
        lambda appointment: _("%(name)s is appointed.") % {"name": appointment.neutral.name},
    )
    return redirect("disputes:case", case.pk)


@login_required
def submission(request, pk: int, number: int):
    case = case_or_404(request, pk)
    found = get_object_or_404(case.submissions, number=number)
    docket.mark_opened(submission=found, by=request.user)
    return render(request, "disputes/submission.html", {"case": case, "submission": found})


@login_required
def case_file(request, pk: int, file_pk: int):
    case = case_or_404(request, pk)
    copy = get_object_or_404(case.files, pk=file_pk)
    response = HttpResponse(bytes(copy.content), content_type=copy.content_type)
    response["Content-Disposition"] = f'attachment; filename="{copy.filename}"'
    return response


@login_required
@require_POST
def schedule_hearing(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    act(
        request,
        HearingForm(request.POST),
        lambda data: docket.schedule_hearing(case=case, by=request.user, **data),
        _("The hearing is in the calendar."),
    )
    return redirect("disputes:case", case.pk)


@login_required
@require_POST
def issue_decision(request, pk: int):
    case = case_or_404(request, pk, CHANGE)
    form = DecisionForm(request.POST)
    act(
        request,
        form,
        lambda data: decisions.issue_decision(case=case, by=request.user, **form.service_arguments(case)),
        _("The decision is recorded."),
    )
    return redirect("disputes:case", case.pk)


@login_required
@require_POST
def sign_settlement(request, pk: int, decision_pk: int):
    case = case_or_404(request, pk, CHANGE)
    decision = get_object_or_404(case.decisions, pk=decision_pk)
    text_sha256 = request.POST.get("text_sha256", "")
    attempt(
        request,
        lambda: decisions.sign_settlement(decision=decision, by=request.user, text_sha256=text_sha256),
        _("Your side has signed."),
    )
    return redirect("disputes:case", case.pk)
