"""Each main role's everyday journey on the demo data, in Chromium: sign in, land on one's own home, walk the
pages one opens every morning; then the same pages in both Chinese scripts, with none of the interface's own
words left in English. With IPHARBOUR_SCREENSHOTS=<folder> the last page of each path is photographed in each language
(docs/screenshots/journey-<role>-<language>.png)."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The interface's own words: headings, the header's links, the waiting items, table headers and buttons.
CHROME = "main h1, main h2, header nav a, .inbox li a, main th, main button"
DEMO = "@demo.ipharbour.example"

# role: (person, [(path, words the page must show in English)])
JOURNEYS = {
    "seller-bd": (
        "bd",
        [
            ("/", "Waiting for you"),
            ("/marketplace/inbox/", "Leads"),
            ("/valuation/requests/", "Your requests"),
            ("/deals/", "My rooms"),
        ],
    ),
    "buyer-bd": ("buyer", [("/", "Waiting for you"), ("/needs/", "Needs"), ("/deals/", "My rooms")]),
    "tto": ("tto", [("/", "Waiting for you"), ("/assets/", "IP assets"), ("/marketplace/", "Marketplace")]),
    "bank": ("lender", [("/", "Waiting for you"), ("/financing/", "Financing")]),
    "valuer": (
        "valuer",
        [("/", "Valuation requests to answer"), ("/valuation/requests/", "Asked of you as valuer")],
    ),
    "operator": (
        "operator",
        [
            ("/", "Waiting for you"),
            ("/marketplace/review/", "Screening"),
            ("/valuation/subsidy/review/", "Subsidy"),
        ],
    ),
}


@pytest.fixture
def demo(db):
    from demo.base import load_demo

    load_demo()


def _shoot(page, name: str) -> None:
    folder = os.environ.get("IPHARBOUR_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def _interface_words(page) -> list[str]:
    return [text.strip() for text in page.locator(CHROME).all_inner_texts() if text.strip()]


def _walk(page, role: str, steps, language: str) -> dict[str, set[str]]:
    seen = {}
    for path, _words in steps:
        response = page.goto(path)
        assert response is not None and response.status == 200, (
            f"{role} {path}: {response and response.status}"
        )
        seen[path] = set(_interface_words(page))
    _shoot(page, f"journey-{role}-{language}")  # the role's own page, the last of its path
    return seen


@pytest.mark.parametrize("role", list(JOURNEYS))
def test_each_role_walks_its_everyday_path_in_three_languages(page, login, demo, role):
    from accounts.models import User
    from demo.base import DEMO_PASSWORD

    person, steps = JOURNEYS[role]
    login(User.objects.get(email=person + DEMO), password=DEMO_PASSWORD)
    for path, words in steps:
        page.goto(path)
        assert words in page.locator("main").inner_text() + page.locator("header").inner_text(), (role, path)
    english = _walk(page, role, steps, "en")
    for language in ("zh-hant", "zh-hans"):
        origin = "/".join(page.url.split("/")[:3]) + "/"  # the cookie must reach every path, "/" included
        page.context.add_cookies([{"name": "django_language", "value": language, "url": origin}])
        translated = _walk(page, role, steps, language)
        left = {
            path: [t for t in words if t in english[path] and any(c.isascii() and c.isalpha() for c in t)]
            for path, words in translated.items()
        }
        assert all(not words for words in left.values()), f"{role} untranslated in {language}: {left}"


def test_the_valuer_accepts_the_waiting_request_and_lands_in_the_valuation(page, login, demo):
    from accounts.models import User
    from demo.base import DEMO_PASSWORD
    from valuation.models import ValuationRequest

    login(User.objects.get(email="valuer" + DEMO), password=DEMO_PASSWORD)
    page.goto("/")
    page.click(".inbox a:has-text('Valuation requests to answer')")
    page.click("tr.valuation-request button:has-text('Accept')")
    page.wait_for_url("**/inputs/")
    assert ValuationRequest.objects.get().status == ValuationRequest.Status.ACCEPTED
    _shoot(page, "journey-valuer-accepted-en")


def test_the_listing_form_shows_the_open_licence_step_only_for_an_open_licence(page, login, alice, alice_org):
    login(alice)
    page.goto(f"/marketplace/new/{alice_org.slug}/")
    assert page.locator("fieldset.not-open-licence").is_visible()
    assert not page.locator("fieldset.only-open-licence").is_visible()
    page.select_option("select[name=deal_type]", "open_licence")
    assert page.locator("fieldset.only-open-licence").is_visible()
    assert not page.locator("fieldset.not-open-licence").is_visible()
    _shoot(page, "guided-listing-form-en")


def test_the_indication_picker_narrows_to_what_is_typed(page, login, charlie):
    login(charlie)
    page.goto("/needs/new/")
    page.fill("input.picker-search", "gastric")
    visible = page.locator("select[name=indications] option:not([hidden])").all_inner_texts()
    assert visible and all("gastric" in text.lower() for text in visible)
    _shoot(page, "indication-picker-en")


def test_the_territory_picker_adds_and_removes_named_territories(page, login, charlie):
    login(charlie)
    page.goto("/needs/new/")
    field = page.locator("input[name=territories]")
    page.click(".picks button:has-text('Gulf Cooperation Council')")
    page.click(".picks button:has-text('Greater Bay Area')")
    assert field.input_value() == "GCC, GBA"
    page.click(".picks button:has-text('Gulf Cooperation Council')")
    assert field.input_value() == "GBA"
