"""Expiry reminders: one e-mail per attestation to the holder's and the certifier's administrators,
each in the reader's own language, with the way to re-certify."""

import datetime
import functools

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from certification.attestations import site_url
from certification.models import Attestation
from core.events import record_event


def _recipients(attestation: Attestation) -> list[User]:
    organisations = [attestation.request.requester_id, attestation.certifier_id]
    admins = Membership.objects.filter(organisation__in=organisations, role=Membership.Role.ADMIN)
    return list(User.objects.filter(pk__in=admins.values("user"), is_active=True).order_by("pk"))


def _renewed(attestation: Attestation, now: datetime.datetime) -> bool:
    """Whether a later attestation of the same claim already takes over when this one ends."""
    return (
        Attestation.objects.current(now)
        .filter(asset=attestation.asset, claim=attestation.claim, certifier=attestation.certifier)
        .filter(valid_until__gt=attestation.valid_until)
        .exists()
    )


@transaction.atomic
def remind(attestation: Attestation, *, now: datetime.datetime) -> bool:
    """Send the reminder unless it went already (or a renewal made it moot); mark it sent either way."""
    locked = (
        Attestation.objects.select_for_update()
        .filter(pk=attestation.pk, reminder_sent_at__isnull=True)
        .first()
    )
    if locked is None:
        return False
    locked.reminder_sent_at = now
    locked.save(update_fields=["reminder_sent_at"])
    if _renewed(attestation, now):
        return False
    recipients = _recipients(attestation)
    for user in recipients:
        with translation.override(user.language):
            context = {
                "attestation": attestation,
                "claim": attestation.get_claim_display(),
                "url": f"{site_url()}/certification/attestations/{attestation.public_id}/",
            }
            subject = _("Attestation of %(claim)s for %(asset)s expires on %(date)s") % {
                "claim": attestation.get_claim_display(),
                "asset": attestation.asset.number or attestation.asset.title[:60],
                "date": attestation.valid_until.date(),
            }
            body = render_to_string("certification/email/expiry_reminder.txt", context)
            transaction.on_commit(functools.partial(send_mail, subject, body, None, [user.email]))
    record_event(attestation, "certification.reminder_sent", to=[u.email for u in recipients])
    return bool(recipients)
