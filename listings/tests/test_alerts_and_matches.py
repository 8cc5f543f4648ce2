"""Needs matched to listings with explanations; subscriptions, notifications and e-mail digests."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import InvalidInput
from listings import alerts, matches, needs
from listings.models import Notification, Subscription
from tests.factories import make_asset

pytestmark = pytest.mark.django_db

NEED_TEXT = "寻找治疗非小细胞肺癌的KRAS抑制剂，希望获得东南亚独家许可。"


@pytest.fixture
def engine_index():
    """Index the registry's assets in the matching engine (skipped when the engine is not installed)."""
    indexing = pytest.importorskip("matching.indexing")

    def build():
        indexing.rebuild_asset_index()

    return build


@pytest.fixture
def other_asset(alice_org, indications):
    from assets.models import BiomedicalProfile

    item = make_asset(
        alice_org,
        number="CN300003A",
        title="HER2 antibody-drug conjugate for gastric cancer",
        abstract="An anti-HER2 antibody conjugated to a topoisomerase inhibitor payload.",
        cpc_codes=["A61K47/68", "C07K16/32"],
    )
    BiomedicalProfile.objects.create(asset=item, modality="adc", phase=4).indications.set(
        [indications["gastric"]]
    )
    return item


@pytest.fixture
def need(charlie, charlie_org, indications):
    return needs.create_need(
        organisation=charlie_org,
        by=charlie,
        title="KRAS 抑制剂",
        text=NEED_TEXT,
        indications=["nsclc"],
        deal_types=["exclusive_licence"],
        territories=["SG"],
    )


def test_a_chinese_need_finds_the_english_listing_with_explanations(
    make_listing, asset, other_asset, staff, need, charlie, engine_index
):
    engine_index()
    kras = make_listing([asset], publish=True, staff=staff)
    adc = make_listing(
        [other_asset], publish=True, staff=staff, title="HER2 ADC", deal_type="assignment", territories=["EU"]
    )
    found = matches.matches_for_need(need, user=charlie)
    assert [m.listing.pk for m in found][:2] == [kras.pk, adc.pk]
    best = found[0]
    signals = {why["signal"] for why in best.why}
    assert {"semantic", "lexical", "listing"} <= signals
    assert best.score == pytest.approx(sum(why["contribution"] for why in best.why), abs=1e-5)
    listing_why = next(w for w in best.why if w["signal"] == "listing")
    assert "✓" in listing_why["detail"] and "Exclusive licence" in listing_why["detail"]
    assert "✗" in next(w for w in found[1].why if w["signal"] == "listing")["detail"]


def test_own_and_unpublished_listings_are_not_matches(
    make_listing, asset, need, charlie, charlie_org, engine_index
):
    engine_index()
    make_listing([asset])  # a draft
    assert matches.matches_for_need(need, user=charlie) == []


def test_without_the_engine_a_lexical_fallback_still_explains(
    make_listing, asset, staff, need, charlie, monkeypatch
):
    monkeypatch.setattr(matches, "_engine", lambda: None)
    kras = make_listing([asset], publish=True, staff=staff)
    found = matches.matches_for_need(need, user=charlie)
    assert [m.listing.pk for m in found] == [kras.pk]
    assert "engine not installed" in found[0].why[0]["detail"]


def test_organisations_likely_to_want_a_listing_include_open_needs(
    published, need, alice, charlie_org, monkeypatch
):
    monkeypatch.setattr(matches, "_engine", lambda: None)
    need.visibility = "sellers"
    need.save()
    rows = matches.organisations_for_listing(published, user=alice)
    assert [row["organisation"] for row in rows] == [charlie_org]
    assert "KRAS" in rows[0]["reasons"][0]


def test_private_needs_are_not_shown_to_sellers(published, need, alice, monkeypatch):
    monkeypatch.setattr(matches, "_engine", lambda: None)
    assert matches.organisations_for_listing(published, user=alice) == []


