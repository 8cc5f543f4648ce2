"""Every state change of certification: the catalogue, requests, evidence, checks, decisions,
re-certification and expiry reminders. Signing and revocation live in certification.attestations and
are re-exported here, so that other apps need only this module.
"""

import datetime
import hashlib
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.services import require_approved
from assets.models import Asset
from certification import checks
from certification.attestations import issue, revoke, rotate_key, signing_key  # noqa: F401 (re-exported)
from certification.catalogue import declare_conflict, save_service  # noqa: F401 (re-exported)
from certification.conflicts import conflicts
from certification.inputs import clean_claim, clean_text
from certification.models import (
    OPINION_CLAIMS,
    Attestation,
    CertificationRequest,
    CertificationService,
    CheckResult,
    Claim,
    Evidence,
    RequestedClaim,
)
from certification.permissions import acts_for, is_certifier
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from trials.models import Trial

MAX_SOURCES = 50
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024  # the same bound as the platform's upload limit
EVIDENCE_EXTENSIONS = {"pdf", "png", "jpg", "jpeg", "txt", "csv", "json", "xml", "docx", "xlsx"}


def _services_for(certifier: Organisation, claims: Iterable[str]) -> dict[str, CertificationService]:
    wanted = [clean_claim(c) for c in claims]
    if not wanted:
        raise InvalidInput(_("Choose at least one claim to certify."), field="claims")
    if len(set(wanted)) != len(wanted):
        raise InvalidInput(_("Each claim may be asked once."), field="claims")
    offered = {s.claim: s for s in CertificationService.objects.filter(certifier=certifier, active=True)}
    missing = [c for c in wanted if c not in offered]
    if missing:
        names = ", ".join(str(Claim(c).label) for c in missing)
        raise InvalidInput(
            _("%(certifier)s does not certify: %(claims)s.") % {"certifier": certifier.name, "claims": names},
            field="claims",
        )
    return {claim: offered[claim] for claim in wanted}


@transaction.atomic
def request_certification(
    *,
    requester: Organisation,
    asset: Asset,
    certifier: Organisation,
    claims: Iterable[str],
    by: User,
    message: str = "",
    renews: Attestation | None = None,
) -> CertificationRequest:
    """An owner asks a certifier to certify claims about its asset; the automatic checks run at once."""
    if not acts_for(by, requester):
        raise Forbidden(_("Only members of %(org)s can ask for certification.") % {"org": requester.name})
    if asset.owner_id != requester.pk:
        raise Forbidden(_("Only the organisation that manages an asset can ask for its certification."))
    require_approved(requester)
    if not is_certifier(certifier):
        raise InvalidInput(
            _("%(org)s is not an approved certifier.") % {"org": certifier.name}, field="certifier"
        )
    services = _services_for(certifier, claims)
    if reasons := conflicts(certifier, asset, requester):
        raise Conflict(" ".join(reasons), field="certifier")
    pending = RequestedClaim.objects.filter(
        request__asset=asset,
        request__certifier=certifier,
        request__status=CertificationRequest.Status.OPEN,
        decision=RequestedClaim.Decision.PENDING,
        claim__in=list(services),
    )
    if pending.exists():
        raise Conflict(
            _("An open request to this certifier already covers one of these claims."), field="claims"
        )
    request = CertificationRequest.objects.create(
        certifier=certifier,
        requester=requester,
        asset=asset,
        submitted_by=by,
        message=clean_text(message, field="message"),
        renews=renews,
    )
    RequestedClaim.objects.bulk_create(
        RequestedClaim(
            request=request, claim=claim, service=s, fee_amount=s.fee_amount, fee_currency=s.fee_currency
        )
        for claim, s in services.items()
    )
    record_event(request, "certification.requested", actor=by, claims=list(services), asset=asset.pk)
    run_checks(request=request)
    return request


def _open(request: CertificationRequest) -> None:
    if request.status != CertificationRequest.Status.OPEN:
        raise Conflict(_("This request is %(status)s.") % {"status": request.get_status_display()})


def _participant(by: User, request: CertificationRequest) -> None:
    if not (acts_for(by, request.requester) or acts_for(by, request.certifier)):
        raise Forbidden(_("Only the requester's and the certifier's people can do this."))


