"""E-mail digests of the deal-room notices each member has not seen, in the member's own language."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from deals.models import DealNotification
from deals.notify import describe


def send_digests() -> int:
    """One e-mail per person with unread notices not yet mailed; returns how many were sent."""
    pending = DealNotification.objects.filter(read_at__isnull=True, emailed_at__isnull=True).select_related(
        "user", "room"
    )
    by_user: dict[int, list[DealNotification]] = defaultdict(list)
    for notice in pending.order_by("user_id", "created_at"):
        by_user[notice.user_id].append(notice)
    for notices in by_user.values():
        user = notices[0].user
        with translation.override(user.language or settings.LANGUAGE_CODE):
            rows = [
                {
                    "room": n.room.title,
                    "what": describe(n.kind),
                    "note": n.note,
                    "url": f"{settings.SITE_URL}/deals/{n.room_id}/",
                }
                for n in notices
            ]
            subject = _("Your deal rooms on IP Harbour: %(n)d new") % {"n": len(notices)}
            send_mail(
                subject,
                render_to_string("deals/email/digest.txt", {"rows": rows, "user": user}),
                None,
                [user.email],
            )
        DealNotification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=timezone.now())
    return len(by_user)
