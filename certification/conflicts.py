"""Conflicts of interest: a certifier may not certify its own assets, its people's organisations'
assets, or anything it has declared a conflict with."""

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation
from assets.models import Asset
from certification.models import ConflictDeclaration


def conflicts(certifier: Organisation, asset: Asset, requester: Organisation) -> list[str]:
    """Why `certifier` may not certify `asset` for `requester`; empty when it may."""
    reasons: list[str] = []
    parties = {org.pk: org for org in (requester, asset.owner) if org is not None}
    if certifier.pk in parties:
        reasons.append(_("The certifier cannot certify its own assets."))
    people = Membership.objects.filter(organisation=certifier).values("user")
    shared = Membership.objects.filter(organisation__in=list(parties), user__in=people)
    for membership in shared.exclude(organisation=certifier).select_related("user", "organisation"):
        reasons.append(
            _("%(person)s belongs to both the certifier and %(org)s.")
            % {"person": membership.user, "org": membership.organisation}
        )
    declared = ConflictDeclaration.objects.filter(certifier=certifier).filter(
        Q(organisation__in=list(parties)) | Q(asset=asset)
    )
    for declaration in declared:
        reasons.append(_("The certifier declared a conflict: %(reason)s") % {"reason": declaration.reason})
    return reasons
