"""Leads and open licences: express interest, the seller's inbox, accept or decline, take a licence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from core.pages import attempt
from listings import open_licence, services
from listings.choices import DealType
from listings.forms import DecisionForm, InterestForm, OpenLicenceForm
from listings.lookups import visible_listing
from listings.models import Interest, Listing, OpenLicenceGrant
from listings.permissions import acting_organisations


@login_required
@require_POST
def express_interest(request, pk: int):
    listing = visible_listing(request, pk)
    organisations = acting_organisations(request.user).exclude(pk=listing.organisation_id)
    form = InterestForm(request.POST, organisations=organisations)
    if not form.is_valid():
        messages.error(request, _("Choose one of your approved organisations."))
        return redirect("listings:detail", pk=pk)
    organisation, message = form.cleaned_data["organisation"], form.cleaned_data["message"]

    def action():
        services.express_interest(
            listing=listing, organisation=organisation, by=request.user, message=message
        )

    attempt(request, action, _("Your interest has been sent to the seller."))
    return redirect("listings:detail", pk=pk)


@login_required
@require_POST
def decide(request, pk: int, decision: str):
    interest = get_object_or_404(Interest.objects.visible_to(request.user).select_related("listing"), pk=pk)
    if decision not in {"accept", "decline"}:
        raise Http404
    form = DecisionForm(request.POST)
    note = form.data.get("note", "")

    def action():
        services.decide_interest(interest=interest, by=request.user, accept=decision == "accept", note=note)

    done = _("Accepted: they can now see the confidential part.") if decision == "accept" else _("Declined.")
    attempt(request, action, done)
    return redirect(request.POST.get("next") or "listings:inbox")


@login_required
def inbox(request):
    """The seller's leads, the buyer's own expressions of interest, and the open licences held."""
    orgs = Organisation.objects.of_member(request.user).values("pk")
    leads = Interest.objects.visible_to(request.user).filter(listing__organisation__in=orgs)
    sent = Interest.objects.visible_to(request.user).filter(organisation__in=orgs)
    context = {
        "received": leads.select_related("listing", "organisation", "created_by").order_by(
            "status", "-created_at"
        ),
        "sent": sent.select_related("listing", "listing__organisation", "organisation"),
        "listings": Listing.objects.of_seller(request.user)
        .select_related("organisation")
        .order_by("-updated_at"),
        "licences": OpenLicenceGrant.objects.visible_to(request.user)
        .filter(organisation__in=orgs)
        .select_related("listing", "organisation"),
        "decision_form": DecisionForm(),
    }
    return render(request, "listings/inbox.html", context)


@login_required
def take_open_licence(request, pk: int):
    listing = visible_listing(request, pk)
    if listing.deal_type != DealType.OPEN_LICENCE:
        raise Http404
    organisations = acting_organisations(request.user).exclude(pk=listing.organisation_id)
    form = OpenLicenceForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation, reference = form.cleaned_data["organisation"], form.cleaned_data["payment_reference"]

        def action():
            open_licence.take_open_licence(
                listing=listing, organisation=organisation, by=request.user, payment_reference=reference
            )

        if attempt(request, action, _("The licence is granted and recorded."), form):
            return redirect("listings:detail", pk=pk)
    context = {"listing": listing, "form": form, "can_take": organisations.exists() and listing.is_public}
    return render(request, "listings/open_licence.html", context)
