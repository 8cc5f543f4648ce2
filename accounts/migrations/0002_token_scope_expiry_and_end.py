from datetime import timedelta

from django.conf import settings
from django.db import migrations, models


def give_existing_tokens_an_expiry(apps, schema_editor):
    # Tokens made before expiry existed live the default lifetime from their creation (ended at once if older).
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + timedelta(days=settings.API_TOKEN_DAYS)
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AlterModelOptions(
            name="apitoken",
            options={"ordering": ["-created_at", "-pk"], "verbose_name": "API token", "verbose_name_plural": "API tokens"},
        ),
        migrations.AlterField(
            model_name="apitoken", name="prefix", field=models.CharField(max_length=12, verbose_name="prefix")
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read-only", "Read only"), ("read-write", "Read and write")],
                default="read-write",
                max_length=12,
                verbose_name="scope",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(give_existing_tokens_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken", name="expires_at", field=models.DateTimeField(verbose_name="expires at")
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ended at"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="end_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("revoked", "Revoked"),
                    ("password_changed", "Password changed"),
                    ("left_organisation", "Removed from an organisation"),
                ],
                max_length=20,
                verbose_name="why it ended",
            ),
        ),
    ]