def _stored_file(upload: UploadedFile) -> tuple[str, str, int]:
    name = (upload.name or "").rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EVIDENCE_EXTENSIONS:
        allowed = ", ".join(sorted(EVIDENCE_EXTENSIONS))
        raise InvalidInput(_("Evidence files may be: %(types)s.") % {"types": allowed}, field="file")
    if not upload.size or upload.size > MAX_EVIDENCE_BYTES:
        raise InvalidInput(_("An evidence file holds 1 byte to 20 MB."), field="file")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return name[:255], digest.hexdigest(), upload.size


@transaction.atomic
def add_evidence(
    *,
    request: CertificationRequest,
    by: User,
    description: str = "",
    upload: UploadedFile | None = None,
    trial: str = "",
    url: str = "",
) -> Evidence:
    """Attach one piece of evidence: a document, a trial record (by registry id) or a link."""
    _participant(by, request)
    _open(request)
    given = [bool(upload), bool(trial.strip()), bool(url.strip())]
    if sum(given) != 1:
        raise InvalidInput(_("Give exactly one of: a file, a trial registry id, a link."), field="kind")
    evidence = Evidence(
        request=request, added_by=by, description=clean_text(description, field="description", limit=500)
    )
    if upload:
        evidence.kind = Evidence.Kind.FILE
        evidence.file_name, evidence.sha256, evidence.size = _stored_file(upload)
        evidence.file.save(evidence.file_name, upload, save=False)
    elif trial.strip():
        evidence.kind = Evidence.Kind.TRIAL
        evidence.trial = Trial.objects.filter(registry_id__iexact=trial.strip()).first()
        if evidence.trial is None:
            raise InvalidInput(
                _("No trial record %(id)s on the platform.") % {"id": trial.strip()}, field="trial"
            )
    else:
        evidence.kind = Evidence.Kind.LINK
        evidence.url = _url(url)
    evidence.save()
    record_event(request, "certification.evidence_added", actor=by, kind=evidence.kind, evidence=evidence.pk)
    if evidence.kind == Evidence.Kind.TRIAL:
        run_checks(request=request)
    return evidence


