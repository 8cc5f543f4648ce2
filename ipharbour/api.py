"""The REST API (/api/v1): one NinjaAPI, routers from each app, RFC 9457 problem details for every error."""

import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth

from core.errors import DomainError, NotAuthenticated
from core.json_input import parse_json

log = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    """Authorization: Bearer <token> with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str):
        from accounts.tokens import authenticate_token, check_scope

        record = authenticate_token(token)
        if record is None:
            # Falling through to anonymous would hand an expired token's script public answers without a word.
            raise NotAuthenticated(_("This API token is unknown, expired or ended; create a new one."))
        check_scope(record, request.method or "GET")  # a read-only token answers 403 to anything but reads
        request.user = record.user
        request.api_token = record  # type: ignore[attr-defined]
        return record.user


class Session(SessionAuth):
    """The browser session; CSRF is checked only when a session cookie is sent."""

    def _get_key(self, request: HttpRequest):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)


def anonymous(request: HttpRequest):
    # Reads are open to anonymous callers; each endpoint's service decides what they may see.
    request.user = AnonymousUser()
    return request.user


class UnsupportedMediaType(Exception):
    """A body that is not JSON sent to an endpoint that reads JSON."""


class JsonOnly(Parser):
    """JSON bodies only, within `core.json_input`'s limits: a body in another format is a 415."""

    def parse_body(self, request: HttpRequest):
        media_type = request.content_type or "application/json"
        if media_type != "application/json" and not media_type.endswith("+json"):
            raise UnsupportedMediaType(media_type)
        return parse_json(request.body)


api = NinjaAPI(
    title="IP Harbour API",
    version="1",
    description=(
        "The exchange's REST API.\n\n"
        "**Authentication**: create a personal token at [/my/tokens/](/my/tokens/) and send it as "
        "`Authorization: Bearer <token>` (the *Authorize* button below does this for you); "
        "reads are open to anonymous callers.\n\n"
        "**Errors** are RFC 9457 problem details (`application/problem+json`); invalid input "
        "lists every invalid field at once in `errors`."
    ),
    # No validator badge: it would call validator.swagger.io from the reader's browser.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": True}),
    auth=[BearerToken(), Session(), anonymous],
    urls_namespace="api",
    parser=JsonOnly(),
)


def problem(request: HttpRequest, status: int, title: str, detail: str = "", **extra):
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail or title,
        "instance": request.path,
        **extra,
    }
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    extra = {"field": exc.field} if exc.field else {}
    return problem(request, exc.status, str(exc.title), exc.detail, **extra)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = [
        {"location": ".".join(str(part) for part in error.get("loc", [])), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return problem(
        request, 422, _("Invalid input"), _("Some fields are missing or not valid."), errors=errors
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return problem(request, 401, _("Sign-in required"), _("Send a valid API token or sign in."))


@api.exception_handler(AuthorizationError)
def authorization_error(request, exc):
    return problem(request, 403, _("Not allowed"))


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    cause = exc.__cause__
    if isinstance(cause, UnsupportedMediaType):
        detail = _("This endpoint reads JSON (application/json), not %(type)s.") % {"type": cause}
        return problem(request, 415, _("Unsupported media type"), detail)
    if cause is not None and exc.status_code == 400:
        detail = _("The body is not valid JSON: %(error)s") % {"error": cause}
        return problem(request, 400, _("Bad request"), detail)
    return problem(request, exc.status_code, str(exc.message))


@api.exception_handler(MultiPartParserError)
def unreadable_form(request, exc):
    detail = _("The multipart form could not be read (is its boundary missing?): %(error)s") % {"error": exc}
    return problem(request, 400, _("Bad request"), detail)


@api.exception_handler(SuspiciousOperation)
def suspicious(request, exc):
    if isinstance(exc, RequestDataTooBig):
        detail = _("The request is larger than the server accepts.")
        return problem(request, 413, _("Request too large"), detail)
    return problem(request, 400, _("Bad request"), _("The request could not be read."))


@api.exception_handler(Http404)
def not_found(request, exc):
    return problem(request, 404, _("Not found"), _("There is nothing here, or you may not see it."))


@api.exception_handler(Exception)
def server_error(request, exc):
    log.exception("Unhandled API error")
    return problem(
        request, 500, _("Server error"), _("Something went wrong on our side; it has been logged.")
    )


def _register_routers() -> None:
    from accounts.api import router as accounts_router
    from assets.api import router as assets_router
    from certification.api import router as certification_router
    from deals.api import router as deals_router
    from disputes.api import router as disputes_router
    from financing.api import router as financing_router
    from ledger.api import router as ledger_router
    from listings.api import router as listings_router
    from matching.api import router as matching_router
    from trials.api import router as trials_router
    from valuation.api import router as valuation_router

    api.add_router("/", accounts_router)
    api.add_router("/assets", assets_router)
    api.add_router("/trials", trials_router)
    api.add_router("/ledger", ledger_router)
    api.add_router("/valuation", valuation_router)
    api.add_router("/matching", matching_router)
    api.add_router("/certification", certification_router)
    api.add_router("/listings", listings_router)
    api.add_router("/deals", deals_router)
    api.add_router("/disputes", disputes_router)
    api.add_router("/financing", financing_router)


_register_routers()
