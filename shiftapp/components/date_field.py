"""Date and time fields in the reader's language (date_field.jsx): day/month/year and the 24-hour clock
whatever language the browser speaks, a calendar in the reader's language with weeks from Monday
(react-day-picker, MIT). The state sees ISO strings, as it did from the browser's native fields."""

from __future__ import annotations

from typing import Any

import reflex as rx

from shiftapp.state.auth import AuthState

DAY_PICKER = "react-day-picker@9.14.0"
_MODULE = rx.asset("date_field.jsx", shared=True)


def _module_path() -> str:
    path = _MODULE.importable_path if hasattr(_MODULE, "importable_path") else str(_MODULE)
    return path.split("?")[0]


def _value_spec(value: rx.Var[str]) -> tuple[rx.Var[str]]:
    return (value,)


class _LocaleField(rx.Component):
    library = _module_path()
    lib_dependencies: list[str] = [DAY_PICKER]

    value: rx.Var[str]
    # "en" or "it": the placeholder, the calendar's months and weekdays.
    lang: rx.Var[str]
    # Reflex reads the argument spec from the subscript at runtime; mypy sees a function used as a type.
    on_change: rx.EventHandler[_value_spec]  # type: ignore[type-arg, valid-type]


class LocaleDateInput(_LocaleField):
    tag = "LocaleDateInput"
    # Named fields inside a form submit the ISO date through a hidden input of this name.
    name: rx.Var[str]
    # Classes for the span around the field and its calendar button.
    wrapper_class_name: rx.Var[str]

    def add_imports(self) -> dict[str, Any]:
        return {"": "react-day-picker/style.css"}


class LocaleTimeInput(_LocaleField):
    tag = "LocaleTimeInput"


def date_input(**props: Any) -> rx.Component:
    """A date field: `value` and `on_change` in ISO ("2026-12-07", "" when cleared), any input props."""
    return LocaleDateInput.create(lang=AuthState.lang, **props)


def time_input(**props: Any) -> rx.Component:
    """A time field on the 24-hour clock: `value` and `on_change` as "HH:MM"."""
    return LocaleTimeInput.create(lang=AuthState.lang, **props)
