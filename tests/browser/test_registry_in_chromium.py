import re

import pytest
from django.core import mail

from tests.factories import make_asset

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_sign_up_verify_and_log_in(page, settings):
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", "newcomer@example.com")
    page.fill("input[name=password1]", "a-long-passphrase-9")
    page.fill("input[name=password2]", "a-long-passphrase-9")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    link = re.findall(r"https?://\S+/accounts/confirm-email/\S+/", str(mail.outbox[-1].body))[0]
    page.goto("/accounts/confirm-email/" + link.split("/accounts/confirm-email/")[1])
    page.click("main button[type=submit]")
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "newcomer@example.com")
    page.fill("input[name=password]", "a-long-passphrase-9")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert page.locator("text=My organisation").is_visible()


@pytest.mark.parametrize(
    ("language", "label", "expected"),
    [("zh-hant", "繁體中文", "組織"), ("zh-hans", "简体中文", "组织"), ("en", "English", "Organisations")],
)
def test_language_switcher_shows_each_script_and_remembers_it(page, language, label, expected):
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language", language)
    assert page.locator("html").get_attribute("lang") == language
    assert expected in page.locator("header nav").inner_text()
    page.goto("/assets/")
    assert page.locator("html").get_attribute("lang") == language


def test_browser_language_is_honoured_on_first_visit(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="zh-TW")
    page = context.new_page()
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-hant"
    context.close()


def test_search_assets_with_a_facet_and_open_one(page, alice_org):
    make_asset(alice_org, number="CN1A", title="一种治疗鼻咽癌的抗体", jurisdiction="CN")
    make_asset(alice_org, number="US2B2", title="Nasal spray device", jurisdiction="US", abstract="")
    page.goto("/assets/")
    page.fill("#q", "鼻咽癌 抗體")
    page.click("#search button[type=submit]")
    page.wait_for_selector("text=1 asset found")
    page.click("text=一种治疗鼻咽癌的抗体")
    page.wait_for_url(re.compile(r"/assets/\d+/"))
    assert "CN1A" in page.content()


def test_owner_registers_an_asset_through_the_form(page, login, alice):
    login(alice)
    page.goto("/assets/new/alice-bio/")
    page.select_option("select[name=kind]", "invention")
    page.fill("input[name=jurisdiction]", "CN")
    page.fill("input[name=number]", "CN555A")
    page.fill("input[name=title]", "Oral GLP-1 agonist")
    page.fill("input[name=application_date]", "2023-04-05")
    page.fill("input[name=bio-drug_name]", "HB-101")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/assets/\d+/$"))
    assert "Oral GLP-1 agonist" in page.content()
    assert "2043" in page.content()  # expiry twenty years from filing


def test_owner_downloads_the_template_and_uploads_a_portfolio(page, login, alice, tmp_path):
    from tests.test_imports_api import BAD, GOOD

    login(alice)
    page.goto("/organisations/alice-bio/import/")
    with page.expect_download() as download:
        page.click("text=Download the bilingual template")
    template = tmp_path / "template.csv"
    download.value.save_as(template)
    filled = tmp_path / "portfolio.csv"
    filled.write_text(template.read_text(encoding="utf-8-sig") + GOOD + BAD, encoding="utf-8")
    page.set_input_files("input[type=file]", str(filled))
    page.click("main form button[type=submit]")
    report = page.locator("#import-report")
    report.wait_for()
    assert "1" in report.inner_text()
    assert "2022-02-30" in page.content() or "date" in page.locator("table").inner_text().lower()
    page.goto("/organisations/alice-bio/")
    assert "一种治疗胃癌的双抗" in page.content()