def test_a_need_subscription_notifies_and_mails_at_once_in_the_members_language(
    make_listing, asset, staff, need, charlie, engine_index, django_capture_on_commit_callbacks
):
    engine_index()
    charlie.language = "zh-hans"
    charlie.save()
    subscription = alerts.subscribe(user=charlie, kind="need", need=need, frequency="immediate")
    with django_capture_on_commit_callbacks(execute=True):
        listing = make_listing([asset], publish=True, staff=staff)
    assert Notification.objects.filter(user=charlie, subscription=subscription, listing=listing).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["charlie@example.com"]
    assert listing.title in message.body and f"/marketplace/{listing.pk}/" in message.body
    assert subscription.token in message.extra_headers["List-Unsubscribe"]
    assert subscription.token in message.body


def test_a_saved_search_goes_into_a_daily_digest(
    make_listing, asset, other_asset, staff, charlie, django_capture_on_commit_callbacks
):
    subscription = alerts.subscribe(
        user=charlie, kind="search", search_params={"q": "gastric"}, frequency="daily"
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_listing([asset], publish=True, staff=staff)
        adc = make_listing([other_asset], publish=True, staff=staff, title="HER2 ADC for gastric cancer")
    assert list(Notification.objects.filter(subscription=subscription).values_list("listing", flat=True)) == [
        adc.pk
    ]
    assert mail.outbox == []
    now = timezone.now()
    assert alerts.send_digests(now=now) == 1
    assert alerts.send_digests(now=now + timedelta(hours=1)) == 0
    assert Notification.objects.filter(subscription=subscription, emailed_at__isnull=True).count() == 0


def test_a_weekly_digest_waits_a_week(
    published, charlie, make_listing, asset, staff, django_capture_on_commit_callbacks
):
    subscription = alerts.subscribe(user=charlie, kind="digest", frequency="weekly")
    Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now() - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        make_listing(
            [asset], publish=True, staff=staff, title="Second offer", deal_type="non_exclusive_licence"
        )
    assert alerts.send_digests() == 0
    assert alerts.send_digests(now=timezone.now() + timedelta(days=6)) == 1


def test_sellers_are_not_alerted_about_their_own_listing(
    alice, bob, make_listing, asset, staff, django_capture_on_commit_callbacks
):
    alerts.subscribe(user=bob, kind="digest", frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        make_listing([asset], publish=True, staff=staff)
    assert not Notification.objects.filter(user=bob, kind="new_listing").exists()


def test_alerting_twice_notifies_once(published, charlie):
    alerts.subscribe(user=charlie, kind="digest", frequency="daily")
    assert len(alerts.alert_new_listing(published)) == 1
    assert alerts.alert_new_listing(published) == []


def test_certified_assets_reach_the_digest(asset, charlie):
    alerts.subscribe(user=charlie, kind="digest", frequency="daily")
    assert [n.asset for n in alerts.alert_certified_asset(asset)] == [asset]
    asset.visibility = "confidential"
    assert alerts.alert_certified_asset(asset) == []


def test_unsubscribed_members_get_nothing(published, charlie):
    subscription = alerts.subscribe(user=charlie, kind="digest", frequency="daily")
    alerts.alert_new_listing(published)
    alerts.unsubscribe(subscription=subscription)
    assert alerts.send_digests(now=timezone.now() + timedelta(days=2)) == 0


@pytest.mark.parametrize(
    "arguments",
    [
        {"kind": "need"},
        {"kind": "search", "search_params": {}},
        {"kind": "search", "search_params": {"deal_type": "barter"}},
        {"kind": "digest", "frequency": "hourly"},
        {"kind": "everything"},
    ],
)
def test_bad_subscriptions_are_refused(charlie, arguments):
    with pytest.raises(InvalidInput):
        alerts.subscribe(user=charlie, **arguments)
    assert not Subscription.objects.exists()


def test_nobody_subscribes_to_another_organisations_need(need, alice):
    with pytest.raises(InvalidInput):
        alerts.subscribe(user=alice, kind="need", need=need)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": ""}, "text"),
        ({"modalities": ["telepathy"]}, "modalities"),
        ({"indications": ["unknown-cancer"]}, "indications"),
        ({"phase_min": "4", "phase_max": "2"}, "phase_min"),
        ({"deal_types": ["barter"]}, "deal_types"),
        ({"budget_min": "10", "budget_max": "5"}, "budget_min"),
        ({"visibility": "everyone"}, "visibility"),
    ],
)
def test_bad_needs_are_refused(charlie, charlie_org, indications, fields, field):
    from listings.models import Need

    with pytest.raises(InvalidInput) as error:
        needs.create_need(organisation=charlie_org, by=charlie, **{"title": "T", "text": "KRAS", **fields})
    assert error.value.field == field
    assert not Need.objects.exists()


