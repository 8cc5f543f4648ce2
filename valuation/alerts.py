"""Telling the asset owner when a revaluation moves the value by more than the valuation's threshold."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership
from core.events import record_event
from valuation.models import Valuation, ValuationRun


def moved_share(previous: Decimal, current: Decimal) -> Decimal | None:
    if previous == 0:
        return None if current == 0 else Decimal(1)
    return abs(current - previous) / abs(previous)


def alert_if_moved(valuation: Valuation, *, previous: ValuationRun, current: ValuationRun) -> bool:
    threshold = valuation.alert_threshold
    if threshold is None:
        return False
    moved = moved_share(previous.point, current.point)
    if moved is None or moved <= threshold:
        return False
    owner = valuation.asset.owner
    recipients = (
        list(
            Membership.objects.filter(organisation=owner, role=Membership.Role.ADMIN).values_list(
                "user__email", flat=True
            )
        )
        if owner
        else []
    )
    if recipients:
        subject = _("Valuation of %(asset)s moved by %(share)s%%") % {
            "asset": valuation.asset,
            "share": round(moved * 100, 1),
        }
        body = _("The point value moved from %(currency)s %(old)s to %(currency)s %(new)s.") % {
            "currency": valuation.currency,
            "old": previous.point,
            "new": current.point,
        }
        # Mail only once the revaluation is committed, so that a rolled-back run alerts nobody.
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))
    record_event(valuation, "valuation.alert", old=str(previous.point), new=str(current.point), to=recipients)
    return True
