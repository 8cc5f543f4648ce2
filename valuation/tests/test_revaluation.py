"""Revaluation when inputs change: queued on commit, idempotent, and an alert when the value moves."""

from decimal import Decimal

import pytest
from django.core import mail

from core.events import events_for
from tests.factories import make_asset
from valuation import services
from valuation.alerts import moved_share
from valuation.models import ValuationRun

pytestmark = pytest.mark.django_db


def cost(amount):
    return {"cost": {"currency": "USD", "cost_items": [{"description": "work", "amount": amount}]}}


@pytest.fixture
def valuation(alice_org, alice):
    asset = make_asset(alice_org, number="CN960A")
    created = services.create_valuation(
        asset=asset,
        by=alice,
        purpose="financing",
        methods=["cost"],
        inputs=cost("1000"),
        currency="USD",
        alert_threshold="0.10",
    )
    services.run_valuation(valuation=created, by=alice)
    return created


def change(valuation, by, amount, capture):
    with capture(execute=True):
        services.update_inputs(valuation=valuation, by=by, inputs=cost(amount))
    valuation.refresh_from_db()


def test_changed_inputs_are_revalued_after_commit(valuation, alice, django_capture_on_commit_callbacks):
    change(valuation, alice, "1050", django_capture_on_commit_callbacks)
    assert valuation.conclusion_point == Decimal("1050.00")
    assert list(valuation.runs.values_list("trigger", flat=True)) == ["manual", "inputs_changed"]


def test_a_repeated_revaluation_changes_nothing(valuation, alice):
    first = services.revalue(valuation_id=valuation.pk, trigger=ValuationRun.Trigger.INPUTS_CHANGED)
    assert first is None  # the manual run already valued these inputs
    assert valuation.runs.count() == 1


def test_a_small_move_sends_no_alert(valuation, alice, django_capture_on_commit_callbacks):
    change(valuation, alice, "1050", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_move_beyond_the_threshold_alerts_the_owner(
    valuation, alice, bob, django_capture_on_commit_callbacks
):
    change(valuation, bob, "1500", django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [[alice.email]]  # the owner's administrators
    assert "50.0%" in mail.outbox[0].subject
    assert events_for(valuation).filter(kind="valuation.alert").exists()


def test_a_final_valuation_is_not_revalued(valuation, alice):
    services.finalise_valuation(valuation=valuation, by=alice)
    assert services.revalue(valuation_id=valuation.pk, trigger=ValuationRun.Trigger.SCHEDULED) is None


def test_moved_share():
    assert moved_share(Decimal(100), Decimal(89)) == Decimal("0.11")
    assert moved_share(Decimal(-100), Decimal(-50)) == Decimal("0.5")
    assert moved_share(Decimal(0), Decimal(0)) is None


def test_scheduled_revaluation_command_revalues_drafts(valuation):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("value", "revalue", stdout=out)
    assert "Revalued 1 valuations; 0 failed." in out.getvalue()
    assert list(valuation.runs.values_list("trigger", flat=True)) == ["manual", "scheduled"]


def test_a_registry_change_revalues_the_assets_drafts(valuation, django_capture_on_commit_callbacks):
    from valuation.tasks import queue_asset_revaluation

    with django_capture_on_commit_callbacks(execute=True):
        queue_asset_revaluation(valuation.asset_id)
    assert valuation.runs.filter(trigger="registry_changed").count() == 1
