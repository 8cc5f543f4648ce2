"""User content in the reader's script: Chinese written in one script is shown in the other to its readers."""

import pytest
from django.urls import reverse

from core.templatetags.scripts import in_reader_script

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hant", "上海腫瘤生物"), ("zh-hans", "上海肿瘤生物"), ("en", "上海肿瘤生物")],
)
@pytest.mark.parametrize("written", ["上海肿瘤生物", "上海腫瘤生物"])
def test_chinese_is_shown_in_the_readers_script(language, expected, written):
    assert in_reader_script(written, language) == expected


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("zh-hant", ["上海腫瘤生物", "上海腫瘤生物"]), ("as-written", ["上海肿瘤生物", "上海腫瘤生物"])],
)
def test_english_pages_show_chinese_in_the_script_the_operator_chose(settings, choice, expected):
    settings.CHINESE_SCRIPT_ELSEWHERE = choice
    assert [in_reader_script(text, "en") for text in ("上海肿瘤生物", "上海腫瘤生物")] == expected
    assert (
        in_reader_script("上海肿瘤生物", "zh-hans") == "上海肿瘤生物"
    )  # Chinese readers keep their own script


def test_other_text_is_left_as_written():
    assert in_reader_script("Alice Bio <b>", "zh-hant") == "Alice Bio <b>"
    assert in_reader_script(None, "zh-hans") == ""


@pytest.mark.parametrize(("language", "expected"), [("zh-hant", "上海腫瘤生物"), ("zh-hans", "上海肿瘤生物")])
def test_an_organisations_local_name_is_shown_in_the_readers_script(
    client_as, alice, alice_org, language, expected
):
    alice_org.name_local = "上海肿瘤生物"
    alice_org.save()
    client = client_as(alice)
    client.cookies["django_language"] = language
    html = client.get(reverse("accounts:profile", args=[alice_org.slug])).content.decode()
    assert expected in html


def test_a_listing_title_is_shown_in_the_readers_script_and_still_escaped(client_as, alice, alice_org, staff):
    from listings import services
    from tests.factories import make_asset

    asset = make_asset(alice_org, number="CN42A")
    listing = services.create_listing(
        organisation=alice_org, by=alice, assets=[asset], title="抗体药物偶联物 <i>独家许可</i>", summary="."
    )
    client = client_as(alice)
    client.cookies["django_language"] = "zh-hant"
    html = client.get(reverse("listings:detail", args=[listing.pk])).content.decode()
    assert "抗體藥物偶聯物 &lt;i&gt;獨家許可&lt;/i&gt;" in html
