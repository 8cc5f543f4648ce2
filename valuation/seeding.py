"""Idempotent seeding of the reference tables; migrations call it with their historical models."""

from decimal import Decimal

from core.figures import phase_transition_tables
from valuation import indicator_defaults as defaults


def seed_phase_tables(table_model) -> int:
    """One row per indication group in figures.json; the first dataset of each group is its default."""
    created = 0
    for table in phase_transition_tables():
        has_default = table_model.objects.filter(indication_group=table.group, is_default=True).exists()
        _, was_created = table_model.objects.get_or_create(
            dataset=table.dataset,
            indication_group=table.group,
            defaults={
                **table.rates,
                "published_likelihood_of_approval": table.likelihood_of_approval,
                "source": table.source[:500],
                "is_default": not has_default,
            },
        )
        created += was_created
    return created


def seed_indicator_set(set_model, indicator_model, weight_model) -> None:
    if set_model.objects.filter(is_default=True).exists():
        return
    indicator_set = set_model.objects.create(
        name="GB/T 42748-2023 default tree", version="1", source=defaults.SOURCE, is_default=True
    )
    by_code: dict[str, object] = {}
    for position, (code, english, hans, hant, kind, measure) in enumerate(defaults.TREE):
        level = defaults.level_of(code)
        by_code[code] = indicator_model.objects.create(
            indicator_set=indicator_set,
            parent=by_code.get(defaults.parent_code(code) or ""),
            code=code,
            level=level,
            name_en=english,
            name_zh_hans=hans,
            name_zh_hant=hant,
            input_kind=kind,
            registry_key=measure,
            unverified_name=level > 1,
            position=position,
        )
    for scenario, first_level in defaults.FIRST_LEVEL_WEIGHTS.items():
        for code, indicator in by_code.items():
            weight = Decimal(first_level[code]) if code in first_level else Decimal(1)
            weight_model.objects.create(indicator=indicator, scenario=scenario, weight=weight)


SUBSIDY_KEY = ("ip_pledge_financing_models", "hong_kong_valuation_subsidy")


def seed_subsidy_programme(programme_model, today) -> None:
    """The Hong Kong valuation subsidy from figures.json. Its start is not a published figure: the seed
    starts the pilot on the day it is installed and the operator corrects the dates in the back office."""
    from core.figures import published

    block = published().get(SUBSIDY_KEY[0], {}).get(SUBSIDY_KEY[1])
    if not block or programme_model.objects.exists():
        return
    years = int(block.get("pilot_years", 1))
    programme_model.objects.create(
        name="Hong Kong IP financing: valuation-fee subsidy",
        share_of_fee=Decimal(str(block["share_of_fee"])),
        max_subsidy_per_case=Decimal(str(block["max_subsidy_hkd_per_case"])),
        currency="HKD",
        max_cases_per_year=int(block["max_cases_per_year"]),
        fields=list(block.get("fields", [])),
        starts_on=today,
        ends_on=today.replace(year=today.year + years),
        source=str(block.get("source", ""))[:500],
    )
