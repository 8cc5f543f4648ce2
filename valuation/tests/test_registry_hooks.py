"""Registry changes queue a revaluation of the asset's drafts; a big move alerts the owner and the pledgee."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from assets import services as registry
from assets.models import BiomedicalProfile, Encumbrance
from core.errors import Forbidden, InvalidInput
from core.events import events_for
from tests.factories import make_asset
from trials.models import Trial
from trials.services import link_trials
from valuation import comparables, indicator_defaults, services
from valuation.models import ComparableDeal, ValuationRun

pytestmark = pytest.mark.django_db
REGISTRY = ValuationRun.Trigger.REGISTRY_CHANGED


@pytest.fixture
def asset(alice_org):
    return make_asset(alice_org, number="CN996A", application_date=datetime.date(2015, 3, 1))


def scored(asset, by, threshold=None, from_registry=("legal_events",)):
    """A draft with a cost value and a GB/T 42748 score whose `from_registry` measures follow the registry
    record (experts score the rest)."""
    scores = {
        code: "60"
        for code, *_names, kind, key in indicator_defaults.TREE
        if kind != "derived" and key not in from_registry
    }
    valuation = services.create_valuation(
        asset=asset,
        by=by,
        purpose="financing",
        methods=["cost", "indicators"],
        inputs={
            "cost": {"currency": "USD", "cost_items": [{"description": "work", "amount": "1000"}]},
            "indicators": {"scores": scores},
        },
        currency="USD",
        alert_threshold=threshold,
    )
    return services.run_valuation(valuation=valuation, by=by)


def registry_runs(valuation):
    return valuation.runs.filter(trigger=REGISTRY).count()


def test_editing_the_asset_revalues_its_drafts(asset, alice, django_capture_on_commit_callbacks):
    valuation = scored(asset, alice)
    with django_capture_on_commit_callbacks(execute=True):
        registry.update_asset(asset=asset, by=alice, title="A new title")
    assert registry_runs(valuation) == 1


def test_a_legal_event_revalues_and_the_new_score_follows_the_registry(
    asset, alice, django_capture_on_commit_callbacks
):
    valuation = scored(asset, alice)
    before = Decimal(valuation.outputs["indicators"]["value"])
    with django_capture_on_commit_callbacks(execute=True):
        registry.add_legal_event(asset=asset, by=alice, day=datetime.date(2025, 6, 1), effect="revoked")
    valuation.refresh_from_db()
    assert registry_runs(valuation) == 1
    assert Decimal(valuation.outputs["indicators"]["value"]) < before


def test_a_transfer_revalues(asset, alice, django_capture_on_commit_callbacks):
    valuation = scored(asset, alice)
    with django_capture_on_commit_callbacks(execute=True):
        registry.record_transfer(
            asset=asset, by=alice, day=datetime.date(2025, 6, 1), to_name="Alice Holdings"
        )
    assert registry_runs(valuation) == 1


def test_a_refused_change_queues_nothing(asset, alice, django_capture_on_commit_callbacks):
    valuation = scored(asset, alice)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput):
        registry.update_asset(asset=asset, by=alice, grant_date=datetime.date(2000, 1, 1))
    assert registry_runs(valuation) == 0


def test_a_phase_raised_by_trial_evidence_revalues(asset, alice, django_capture_on_commit_callbacks):
    BiomedicalProfile.objects.create(
        asset=asset, drug_name="Harbourmab", phase=BiomedicalProfile.Phase.PHASE_1
    )
    Trial.objects.create(
        registry_id="NCT09999999",
        title="Harbourmab in nasopharyngeal carcinoma",
        phase=BiomedicalProfile.Phase.PHASE_3,
        interventions=[{"type": "DRUG", "name": "Harbourmab"}],
    )
    valuation = scored(asset, alice, from_registry=("legal_events", "phase"))
    before = Decimal(valuation.outputs["indicators"]["value"])
    with django_capture_on_commit_callbacks(execute=True):
        link_trials()
    valuation.refresh_from_db()
    assert registry_runs(valuation) == 1
    assert Decimal(valuation.outputs["indicators"]["value"]) > before


def test_a_draft_that_no_longer_runs_does_not_stop_the_others(
    asset, alice, django_capture_on_commit_callbacks
):
    good = scored(asset, alice)
    broken = scored(asset, alice)
    broken.inputs = {"cost": {"currency": "USD", "cost_items": "not a list"}}
    broken.save()
    with django_capture_on_commit_callbacks(execute=True):
        registry.update_asset(asset=asset, by=alice, title="Another title")
    assert registry_runs(good) == 1
    assert events_for(broken).filter(kind="valuation.revaluation_failed").exists()


# -- comparable deals ------------------------------------------------------------------------------------


def market_valuation(asset, by, **table):
    valuation = services.create_valuation(
        asset=asset,
        by=by,
        purpose="licensing",
        methods=["market"],
        inputs={"market": {"currency": "USD", "comparables": [], "from_table": table}},
        currency="USD",
    )
    return valuation


def record(staff, value, currency="USD", group="oncology"):
    return comparables.record_comparable_deal(
        by=staff,
        date=datetime.date(2025, 1, 10),
        title=f"Licence {value}",
        deal_value=Decimal(value),
        currency=currency,
        indication_group=group,
        source="press release",
    )


def test_a_market_approach_draws_on_the_recorded_deals_its_filters_name(
    asset, alice, staff, django_capture_on_commit_callbacks
):
    record(staff, "1000")
    valuation = market_valuation(asset, alice, indication_group="oncology", fx_rates={"CNY": "0.14"})
    services.run_valuation(valuation=valuation, by=alice)
    assert valuation.conclusion_point == Decimal("1000.00")
    with django_capture_on_commit_callbacks(execute=True):
        record(staff, "2000", currency="CNY")  # 2000 · 0.14 = 280
        record(staff, "9999", group="cardiology")  # another group: not a comparable
    valuation.refresh_from_db()
    assert valuation.conclusion_point == Decimal("640.00")  # (1000 + 280) / 2
    assert valuation.runs.filter(trigger=ValuationRun.Trigger.COMPARABLE_RECORDED).count() == 1


def test_a_deal_in_another_currency_needs_its_rate(asset, alice, staff):
    record(staff, "2000", currency="CNY")
    valuation = market_valuation(asset, alice, indication_group="oncology")
    with pytest.raises(InvalidInput, match="fx_rates"):
        services.run_valuation(valuation=valuation, by=alice)


def test_only_the_operator_records_comparable_deals(alice):
    with pytest.raises(Forbidden):
        record(alice, "1000")
    assert not ComparableDeal.objects.exists()


# -- alerts ----------------------------------------------------------------------------------------------


@pytest.fixture
def bank(make_organisation, make_user):
    organisation = make_organisation("Harbour Bank", "bank")
    make_user("banker@example.com", organisation, "admin")
    make_user("teller@example.com", organisation, "member")
    return organisation


def pledge(asset, bank, released=None, end=None):
    return Encumbrance.objects.create(
        asset=asset,
        kind=Encumbrance.Kind.PLEDGE,
        holder_name=bank.name,
        holder_organisation=bank,
        start_date=datetime.date(2025, 1, 1),
        end_date=end,
        released_at=released,
    )


def move(valuation, by, capture):
    with capture(execute=True):
        services.update_inputs(
            valuation=valuation,
            by=by,
            inputs={"cost": {"currency": "USD", "cost_items": [{"description": "work", "amount": "2000"}]}},
            methods=["cost"],
        )


def test_a_big_move_alerts_the_owner_and_the_pledgee_without_figures(
    asset, alice, bank, django_capture_on_commit_callbacks
):
    pledge(asset, bank)
    valuation = scored(asset, alice, threshold="0.10")
    move(valuation, alice, django_capture_on_commit_callbacks)
    sent = {tuple(message.to): message for message in mail.outbox}
    assert set(sent) == {("alice@example.com",), ("banker@example.com",)}  # admins only
    assert "2000" in sent[("alice@example.com",)].body
    assert "2000" not in sent[("banker@example.com",)].body  # not shared with the bank
    event = events_for(valuation).get(kind="valuation.alert")
    assert event.data["pledgees"] == ["banker@example.com"]


def test_a_pledgee_it_was_shared_with_gets_the_figures(
    asset, alice, bank, django_capture_on_commit_callbacks
):
    pledge(asset, bank)
    valuation = scored(asset, alice, threshold="0.10")
    services.share_valuation(valuation=valuation, organisation=bank, by=alice)
    move(valuation, alice, django_capture_on_commit_callbacks)
    bank_mail = next(message for message in mail.outbox if message.to == ["banker@example.com"])
    assert "2000" in bank_mail.body


def test_a_released_pledge_is_not_alerted(asset, alice, bank, django_capture_on_commit_callbacks):
    pledge(asset, bank, released=datetime.date(2025, 6, 1))
    valuation = scored(asset, alice, threshold="0.10")
    move(valuation, alice, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]


def test_a_pledge_whose_term_ended_is_not_alerted(asset, alice, bank, django_capture_on_commit_callbacks):
    pledge(asset, bank, end=timezone.localdate() - datetime.timedelta(days=1))
    valuation = scored(asset, alice, threshold="0.10")
    move(valuation, alice, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]
