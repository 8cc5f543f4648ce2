"""Screenshots of the main pages in the three languages, for docs/screenshots/.

    ./run --port 8765 &      # a running platform with the demo data (and the real data, when present)
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8765

Uses Debian's Chromium through Playwright; logs in as demo people (BD lead, lending desk, case officer)
for the member pages.
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
# Pages each demo person sees: name → (page, and the first link on it to follow, or None).
MEMBERS = {
    "bd@demo.ipharbour.example": {
        "member-home": ("/", None),
        "needs": ("/needs/", None),
        "my-organisation": ("/organisations/demo-shanghai-oncology/", None),
        "valuations": ("/valuations/", None),
        "valuation": ("/valuations/", "main table a[href^='/valuations/']"),
        "deal-rooms": ("/deals/", None),
        "deal-room": ("/deals/", "main a[href^='/deals/'][href$='/']:not([href='/deals/new/'])"),
    },
    "lender@demo.ipharbour.example": {
        "lending-desk": ("/financing/desk/", None),
        "loan": ("/financing/desk/", "main a[href^='/financing/loans/']"),
        "auctions": ("/financing/auctions/", None),
    },
    "caseofficer@demo.ipharbour.example": {
        "disputes": ("/disputes/", None),
        "dispute-case": ("/disputes/", "main a[href^='/disputes/cases/'][href$='/']:not([href$='/new/'])"),
    },
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
            for email, pages in MEMBERS.items():
                _log_in(page, email)
                for name, (path, follow) in pages.items():
                    _shoot(page, path, follow, OUT / f"{name}-{language}.png")
                context.clear_cookies()
                context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            page.set_viewport_size(PHONE)
            page.goto("/assets/?indication=solid-tumours")
            page.screenshot(path=OUT / f"phone-assets-{language}.png")
            context.close()
        browser.close()
    print(f"screenshots written to {OUT}")


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "harbour-demo-2026")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _shoot(page, path: str, follow: str | None, out: Path) -> None:
    """A page, or the first page its `follow` link leads to (nothing when the demo data has no such link)."""
    page.goto(path)
    if follow:
        link = page.locator(follow).first
        if not link.count():
            print(f"no link {follow} on {path}: {out.name} not taken")
            return
        link.click()
        page.wait_for_load_state()
    page.screenshot(path=out, full_page=follow is not None)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
