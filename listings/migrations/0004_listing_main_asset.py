import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def choose_the_implicit_main_asset(apps, schema_editor):
    """Until now the main asset was the listing's first (lowest position); it becomes the explicit one."""
    Listing = apps.get_model("listings", "Listing")
    ListingAsset = apps.get_model("listings", "ListingAsset")
    first = ListingAsset.objects.filter(listing=OuterRef("pk")).order_by("position", "id").values("asset")[:1]
    Listing.objects.filter(main_asset__isnull=True).update(main_asset=Subquery(first))


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0007_asset_index_pending"),
        ("listings", "0003_alter_interest_decision_note_alter_interest_message_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="listing",
            name="main_asset",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="assets.asset",
                verbose_name="main asset",
            ),
        ),
        migrations.RunPython(choose_the_implicit_main_asset, migrations.RunPython.noop),
    ]
