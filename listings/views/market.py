"""Browse, search and read listings; sellers draft, submit and close them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from accounts.permissions import can_edit_for
from core.access import CHANGE
from core.pages import PAGE_ERRORS, attempt, show
from listings import matches, screening, services
from listings.forms import CloseForm, ConsentForm, InterestForm, ListingForm, RejectForm
from listings.indexing import current_generation
from listings.lookups import visible_listing
from listings.models import Interest, Listing
from listings.permissions import acting_organisations, can_decide_leads, can_manage, can_see_confidential
from listings.screening import active_encumbrances
from listings.search import PREFIX, response_key, responses, search_listings
from listings.views import results


def browse(request):
    language, generation = get_language(), current_generation()
    key = response_key("html", language, request.GET)
    fragment = responses.get(generation, key)
    if fragment is None:
        fragment = _results_fragment(request, language, generation, key)
    if request.htmx:
        return HttpResponse(fragment)
    filters = [(name, request.GET[name]) for name in PREFIX if request.GET.get(name)]
    context = {"results": mark_safe(fragment), "query": request.GET.get("q", ""), "filters": filters}
    return render(request, "listings/browse.html", context)


def _results_fragment(request, language: str, generation: int, key: tuple) -> str:
    """The results and facets, made once per search generation (a bad filter is shown, not kept)."""
    params = results.link_parameters(request.GET)
    filters = {name: value for name, value in params.items() if name in PREFIX}
    try:
        result = search_listings(
            query=params.get("q", ""),
            filters=filters,
            cursor=request.GET.get("cursor", ""),
            language=language,
            generation=generation,
        )
    except PAGE_ERRORS as error:
        show(request, error)
        result, key, params = search_listings(language=language, generation=generation), (), {}
    fragment = results.results_html(result, params, language)
    if key:
        responses.put(generation, key, fragment)
    return fragment


def _seller_context(request, listing: Listing) -> dict:
    interests = listing.interests.select_related("organisation", "created_by")
    return {
        "interests": interests,
        "can_decide": can_decide_leads(request.user, listing),
        "checks": [dict(c, message=screening.message(c)) for c in listing.screening],
        "likely_buyers": matches.organisations_for_listing(listing, user=request.user)
        if listing.is_public
        else [],
        "close_form": CloseForm(),
        "grants": listing.licence_grants.select_related("organisation"),
    }


def _pledges_for(request, listing: Listing) -> list[dict]:
    """Pledges on the listed assets, with whether this person may consent for the pledgee."""
    rows = []
    consented = set(listing.consents.values_list("encumbrance", flat=True))
    for item in listing.items.select_related("asset"):
        for pledge in active_encumbrances(item.asset, timezone.localdate()):
            if pledge.kind != "pledge":
                continue
            pledgee = pledge.holder_organisation
            rows.append(
                {
                    "pledge": pledge,
                    "asset": item.asset,
                    "consented": pledge.pk in consented,
                    "can_consent": request.user.is_staff
                    or (pledgee is not None and can_edit_for(request.user, pledgee)),
                }
            )
    return rows


def detail(request, pk: int):
    listing = visible_listing(request, pk)
    organisations = acting_organisations(request.user).exclude(pk=listing.organisation_id)
    mine = Interest.objects.visible_to(request.user).filter(listing=listing, organisation__in=organisations)
    mine = mine.select_related("organisation")
    context = {
        "listing": listing,
        "items": listing.items.select_related("asset", "asset__biomedical"),
        "confidential": can_see_confidential(request.user, listing),
        "manage": can_manage(request.user, listing),
        "my_interests": mine,
        "interest_form": InterestForm(organisations=organisations.exclude(pk__in=mine.values("organisation")))
        if listing.is_public and organisations.exists()
        else None,
        "pledges": _pledges_for(request, listing),
        "reject_form": RejectForm() if request.user.is_staff else None,
    }
    if context["manage"]:
        context.update(_seller_context(request, listing))
    return render(request, "listings/detail.html", context)


def _editable_org(request, slug: str) -> Organisation:
    org = get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)
    if not can_edit_for(request.user, org):
        raise Http404
    return org


def _save(request, form: ListingForm, **target) -> Listing | None:
    fields, assets = form.service_fields(), list(form.cleaned_data["assets"])
    saved: list[Listing] = []

    def action():
        if "listing" in target:
            saved.append(
                services.update_listing(listing=target["listing"], by=request.user, assets=assets, **fields)
            )
        else:
            saved.append(
                services.create_listing(
                    organisation=target["organisation"], by=request.user, assets=assets, **fields
                )
            )

    return saved[0] if attempt(request, action, "", form) else None


@login_required
def create(request, org: str):
    organisation = _editable_org(request, org)
    form = ListingForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        listing = _save(request, form, organisation=organisation)
        if listing is not None:
            messages.success(request, _("Draft saved. Submit it for screening when it is ready."))
            return redirect("listings:detail", pk=listing.pk)
    return render(request, "listings/form.html", {"form": form, "organisation": organisation})


@login_required
def edit(request, pk: int):
    listing = visible_listing(request, pk)
    if not can_manage(request.user, listing):
        raise Http404
    own_copy = Listing.objects.restrict(request.user, CHANGE).get(pk=pk)
    form = ListingForm(request.POST or None, instance=own_copy, organisation=listing.organisation)
    if request.method == "POST" and form.is_valid() and _save(request, form, listing=listing) is not None:
        messages.success(request, _("Changes saved."))
        return redirect("listings:detail", pk=pk)
    context = {"form": form, "organisation": listing.organisation, "listing": listing}
    return render(request, "listings/form.html", context)


def _managed(request, pk: int) -> Listing:
    listing = visible_listing(request, pk)
    if not can_manage(request.user, listing):
        raise Http404
    return listing


@login_required
@require_POST
def submit(request, pk: int):
    listing = _managed(request, pk)
    message = _("Submitted: the operator will review it.")
    attempt(request, lambda: services.submit_listing(listing=listing, by=request.user), message)
    return redirect("listings:detail", pk=pk)


@login_required
@require_POST
def close(request, pk: int):
    listing = _managed(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        outcome, note = form.cleaned_data["outcome"], form.cleaned_data["note"]

        def action():
            services.close_listing(listing=listing, by=request.user, outcome=outcome, note=note)

        attempt(request, action, _("The listing is closed."))
    return redirect("listings:detail", pk=pk)


@login_required
@require_POST
def review(request, pk: int):
    if not request.user.is_staff:
        raise Http404
    listing = visible_listing(request, pk)
    if request.POST.get("decision") == "approve":
        attempt(request, lambda: services.approve_listing(listing=listing, by=request.user), _("Published."))
    else:
        form = RejectForm(request.POST)
        reason = form.data.get("reason", "")

        def action():
            services.reject_listing(listing=listing, by=request.user, reason=reason)

        attempt(request, action, _("Rejected; the seller has been told why."))
    return redirect("listings:detail", pk=pk)


@login_required
def review_queue(request):
    if not request.user.is_staff:
        raise Http404
    submitted = Listing.objects.restrict(request.user).filter(status=Listing.Status.SUBMITTED)
    submitted = submitted.select_related("organisation")
    rows = [
        (listing, [dict(c, message=screening.message(c)) for c in listing.screening]) for listing in submitted
    ]
    return render(request, "listings/review.html", {"rows": rows, "reject_form": RejectForm()})


@login_required
@require_POST
def consent(request, pk: int):
    from assets.models import Encumbrance
    from listings.open_licence import record_pledgee_consent

    listing = visible_listing(request, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        pledge = get_object_or_404(
            Encumbrance, pk=form.cleaned_data["encumbrance"], asset__listing_items__listing=listing
        )
        reference = form.cleaned_data["reference"]

        def action():
            record_pledgee_consent(listing=listing, encumbrance=pledge, by=request.user, reference=reference)

        attempt(request, action, _("Consent recorded."))
    return redirect("listings:detail", pk=pk)
