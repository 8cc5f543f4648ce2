"""Pages of the roster's self-registration: a neutral applies to a centre and keeps its declared conflicts;
the centre's officers decide on applications. Thin over disputes.services.roster."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from core.access import CHANGE
from core.pages import attempt, form_errors, perform
from disputes.forms import ReasonedDecisionForm, RosterApplicationForm
from disputes.models import Neutral, NeutralConflict, RosterApplication
from disputes.permissions import is_centre_officer
from disputes.services import neutrals, roster


@login_required
def my_roster(request):
    """Apply to a centre's roster; see one's applications, one's roster entry and its declared conflicts."""
    form = RosterApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            made = perform(request, roster.apply_to_roster, by=request.user, **form.cleaned_data)
            if made is not None:
                messages.success(
                    request, _("Your application is sent to %(centre)s.") % {"centre": made.centre}
                )
                return redirect("disputes:my_roster")
        else:
            form_errors(request, form)
    entry = Neutral.objects.restrict(request.user, CHANGE).filter(user=request.user).first()
    context = {
        "form": form,
        "applications": RosterApplication.objects.visible_to(request.user)
        .filter(applicant=request.user)
        .select_related("centre"),
        "entry": entry,
        "conflicts": NeutralConflict.objects.visible_to(request.user).filter(neutral=entry) if entry else [],
    }
    return render(request, "disputes/my_roster.html", context)


@login_required
@require_POST
def declare_conflict(request):
    entry = Neutral.objects.restrict(request.user, CHANGE).filter(user=request.user).first()
    if entry is None:
        raise Http404
    name = request.POST.get("name", "")
    visible = Organisation.objects.visible_to(request.user)
    organisation = visible.filter(name__iexact=name.strip()).first() if name.strip() else None
    reason = request.POST.get("reason", "")
    attempt(
        request,
        lambda: neutrals.declare_conflict(
            neutral=entry,
            by=request.user,
            reason=reason,
            organisation=organisation,
            name="" if organisation else name,
        ),
        _("The conflict is declared."),
    )
    return redirect("disputes:my_roster")


@login_required
def applications(request):
    """The applications the person may see: those made to its centres, and its own."""
    found = RosterApplication.objects.visible_to(request.user).select_related("centre")
    return render(request, "disputes/roster_applications.html", {"applications": found})


@login_required
def application(request, pk: int):
    found = get_object_or_404(
        RosterApplication.objects.visible_to(request.user).select_related("centre"), pk=pk
    )
    form = ReasonedDecisionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            made = perform(
                request,
                roster.decide_application,
                application=found,
                by=request.user,
                approve=form.cleaned_data["decision"] == "yes",
                reason=form.cleaned_data["reason"],
            )
            if made is not None:
                messages.success(request, _("The application is decided."))
                return redirect("disputes:roster_application", found.pk)
        else:
            form_errors(request, form)
    context = {
        "application": found,
        "form": form,
        "can_decide": found.status == RosterApplication.Status.PENDING
        and found.applicant_id != request.user.pk
        and is_centre_officer(request.user, found.centre),
    }
    return render(request, "disputes/roster_application.html", context)
