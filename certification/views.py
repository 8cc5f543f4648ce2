"""HTML views of certification: thin; rules live in services, access in visible_to().

Public pages (the verification page and its downloads) are in certification.public_views.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from assets.models import Asset
from certification import credentials, keys, services
from certification.forms import ConflictForm, DecisionForm, EvidenceForm, RequestForm, RevokeForm, ServiceForm
from certification.models import (
    Attestation,
    CertificationRequest,
    CertificationService,
    CertifierKey,
    Claim,
    ConflictDeclaration,
    Evidence,
    RequestedClaim,
)
from certification.permissions import acts_for, administers
from certification.readiness import readiness
from core.pages import form_errors, perform
from core.pagination import page_or_404


def catalogue(request):
    offered = (
        CertificationService.objects.visible_to(request.user)
        .filter(active=True)
        .select_related("certifier")
        .order_by("certifier__name", "claim")
    )
    by_certifier: dict[Organisation, list[CertificationService]] = defaultdict(list)
    for service in offered:
        by_certifier[service.certifier].append(service)
    return render(
        request, "certification/catalogue.html", {"certifiers": dict(by_certifier), "claims": Claim.choices}
    )


def _certifier(request, slug: str) -> Organisation:
    visible = Organisation.objects.visible_to(request.user).filter(kind=Organisation.Kind.CERTIFIER)
    return get_object_or_404(visible, slug=slug)


def certifier(request, slug: str):
    organisation = _certifier(request, slug)
    certifier_keys = [
        {"key": key, "pem": keys.public_key_pem(key), "did": credentials.did_key(keys.raw_public_key(key))}
        for key in CertifierKey.objects.filter(certifier=organisation)
    ]
    context = {
        "organisation": organisation,
        "services": CertificationService.objects.visible_to(request.user).filter(certifier=organisation),
        "keys": certifier_keys,
        "is_member": acts_for(request.user, organisation),
        "is_admin": administers(request.user, organisation),
        "form": ServiceForm(),
        "issued": Attestation.objects.filter(certifier=organisation).count(),
    }
    return render(request, "certification/certifier.html", context)


def _own_certifier(request, slug: str, *, admin: bool = False) -> Organisation:
    organisation = get_object_or_404(
        Organisation.objects.of_member(request.user).filter(kind=Organisation.Kind.CERTIFIER), slug=slug
    )
    if not (administers(request.user, organisation) if admin else acts_for(request.user, organisation)):
        raise Http404
    return organisation


@login_required
@require_POST
def save_service(request, slug: str):
    organisation = _own_certifier(request, slug, admin=True)
    form = ServiceForm(request.POST)
    if form.is_valid():
        saved = perform(
            request, services.save_service, certifier=organisation, by=request.user, **form.cleaned_data
        )
        if saved:
            messages.success(request, saved.get_claim_display())
    else:
        form_errors(request, form)
    return redirect("certification:certifier", slug=slug)


@login_required
@require_POST
def rotate_key(request, slug: str):
    organisation = _own_certifier(request, slug, admin=True)
    perform(request, services.rotate_key, certifier=organisation, by=request.user)
    return redirect("certification:certifier", slug=slug)


@login_required
def conflicts(request, slug: str):
    organisation = _own_certifier(request, slug)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        asset = None
        if number := form.cleaned_data["asset_number"].strip().upper():
            asset = Asset.objects.visible_to(request.user).filter(number=number).first()
            if asset is None:
                message = _("No asset numbered %(number)s that you can see.") % {"number": number}
                form.add_error("asset_number", message)
        if not form.errors:
            declared = perform(
                request,
                services.declare_conflict,
                certifier=organisation,
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                asset=asset,
                reason=form.cleaned_data["reason"],
            )
            if declared:
                return redirect("certification:conflicts", slug=slug)
    declared_list = ConflictDeclaration.objects.visible_to(request.user).filter(certifier=organisation)
    context = {"organisation": organisation, "form": form, "declarations": declared_list}
    return render(request, "certification/conflicts.html", context)


def certified_assets(request):
    claim = request.GET.get("claim", Claim.VALIDITY)
    if claim not in Claim.values:
        claim = Claim.VALIDITY
    visible = Asset.objects.visible_to(request.user)
    assets = visible.filter(pk__in=services.assets_with_certified(claim).values("pk")).select_related("owner")
    page = page_or_404(Paginator(assets.order_by("-id"), 30), request.GET.get("page"))
    return render(
        request,
        "certification/certified_assets.html",
        {"page": page, "claim": claim, "claims": Claim.choices},
    )


@login_required
def request_form(request, asset_pk: int):
    asset = get_object_or_404(Asset.objects.visible_to(request.user).select_related("owner"), pk=asset_pk)
    if asset.owner is None or not acts_for(request.user, asset.owner):
        raise Http404
    not_ready = {claim: why for claim, why in readiness(asset).items() if why}
    form = RequestForm(
        request.POST or None, initial={"claims": request.GET.getlist("claim")}, not_ready=not_ready
    )
    if request.method == "POST" and form.is_valid():
        created = perform(
            request,
            services.request_certification,
            requester=asset.owner,
            asset=asset,
            by=request.user,
            **form.cleaned_data,
        )
        if created:
            return redirect("certification:request", pk=created.pk)
    offered = (
        CertificationService.objects.visible_to(request.user).filter(active=True).select_related("certifier")
    )
    not_offered = [(Claim(claim).label, why) for claim, why in not_ready.items()]
    context = {"asset": asset, "form": form, "offered": offered, "not_ready": not_offered}
    return render(request, "certification/request_form.html", context)


@login_required
def queue(request):
    visible = CertificationRequest.objects.visible_to(request.user).select_related(
        "asset", "certifier", "requester"
    )
    status = request.GET.get("status", CertificationRequest.Status.OPEN)
    if status in CertificationRequest.Status.values:
        visible = visible.filter(status=status)
    mine = Organisation.objects.of_member(request.user)
    context = {
        "to_review": visible.filter(certifier__in=mine),
        "sent": visible.filter(requester__in=mine),
        "others": visible.exclude(certifier__in=mine).exclude(requester__in=mine)[:200],
        "status": status,
        "statuses": CertificationRequest.Status.choices,
    }
    return render(request, "certification/queue.html", context)


def _visible_request(request, pk: int) -> CertificationRequest:
    visible = CertificationRequest.objects.visible_to(request.user).select_related(
        "asset", "certifier", "requester"
    )
    return get_object_or_404(visible, pk=pk)


@login_required
def request_detail(request, pk: int):
    certification = _visible_request(request, pk)
    reviewer = acts_for(request.user, certification.certifier)
    claims = []
    for requested in certification.claims.select_related("service", "decided_by"):
        latest = requested.latest_check()
        attestation = getattr(requested, "attestation", None)
        claims.append({"requested": requested, "check": latest, "attestation": attestation})
    context = {
        "certification": certification,
        "claims": claims,
        "evidence": certification.evidence.select_related("trial", "added_by"),
        "reviewer": reviewer,
        "requester": acts_for(request.user, certification.requester),
        "is_open": certification.status == CertificationRequest.Status.OPEN,
        "evidence_form": EvidenceForm(),
        "decision_form": DecisionForm(),
    }
    return render(request, "certification/request.html", context)


@login_required
@require_POST
def add_evidence(request, pk: int):
    certification = _visible_request(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        perform(
            request,
            services.add_evidence,
            request=certification,
            by=request.user,
            description=data["description"],
            upload=data["file"],
            trial=data["trial"],
            url=data["url"],
        )
    return redirect("certification:request", pk=pk)


@login_required
@require_POST
def run_checks(request, pk: int):
    certification = _visible_request(request, pk)
    perform(request, services.run_checks, request=certification, by=request.user)
    return redirect("certification:request", pk=pk)


@login_required
@require_POST
def decide(request, pk: int, claim_pk: int):
    certification = _visible_request(request, pk)
    claims = RequestedClaim.objects.visible_to(request.user)
    requested = get_object_or_404(claims, request=certification, pk=claim_pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("certification:request", pk=pk)
    attestation = perform(
        request,
        services.decide,
        requested=requested,
        by=request.user,
        grant=form.cleaned_data["decision"] == "grant",
        reasons=form.cleaned_data["reasons"],
        sources=form.source_list(),
        scope_note=form.cleaned_data["scope_note"],
        valid_until=form.valid_until_moment(),
    )
    if attestation:
        return redirect("certification:attestation", public_id=attestation.public_id)
    return redirect("certification:request", pk=pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    certification = _visible_request(request, pk)
    perform(request, services.withdraw, request=certification, by=request.user)
    return redirect("certification:request", pk=pk)


@login_required
def evidence_file(request, pk: int, evidence_pk: int):
    evidence = get_object_or_404(Evidence.objects.visible_to(request.user), request_id=pk, pk=evidence_pk)
    if not evidence.file:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.file_name)


def _visible_attestation(request, public_id: str) -> Attestation:
    visible = Attestation.objects.visible_to(request.user).select_related(
        "asset", "certifier", "request__requester"
    )
    return get_object_or_404(visible, public_id=public_id)


@login_required
def attestation(request, public_id: str):
    issued = _visible_attestation(request, public_id)
    context = {
        "attestation": issued,
        "status": issued.status(),
        "reviewer": acts_for(request.user, issued.certifier),
        "requester": acts_for(request.user, issued.request.requester),
        "revoke_form": RevokeForm(),
        "renewals": issued.renewals.all(),
    }
    return render(request, "certification/attestation.html", context)


@login_required
@require_POST
def revoke(request, public_id: str):
    issued = _visible_attestation(request, public_id)
    form = RevokeForm(request.POST)
    if form.is_valid():
        perform(
            request, services.revoke, attestation=issued, by=request.user, reason=form.cleaned_data["reason"]
        )
    else:
        form_errors(request, form)
    return redirect("certification:attestation", public_id=public_id)


@login_required
@require_POST
def recertify(request, public_id: str):
    issued = _visible_attestation(request, public_id)
    renewal = perform(request, services.recertify, attestation=issued, by=request.user)
    if renewal:
        return redirect("certification:request", pk=renewal.pk)
    return redirect("certification:attestation", public_id=public_id)
