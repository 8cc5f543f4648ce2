"""The registry search (page and API) ranks by relevance with the matching engine, across languages,
says when the index is behind, and never shows or counts what the viewer may not see."""

import json

import pytest
from django.core.management import call_command

from assets.indexing import search_text_of
from assets.models import Asset
from assets.search import search_assets
from matching.indexing import index_assets
from matching.tests.conftest import make_asset as make_bare_asset

VIEWPOINTS = ["anonymous", "outsider", "participant", "owner", "staff"]
SEES_CONFIDENTIAL = {"anonymous": False, "outsider": False, "participant": True, "owner": True, "staff": True}


def numbers(query: str, user=None, **filters) -> list[str]:
    return [asset.number for asset in search_assets(user=user, query=query, filters=filters).page]


def make_asset(*args, **extra) -> Asset:
    """An asset as the registry's services write it, words for literal search included."""
    asset = make_bare_asset(*args, **extra)
    asset.search_text = search_text_of(asset)
    asset.save(update_fields=["search_text"])
    return asset


@pytest.fixture
def secret(corpus, alice_org):
    asset = make_asset(
        "JP11000099B2",
        "Confidential KRAS G12C back-up compound",
        "Confidential lung cancer programme.",
        ["A61P35/00"],
        owner=alice_org,
        visibility=Asset.Visibility.CONFIDENTIAL,
    )
    index_assets([asset.pk])
    return asset


@pytest.mark.parametrize(
    ("chinese", "english"),
    [("肺癌", "lung cancer"), ("KRAS抑制剂", "KRAS inhibitor"), ("KRAS抑制劑", "KRAS inhibitor")],
)
def test_chinese_query_finds_what_the_english_one_finds(corpus, chinese, english):
    best = numbers(english)[0]
    assert best == "US11000001B2"
    assert numbers(chinese)[0] == best


def test_words_rank_by_relevance_and_say_why(corpus):
    result = search_assets(user=None, query="asthma inhaler")
    assert result.ranked
    top = [asset.number for asset in result.page][:2]
    assert set(top) == {"US11000002B2", "US11000013B2"}
    assert "asthma" in result.page[0].search_why


def test_chinese_hit_explains_with_the_glossary_words(corpus):
    result = search_assets(user=None, query="肺癌")
    assert "lung" in result.page[0].search_why and "cancer" in result.page[0].search_why


def test_without_words_newest_first_unranked(corpus):
    result = search_assets(user=None)
    assert not result.ranked
    assert result.total == len(corpus)


def test_a_query_unlike_every_asset_finds_nothing(corpus):
    assert numbers("zzqx wq") == []


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
def test_confidential_asset_only_for_those_who_may_see_it(users, secret, viewpoint):
    user = users[viewpoint]
    found = "JP11000099B2" in numbers("KRAS G12C back-up", user)
    assert found is SEES_CONFIDENTIAL[viewpoint]
    jurisdictions = {f["value"] for f in search_assets(user=user, query="KRAS").facets["jurisdiction"]}
    assert ("JP" in jurisdictions) is SEES_CONFIDENTIAL[viewpoint]


def test_filters_apply_to_ranked_results(corpus):
    corpus["US11000001B2"].jurisdiction = "EP"
    corpus["US11000001B2"].save()
    assert numbers("lung cancer", jurisdiction="EP") == ["US11000001B2"]


def test_search_says_when_the_index_is_behind_and_still_finds_the_new_asset(corpus):
    late = make_asset("CN11000100A", "Bispecific antibody for gastric cancer", "", ["A61P35/00"])
    result = search_assets(user=None, query="bispecific antibody")
    assert result.index.waiting == 1
    assert "ipharbour matching rebuild" in result.index.message()
    assert result.page[0].number == "CN11000100A"
    index_assets([late.pk])
    assert not search_assets(user=None, query="bispecific antibody").index.behind


