"""Domain errors that reach the web layer become the site's error pages, with their translated message."""

from django.http import HttpRequest, HttpResponse

from core.errors import DomainError
from ipharbour.error_views import error_page, is_api

TEMPLATES = {404: "404.html", 403: "403.html"}


class DomainErrorPages:
    """A view that lets a `core.errors` exception through answers with its status and message, not a 500.

    Views still catch the errors they can show inside their own form; this is the one place for the rest
    (e.g. a page number past the last page). The API maps the same exceptions to problem details itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or is_api(request):
            return None
        template = TEMPLATES.get(exception.status, "400.html")
        return error_page(request, template, exception.status, exception.detail)
