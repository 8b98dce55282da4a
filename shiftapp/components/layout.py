"""Layout primitives that hold up on a phone: tables whose rows become labelled cards under 768 px
(assets/layout.css), and rows of controls that wrap instead of overflowing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx

STYLESHEET = "/layout.css"


def card_table(headers: Sequence[str], rows: Any, render_row: Any, **props: Any) -> rx.Component:
    """A table on wide screens; on phones each row is a card and each cell shows its column name
    (build the cells with `cell` / `row_header` and the same header text)."""
    class_name = " ".join(filter(None, ("card-table", props.pop("class_name", ""))))
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(rows, render_row)),
        class_name=class_name,
        **props,
    )


def cell(label: str, *children: Any, **props: Any) -> rx.Component:
    """A table cell that names its column when the table is shown as cards ('' for action cells)."""
    return rx.table.cell(*children, custom_attrs={"data-label": label}, **props)


def row_header(label: str, *children: Any, **props: Any) -> rx.Component:
    return rx.table.row_header_cell(*children, custom_attrs={"data-label": label}, **props)


def wrapping_row(*children: rx.Component, **props: Any) -> rx.Component:
    """Controls side by side that wrap onto the next line on a narrow screen."""
    return rx.flex(
        *children, wrap="wrap", spacing=props.pop("spacing", "2"), align=props.pop("align", "center"), **props
    )
