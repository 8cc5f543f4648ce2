"""HTML views of the registry: thin; rules live in services, access in visible_to()."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.permissions import can_edit_for
from assets import services
from assets.forms import AssetForm, PortfolioUploadForm, ProfileForm
from assets.models import Asset
from assets.search import FACETS, search_assets
from core.access import CHANGE
from core.errors import InvalidInput
from core.pages import PAGE_ERRORS, show
from ledger.subjects import entries_of

LOG_ENTRIES_SHOWN = 50  # the latest are enough on the page; the API pages through the rest


def search(request):
    filters = {name: request.GET.get(name, "") for name in FACETS}
    page = request.GET.get("page") or 1
    query = request.GET.get("q", "")
    try:
        result = search_assets(
            user=request.user, query=query, filters=filters, page=page, language=get_language()
        )
    except (
        PAGE_ERRORS
    ) as error:  # a page past the last one is a NotFound: the 404 page says how many there are
        show(request, error)
        result = search_assets(user=request.user, query=query, page=page, language=get_language())
    context = {
        "result": result,
        "query": request.GET.get("q", ""),
        "filters": filters,
        "facet_titles": FACETS,
    }
    template = "assets/_results.html" if request.htmx else "assets/search.html"
    return render(request, template, context)


def _visible_asset(request, pk: int) -> Asset:
    return get_object_or_404(Asset.objects.visible_to(request.user).select_related("owner", "family"), pk=pk)


def detail(request, pk: int):
    asset = _visible_asset(request, pk)
    language = get_language()
    translation = asset.translations.filter(language_code=language).first()
    context = {
        "asset": asset,
        "translation": translation,
        "profile": getattr(asset, "biomedical", None),
        "can_edit": asset.owner is not None and can_edit_for(request.user, asset.owner),
        "trial_links": asset.trial_links.select_related("trial").order_by("-trial__phase"),
        "family_members": asset.family.assets.visible_to(request.user).exclude(pk=asset.pk)[:20]
        if asset.family
        else [],
        "holder": services.current_holder(asset),
        # A confidential asset's entries bear a sealed subject: only those who see the asset learn which.
        "log_entries": entries_of(services.SUBJECT, asset.pk).order_by("-index")[:LOG_ENTRIES_SHOWN],
    }
    return render(request, "assets/detail.html", context)


def _editable_org(request, slug: str) -> Organisation:
    org = get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)
    if not can_edit_for(request.user, org):
        raise Http404
    return org


def _save(request, form: AssetForm, profile_form: ProfileForm, **kwargs) -> Asset | None:
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
    profile = {name: profile_form.cleaned_data[name] for name in profile_form.Meta.fields}
    if any(value not in ("", None, [], False) for value in profile.values()):
        fields["profile"] = profile
    try:
        if (translation := form.translation()) is not None:
            fields["translation"] = translation
        if "asset" in kwargs:
            asset = services.update_asset(asset=kwargs["asset"], by=request.user, **fields)
        else:
            asset = services.create_asset(organisation=kwargs["organisation"], by=request.user, **fields)
    except PAGE_ERRORS as error:
        show(request, error, form)
        return None
    return asset


@login_required
def create(request, org: str):
    organisation = _editable_org(request, org)
    form = AssetForm(request.POST or None)
    profile_form = ProfileForm(request.POST or None, prefix="bio")
    if request.method == "POST" and form.is_valid() and profile_form.is_valid():
        asset = _save(request, form, profile_form, organisation=organisation)
        if asset is not None:
            messages.success(request, _("The asset is registered."))
            return redirect("assets:detail", pk=asset.pk)
    return render(
        request,
        "assets/form.html",
        {"form": form, "profile_form": profile_form, "organisation": organisation},
    )


@login_required
def edit(request, pk: int):
    editable = Asset.objects.restrict(request.user, CHANGE)
    asset = get_object_or_404(editable, pk=pk)
    profile = getattr(asset, "biomedical", None)
    # The form works on its own copy: a refused change must leave `asset` as it is stored.
    form = AssetForm(request.POST or None, instance=editable.get(pk=pk))
    profile_form = ProfileForm(request.POST or None, instance=profile, prefix="bio")
    valid = request.method == "POST" and form.is_valid() and profile_form.is_valid()
    if valid and _save(request, form, profile_form, asset=asset) is not None:
        messages.success(request, _("Changes saved."))
        return redirect("assets:detail", pk=asset.pk)
    context = {"form": form, "profile_form": profile_form, "organisation": asset.owner, "asset": asset}
    return render(request, "assets/form.html", context)


def portfolio_template(request):
    from assets.importers.portfolio import portfolio_template_csv

    response = HttpResponse(portfolio_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ipharbour-portfolio-template.csv"'
    return response


@login_required
def portfolio_import(request, org: str):
    from assets.importers.portfolio import import_portfolio

    organisation = _editable_org(request, org)
    form = PortfolioUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = import_portfolio(form.cleaned_data["file"], organisation=organisation, user=request.user)
        except InvalidInput as error:
            form.add_error("file", error.detail)
        except PAGE_ERRORS as error:
            form.add_error(None, error.detail)
    return render(
        request, "assets/import.html", {"form": form, "organisation": organisation, "report": report}
    )
