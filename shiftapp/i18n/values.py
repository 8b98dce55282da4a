"""Parameters that read differently per language: a rule message keeps these, not finished text, so it
can be shown in either language. The English renderings are exactly what the messages always said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from shiftapp.i18n.catalogue import ITALIAN
from shiftapp.i18n.dates import format_date, month_name, weekday_name


class Localized:
    """A parameter that renders itself per language (a plain base class: `isinstance` on it is cheap, which
    matters when a plan has thousands of conflicts)."""

    __slots__ = ()

    def render(self, lang: str) -> str:
        raise NotImplementedError


def _number(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "it" else text


@dataclass(frozen=True, slots=True)
class Number(Localized):
    """A figure such as 7.5: a decimal comma in Italian."""

    value: float

    def render(self, lang: str) -> str:
        return _number(self.value, lang)


@dataclass(frozen=True, slots=True)
class Hours(Localized):
    """A duration in hours: "8 h", "8.5 h" ("8,5 h")."""

    hours: float

    def render(self, lang: str) -> str:
        whole = self.hours == int(self.hours)
        text = f"{self.hours:g} h" if whole else f"{self.hours:.1f} h"
        return text.replace(".", ",") if lang == "it" else text


@dataclass(frozen=True, slots=True)
class Window(Localized):
    """A shift's local weekday and times: "Mon 07:00–15:00" / "lun 07:00–15:00"."""

    start: datetime
    end: datetime

    def render(self, lang: str) -> str:
        s, e = self.start, self.end
        return f"{weekday_name(s.weekday(), lang, short=True)} {s:%H:%M}–{e:%H:%M}"


@dataclass(frozen=True, slots=True)
class Day(Localized):
    """A date: ISO in English messages (as they always were), "lun 7 dic 2026" in Italian."""

    day: date

    def render(self, lang: str) -> str:
        return format_date(self.day, lang) if lang == "it" else self.day.isoformat()


@dataclass(frozen=True, slots=True)
class MonthDay(Localized):
    """A date without its year: "Dec 07" / "7 dic"."""

    day: date

    def render(self, lang: str) -> str:
        if lang == "it":
            return f"{self.day.day} {month_name(self.day.month, lang, short=True)}"
        return f"{month_name(self.day.month, 'en', short=True)} {self.day.day:02d}"


@dataclass(frozen=True, slots=True)
class Weekday(Localized):
    index: int

    def render(self, lang: str) -> str:
        return weekday_name(self.index, lang)


@dataclass(frozen=True, slots=True)
class Term(Localized):
    """A word from the app's own vocabulary (a role, a status): translated when the catalogue has it."""

    word: str

    def render(self, lang: str) -> str:
        return ITALIAN.get(self.word, self.word) if lang == "it" else self.word
