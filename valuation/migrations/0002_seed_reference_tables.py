from django.db import migrations


def seed(apps, schema_editor):
    from valuation.seeding import seed_indicator_set, seed_phase_tables

    seed_phase_tables(apps.get_model("valuation", "PhaseTransitionTable"))
    seed_indicator_set(
        apps.get_model("valuation", "IndicatorSet"),
        apps.get_model("valuation", "Indicator"),
        apps.get_model("valuation", "ScenarioWeight"),
    )


class Migration(migrations.Migration):
    dependencies = [("valuation", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
