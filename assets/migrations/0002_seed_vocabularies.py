from django.db import migrations


def seed(apps, schema_editor):
    from assets.vocabulary import seed as seed_vocabularies

    seed_vocabularies(apps.get_model("assets", "Indication"), apps.get_model("assets", "PatentTermRule"))


class Migration(migrations.Migration):
    dependencies = [("assets", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
