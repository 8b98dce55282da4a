"""Italian and English (issue 21): the catalogue (English source text to Italian), `translate` for
text made on the server, and dates, times and weekdays per language.

Pure standard library, like the rule engine that uses it for its messages."""

from shiftapp.i18n.catalogue import ITALIAN
from shiftapp.i18n.context import reading, reading_language
from shiftapp.i18n.dates import (
    format_date,
    format_day,
    format_long_day,
    format_month,
    format_time,
    month_name,
    weekday_name,
)
from shiftapp.i18n.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    LANGUAGES,
    Language,
    language_from_accept,
    language_or_default,
)
from shiftapp.i18n.translate import Localized, fields_of, template_for, translate

__all__ = [
    "DEFAULT_LANGUAGE",
    "ITALIAN",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "Language",
    "Localized",
    "fields_of",
    "format_date",
    "format_day",
    "format_long_day",
    "format_month",
    "format_time",
    "language_from_accept",
    "language_or_default",
    "month_name",
    "reading",
    "reading_language",
    "template_for",
    "translate",
    "weekday_name",
]
