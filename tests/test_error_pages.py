"""Errors answer with the site's translated pages (problem details under /api/), never Django's debug page."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path

ROOT = Path(__file__).resolve().parent.parent


def _setting(name: str, env: dict[str, str], tmp_path) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    full = {
        **os.environ,
        **env,
        "IPHARBOUR_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "ipharbour.settings",
    }
    for name_ in ("IPHARBOUR_DEBUG", "IPHARBOUR_PROFILE", "DATABASE_URL"):
        if name_ not in env:
            full.pop(name_, None)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_debug_is_off_when_nothing_asks_for_it(tmp_path):
    assert _setting("DEBUG", {}, tmp_path) == "False"


def test_debug_is_on_only_when_asked_for(tmp_path):
    assert _setting("DEBUG", {"IPHARBOUR_DEBUG": "1"}, tmp_path) == "True"


def _run_script(*args: str) -> subprocess.CompletedProcess:
    # An invalid port stops ./run right after it has read its options, before it installs or starts anything.
    env = {k: v for k, v in os.environ.items() if k != "IPHARBOUR_DEBUG"}
    return subprocess.run(
        ["bash", str(ROOT / "run"), *args, "--port", "not-a-port"], env=env, capture_output=True, text=True
    )


def test_run_with_debug_flag_warns_that_debug_is_on():
    result = _run_script("--debug")
    assert result.returncode == 2
    assert "WARNING: DEBUG is on" in result.stderr


def test_run_without_debug_flag_does_not_warn():
    result = _run_script()
    assert result.returncode == 2
    assert "DEBUG" not in result.stderr


def test_run_refuses_an_unknown_option():
    result = _run_script("--debgu")
    assert result.returncode == 2 and "Unknown option" in result.stderr


def _boom(request):
    raise RuntimeError("SECRET-TRACEBACK-DETAIL")


urlpatterns = [path("boom/", _boom), path("api/v1/boom/", _boom)]


@pytest.fixture
def failing_urls(settings):
    """The project's URLs plus two views that fail, with the project's error handlers."""
    import ipharbour.urls

    module = type(sys)("failing_urls")
    module.__dict__["urlpatterns"] = urlpatterns + ipharbour.urls.urlpatterns
    for handler in ("handler400", "handler403", "handler404", "handler500"):
        setattr(module, handler, getattr(ipharbour.urls, handler))
    sys.modules["failing_urls"] = module
    settings.ROOT_URLCONF = "failing_urls"
    yield
    del sys.modules["failing_urls"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"), [("en", "Not found"), ("zh-hans", "未找到"), ("zh-hant", "未找到")]
)
def test_404_page_is_translated_and_in_the_site_look(client, language, words):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    body = response.content.decode()
    assert response.status_code == 404
    assert words in body and "site.css" in body
    assert "Traceback" not in body and "urlpatterns" not in body.lower()


@pytest.mark.django_db
@pytest.mark.usefixtures("failing_urls")
@pytest.mark.parametrize(("language", "words"), [("en", "Server error"), ("zh-hans", "服务器错误")])
def test_500_page_is_translated_and_shows_no_traceback(language, words):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE=language)
    body = response.content.decode()
    assert response.status_code == 500
    assert words in body and "site.css" in body
    assert "SECRET-TRACEBACK-DETAIL" not in body and "Traceback" not in body


@pytest.mark.django_db
@pytest.mark.usefixtures("failing_urls")
def test_500_under_the_api_is_a_problem_without_a_traceback():
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert "SECRET-TRACEBACK-DETAIL" not in response.content.decode()


def test_500_page_renders_without_a_request_context():
    from django.template import loader

    from ipharbour.error_views import bare_page

    assert "site.css" in loader.get_template("500.html").render()
    assert bare_page(500).status_code == 500


@pytest.mark.django_db
def test_csrf_failure_is_the_site_403_page(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/needs/new/", {"title": "x"})
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode() and "site.css" in response.content.decode()


@pytest.mark.django_db
def test_a_request_for_an_unknown_host_gets_the_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
