"""Dates, times and weekdays in the reader's language, from small tables (no locale database: the
app speaks two languages, and the server's C locale must not decide what people read).

English: "Mon 7 Dec 2026"; Italian: "lun 7 dic 2026". Times are on the 24-hour clock in both."""

from __future__ import annotations

from datetime import date, datetime, time

from shiftapp.i18n.languages import Language, language_or_default

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
}
WEEKDAYS_SHORT: dict[str, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "it": ("lun", "mar", "mer", "gio", "ven", "sab", "dom"),
}
MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "it": (
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
}
MONTHS_SHORT: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "it": ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"),
}


def _day(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def weekday_name(index: int, lang: Language | str, *, short: bool = False) -> str:
    """Monday is 0, as in `date.weekday()`."""
    table = WEEKDAYS_SHORT if short else WEEKDAYS
    return table[language_or_default(lang)][index]


def month_name(month: int, lang: Language | str, *, short: bool = False) -> str:
    table = MONTHS_SHORT if short else MONTHS
    return table[language_or_default(lang)][month - 1]


def format_date(value: date | datetime | str, lang: Language | str) -> str:
    """Weekday, day, month and year: "Mon 7 Dec 2026" / "lun 7 dic 2026"."""
    d = _day(value)
    return f"{format_day(d, lang)} {d.year}"


def format_day(value: date | datetime | str, lang: Language | str) -> str:
    """Weekday, day and month, for dates near today: "Mon 7 Dec" / "lun 7 dic"."""
    d = _day(value)
    return f"{weekday_name(d.weekday(), lang, short=True)} {d.day} {month_name(d.month, lang, short=True)}"


def format_long_day(value: date | datetime | str, lang: Language | str) -> str:
    """ "Monday 7 December" / "lunedì 7 dicembre"."""
    d = _day(value)
    return f"{weekday_name(d.weekday(), lang)} {d.day} {month_name(d.month, lang)}"


def format_month(year: int, month: int, lang: Language | str) -> str:
    """ "December 2026" / "dicembre 2026"."""
    return f"{month_name(month, lang)} {year}"


def format_time(value: time | datetime) -> str:
    """The 24-hour clock in both languages: "07:30"."""
    return f"{value:%H:%M}"
