"""Needs: post what you seek, see needs shown to sellers, and the matches for your own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import CHANGE
from core.pages import attempt
from listings import matches, needs
from listings.forms import NeedForm
from listings.lookups import visible_need
from listings.models import Need
from listings.permissions import acting_organisations, can_manage_need, can_see_matches
from listings.translations import need_for_reader


@login_required
def index(request):
    visible = Need.objects.visible_to(request.user).select_related("organisation")
    context = {
        "mine": visible.of_member(request.user),
        "shown": visible.filter(visibility=Need.Visibility.SELLERS, status=Need.Status.OPEN).exclude(
            pk__in=visible.of_member(request.user).values("pk")
        )[:100],
        "can_post": acting_organisations(request.user).exists(),
    }
    return render(request, "listings/needs.html", context)


@login_required
def create(request):
    organisations = acting_organisations(request.user)
    organisation = organisations.filter(slug=request.GET.get("org", "")).first() or organisations.first()
    if organisation is None:
        messages.error(request, _("Only members of an approved organisation can post needs."))
        return redirect("listings:needs")
    form = NeedForm(request.POST or None, language=get_language())
    created: list[Need] = []
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()

        def action():
            created.append(needs.create_need(organisation=organisation, by=request.user, **fields))

        if attempt(request, action, _("Need posted."), form):
            return redirect("listings:matches", pk=created[0].pk)
    return render(request, "listings/need_form.html", {"form": form, "organisation": organisation})


@login_required
def edit(request, pk: int):
    need = visible_need(request, pk)
    if not can_manage_need(request.user, need):
        raise Http404
    own_copy = Need.objects.restrict(request.user, CHANGE).get(pk=pk)
    form = NeedForm(request.POST or None, instance=own_copy, language=get_language())
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if attempt(
            request,
            lambda: needs.update_need(need=need, by=request.user, **fields),
            _("Changes saved."),
            form,
        ):
            return redirect("listings:need", pk=pk)
    return render(
        request, "listings/need_form.html", {"form": form, "organisation": need.organisation, "need": need}
    )


@login_required
def detail(request, pk: int):
    need = visible_need(request, pk)
    context = {
        "need": need,
        "shown": need_for_reader(need, get_language()),
        "manage": can_manage_need(request.user, need),
        "matches_allowed": can_see_matches(request.user, need),
    }
    return render(request, "listings/need.html", context)


@login_required
@require_POST
def close(request, pk: int):
    need = visible_need(request, pk)
    if not can_manage_need(request.user, need):
        raise Http404
    attempt(request, lambda: needs.close_need(need=need, by=request.user), _("Need closed."))
    return redirect("listings:need", pk=pk)


@login_required
def need_matches(request, pk: int):
    need = visible_need(request, pk)
    if not can_see_matches(request.user, need):
        raise Http404
    found = matches.matches_for_need(need, user=request.user)
    # The buyer chooses whether matches that fail a stated criterion are shown below the line or left out.
    hide_failing = request.GET.get("failing") == "hide"
    context = {
        "need": need,
        "matches": [m for m in found if not m.failed],
        "failing": [] if hide_failing else [m for m in found if m.failed],
        "failing_count": sum(1 for m in found if m.failed),
        "hide_failing": hide_failing,
    }
    return render(request, "listings/matches.html", context)
