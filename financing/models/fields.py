"""Field builders shared by the financing models, so money and shares have one precision everywhere."""

from django.db import models


def money_field(label, **options) -> models.DecimalField:
    return models.DecimalField(label, max_digits=16, decimal_places=2, **options)


def share_field(label, **options) -> models.DecimalField:
    """A share or a rate between 0 and 1 (0.6 is 60 %)."""
    return models.DecimalField(label, max_digits=9, decimal_places=6, **options)
