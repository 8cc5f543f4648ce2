"""Domain errors on pages: shown where the person can fix them, the site's error page (or login) otherwise."""

import ast
from pathlib import Path

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory

from core.errors import Conflict, Forbidden, IntegrityFailure, InvalidInput, NotAuthenticated, NotFound
from core.pages import act, attempt, form_errors, perform, show
from ipharbour.middleware import DomainErrorPages


class NameForm(forms.Form):
    name = forms.CharField()


def _request(path: str = "/somewhere/"):
    request = RequestFactory().post(path, {"name": "x"})
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]  # what MessageMiddleware sets
    return request


def _fail(error):
    def action(**kwargs):
        raise error

    return action


def _messages(request) -> list[str]:
    return [str(message) for message in get_messages(request)]


def test_an_error_naming_a_field_goes_beside_that_field():
    form = NameForm({"name": "x"})
    form.is_valid()
    show(_request(), InvalidInput("Too short.", field="name"), form)
    assert form.errors == {"name": ["Too short."]}


def test_an_error_naming_no_field_of_the_form_goes_on_the_form():
    form = NameForm({"name": "x"})
    form.is_valid()
    show(_request(), Conflict("Already taken.", field="number"), form)
    assert form.non_field_errors() == ["Already taken."]


@pytest.mark.parametrize("error", [InvalidInput("Bad."), Conflict("Bad.")])
def test_attempt_shows_what_the_person_can_fix_as_a_message(error):
    request = _request()
    assert attempt(request, _fail(error), "Done.") is False
    assert _messages(request) == ["Bad."]


def test_attempt_says_so_when_it_went_through():
    request = _request()
    assert attempt(request, lambda: None, "Done.") is True
    assert _messages(request) == ["Done."]


@pytest.mark.parametrize("error", [NotFound(), Forbidden(), NotAuthenticated(), IntegrityFailure()])
def test_attempt_and_perform_let_refusals_through_to_the_error_pages(error):
    with pytest.raises(type(error)):
        attempt(_request(), _fail(error), "Done.")
    with pytest.raises(type(error)):
        perform(_request(), _fail(error), request="a keyword named like the first argument")


def test_perform_returns_the_result_or_none():
    request = _request()
    assert perform(request, lambda **kwargs: kwargs, request=1) == {"request": 1}
    assert perform(request, _fail(Conflict("Not now."))) is None
    assert _messages(request) == ["Not now."]


def test_act_runs_the_step_with_the_forms_data_and_says_so():
    request = _request()
    made = act(
        request, NameForm({"name": "Ada"}), lambda data: data["name"].upper(), lambda name: f"{name} done."
    )
    assert made == "ADA"
    assert _messages(request) == ["ADA done."]


def test_act_shows_the_forms_errors_and_runs_nothing():
    request = _request()
    ran: list[dict] = []
    assert act(request, NameForm({}), ran.append, "Done.") is None
    assert ran == []
    assert _messages(request) == ["This field is required."]


@pytest.mark.parametrize("error", [InvalidInput("Bad."), Conflict("Bad.")])
def test_act_shows_what_the_person_can_fix_as_a_message(error):
    request = _request()
    assert act(request, NameForm({"name": "Ada"}), _fail_with_data(error), "Done.") is None
    assert _messages(request) == ["Bad."]


@pytest.mark.parametrize("error", [NotFound(), Forbidden(), NotAuthenticated()])
def test_act_lets_refusals_through_to_the_error_pages(error):
    with pytest.raises(type(error)):
        act(_request(), NameForm({"name": "Ada"}), _fail_with_data(error), "Done.")


def _fail_with_data(error):
    def action(data):
        raise error

    return action


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFound("Gone."), 404),
        (Forbidden("Not yours."), 403),
        (InvalidInput("Bad."), 422),
        (Conflict(), 409),
    ],
)
def test_a_refusal_a_view_lets_through_gets_the_status_the_api_gives_it(db, error, status):
    request = _request()
    response = DomainErrorPages(lambda request: HttpResponse())
    answer = response.process_exception(request, error)
    assert answer is not None
    assert answer.status_code == status
    assert error.detail in answer.content.decode()


def test_someone_who_must_sign_in_is_sent_to_the_login_page():
    answer = DomainErrorPages(lambda request: HttpResponse()).process_exception(
        _request("/deals/7/?tab=terms"), NotAuthenticated()
    )
    assert answer is not None
    assert answer.status_code == 302
    assert "next=/deals/7/%3Ftab%3Dterms" in answer["Location"]


def test_the_api_maps_its_own_errors():
    answer = DomainErrorPages(lambda request: HttpResponse()).process_exception(
        _request("/api/v1/assets"), Forbidden()
    )
    assert answer is None


def _page_modules():
    root = Path(__file__).resolve().parents[2]
    for path in sorted(root.glob("*/**/*.py")):
        relative = path.relative_to(root)
        if (
            relative.parts[0] in {".venv", "tests"}
            or "tests" in relative.parts
            or "migrations" in relative.parts
        ):
            continue
        if "views" in relative.parts or relative.stem.endswith(("views", "_page")):
            yield relative, ast.parse(path.read_text())


def test_no_page_catches_every_domain_error():
    # Catching DomainError would show a refusal (404, 403) as a message and hide what the API says.
    caught = [
        f"{relative}:{node.lineno}"
        for relative, tree in _page_modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ExceptHandler) and "DomainError" in ast.unparse(node.type or ast.Name(""))
    ]
    assert caught == [], "pages catch core.pages.PAGE_ERRORS, not DomainError"


def test_form_errors_become_messages_with_the_fields_label():
    class Labelled(forms.Form):
        name = forms.CharField(label="Full name")

        def clean(self):
            raise forms.ValidationError("Nothing fits.")

    form = Labelled({})
    form.is_valid()
    request = _request()
    form_errors(request, form)
    assert _messages(request) == ["Full name: This field is required.", "Nothing fits."]
