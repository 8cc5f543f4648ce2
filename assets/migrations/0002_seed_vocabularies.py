from django.db import migrations


def seed(apps, schema_editor):
    from assets.vocabulary import INDICATIONS, TERM_RULES

    Indication = apps.get_model("assets", "Indication")
    PatentTermRule = apps.get_model("assets", "PatentTermRule")
    for code, en, hant, hans, is_cancer, group in INDICATIONS:
        Indication.objects.update_or_create(
            code=code,
            defaults={"name_en": en, "name_zh_hant": hant, "name_zh_hans": hans, "is_cancer": is_cancer, "group": group},
        )
    for jurisdiction, kind, years, counted_from, from_date, source in TERM_RULES:
        PatentTermRule.objects.get_or_create(
            jurisdiction=jurisdiction, kind=kind, applies_to_filings_from=from_date,
            defaults={"years": years, "counted_from": counted_from, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("assets", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
