"""PostgreSQL only: each indexed row keeps its full-text terms (`lexical_terms`, a tsvector the database
computes from `lexical_text` when the row is written), so that ranking a word's matches reads them instead
of parsing every match's text again (3.5 s for a word found in 8 % of 100,000 rows, before); the GIN index
moves from the expression to the column."""

from django.db import migrations

TABLE = "matching_indexeddocument"
EXPRESSION = "to_tsvector('simple'::regconfig, lexical_text)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS lexical_terms tsvector "
        f"GENERATED ALWAYS AS ({EXPRESSION}) STORED"
    )
    schema_editor.execute("DROP INDEX IF EXISTS matching_lexical_gin")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS matching_lexical_terms_gin ON {TABLE} USING gin (lexical_terms)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS matching_lexical_terms_gin")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS lexical_terms")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS matching_lexical_gin ON {TABLE} USING gin ({EXPRESSION})")


class Migration(migrations.Migration):
    dependencies = [("matching", "0004_registry_columns")]

    operations = [migrations.RunPython(create, drop)]