def _url(value: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    value = value.strip()
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise InvalidInput(_("Not a web address: %(url)s") % {"url": value[:100]}, field="url") from None
    return value[:200]


@transaction.atomic
def run_checks(*, request: CertificationRequest, by: User | None = None) -> list[CheckResult]:
    """Run the automatic checks of every pending claim and keep their results."""
    if by is not None:
        _participant(by, request)
    results = []
    for requested in request.claims.filter(decision=RequestedClaim.Decision.PENDING):
        outcome = checks.run(request, requested.claim)
        results.append(
            CheckResult.objects.create(
                request=request,
                claim=requested.claim,
                outcome=outcome.outcome,
                findings=outcome.findings,
                facts=outcome.facts,
            )
        )
    record_event(request, "certification.checked", actor=by, outcomes={r.claim: r.outcome for r in results})
    return results


def _sources(values: Iterable[str]) -> list[str]:
    cleaned = [clean_text(str(value), field="sources", limit=500) for value in values]
    cleaned = [value for value in cleaned if value]
    if len(cleaned) > MAX_SOURCES:
        raise InvalidInput(_("At most %(n)d sources.") % {"n": MAX_SOURCES}, field="sources")
    return cleaned


@transaction.atomic
def decide(
    *,
    requested: RequestedClaim,
    by: User,
    grant: bool,
    reasons: str,
    sources: Iterable[str] = (),
    scope_note: str = "",
    valid_until: datetime.datetime | None = None,
) -> Attestation | None:
    """The reviewer's decision on one claim, with reasons. A grant signs and issues the attestation.

    The automatic check runs again first: a fact that changed since the request was made counts.
    A factual claim is granted only when its check passes; an opinion needs sources.
    """
    requested = (
        RequestedClaim.objects.select_for_update().select_related("request", "service").get(pk=requested.pk)
    )
    request = requested.request
    if not acts_for(by, request.certifier):
        raise Forbidden(_("Only the certifier's people decide on its requests."))
    _open(request)
    if requested.decision != RequestedClaim.Decision.PENDING:
        raise Conflict(_("This claim has been decided already."))
    reasons = clean_text(reasons, field="reasons", required=True)
    cited = _sources(sources)
    if grant:
        if why := conflicts(request.certifier, request.asset, request.requester):
            raise Conflict(" ".join(why))
        check = checks.run(request, requested.claim)
        CheckResult.objects.create(
            request=request,
            claim=requested.claim,
            outcome=check.outcome,
            findings=check.findings,
            facts=check.facts,
        )
        _can_grant(requested.claim, check.outcome, cited)
    requested.decision = RequestedClaim.Decision.GRANTED if grant else RequestedClaim.Decision.REFUSED
    requested.reasons, requested.sources = reasons, cited
    requested.decided_by, requested.decided_at = by, timezone.now()
    requested.save()
    record_event(
        request, "certification.decided", actor=by, claim=requested.claim, decision=requested.decision
    )
    attestation = None
    if grant:
        facts = check.facts | (
            {"opinion": reasons, "sources": cited} if requested.claim in OPINION_CLAIMS else {}
        )
        attestation = issue(
            requested=requested, by=by, facts=facts, scope_note=scope_note, valid_until=valid_until
        )
    if not request.claims.filter(decision=RequestedClaim.Decision.PENDING).exists():
        request.status = CertificationRequest.Status.DECIDED
        request.save(update_fields=["status", "updated_at"])
    return attestation


def _can_grant(claim: str, outcome: str, sources: list[str]) -> None:
    if claim in OPINION_CLAIMS:
        if outcome == CheckResult.Outcome.FAILED:
            raise Conflict(_("The asset's profile does not make this claim; it cannot be certified."))
        if not sources:
            raise InvalidInput(_("An opinion on a class claim needs at least one source."), field="sources")
    elif outcome != CheckResult.Outcome.PASSED:
        raise Conflict(_("The automatic check of this claim does not pass; it cannot be granted."))


@transaction.atomic
def withdraw(*, request: CertificationRequest, by: User) -> CertificationRequest:
    if not acts_for(by, request.requester):
        raise Forbidden(_("Only the requester can withdraw its request."))
    _open(request)
    request.status = CertificationRequest.Status.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    record_event(request, "certification.withdrawn", actor=by)
    return request


def recertify(*, attestation: Attestation, by: User, message: str = "") -> CertificationRequest:
    """Ask the same certifier to certify the same claim again, before or after the attestation ends."""
    if attestation.revoked_at is not None:
        raise Conflict(_("A revoked attestation cannot be renewed; ask for a new certification."))
    return request_certification(
        requester=attestation.request.requester,
        asset=attestation.asset,
        certifier=attestation.certifier,
        claims=[attestation.claim],
        by=by,
        message=message,
        renews=attestation,
    )


def assets_with_certified(claim: str, *, at: datetime.datetime | None = None) -> QuerySet[Asset]:
    """Assets with an attestation of `claim` in force; combine with Asset.objects.visible_to(user)."""
    current = Attestation.objects.current(at).filter(claim=clean_claim(claim))
    return Asset.objects.filter(pk__in=current.values("asset_id"))


def certified_assets_by_claim(*, at: datetime.datetime | None = None) -> dict[str, set[int]]:
    """The assets with an attestation in force, by claim, in one query (the registry search's facet)."""
    holders: dict[str, set[int]] = {}
    for claim, asset_id in Attestation.objects.current(at).order_by().values_list("claim", "asset_id"):
        holders.setdefault(claim, set()).add(asset_id)
    return holders


def badges(asset: Asset) -> list[Attestation]:
    """The attestations in force for an asset, the latest of each claim, for badges on its pages."""
    latest: dict[str, Attestation] = {}
    for attestation in Attestation.objects.current().filter(asset=asset).select_related("certifier"):
        if attestation.claim not in latest or attestation.valid_until > latest[attestation.claim].valid_until:
            latest[attestation.claim] = attestation
    return [latest[claim] for claim in Claim.values if claim in latest]


def send_expiry_reminders(*, now: datetime.datetime | None = None) -> int:
    """Tell the holder and the certifier about attestations whose reminder time has come; once each."""
    from certification.reminders import remind

    now = now or timezone.now()
    window = CertificationService.objects.aggregate(days=Max("reminder_days"))["days"] or 0
    due = (
        Attestation.objects.current(now)
        .filter(reminder_sent_at__isnull=True, valid_until__lte=now + datetime.timedelta(days=window))
        .select_related("requested_claim__service", "asset", "certifier", "request__requester")
    )
    sent = 0
    for attestation in due:
        lead = datetime.timedelta(days=attestation.requested_claim.service.reminder_days)
        if attestation.valid_until - lead <= now and remind(attestation, now=now):
            sent += 1
    return sent
