"""Layout primitives that hold up on a phone: tables whose rows become labelled cards under 768 px
(assets/layout.css), and rows of controls that wrap instead of overflowing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx

STYLESHEET = "/layout.css"


def card_table(headers: Sequence[str | rx.Var], rows: Any, render_row: Any, **props: Any) -> rx.Component:
    """A table on wide screens; on phones each row is a card and each cell shows its column name
    (build the cells with `cell` / `row_header` and the same header text)."""
    class_name = " ".join(filter(None, ("card-table", props.pop("class_name", ""))))
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(rows, render_row)),
        class_name=class_name,
        **props,
    )


def cell(label: str | rx.Var, *children: Any, **props: Any) -> rx.Component:
    """A table cell that names its column when the table is shown as cards ('' for action cells)."""
    return rx.table.cell(*children, custom_attrs={"data-label": label}, **props)


def row_header(label: str | rx.Var, *children: Any, **props: Any) -> rx.Component:
    return rx.table.row_header_cell(*children, custom_attrs={"data-label": label}, **props)


def scroll_region(label: str | rx.Var, *children: rx.Component, **props: Any) -> rx.Component:
    """A wide table that scrolls sideways inside its own box. The box takes keyboard focus (arrow keys then
    scroll it) and is a named region; Radix's own scroll area inside it stays put (assets/layout.css), since
    with nothing focusable in it (a read-only schedule) a keyboard could not scroll it."""
    class_name = " ".join(filter(None, ("scroll-region", props.pop("class_name", ""))))
    return rx.box(*children, tab_index=0, role="region", aria_label=label, class_name=class_name, width="100%", **props)


def label_id(control_id: str) -> str:
    return f"{control_id}-label"


def field(label: str | rx.Var, control_id: str, control: rx.Component, **props: Any) -> rx.Component:
    """A control with its visible label (above it; `direction="row"` puts it beside). `<label for>` names
    inputs and native selects. A Radix select's trigger is a button, which a label does not name for every
    screen reader (nor for axe): give it `aria_labelledby=label_id(control_id)` too."""
    return rx.flex(
        rx.el.label(label, html_for=control_id, id=label_id(control_id), class_name="field-label"),
        control,
        direction=props.pop("direction", "column"),
        spacing=props.pop("spacing", "1"),
        align=props.pop("align", "start"),
        **props,
    )


def wrapping_row(*children: rx.Component, **props: Any) -> rx.Component:
    """Controls side by side that wrap onto the next line on a narrow screen."""
    return rx.flex(
        *children, wrap="wrap", spacing=props.pop("spacing", "2"), align=props.pop("align", "center"), **props
    )
