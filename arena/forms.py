"""What every form shares, whichever app it belongs to."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.backends.base.operations import BaseDatabaseOperations

# What an integer column holds on every database we run on. SQLite's own range is 64-bit, so a
# bound taken from the connection would let SQLite store a count PostgreSQL refuses: the same
# form must accept the same numbers on both.
PORTABLE_RANGES = BaseDatabaseOperations.integer_field_ranges


def bound_integers(form: forms.BaseForm) -> None:
    """Give every whole-number field the range of its column (a model form's field) or of an
    integer column (a plain form's), unless it already has a narrower one: a number beyond it
    is refused with the limit ("确保该值小于或等于32767"), never stored or looked up."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    columns = {f.name: f for f in model._meta.concrete_fields} if model else {}
    for name, field in form.fields.items():
        if type(field) is not forms.IntegerField:  # DecimalField and FloatField inherit it
            continue
        column = columns.get(name)
        kind = column.get_internal_type() if column else "IntegerField"
        low, high = PORTABLE_RANGES.get(kind, PORTABLE_RANGES["IntegerField"])
        if field.max_value is None or field.max_value > high:
            field.max_value = high
            field.validators.append(MaxValueValidator(high))
            field.widget.attrs["max"] = high
        field.to_python = _written_digits_only(field)
        if field.min_value is None or field.min_value < low:
            field.min_value = low
            field.validators.append(MinValueValidator(low))
            field.widget.attrs["min"] = low


WHOLE_NUMBER = re.compile(r"\s*-?[0-9０-９]+\s*")


def _written_digits_only(field: forms.IntegerField):
    """The field's parser, refusing what int() takes but nobody writes: "1_000", "١٠"."""
    parse = field.to_python

    def to_python(value):
        if isinstance(value, str) and value.strip() and not WHOLE_NUMBER.fullmatch(value):
            raise ValidationError(field.error_messages["invalid"], code="invalid")
        return parse(value)

    return to_python


def error_lines(form: forms.BaseForm) -> list[str]:
    """A refused form's errors as lines to show above a page, each with its field's label
    ("名额：请输入整数"); errors of the whole form as they are."""
    return [
        f"{form.fields[name].label or name}：{error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]


def refused_status(*forms_shown: forms.BaseForm) -> int:
    """422 when a page shows a posted form again with its errors (the request did nothing),
    200 otherwise: clients and tests tell a refusal from a page by its status."""
    return 422 if any(f.is_bound and f.errors for f in forms_shown) else 200


def partial_update(form_class: type[forms.ModelForm], data, instance, **kwargs) -> forms.ModelForm:
    """A model form bound to the posted data, where every field the request leaves out keeps
    the instance's value: an integrator changes one setting without re-posting them all. A page
    that posts the whole form says so with FULL_FORM (an unticked checkbox posts nothing, which
    must read as "off" there, not as "not sent")."""
    if data.get(FULL_FORM):
        return form_class(data, instance=instance, **kwargs)
    blank = form_class(instance=instance, **kwargs)
    merged = data.copy()
    for name in blank.fields:
        key = blank.add_prefix(name)
        value = blank[name].value()
        if key in data or value is None or value is False:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        merged.setlist(key, ["on" if v is True else str(v) for v in values])
    return form_class(merged, instance=instance, **kwargs)


FULL_FORM = "full_form"  # a hidden field of a page's form: every field is posted
