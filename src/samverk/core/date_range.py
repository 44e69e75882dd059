"""The range of dates samverk accepts from people and API clients, in one place.

Python, PostgreSQL and SQLite disagree at the edges of the calendar: PostgreSQL stores a
meeting "in year 1" in a Berlin time zone as a date BC, which Python then cannot read (every
list with it answered 500). So forms and API serializers accept only dates and times in the
years ``EARLIEST_YEAR``..``LATEST_YEAR`` and answer with a field error otherwise:

- forms: the ``DateField`` and ``DateTimeField`` below, and ``formfield_callback`` in the
  ``Meta`` of model forms with date fields;
- API: ``samverk.core.api.ScopedModelSerializer`` adds the validator to every date field
  (``guard_serializer_fields``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

EARLIEST_YEAR = 1900
LATEST_YEAR = 2200


def validate_year_in_range(value: dt.date | dt.datetime | None) -> None:
    """A date or date and time (in the current time zone) of the years samverk accepts."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Enter a date between the years %(earliest)s and %(latest)s."),
            code="date_range",
            params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )


class DateField(forms.DateField):
    default_validators = [validate_year_in_range]


class DateTimeField(forms.DateTimeField):
    default_validators = [validate_year_in_range]


def formfield_callback(db_field: models.Field[Any, Any], **kwargs: Any) -> Any:
    """``Meta.formfield_callback`` of model forms: date fields get the range check; an
    address typed without a scheme is taken as https (as Django 6 will)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    if isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateTimeField)
    elif isinstance(db_field, models.DateField):
        kwargs.setdefault("form_class", DateField)
    return db_field.formfield(**kwargs)


DATE_FORM_FIELDS = (forms.DateField, forms.DateTimeField)
DATE_SERIALIZER_FIELDS = (serializers.DateField, serializers.DateTimeField)


def guard_serializer_fields(fields: dict[str, serializers.Field]) -> None:
    """Give every writable date field of a serializer the range check."""
    for field in fields.values():
        if isinstance(field, DATE_SERIALIZER_FIELDS) and not field.read_only:
            if validate_year_in_range not in field.validators:
                field.validators.append(validate_year_in_range)
