"""Domain errors on pages, mapped once (the API maps the same exceptions in ipharbour/api.py).

The rule: an error the person can act on (`InvalidInput`, `Conflict`) is shown where they are, on the form's
field (or the form as a whole) or else as a message, and the view re-renders or redirects. An error about
whether they may act at all is not theirs to fix on the page: it propagates, and
`ipharbour.middleware.DomainErrorPages` answers with the status the API gives it: `NotFound` 404, `Forbidden`
403 (raised only about objects the person already sees, so it reveals nothing), `NotAuthenticated` the login
page. Views catch `PAGE_ERRORS`, never `DomainError`.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from core.errors import Conflict, DomainError, InvalidInput

PAGE_ERRORS = (InvalidInput, Conflict)

T = TypeVar("T")


def show(request: HttpRequest, error: DomainError, form: forms.BaseForm | None = None) -> None:
    """Put an error the person can act on beside the field it names, on the form, or in a message."""
    if form is not None:
        form.add_error(error.field if error.field in form.fields else None, error.detail)
    else:
        messages.error(request, error.detail)


def form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """Each of a form's translated errors as a message, with the field's label (for a form posted from a
    page that does not show it again, e.g. one of several action forms)."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def attempt(
    request: HttpRequest, action: Callable[[], Any], success: str = "", form: forms.BaseForm | None = None
) -> bool:
    """Run one service call; show what the person can fix, let the rest through. True when it went through."""
    try:
        action()
    except PAGE_ERRORS as error:
        show(request, error, form)
        return False
    if success:
        messages.success(request, success)
    return True


def perform(request: HttpRequest, action: Callable[..., T], /, **kwargs: Any) -> T | None:
    """`action(**kwargs)`, as `attempt` runs it; its result, or None when it was refused."""
    try:
        return action(**kwargs)
    except PAGE_ERRORS as error:
        show(request, error)
        return None


def act(
    request: HttpRequest,
    form: forms.BaseForm,
    action: Callable[[dict[str, Any]], T],
    success: str | Callable[[T], str] = "",
) -> T | None:
    """One step posted from a page that does not show its form again (one of several action forms): the
    form's errors as messages (`form_errors`), else `action(form.cleaned_data)` as `attempt` runs it, with the
    success message (a text, or one made from the result) when it went through. The result, or None when the
    form or the service refused."""
    if not form.is_valid():
        form_errors(request, form)
        return None
    try:
        made = action(form.cleaned_data)
    except PAGE_ERRORS as error:
        show(request, error)
        return None
    text = success(made) if callable(success) else success
    if text:
        messages.success(request, text)
    return made
