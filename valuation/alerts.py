"""Telling the asset owner, and any bank holding a pledge over the asset, when a revaluation moves the
value by more than the valuation's threshold."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation
from assets.models import Encumbrance
from core.events import record_event
from valuation.models import Valuation, ValuationRun


def moved_share(previous: Decimal, current: Decimal) -> Decimal | None:
    if previous == 0:
        return None if current == 0 else Decimal(1)
    return abs(current - previous) / abs(previous)


def admin_emails(organisation: Organisation) -> list[str]:
    return list(
        Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def pledgees(valuation: Valuation) -> list[Organisation]:
    """Organisations holding a pledge over the asset that has not been released."""
    return list(
        Organisation.objects.filter(
            pk__in=Encumbrance.objects.active_on(timezone.localdate())
            .filter(
                asset_id=valuation.asset_id, kind=Encumbrance.Kind.PLEDGE, holder_organisation__isnull=False
            )
            .values("holder_organisation_id")
        )
    )


def _sees_figures(valuation: Valuation, organisation: Organisation) -> bool:
    return (
        valuation.valuer_id == organisation.pk or valuation.shares.filter(organisation=organisation).exists()
    )


def _mail(subject: str, body: str, recipients: list[str]) -> None:
    if recipients:
        # Mail only once the revaluation is committed, so that a rolled-back run alerts nobody.
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))


def alert_if_moved(valuation: Valuation, *, previous: ValuationRun, current: ValuationRun) -> bool:
    threshold = valuation.alert_threshold
    if threshold is None:
        return False
    moved = moved_share(previous.point, current.point)
    if moved is None or moved <= threshold:
        return False
    asset = valuation.asset
    share = round(moved * 100, 1)
    subject = _("Valuation of %(asset)s moved by %(share)s%%") % {"asset": asset, "share": share}
    figures = _("The point value moved from %(currency)s %(old)s to %(currency)s %(new)s.") % {
        "currency": valuation.currency,
        "old": previous.point,
        "new": current.point,
    }
    owner_recipients = admin_emails(asset.owner) if asset.owner else []
    _mail(subject, figures, owner_recipients)
    pledgee_recipients: list[str] = []
    for organisation in pledgees(valuation):
        recipients = [email for email in admin_emails(organisation) if email not in owner_recipients]
        # A pledgee learns that its collateral moved; the figures only when the owner shared them.
        body = (
            figures
            if _sees_figures(valuation, organisation)
            else _(
                "The value of this asset, pledged to %(org)s, moved by more than the alert threshold. "
                "Ask its owner to share the valuation to see the figures."
            )
            % {"org": organisation.name}
        )
        _mail(subject, body, recipients)
        pledgee_recipients += recipients
    record_event(
        valuation,
        "valuation.alert",
        old=str(previous.point),
        new=str(current.point),
        to=owner_recipients,
        pledgees=pledgee_recipients,
    )
    return True
