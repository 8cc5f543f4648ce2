"""The pages for 400, 403, 404 and 500: problem details under /api/, the site's translated pages elsewhere.

Django calls these only with DEBUG off, which is the default; nothing here shows a traceback, a setting or
a URL pattern. The 500 page renders without the request's context processors, because whatever failed may be
what they need (the database, the session).
"""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def problem(request: HttpRequest, status: int, title: str, detail: str, **extra) -> JsonResponse:
    """An RFC 9457 problem-details response, for errors that happen outside the API's own handlers."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    body["instance"] = request.path
    return JsonResponse(body, status=status, content_type="application/problem+json")


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def error_page(request: HttpRequest, template: str, status: int, detail: str = "") -> HttpResponse:
    """The site's page for an error, in its look; the bare page when the full one cannot be rendered."""
    try:
        return render(request, template, {"detail": detail, "status": status}, status=status)
    except Exception:
        log.exception("The %s page could not be rendered with its context; serving the bare page", status)
        return bare_page(status, detail)


def bare_page(status: int, detail: str = "") -> HttpResponse:
    """The error page without the request context: it needs no database, session or URL resolution."""
    title = _("Server error") if status >= 500 else _("The request cannot be carried out")
    context = {"title": title, "detail": detail or _("Please try again in a moment."), "status": status}
    return HttpResponse(loader.get_template("error_bare.html").render(context), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    detail = _("The request could not be read. Check what was sent and try again.")
    if is_api(request):
        return problem(request, 400, _("Bad request"), detail)
    return error_page(request, "400.html", 400, detail)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    detail = _("You may not do this.")
    if is_api(request):
        return problem(request, 403, _("Not allowed"), detail)
    return error_page(request, "403.html", 403, detail)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    detail = _("The form had expired or came from another site. Reload the page and send it again.")
    if is_api(request):
        return problem(request, 403, _("Not allowed"), detail)
    return error_page(request, "403.html", 403, detail)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for every URL nobody routed: problem details under /api/, the site's page elsewhere."""
    if is_api(request):
        return problem(request, 404, _("Not found"), _("There is nothing here, or you may not see it."))
    return error_page(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        detail = _("Something went wrong on our side; it has been logged.")
        return problem(request, 500, _("Server error"), detail)
    return HttpResponse(loader.get_template("500.html").render(), status=500)
