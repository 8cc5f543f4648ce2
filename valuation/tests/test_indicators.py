import datetime
from decimal import Decimal

import pytest

from assets.models import Asset, BiomedicalProfile, Encumbrance, Family
from core.errors import InvalidInput
from valuation import indicator_defaults
from valuation.models import Indicator, IndicatorSet, Scenario, ScenarioWeight
from valuation.scoring import default_set, score_asset

TODAY = datetime.date(2026, 1, 1)


@pytest.fixture
def asset(alice_org):
    family = Family.objects.create(key="fam-1")
    subject = Asset.objects.create(
        kind=Asset.Kind.INVENTION,
        jurisdiction="CN",
        number="CN123456789B",
        title="KRAS G12C inhibitor",
        owner=alice_org,
        family=family,
        claims=[f"claim {n}" for n in range(10)],
        legal_status=Asset.Status.GRANTED,
        expiry_date=datetime.date(2036, 1, 1),
    )
    Asset.objects.create(
        kind=Asset.Kind.INVENTION, jurisdiction="US", number="US1B2", title="t", family=family
    )
    BiomedicalProfile.objects.create(
        asset=subject, phase=BiomedicalProfile.Phase.PHASE_2, first_in_class_claim=True
    )
    return subject


def expert_scores(value="50"):
    # Experts score their indicators, plus the registry ones this asset has no data for (title, indications).
    codes = [code for code, *_rest, kind, _measure in indicator_defaults.TREE if kind == "expert"]
    return dict.fromkeys([*codes, "L6.1", "T3.2"], value)


@pytest.mark.django_db
def test_default_tree_has_the_standards_shape():
    indicator_set = default_set()
    levels = [item.level for item in Indicator.objects.filter(indicator_set=indicator_set)]
    assert (levels.count(1), levels.count(2), levels.count(3)) == (3, 14, 27)
    first = Indicator.objects.filter(indicator_set=indicator_set, level=1).order_by("position")
    assert [item.name_zh_hans for item in first] == ["法律价值", "技术价值", "经济价值"]


@pytest.mark.django_db
@pytest.mark.parametrize("scenario", Scenario.values)
def test_every_scenario_weights_the_first_level_to_one(scenario):
    weights = ScenarioWeight.objects.filter(
        scenario=scenario, indicator__level=1, indicator__indicator_set__is_default=True
    )
    assert sum(weight.weight for weight in weights) == Decimal(1)


@pytest.mark.django_db
def test_registry_measures_fill_the_indicators_the_registry_knows(asset):
    result = score_asset(asset=asset, scenario="licensing", expert_scores=expert_scores(), today=TODAY)
    rows = {row["code"]: row for row in result.rows}
    assert rows["L2.1"]["score"] == Decimal(50) and rows["L2.1"]["input"] == "registry"  # 10 claims
    assert Decimal("49.9") < rows["L3.1"]["score"] < Decimal("50.1")  # about 10 of 20 years left
    assert rows["L4.2"]["score"] == Decimal(40)  # CN and US
    assert rows["T2.1"]["score"] == Decimal(55)  # phase 2
    assert rows["T1.2"]["score"] == Decimal(100)
    assert rows["L1.2"]["input"] == "expert"
    assert Decimal(0) < result.value < Decimal(100)


@pytest.mark.django_db
def test_a_pledge_lowers_the_encumbrance_score(asset):
    before = score_asset(asset=asset, scenario="financing", expert_scores=expert_scores(), today=TODAY)
    Encumbrance.objects.create(asset=asset, kind="pledge", holder_name="Bank", start_date=TODAY)
    after = score_asset(asset=asset, scenario="financing", expert_scores=expert_scores(), today=TODAY)
    assert after.value < before.value


@pytest.mark.django_db
def test_scenarios_weigh_the_same_scores_differently(asset):
    scores = expert_scores("90")
    legal_heavy = score_asset(asset=asset, scenario="infringement", expert_scores=scores, today=TODAY)
    economic_heavy = score_asset(
        asset=asset, scenario="financial_reporting", expert_scores=scores, today=TODAY
    )
    assert legal_heavy.value != economic_heavy.value


@pytest.mark.django_db
def test_indicators_without_registry_data_need_an_expert(asset):
    with pytest.raises(InvalidInput, match="no score"):
        score_asset(asset=asset, scenario="licensing", expert_scores={}, today=TODAY)


@pytest.mark.django_db
def test_an_unknown_scenario_is_refused(asset):
    with pytest.raises(InvalidInput):
        score_asset(asset=asset, scenario="speculation", expert_scores=expert_scores(), today=TODAY)


@pytest.mark.django_db
def test_the_operator_can_reweigh_a_scenario(asset):
    indicator_set = IndicatorSet.objects.get(is_default=True)
    before = score_asset(asset=asset, scenario="licensing", expert_scores=expert_scores(), today=TODAY)
    ScenarioWeight.objects.filter(
        indicator__indicator_set=indicator_set, indicator__code="T", scenario="licensing"
    ).update(weight=Decimal(0))
    after = score_asset(asset=asset, scenario="licensing", expert_scores=expert_scores(), today=TODAY)
    assert "T" not in after.by_first_level
    assert after.value != before.value
    scores = expert_scores()
    del scores["T1.1"]  # no longer needed: the technical branch is out of the scenario
    score_asset(asset=asset, scenario="licensing", expert_scores=scores, today=TODAY)
