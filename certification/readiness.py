"""Which claims an asset can pass today, and why not for the others: the request form offers only the first
and says the reason for the rest, so that an owner does not pay for a check that must fail."""

from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import Asset, BiomedicalProfile
from certification.models import Claim


def _validity(asset: Asset, profile: BiomedicalProfile | None) -> str:
    if asset.legal_status != Asset.Status.GRANTED:
        return _("The asset is not granted (status: %(status)s).") % {
            "status": asset.get_legal_status_display()
        }
    if asset.expiry_date is not None and asset.expiry_date <= timezone.localdate():
        return _("The asset expired on %(day)s.") % {"day": asset.expiry_date.isoformat()}
    return ""


def _clinical_phase(asset: Asset, profile: BiomedicalProfile | None) -> str:
    if profile is None or profile.phase is None:
        return _("Record the development phase in the asset's biomedical profile first.")
    if profile.phase < BiomedicalProfile.Phase.PHASE_1:
        return _("The asset is not in clinical development yet.")
    return ""


def _class_claim(made_field: str):
    def check(asset: Asset, profile: BiomedicalProfile | None) -> str:
        if profile is None or not getattr(profile, made_field):
            return _("Make the claim in the asset's biomedical profile first, with its rationale.")
        return ""

    return check


CHECKS = {
    Claim.VALIDITY: _validity,
    Claim.CHAIN_OF_TITLE: lambda asset, profile: "",
    Claim.CLINICAL_PHASE: _clinical_phase,
    Claim.FIRST_IN_CLASS: _class_claim("first_in_class_claim"),
    Claim.BEST_IN_CLASS: _class_claim("best_in_class_claim"),
}


def readiness(asset: Asset) -> dict[str, str]:
    """Each claim and why the asset cannot pass it now ("" when it can)."""
    profile = BiomedicalProfile.objects.filter(asset=asset).first()
    return {claim: CHECKS[Claim(claim)](asset, profile) for claim in Claim.values}
