"""The registry's facet values and newest-first key as columns of the indexed documents, and a generation
per namespace, so that the PostgreSQL backend counts and orders the registry search itself.

On PostgreSQL the existing asset rows are filled here, in one statement from the asset tables (the same
values `matching.documents.registry_facets` and `newest_key` give), and the indexes the backend reads are
built. Elsewhere the columns stay empty (only the PostgreSQL backend reads them) until the rows are next
written. A searchable asset row left unfilled (the asset gone, or written by a worker of the earlier
version) is never counted as a row without facets: the backend lets the database count while one exists,
and the start-up recovery fills it (`matching.indexing.fill_registry_columns`).
"""

from django.db import migrations, models

TABLE = "matching_indexeddocument"

# Every token of an asset, as "name=value" (empty values left out), escaped as `registry_column` does.
TOKENS = """
    SELECT id AS asset_id, 'kind=' || kind AS token FROM {asset} WHERE kind <> ''
    UNION SELECT id, 'jurisdiction=' || jurisdiction FROM {asset} WHERE jurisdiction <> ''
    UNION SELECT id, 'owner_country=' || holder_country FROM {asset} WHERE holder_country <> ''
    UNION SELECT asset_id, 'cpc_section=' || section FROM {classification} WHERE section <> ''
    UNION SELECT p.asset_id, 'indication=' || i.code FROM {profile} p
        JOIN {profile_indications} pi ON pi.biomedicalprofile_id = p.id
        JOIN {indication} i ON i.id = pi.indication_id WHERE i.code <> ''
    UNION SELECT p.asset_id, 'cancer=any' FROM {profile} p
        JOIN {profile_indications} pi ON pi.biomedicalprofile_id = p.id
        JOIN {indication} i ON i.id = pi.indication_id WHERE i.is_cancer
    UNION SELECT asset_id, 'phase=' || phase FROM {profile} WHERE phase IS NOT NULL
    UNION SELECT asset_id, 'modality=' || modality FROM {profile} WHERE modality <> ''
"""

FILL = """
WITH tokens AS ({tokens}),
registry AS (
    SELECT asset_id, string_agg(replace(replace(token, '%%', '%%25'), ' ', '%%20'), ' ' ORDER BY token) AS value
    FROM tokens GROUP BY asset_id
)
UPDATE {table} SET
    registry = COALESCE(r.value, ''),
    newest = (COALESCE(a.publication_date - DATE '0001-01-01' + 1, 0)::bigint << 32) | (a.id & 4294967295)
FROM {asset} a LEFT JOIN registry r ON r.asset_id = a.id
WHERE {table}.namespace = 'assets' AND {table}.object_id = a.id
"""

INDEXES = [
    # The documents carrying every filter's token (`string_to_array(registry, ' ') @> …`). Not partial:
    # the planner reads the statistics of an index's expression (how many rows carry each token) only
    # for a full index, and without them took a token held by a third of the registry for one held by
    # 0.5 % of it (the unsearchable rows it also holds are few, and the other namespaces' are empty).
    f"CREATE INDEX IF NOT EXISTS matching_registry_gin ON {TABLE} USING gin (string_to_array(registry, ' '))",
    # Newest first, from an offset, without sorting what the filters leave; the ids and tokens it holds
    # let the page and the counts without a selective filter be read from the index alone (a row's tokens
    # take about a hundred bytes, an index entry may take 2.7 kB).
    f"CREATE INDEX IF NOT EXISTS matching_registry_newest ON {TABLE} (namespace, newest DESC) "
    "INCLUDE (object_id, registry) WHERE searchable",
    # The searchable asset rows not filled yet: none, normally, so asking costs nothing.
    f"CREATE INDEX IF NOT EXISTS matching_registry_unfilled ON {TABLE} (object_id) "
    "WHERE namespace = 'assets' AND searchable AND newest IS NULL",
]


def fill_sql(apps) -> str:
    """The statement that fills every asset row's registry columns from the asset tables."""

    def table(app: str, model: str) -> str:
        return apps.get_model(app, model)._meta.db_table

    profile = apps.get_model("assets", "BiomedicalProfile")
    names = {
        "table": TABLE,
        "asset": table("assets", "Asset"),
        "classification": table("assets", "Classification"),
        "profile": profile._meta.db_table,
        "profile_indications": profile._meta.get_field("indications").remote_field.through._meta.db_table,
        "indication": table("assets", "Indication"),
    }
    return FILL.format(tokens=TOKENS.format(**names), **names)


def fill(apps, schema_editor):
    # PostgreSQL only: the columns are read by the PostgreSQL backend alone.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(fill_sql(apps))


def create_indexes(apps, schema_editor):
    # Built after the fill, which then updates no index of these.
    if schema_editor.connection.vendor == "postgresql":
        for statement in INDEXES:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in ("matching_registry_gin", "matching_registry_newest", "matching_registry_unfilled"):
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0007_asset_index_pending"),
        ("matching", "0003_assets_waiting_for_the_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "namespace",
                    models.CharField(
                        choices=[("assets", "Assets"), ("listings", "Listings"), ("needs", "Needs")],
                        max_length=16,
                        unique=True,
                        verbose_name="namespace",
                    ),
                ),
                ("generation", models.BigIntegerField(default=0, verbose_name="generation")),
            ],
            options={"verbose_name": "index state", "verbose_name_plural": "index states"},
        ),
        migrations.AddField(
            model_name="indexeddocument",
            name="newest",
            field=models.PositiveBigIntegerField(
                blank=True,
                help_text="Publication date, then id, as one number; empty until the registry columns are filled.",
                null=True,
                verbose_name="newest-first key",
            ),
        ),
        migrations.AddField(
            model_name="indexeddocument",
            name="registry",
            field=models.TextField(
                blank=True,
                help_text="The registry search's facet values as name=value tokens, separated by spaces.",
                verbose_name="registry facet tokens",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop),
    ]
