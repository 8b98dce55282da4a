"""Text a service makes for someone who reads it later (an inbox message, a job's progress line): kept as
its English template and parameters, so it is rendered in the language of whoever reads it, when they
read it, and a change of language on the profile changes old messages too.

`Message` is a `Localized` value like a date or a time window, so messages nest (a notification's body
that quotes a shift's description). `to_json`/`from_json` store one in a JSON column; a parameter is a
plain value or one of the `Localized` kinds listed in `STORABLE`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from shiftapp.i18n.catalogue import ITALIAN
from shiftapp.i18n.dates import format_date, month_name, weekday_name
from shiftapp.i18n.translate import translate
from shiftapp.i18n.values import Day, Hours, Localized, MonthDay, Number, Term, Weekday, Window

KIND = "$"


@dataclass(frozen=True, slots=True, init=False)
class Message(Localized):
    """An English template with `{name}` fields and their values, rendered per language on demand."""

    text: str
    params: dict[str, Any]

    def __init__(self, text: str, /, **params: Any) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "params", params)

    def render(self, lang: str) -> str:
        return translate(self.text, lang, **self.params)

    def __str__(self) -> str:
        return self.render("en")


@dataclass(frozen=True, slots=True)
class Lines(Localized):
    """Several texts, one per line (a list of shifts in a message), or one after another."""

    items: tuple[Any, ...]
    prefix: str = ""
    separator: str = "\n"

    def render(self, lang: str) -> str:
        return self.separator.join(self.prefix + _rendered(item, lang) for item in self.items)


@dataclass(frozen=True, slots=True)
class ShiftWhen(Localized):
    """A shift as a message names it, in the bureaus' local time: "Mon 14 Dec 2026, 08:00–14:00 (Rome,
    Morning)" / "lun 14 dic 2026, 08:00–14:00 (Rome, Mattina)". The English reading is what the messages
    always said."""

    start: datetime
    end: datetime
    bureau: str | None = None
    shift_type: str | None = None

    def render(self, lang: str) -> str:
        s, e = self.start, self.end
        if lang == "it":
            day = format_date(s, lang)
            kind = ITALIAN.get(self.shift_type, self.shift_type) if self.shift_type else None
        else:
            day = f"{s:%a %d %b %Y}"
            kind = self.shift_type
        extra = ", ".join(x for x in (self.bureau, kind) if x)
        return f"{day}, {s:%H:%M}–{e:%H:%M}" + (f" ({extra})" if extra else "")


@dataclass(frozen=True, slots=True)
class DayLabel(Localized):
    """A date as the messages name it: "Mon 07 Dec 2026" / "lun 7 dic 2026"."""

    day: date

    def render(self, lang: str) -> str:
        return format_date(self.day, lang) if lang == "it" else f"{self.day:%a %d %b %Y}"


@dataclass(frozen=True, slots=True)
class ShortWhen(Localized):
    """A shift's day and times without the year: "Mon 14 Dec 08:00–14:00" / "lun 14 dic 08:00–14:00"."""

    start: datetime
    end: datetime

    def render(self, lang: str) -> str:
        s, e = self.start, self.end
        if lang == "it":
            day = f"{weekday_name(s.weekday(), lang, short=True)} {s.day} {month_name(s.month, lang, short=True)}"
        else:
            day = f"{s:%a %d %b}"
        return f"{day} {s:%H:%M}–{e:%H:%M}"


@dataclass(frozen=True, slots=True)
class VehicleName(Localized):
    """A delivery unit as people call it, its plate and its type: "CA 123-456 (truck)" / "CA 123-456 (camion)"."""

    plate: str
    kind: str = ""

    def render(self, lang: str) -> str:
        if not self.kind:
            return self.plate
        return f"{self.plate} ({ITALIAN.get(self.kind, self.kind) if lang == 'it' else self.kind})"


def _rendered(value: Any, lang: str) -> str:
    return value.render(lang) if isinstance(value, Localized) else str(value)


STORABLE: dict[str, type[Localized]] = {
    cls.__name__: cls
    for cls in (
        Message,
        Lines,
        ShiftWhen,
        ShortWhen,
        DayLabel,
        VehicleName,
        Day,
        Hours,
        MonthDay,
        Number,
        Term,
        Weekday,
        Window,
    )
}


def _encode(value: Any) -> Any:
    if isinstance(value, Message):
        return {KIND: "Message", "text": value.text, "params": {k: _encode(v) for k, v in value.params.items()}}
    if isinstance(value, Localized):
        name = type(value).__name__
        if name not in STORABLE:
            raise TypeError(f"{name} cannot be stored in a message; add it to STORABLE")
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}  # type: ignore[arg-type]
        return {KIND: name, **fields}
    if isinstance(value, datetime):
        return {KIND: "datetime", "value": value.isoformat()}
    if isinstance(value, date):
        return {KIND: "date", "value": value.isoformat()}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if not isinstance(value, dict):
        return value
    name = value.get(KIND)
    if name == "datetime":
        return datetime.fromisoformat(value["value"])
    if name == "date":
        return date.fromisoformat(value["value"])
    if name == "Message":
        return Message(str(value["text"]), **{k: _decode(v) for k, v in dict(value.get("params") or {}).items()})
    cls = STORABLE.get(str(name))
    if cls is None:
        raise ValueError(f"unknown stored text kind {name!r}")
    return cls(**{k: _decode(v) for k, v in value.items() if k != KIND})


def to_json(message: Message) -> dict[str, Any]:
    encoded: dict[str, Any] = _encode(message)
    return encoded


def from_json(data: Any) -> Message | None:
    """The stored message, or None for anything that is not one (a row written before messages were kept):
    the caller then shows the row's plain text."""
    if not isinstance(data, dict) or data.get(KIND) != "Message":
        return None
    try:
        decoded = _decode(data)
    except (KeyError, TypeError, ValueError):
        return None
    return decoded if isinstance(decoded, Message) else None


def render(value: str | Localized, lang: str) -> str:
    """A plain text translated (when the catalogue has it) or a message rendered, in `lang`."""
    return value.render(lang) if isinstance(value, Localized) else translate(value, lang)
