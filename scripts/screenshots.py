"""Screenshots of the main pages in the three languages, for docs/screenshots/.

    ./run --port 8765 &      # a running platform with the demo data (and the real data, when present)
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8765

Uses Debian's Chromium through Playwright; logs in as the demo BD lead for the member pages.
"""

import sys
from pathlib import Path

from playwright.sync_api import ViewportSize, sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
LANGUAGES = ["en", "zh-hant", "zh-hans"]
PUBLIC = {
    "home": "/",
    "assets": "/assets/?indication=solid-tumours",
    "marketplace": "/marketplace/",
    "organisations": "/organisations/",
    "ledger": "/ledger/",
    "calculator": "/valuation/calculator/?example=1",
    "api-docs": "/api/v1/docs",
}
MEMBER = {
    "member-home": "/",
    "needs": "/needs/",
    "my-organisation": "/organisations/demo-shanghai-oncology/",
    "valuations": "/valuations/",
}
PHONE = ViewportSize(width=390, height=844)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for language in LANGUAGES:
            context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=base)
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            page = context.new_page()
            for name, path in PUBLIC.items():
                page.goto(path)
                if name == "api-docs":  # Swagger UI draws itself after the page has loaded
                    page.wait_for_selector(".swagger-ui .opblock-tag")
                page.screenshot(path=OUT / f"{name}-{language}.png")
            page.goto("/accounts/login/")
            page.fill("input[name=login]", "bd@demo.ipharbour.example")
            page.fill("input[name=password]", "harbour-demo-2026")
            page.click("main button[type=submit]")
            page.wait_for_load_state()
            for name, path in MEMBER.items():
                page.goto(path)
                page.screenshot(path=OUT / f"{name}-{language}.png")
            _first_valuation(page, language)
            page.set_viewport_size(PHONE)
            page.goto("/assets/?indication=solid-tumours")
            page.screenshot(path=OUT / f"phone-assets-{language}.png")
            context.close()
        browser.close()
    print(f"screenshots written to {OUT}")


def _first_valuation(page, language: str) -> None:
    """The valuation page with its charts, for the first valuation the demo member can see."""
    page.goto("/valuations/")
    link = page.locator("main table a[href^='/valuations/']").first
    if link.count():
        link.click()
        page.wait_for_load_state()
        page.screenshot(path=OUT / f"valuation-{language}.png", full_page=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
