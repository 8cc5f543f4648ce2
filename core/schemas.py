"""Helpers for API schemas shared by every app."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from ninja import Field

Choices = type[models.Choices] | Iterable[tuple[Any, Any]] | None


def one_of(choices: Choices, default: Any = ..., **kwargs: Any) -> Any:
    """A string field whose OpenAPI schema lists the allowed values.

    The values are documented, not enforced here: the service that receives them checks them and
    answers in the reader's language, which pydantic's English messages would not.
    """
    values: list[Any]
    if isinstance(choices, type) and issubclass(choices, models.Choices):
        values = [str(value) for value in choices.values]
    else:
        values = [str(value) for value, _label in choices or ()]
    return Field(default, json_schema_extra={"enum": values}, **kwargs)


def many_of(choices: type[models.Choices], default: Any = ..., **kwargs: Any) -> Any:
    """A list-of-strings field whose items' allowed values are listed in the OpenAPI schema."""
    values: list[Any] = [str(value) for value in choices.values]
    return Field(default, json_schema_extra={"items": {"type": "string", "enum": values}}, **kwargs)