def test_an_unchanged_asset_saved_again_does_not_wait(corpus):
    corpus["US11000003B2"].save()
    assert search_assets(user=None).index.waiting == 1
    index_assets([corpus["US11000003B2"].pk])
    assert search_assets(user=None).index.waiting == 0


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
def test_api_ranks_explains_and_reports_the_index(client_as, users, secret, viewpoint):
    make_asset("CN11000100A", "Waiting asset", "", [])
    response = client_as(users[viewpoint]).get("/api/v1/assets", {"q": "KRAS G12C"})
    assert response.status_code == 200
    body = response.json()
    assert body["ranked"] is True
    assert body["index"]["waiting"] == 1 and body["index"]["command"] == "ipharbour matching rebuild"
    public = [item for item in body["items"] if item["number"] != "JP11000099B2"]
    assert public[0]["number"] == "US11000001B2" and public[0]["why"].startswith("Matched:")
    assert ("JP11000099B2" in {item["number"] for item in body["items"]}) is SEES_CONFIDENTIAL[viewpoint]
    facets = {f["value"] for f in body["facets"]["jurisdiction"]}
    assert ("JP" in facets) is SEES_CONFIDENTIAL[viewpoint]


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
def test_page_shows_the_notice_and_why(client_as, users, secret, viewpoint):
    make_asset("CN11000100A", "Waiting asset", "", [])
    response = client_as(users[viewpoint]).get("/assets/", {"q": "肺癌"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 assets wait to be indexed" in page
    assert "Matched:" in page
    assert ("JP11000099B2" in page) is SEES_CONFIDENTIAL[viewpoint]


def test_match_command_says_how_many_assets_wait(corpus, capsys):
    make_asset("CN11000100A", "Waiting asset", "", [])
    call_command("match", "肺癌", "--top", "3", "--json")
    lines = capsys.readouterr().out.strip().splitlines()
    assert any("1 assets wait to be indexed" in line and "matching rebuild" in line for line in lines)
    assert json.loads(lines[-1])[0]["number"] == "US11000001B2"


def test_api_without_words_lists_newest_first_unranked(client, corpus):
    body = client.get("/api/v1/assets", {"per_page": 3}).json()
    assert body["ranked"] is False and body["total"] == len(corpus)
    assert [item["why"] for item in body["items"]] == ["", "", ""]
    assert body["index"] == {
        "behind": False,
        "waiting": 0,
        "command": "ipharbour matching rebuild",
        "worker": "ipharbour db_worker",
    }


def test_a_filter_ranks_every_asset_it_leaves_not_only_the_unfiltered_best(corpus, monkeypatch):
    from matching import services

    monkeypatch.setattr(services, "SEARCH_DEPTH", 1)
    corpus["US11000013B2"].jurisdiction = "EP"
    corpus["US11000013B2"].save()
    assert numbers("dry powder inhaler for asthma")[0] == "US11000002B2"
    assert numbers("dry powder inhaler for asthma", jurisdiction="EP") == ["US11000013B2"]


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
def test_the_waiting_count_never_counts_assets_the_viewer_may_not_see(users, corpus, alice_org, viewpoint):
    make_asset("JP11000101B2", "Waiting confidential", "", [], owner=alice_org, visibility="confidential")
    waiting = search_assets(user=users[viewpoint], query="KRAS").index.waiting
    assert waiting == (1 if SEES_CONFIDENTIAL[viewpoint] else 0)


def test_a_chinese_query_marks_the_english_words_it_matched(client, corpus):
    body = client.get("/api/v1/assets", {"q": "肺癌"}).json()
    first = body["items"][0]
    assert first["number"] == "US11000001B2"
    assert "lung" in first["snippet"].lower()
    page = client.get("/assets/", {"q": "肺癌"}).content.decode()
    assert "<mark>" in page and "<mark><script" not in page


def test_the_snippet_is_the_stretch_around_the_first_word_matched():
    from assets.search import snippet

    text = "Background words. " * 30 + "A KRAS inhibitor binds." + " More words." * 30
    found = snippet(text, ("kras",))
    assert "KRAS inhibitor" in found and found.startswith("…") and found.endswith("…")
    assert len(found) <= 242
