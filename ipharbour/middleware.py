"""Errors in one shape: domain errors on pages become the site's error pages; API errors, problem details."""

from http import HTTPStatus

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from core.errors import DomainError, NotAuthenticated
from ipharbour.error_views import error_page, is_api, problem

TEMPLATES = {404: "404.html", 403: "403.html"}


class DomainErrorPages:
    """A view that lets a `core.errors` exception through answers with its status and message, not a 500.

    Views show the errors the person can act on inside their own page (`core.pages.PAGE_ERRORS`); this is
    the one place for the rest: the status the API gives the same exception, on the site's error page, and
    the login page for someone who must sign in first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or is_api(request):
            return None
        if isinstance(exception, NotAuthenticated):
            return redirect_to_login(request.get_full_path())
        template = TEMPLATES.get(exception.status, "400.html")
        return error_page(request, template, exception.status, exception.detail)


class ApiProblems:
    """Every error under /api/ is problem details, including those that the API framework itself answers
    in plain text or HTML (a method the path does not allow)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_api(request) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/problem+json"):
            return response
        return self._as_problem(request, response)

    @staticmethod
    def _as_problem(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        status = response.status_code
        if status == 405:
            allowed = response.get("Allow", "")
            detail = _("This path does not take %(method)s; it takes: %(allowed)s.") % {
                "method": request.method,
                "allowed": allowed,
            }
            answer = problem(request, 405, _("Method not allowed"), detail)
            answer["Allow"] = allowed
            return answer
        title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else _("Error")
        return problem(request, status, str(title), str(title))
