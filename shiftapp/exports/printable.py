"""Printable HTML sheets: one self-contained page with a print stylesheet (A4, black on white)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

STYLE = """
body { font: 11pt/1.35 system-ui, sans-serif; color: #000; background: #fff; margin: 1.5rem; }
h1 { font-size: 16pt; margin: 0 0 .25rem; } h2 { font-size: 13pt; margin: 1.25rem 0 .25rem; }
p.meta { margin: 0 0 .75rem; color: #333; }
table { border-collapse: collapse; width: 100%; margin-bottom: .75rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #555; padding: .2rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
.print-hint { border: 1px dashed #555; padding: .5rem; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 9.5pt; }
  .print-hint { display: none; }
  section { break-inside: avoid; }
  section.sheet + section.sheet { break-before: page; }
  thead { display: table-header-group; }
  th { background: none; border-bottom: 2px solid #000; }
}
"""


@dataclass(frozen=True)
class Table:
    caption: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    numeric_columns: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Section:
    heading: str
    meta: str
    tables: Sequence[Table]


def page(*, title: str, meta: str, sections: Sequence[Section], one_sheet_each: bool = False) -> str:
    """The whole HTML document. `one_sheet_each`: every section starts a new printed page."""
    body = [
        f"<header><h1>{escape(title)}</h1><p class='meta'>{escape(meta)}</p></header>",
        "<p class='print-hint' role='note'>Print this page (Ctrl+P or ⌘P) for the paper copy.</p>",
        "<main>",
    ]
    for section in sections:
        css = " class='sheet'" if one_sheet_each else ""
        body.append(f"<section{css} aria-label='{escape(section.heading, quote=True)}'>")
        body.append(f"<h2>{escape(section.heading)}</h2>")
        if section.meta:
            body.append(f"<p class='meta'>{escape(section.meta)}</p>")
        for table in section.tables:
            body.append(_table(table))
        body.append("</section>")
    body.append("</main>")
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{escape(title)}</title>"
        f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n"
    )


def _table(table: Table) -> str:
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in table.header)
    rows = [] if table.rows else [f"<tr><td colspan='{len(table.header)}'>Nothing here.</td></tr>"]
    for row in table.rows:
        cells = "".join(
            f"<td class='number'>{escape(c)}</td>" if i in table.numeric_columns else f"<td>{escape(c)}</td>"
            for i, c in enumerate(row)
        )
        rows.append(f"<tr>{cells}</tr>")
    return (
        f"<table><caption>{escape(table.caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
