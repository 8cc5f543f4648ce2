"""Organisation directory, profiles, registration, members and invitations: thin views over services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts import tokens as token_services
from accounts.forms import InvitationForm, OrganisationForm, TokenForm
from accounts.models import ApiToken, Invitation, Organisation
from accounts.permissions import can_edit_for, is_member, is_org_admin
from core.languages import fold
from core.pages import PAGE_ERRORS, show
from core.pagination import page_or_404

# The registry sits above accounts: these pages reach an organisation's assets through the relation the
# registry's Asset.owner declares ("assets"), never by importing the registry.
PUBLIC_ASSETS = Q(assets__visibility="public")


def directory(request):
    organisations = (
        Organisation.objects.visible_to(request.user)
        .order_by("name")
        .annotate(asset_count=Count("assets", filter=PUBLIC_ASSETS))
    )
    kind = request.GET.get("kind", "")
    if kind in Organisation.Kind.values:
        organisations = organisations.filter(kind=kind)
    query = fold(request.GET.get("q", "")).strip()
    if query:
        organisations = [
            o for o in organisations if query in fold(f"{o.name} {o.name_local} {o.description}")
        ]
    page = page_or_404(Paginator(organisations, 30), request.GET.get("page"))
    return render(
        request,
        "accounts/directory.html",
        {"page": page, "kinds": Organisation.Kind.choices, "kind": kind, "query": request.GET.get("q", "")},
    )


def _visible(request, slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)


def profile(request, slug: str):
    organisation = _visible(request, slug)
    assets = organisation.assets.visible_to(request.user).order_by("-updated_at")
    context = {
        "organisation": organisation,
        "assets": assets[:50],
        "asset_count": assets.count(),
        "is_member": is_member(request.user, organisation),
        "can_edit": can_edit_for(request.user, organisation),
        "is_admin": is_org_admin(request.user, organisation),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def register(request):
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {
            k: v for k, v in form.cleaned_data.items() if k not in {"name", "kind", "jurisdiction"} and v
        }
        try:
            organisation = services.create_organisation(
                founder=request.user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                jurisdiction=form.cleaned_data["jurisdiction"],
                **fields,
            )
        except PAGE_ERRORS as error:
            show(request, error, form)
        else:
            messages.success(
                request, _("Registered. The operator will check your registration and approve it.")
            )
            return redirect("accounts:profile", slug=organisation.slug)
    return render(request, "accounts/form.html", {"form": form})


@login_required
def edit(request, slug: str):
    organisation = get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)
    if not is_org_admin(request.user, organisation):
        raise Http404
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(organisation=organisation, by=request.user, form=form)
        messages.success(request, _("Changes saved."))
        return redirect("accounts:profile", slug=organisation.slug)
    return render(request, "accounts/form.html", {"form": form, "organisation": organisation})


@login_required
def members(request, slug: str):
    organisation = get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(organisation=organisation, by=request.user, **form.cleaned_data)
        except PAGE_ERRORS as error:
            show(request, error, form)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("accounts:members", slug=slug)
    context = {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("user"),
        "invitations": organisation.invitations.filter(accepted_at__isnull=True),
        "form": form,
        "is_admin": is_org_admin(request.user, organisation),
    }
    return render(request, "accounts/members.html", context)


@login_required
@require_POST
def remove_member(request, slug: str, user_id: int):
    """An administrator takes a person out of the organisation; their API tokens end with it."""
    organisation = get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)
    if not is_org_admin(request.user, organisation):
        raise Http404
    membership = get_object_or_404(organisation.memberships.select_related("user"), user_id=user_id)
    try:
        services.remove_member(organisation=organisation, by=request.user, user=membership.user)
    except PAGE_ERRORS as error:
        show(request, error)
    else:
        messages.success(request, _("%(person)s was removed.") % {"person": membership.user.email})
    return redirect("accounts:members", slug=slug)


@login_required
def registration_document(request, slug: str):
    """The registration document, for the operator who approves and the organisation's administrators."""
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    if not is_org_admin(request.user, organisation) or not organisation.registration_document:
        raise Http404
    document = organisation.registration_document
    return FileResponse(document.open("rb"), as_attachment=True, filename=document.name.rsplit("/", 1)[-1])


@login_required
def accept(request, token: str):
    invitation = Invitation.objects.select_related("organisation").filter(token=token).first()
    if invitation is None or not invitation.is_open:
        raise Http404
    if request.method == "POST":
        try:
            services.accept_invitation(token=token, user=request.user)
        except PAGE_ERRORS as error:
            show(request, error)
        else:
            messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.organisation.name})
            return redirect("accounts:profile", slug=invitation.organisation.slug)
    return render(request, "accounts/accept.html", {"invitation": invitation})


@login_required
def mine(request):
    organisations = Organisation.objects.of_member(request.user).annotate(asset_count=Count("assets"))
    return render(request, "accounts/mine.html", {"organisations": organisations})


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _record, new_token = token_services.create_api_token(user=request.user, **form.cleaned_data)
        except PAGE_ERRORS as error:
            show(request, error, form)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "tokens": ApiToken.objects.visible_to(request.user).filter(user=request.user),
        "new_token": new_token,
    }
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def revoke_token(request, pk: int):
    mine = ApiToken.objects.restrict(request.user, "change").filter(user=request.user)
    token = get_object_or_404(mine, pk=pk)
    token_services.revoke_api_token(token=token, by=request.user)
    messages.success(request, _("The token %(prefix)s… no longer works.") % {"prefix": token.prefix})
    return redirect("accounts:tokens")
