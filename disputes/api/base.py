"""The disputes router and the lookups every endpoint shares: each goes through restrict(), so an
outsider gets 404 and learns nothing of a case."""

import base64
import binascii

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router

from accounts.api import require_user
from core.access import VIEW
from core.errors import InvalidInput
from disputes.models import Case
from disputes.permissions import party_on

__all__ = ["case_for", "decoded", "party_on", "router"]

router = Router(tags=["disputes"])


def case_for(request, pk: int, action: str = VIEW) -> Case:
    require_user(request)
    return get_object_or_404(Case.objects.restrict(request.user, action).select_related("rules"), pk=pk)


def decoded(content: str) -> bytes:
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(_("A document's content must be base64."), field="documents") from None
