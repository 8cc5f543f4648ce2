"""Refuse text with NUL characters at the door: PostgreSQL can neither store nor compare it, and no real
query, form or JSON document needs it. One check here instead of one in every service."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or any("\x00" in v for vs in request.GET.lists() for v in vs[1]):
        return True
    # Form fields refuse NUL through Django's own validators; JSON bodies are checked here. A body that cannot
    # be read (too large, malformed) is left to the view, which answers for it.
    if request.method in {"POST", "PUT", "PATCH"} and request.content_type == "application/json":
        try:
            body = request.body
        except Exception:
            return False
        return b"\\u0000" in body or b"\x00" in body
    return False


class RefuseNulCharacters:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _has_nul(request):
            return self.get_response(request)
        detail = _("The request contains a NUL character, which no field accepts.")
        if request.path.startswith("/api/"):
            body = {"type": "about:blank", "title": _("Invalid input"), "status": 400, "detail": detail}
            return JsonResponse(body, status=400, content_type="application/problem+json")
        return HttpResponseBadRequest(detail)
