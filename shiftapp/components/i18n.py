"""Page text in the reader's language. Reflex compiles a page once, so each text is both languages and
the browser shows the one `AuthState.lang` names: switching language needs no reload."""

from __future__ import annotations

import string
from typing import Any

import reflex as rx

from shiftapp.i18n import ITALIAN, LANGUAGE_NAMES
from shiftapp.state.auth import AuthState

# What a page helper may take as its label: plain text or a `t(...)` of it.
Text = str | rx.Var


def t(text: str) -> rx.Var:
    """`text` (English) or its Italian translation, as the signed-in person chose. A text missing from
    the catalogue fails when the page is built, not in front of an Italian reader."""
    italian = ITALIAN[text]
    return rx.cond(AuthState.lang == "it", italian, text)  # type: ignore[return-value]


def page_title(text: str) -> rx.Var:
    """A browser tab's title ("Schedule · shiftapp") in the reader's language. Reflex renders a page's title
    in the page itself (React puts it in the document's head), so a Var follows the language like any text."""
    return rx.cond(AuthState.lang == "it", f"{ITALIAN[text]} · shiftapp", f"{text} · shiftapp")  # type: ignore[return-value]


def lang_attrs() -> dict[str, Any]:
    """`lang` on a page's outermost element, so the page's own text is announced in its language from
    the first render (the `<html>` element follows once the page has loaded)."""
    return {"lang": AuthState.lang}


def tf(text: str, **params: Any) -> rx.Var:
    """A text with `{name}` fields filled by state vars, in the reader's language
    (`tf("Approve the claim of {name}", name=row["employee_name"])`)."""
    return rx.cond(AuthState.lang == "it", _joined(ITALIAN[text], params), _joined(text, params))  # type: ignore[return-value]


def _joined(template: str, params: dict[str, Any]) -> rx.Var:
    joined: rx.Var = rx.Var.create("")
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            joined = joined + literal  # type: ignore[operator]
        if name:
            value = params[name]
            joined = joined + (value.to(str) if isinstance(value, rx.Var) else str(value))  # type: ignore[operator]
    return joined


def language_select(id_: str, value: Any, on_change: Any) -> rx.Component:
    """A choice of the languages the app speaks, each named in its own words, so either reader finds theirs."""
    return rx.el.select(
        *[rx.el.option(name, value=code) for code, name in LANGUAGE_NAMES.items()],
        id=id_,
        value=value,
        on_change=on_change,
        style={"padding": "6px", "minWidth": "180px"},
    )
