"""Assets whose indexed row is current do not wait for the index: clear the flag the registry's migration
set on every existing asset (the rest wait until the task worker or `ipharbour matching rebuild` runs)."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def clear_indexed(apps, schema_editor):
    Asset = apps.get_model("assets", "Asset")
    IndexedDocument = apps.get_model("matching", "IndexedDocument")
    current = IndexedDocument.objects.filter(
        namespace="assets", object_id=OuterRef("pk"), updated_at__gte=OuterRef("updated_at")
    )
    Asset.objects.filter(Exists(current)).update(index_pending=False)


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0007_asset_index_pending"),
        ("matching", "0002_fulltext_index"),
    ]

    operations = [migrations.RunPython(clear_indexed, migrations.RunPython.noop)]
