import datetime

from django.db import migrations


def seed(apps, schema_editor):
    from valuation.seeding import seed_subsidy_programme

    seed_subsidy_programme(apps.get_model("valuation", "SubsidyProgramme"), datetime.date.today())


class Migration(migrations.Migration):
    dependencies = [("valuation", "0004_subsidy_programme")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
