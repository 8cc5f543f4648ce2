"""Amounts with grouped digits and the currency in the reader's language, one time zone shown on every page,
and a browser that asks only for "zh" reads Simplified Chinese."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from core.formatting import format_money, format_number
from core.money import Money
from listings import services
from tests.factories import make_asset


def test_english_reader_sees_the_currency_code_before_grouped_digits():
    with translation.override("en"):
        assert format_money(Decimal("1234567.891"), "USD") == "USD 1,234,567.89"


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_chinese_reader_sees_thousands_separators_and_the_currency_name(language):
    with translation.override(language):
        text = format_money(Money(Decimal("1250000"), "CNY"))
    assert "1,250,000.00" in text
    assert "CNY" not in text


def test_currency_without_minor_units_shows_none():
    with translation.override("en"):
        assert format_money(Decimal("1500000"), "JPY") == "JPY 1,500,000"


def test_missing_amount_is_left_blank():
    assert format_money(None, "USD") == ""
    assert format_number("") == ""


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_counts_are_grouped_by_thousands_in_every_language(language):
    template = Template("{% load humanize numbers %}{{ n|intcomma }} {{ x|number:1 }}")
    with translation.override(language):
        assert template.render(Context({"n": 12345, "x": Decimal("9876.54")})) == "12,345 9,876.5"


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant", "de", "hi"])
@pytest.mark.parametrize("value", [0, 7, -999, 1000, -1234567, 100_000, 12_345_678_901])
def test_whole_numbers_are_grouped_as_the_locale_groups_them(language, value):
    # Whole numbers take a shorter path than amounts; it must group exactly as the locale's formats do.
    with translation.override(language):
        expected = formats.number_format(Decimal(value), decimal_pos=0, use_l10n=True, force_grouping=True)
        assert format_number(value) == format_number(value, 0) == expected
        assert format_number(Decimal(value)) == expected


@pytest.mark.django_db
def test_plain_zh_in_accept_language_gets_simplified_chinese(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh")
    assert '<html lang="zh-hans">' in response.content.decode()


@pytest.mark.django_db
def test_taiwanese_browser_still_gets_traditional_chinese(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-TW,zh;q=0.9")
    assert '<html lang="zh-hant">' in response.content.decode()


@pytest.mark.django_db
def test_every_page_says_which_time_zone_its_times_are_in(client, settings):
    html = client.get("/assets/").content.decode()
    assert settings.TIME_ZONE in html
    assert "Asia/Hong_Kong (UTC+08:00)" in html


@pytest.mark.django_db
def test_listing_page_shows_the_indicative_upfront_with_separators_and_currency(client, alice, alice_org):
    asset = make_asset(alice_org, number="CN8A")
    listing = services.create_listing(
        organisation=alice_org,
        by=alice,
        assets=[asset],
        title="Oral SERD — licence",
        currency="USD",
        upfront_min="1250000",
        upfront_max="2500000",
    )
    client.force_login(alice)
    html = client.get(f"/marketplace/{listing.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "USD 1,250,000.00 – USD 2,500,000.00" in html
