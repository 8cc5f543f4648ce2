"""Certification endpoints: parse → permission (visible_to) → one service call → schema.

The catalogue, certifier keys and verification are public; requests and attestations are seen by
the requester's and the certifier's people and by staff; everyone else gets 404.
"""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from accounts.api import require_user
from accounts.models import Organisation
from assets.models import Asset
from certification import credentials, keys, services
from certification.models import (
    Attestation,
    CertificationRequest,
    CertificationService,
    CertifierKey,
    ConflictDeclaration,
    Evidence,
    RequestedClaim,
)
from certification.schemas import (
    AttestationOut,
    ConflictIn,
    ConflictOut,
    DecisionIn,
    EvidenceIn,
    EvidenceOut,
    KeyOut,
    RecertifyIn,
    RequestDetailOut,
    RequestIn,
    RequestOut,
    RevokeIn,
    ServiceIn,
    ServiceOut,
    VerificationOut,
    VerifyCheckOut,
)
from certification.verification import Report, verify_attestation, verify_document
from core.bounds import Id
from core.errors import InvalidInput
from core.validators import form_text

router = Router(tags=["certification"])


def _certifier(request, slug: str) -> Organisation:
    visible = Organisation.objects.visible_to(request.user).filter(kind=Organisation.Kind.CERTIFIER)
    return get_object_or_404(visible, slug=slug)


@router.get("/services", response=list[ServiceOut])
@paginate
def service_list(request, certifier: str = "", claim: str = ""):
    """The catalogue: what each certifier certifies, and its fee."""
    offered = CertificationService.objects.visible_to(request.user).select_related("certifier")
    if certifier:
        offered = offered.filter(certifier__slug=certifier)
    if claim:
        offered = offered.filter(claim=claim)
    return offered.order_by("certifier__name", "claim")


@router.put("/certifiers/{slug}/services", response=ServiceOut)
def save_service(request, slug: str, payload: ServiceIn):
    user = require_user(request)
    return services.save_service(certifier=_certifier(request, slug), by=user, **payload.dict())


def _key_out(key: CertifierKey) -> KeyOut:
    return KeyOut(
        key_id=key.key_id,
        public_key=key.public_key,
        did_key=credentials.did_key(keys.raw_public_key(key)),
        public_key_pem=keys.public_key_pem(key),
        valid_from=key.valid_from,
        valid_until=key.valid_until,
    )


@router.get("/certifiers/{slug}/keys", response=list[KeyOut])
def certifier_keys(request, slug: str):
    """Every key the certifier has signed with, retired ones included."""
    return [
        _key_out(key)
        for key in CertifierKey.objects.filter(certifier=_certifier(request, slug)).order_by(
            "valid_from", "id"
        )
    ]


@router.post("/certifiers/{slug}/keys/rotate", response={201: KeyOut})
def rotate_key(request, slug: str):
    """Retire the active key and start a new one (the certifier's administrators only)."""
    user = require_user(request)
    return Status(201, _key_out(services.rotate_key(certifier=_certifier(request, slug), by=user)))


def _member_certifier(request, slug: str) -> Organisation:
    user = require_user(request)
    mine = Organisation.objects.of_member(user).filter(kind=Organisation.Kind.CERTIFIER)
    return get_object_or_404(mine, slug=slug)


@router.get("/certifiers/{slug}/conflicts", response=list[ConflictOut])
def conflict_list(request, slug: str):
    certifier = _member_certifier(request, slug)
    return (
        ConflictDeclaration.objects.visible_to(request.user)
        .filter(certifier=certifier)
        .select_related("organisation")
    )


@router.post("/certifiers/{slug}/conflicts", response={201: ConflictOut})
def declare_conflict(request, slug: str, payload: ConflictIn):
    certifier = _member_certifier(request, slug)
    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.visible_to(request.user).filter(slug=payload.organisation).first()
        if organisation is None:
            raise InvalidInput(
                _("Unknown organisation: %(slug)s") % {"slug": payload.organisation}, field="organisation"
            )
    asset = None
    if payload.asset_id is not None:
        asset = get_object_or_404(Asset.objects.visible_to(request.user), pk=payload.asset_id)
    declared = services.declare_conflict(
        certifier=certifier, by=request.user, organisation=organisation, asset=asset, reason=payload.reason
    )
    return Status(201, declared)


def _requests(request):
    related = ("asset", "requester", "certifier")
    return CertificationRequest.objects.visible_to(request.user).select_related(*related)


def _visible_request(request, request_id: Id) -> CertificationRequest:
    return get_object_or_404(_requests(request), pk=request_id)


@router.get("/requests", response=list[RequestOut])
@paginate
def request_list(request, status: str = ""):
    require_user(request)
    visible = _requests(request).prefetch_related("claims__attestation")
    return visible.filter(status=status) if status else visible


@router.post("/requests", response={201: RequestDetailOut})
def create_request(request, payload: RequestIn):
    user = require_user(request)
    asset = get_object_or_404(Asset.objects.visible_to(user).select_related("owner"), pk=payload.asset_id)
    certifier = (
        Organisation.objects.visible_to(user)
        .filter(slug=payload.certifier, kind=Organisation.Kind.CERTIFIER)
        .first()
    )
    if certifier is None:
        raise InvalidInput(_("Unknown certifier: %(slug)s") % {"slug": payload.certifier}, field="certifier")
    if asset.owner is None:
        raise InvalidInput(_("No member organisation manages this asset."), field="asset_id")
    created = services.request_certification(
        requester=asset.owner,
        asset=asset,
        certifier=certifier,
        claims=payload.claims,
        by=user,
        message=payload.message,
    )
    return Status(201, created)


