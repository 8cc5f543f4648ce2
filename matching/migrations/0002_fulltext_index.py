from django.db import migrations

TABLE = "matching_indexeddocument"


def create(apps, schema_editor):
    # PostgreSQL only: a GIN index over the same expression the PostgreSQL backend searches.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS matching_lexical_gin ON {TABLE} "
        "USING gin (to_tsvector('simple'::regconfig, lexical_text))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS matching_lexical_gin")


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
