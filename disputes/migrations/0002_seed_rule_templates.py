from django.db import migrations


def seed(apps, schema_editor):
    from disputes.rule_templates import TEMPLATES

    RuleTemplate = apps.get_model("disputes", "RuleTemplate")
    for template in TEMPLATES:
        fields = dict(template)
        code = fields.pop("code")
        fields["expedited_currency"] = fields.get("expedited_currency") or ""
        RuleTemplate.objects.get_or_create(code=code, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("disputes", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