def test_the_digest_command_sends_due_digests(published, charlie):
    from io import StringIO

    from django.core.management import call_command

    alerts.subscribe(user=charlie, kind="digest", frequency="daily")
    alerts.alert_new_listing(published)
    out = StringIO()
    call_command("listings", "digest", stdout=out)
    assert "Sent 1 digest" in out.getvalue() and len(mail.outbox) == 1
    call_command("listings", "digest", stdout=out)
    assert len(mail.outbox) == 1


def test_the_expire_and_reindex_commands(published):
    from io import StringIO

    from django.core.management import call_command

    from listings.search import search_listings

    out, err = StringIO(), StringIO()
    call_command("listings", "reindex", stdout=out, stderr=err)
    assert "Indexed 1 listing" in out.getvalue()
    assert "Ranked 1 listing(s) in the search engine" in out.getvalue()
    assert "1/1 listings ranked" in err.getvalue()  # the progress of the relevance index's rebuild
    assert search_listings().total == 1
    call_command("listings", "expire", stdout=out)
    assert "Closed 0 expired" in out.getvalue()


LONG_CHINESE = (
    "我们正在寻找可以穿透血脑屏障、用于治疗脑转移患者的新一代靶向药物，希望候选药物已经完成临床前研究，"
    "具备良好的安全性数据和稳定的生产工艺，并能够在东南亚和中东地区开展注册临床试验，合作方式可以是独家许可、"
    "共同开发或者作价入股，我们也欢迎处于早期阶段但机理清晰的项目与我们联系洽谈。"
)


@pytest.mark.parametrize("with_engine", [True, False], ids=["engine", "fallback"])
def test_a_need_is_matched_by_its_translations_too(
    make_listing, alice_org, staff, charlie, charlie_org, monkeypatch, engine_index, with_engine
):
    """A need written at length in Chinese, with the organisation's English translation naming the drug:
    the listing of the patent that names it is found through the translation's words, which share the
    query's terms with the original's in turns (a long Chinese text alone would fill them)."""
    drug = make_asset(alice_org, number="CN300777A", title="Zorifertinib crystalline form")
    if with_engine:
        engine_index()
    else:
        monkeypatch.setattr(matches, "_engine", lambda: None)
    listing = make_listing([drug], publish=True, staff=staff, title="Zorifertinib tablets for licence")
    need = needs.create_need(
        organisation=charlie_org,
        by=charlie,
        title="寻找脑转移药物",
        text=LONG_CHINESE,
        translations=[
            {
                "language_code": "en",
                "title": "Brain-penetrant drug wanted",
                "text": "We seek a zorifertinib-like small molecule that crosses the blood-brain barrier.",
            }
        ],
    )
    found = matches.matches_for_need(need, user=charlie)
    assert listing.pk in [m.listing.pk for m in found]
    if with_engine:
        best = next(m for m in found if m.listing.pk == listing.pk)
        assert "zorifertinib" in " ".join(why["detail"] for why in best.why)
    need.translations.all().delete()
    without = {m.listing.pk: m for m in matches.matches_for_need(need, user=charlie)}
    if with_engine:  # still among the engine's hits by meaning, but no longer by the drug's name
        assert listing.pk not in without or "zorifertinib" not in str(without[listing.pk].why)
    else:
        assert listing.pk not in without
