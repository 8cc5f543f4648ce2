"""Form fields shared by the apps."""

from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError

from core.bounds import MAX_INTEGER

FieldKind = TypeVar("FieldKind", bound=forms.Field)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of objects that refuses an id past 64 bits as an invalid choice.

    Django looks the chosen ids up with `pk__in`, which SQLite answers with an OverflowError (and PostgreSQL
    with an out-of-range error) for such a number instead of finding nothing."""

    def _check_values(self, value):
        for item in value or []:
            text = str(item).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > MAX_INTEGER:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text}
                )
        return super()._check_values(value)  # type: ignore[misc]  # Django's, private: not in the stubs


def field_of(form: forms.BaseForm, name: str, kind: type[FieldKind]) -> FieldKind:
    """The form's field `name` as the kind of field it is (`Form.fields` knows only `Field`), to change
    its choices, queryset or limits for one form."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field
