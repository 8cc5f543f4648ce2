from django.db import migrations


def seed(apps, schema_editor):
    from disputes.rule_templates import seed_templates

    seed_templates(apps.get_model("disputes", "RuleTemplate"))


class Migration(migrations.Migration):
    dependencies = [("disputes", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
