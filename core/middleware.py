"""Refuse text with NUL characters at the door: PostgreSQL can neither store nor compare it, and no real
query, form or JSON document needs it. One check here instead of one in every service."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or any("\x00" in v for vs in request.GET.lists() for v in vs[1]):
        return True
    content_type = request.content_type or ""
    if request.method in {"POST", "PUT", "PATCH"}:
        if content_type == "application/json":
            return b"\\u0000" in request.body or b"\x00" in request.body
        if content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            return any("\x00" in v for vs in request.POST.lists() for v in vs[1])
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
