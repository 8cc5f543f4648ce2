"""Demo certification: the demo certifier publishes its services and signs one attestation.

Called by the demo app (demo.base.load_demo()); running it again changes nothing.
"""

from accounts.models import Organisation, User
from assets.models import Asset
from certification import services
from certification.models import Attestation, CertificationService, Claim

# claim → fee in HKD, what is checked
DEMO_SERVICES = {
    Claim.VALIDITY: ("8000.00", "Legal status, term and renewal fees against the registry. (Demo)"),
    Claim.CHAIN_OF_TITLE: ("6000.00", "Recorded assignments from the original holder to the owner. (Demo)"),
    Claim.CLINICAL_PHASE: (
        "12000.00",
        "Trial records showing the phase, linked to the owner or licensee. (Demo)",
    ),
    Claim.FIRST_IN_CLASS: ("30000.00", "A reviewer's reasoned opinion with sources. (Demo)"),
    Claim.BEST_IN_CLASS: ("30000.00", "A reviewer's reasoned opinion with sources. (Demo)"),
}
CERTIFIER = "demo-certifier"
CERTIFIER_ADMIN = "certifier@demo.ipharbour.example"
ATTESTED = ("HK00000005", "tto@demo.ipharbour.example", [Claim.VALIDITY, Claim.CHAIN_OF_TITLE])


def load_demo_certification(orgs: dict[str, Organisation]) -> dict[str, int]:
    certifier = orgs[CERTIFIER]
    admin = User.objects.get(email=CERTIFIER_ADMIN)
    for claim, (fee, description) in DEMO_SERVICES.items():
        if not CertificationService.objects.filter(certifier=certifier, claim=claim).exists():
            services.save_service(
                certifier=certifier,
                by=admin,
                claim=claim,
                fee_amount=fee,
                fee_currency="HKD",
                description=description,
            )
    return {"services": len(DEMO_SERVICES), "attestations": _attest(certifier, admin)}


def _attest(certifier: Organisation, admin: User) -> int:
    number, requester_email, claims = ATTESTED
    asset = Asset.objects.filter(number=number, is_demo=True).select_related("owner").first()
    if (
        asset is None
        or asset.owner is None
        or Attestation.objects.filter(certifier=certifier, asset=asset).exists()
    ):
        return 0
    request = services.request_certification(
        requester=asset.owner,
        asset=asset,
        certifier=certifier,
        claims=claims,
        by=User.objects.get(email=requester_email),
        message="Demo request before the partnering forum.",
    )
    issued = 0
    for requested in request.claims.all():
        latest = requested.latest_check()
        if latest is not None and latest.outcome == latest.Outcome.PASSED:
            services.decide(
                requested=requested, by=admin, grant=True, reasons="Checked against the registry (demo)."
            )
            issued += 1
    return issued