@router.get("/requests/{request_id}", response=RequestDetailOut)
def get_request(request, request_id: Id):
    return _visible_request(request, request_id)


@router.post("/requests/{request_id}/evidence", response={201: EvidenceOut})
def add_evidence(
    request,
    request_id: Id,
    payload: Form[EvidenceIn],
    file: UploadedFile | None = File(None),  # noqa: B008 (how ninja declares an optional upload)
):
    """One piece of evidence (multipart form): a file, a trial registry id, or a link."""
    user = require_user(request)
    certification = _visible_request(request, request_id)
    evidence = services.add_evidence(
        request=certification,
        by=user,
        description=form_text(payload.description, "description"),
        upload=file,
        trial=form_text(payload.trial, "trial"),
        url=form_text(payload.url, "url"),
    )
    return Status(201, evidence)


@router.get("/requests/{request_id}/evidence/{evidence_id}/file")
def evidence_file(request, request_id: Id, evidence_id: Id):
    require_user(request)
    evidence = get_object_or_404(
        Evidence.objects.visible_to(request.user), request_id=request_id, pk=evidence_id
    )
    if not evidence.file:
        raise InvalidInput(_("This evidence is not a file."))
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.file_name)


@router.post("/requests/{request_id}/checks", response=RequestDetailOut)
def run_checks(request, request_id: Id):
    user = require_user(request)
    certification = _visible_request(request, request_id)
    services.run_checks(request=certification, by=user)
    return certification


@router.post(
    "/requests/{request_id}/claims/{claim_id}/decision", response={200: RequestDetailOut, 201: AttestationOut}
)
def decide(request, request_id: Id, claim_id: Id, payload: DecisionIn):
    """The certifier's decision on one claim; a grant returns the signed attestation (201)."""
    user = require_user(request)
    certification = _visible_request(request, request_id)
    requested = get_object_or_404(RequestedClaim.objects.visible_to(user), request=certification, pk=claim_id)
    attestation = services.decide(requested=requested, by=user, **payload.dict())
    if attestation is not None:
        return Status(201, attestation)
    return Status(200, certification)


@router.post("/requests/{request_id}/withdraw", response=RequestDetailOut)
def withdraw(request, request_id: Id):
    user = require_user(request)
    return services.withdraw(request=_visible_request(request, request_id), by=user)


def _visible_attestation(request, public_id: str) -> Attestation:
    visible = Attestation.objects.visible_to(request.user).select_related("certifier", "key")
    return get_object_or_404(visible, public_id=public_id)


@router.get("/attestations", response=list[AttestationOut])
@paginate
def attestation_list(request, asset_id: Id | None = None):
    require_user(request)
    visible = Attestation.objects.visible_to(request.user).select_related("certifier", "key")
    return visible.filter(asset_id=asset_id) if asset_id is not None else visible


@router.get("/attestations/{public_id}", response=AttestationOut)
def get_attestation(request, public_id: str):
    require_user(request)
    return _visible_attestation(request, public_id)


@router.post("/attestations/{public_id}/revoke", response=AttestationOut)
def revoke(request, public_id: str, payload: RevokeIn):
    user = require_user(request)
    return services.revoke(
        attestation=_visible_attestation(request, public_id), by=user, reason=payload.reason
    )


@router.post("/attestations/{public_id}/recertify", response={201: RequestDetailOut})
def recertify(request, public_id: str, payload: RecertifyIn):
    user = require_user(request)
    renewal = services.recertify(
        attestation=_visible_attestation(request, public_id), by=user, message=payload.message
    )
    return Status(201, renewal)


def _report(report: Report) -> VerificationOut:
    attestation = report.attestation
    return VerificationOut(
        status=report.status,
        attestation=attestation.public_id if attestation else None,
        claim=attestation.claim if attestation else None,
        certifier=attestation.certifier.slug if attestation else None,
        valid_until=attestation.valid_until if attestation else None,
        revoked_at=attestation.revoked_at if attestation else None,
        reason=attestation.reason if attestation else "",
        tree_size=report.tree_size,
        checks=[VerifyCheckOut(code=c.code, ok=c.ok, message=c.message) for c in report.checks],
    )


@router.get("/verify/{public_id}", response=VerificationOut)
def verify(request, public_id: str):
    """Public: the status of an attestation by its id, every check recomputed."""
    attestation = get_object_or_404(Attestation, public_id=public_id)
    return _report(verify_attestation(attestation))


@router.get("/verify/{public_id}/credential", response=dict)
def credential(request, public_id: str):
    """Public: the signed credential (W3C VC 2.0, eddsa-jcs-2022)."""
    return get_object_or_404(Attestation, public_id=public_id).credential


class VerifyIn(Schema):
    credential: dict


@router.post("/verify", response=VerificationOut)
def verify_presented(request, payload: VerifyIn):
    """Public: verify a credential as presented; a tampered one comes back `invalid`."""
    return _report(verify_document(payload.credential))
