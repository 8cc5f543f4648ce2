"""Browser tests: Debian's Chromium driven by Playwright, headless, against pytest-django's live server."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls happen in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("IPHARBOUR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("IPHARBOUR_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required but not found at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    # Transactional tests empty the tables between tests, the rows migrations seed included: put them back.
    _reseed()
    # Each test starts with no login rate-limit history (allauth allows 30 logins a minute from one address;
    # the role journeys alone sign in more often than that on a fast machine).
    from django.core.cache import cache

    cache.clear()
    context = chromium.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    def sign_in(user, password="correct horse battery staple"):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        page.goto("/accounts/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", password)
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return sign_in


def _reseed() -> None:
    """What the migrations seed (vocabularies, the NDA template, rule templates, valuation tables), each
    seeding function idempotent."""
    import datetime

    from django.apps import apps

    from assets.vocabulary import seed
    from deals import nda_default
    from disputes.rule_templates import seed_templates
    from valuation.seeding import seed_indicator_set, seed_phase_tables, seed_subsidy_programme

    seed(apps.get_model("assets", "Indication"), apps.get_model("assets", "PatentTermRule"))
    nda_default.seed(apps.get_model("deals", "NdaTemplate"))
    seed_templates()
    seed_phase_tables(apps.get_model("valuation", "PhaseTransitionTable"))
    seed_indicator_set(
        apps.get_model("valuation", "IndicatorSet"),
        apps.get_model("valuation", "Indicator"),
        apps.get_model("valuation", "ScenarioWeight"),
    )
    seed_subsidy_programme(apps.get_model("valuation", "SubsidyProgramme"), datetime.date.today())
