"""Domain errors carry their HTTP meaning; the web and API layers map them in one place each."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    title = _("The request cannot be carried out")

    def __init__(self, detail: str = "", *, field: str | None = None):
        super().__init__(detail or str(self.title))
        self.detail = detail or str(self.title)
        self.field = field


class InvalidInput(DomainError):
    status = 422
    title = _("Invalid input")


class NotFound(DomainError):
    status = 404
    title = _("Not found")


class Forbidden(DomainError):
    # Used only where the user can already see the object; unseen objects are NotFound.
    status = 403
    title = _("Not allowed")


class Conflict(DomainError):
    status = 409
    title = _("Conflict with the current state")


class NotAuthenticated(DomainError):
    status = 401
    title = _("Sign-in required")


class IntegrityFailure(DomainError):
    # Stored data that fails its own check (e.g. a transparency-log entry whose leaf no longer hashes to its
    # leaf hash) is withheld rather than served; the operator repairs it from a backup or an export.
    status = 503
    title = _("The transparency log failed its integrity check")
