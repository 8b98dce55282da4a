"""CSV and XLSX tables: read back, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from shiftapp.exports.printable import Section, Table, page
from shiftapp.exports.tables import csv_bytes, xlsx_bytes

HEADER = ("Date", "Employee", "Hours")
ROWS = [["2026-03-28", "Sofia Romano", 8.0], ["2026-03-29", '=HYPERLINK("http://x")', 7]]


def test_csv_reads_back_with_header_rows_and_accents():
    text = csv_bytes(HEADER, [["2026-03-28", "Niccolò Bianchi", 8.0]]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [list(HEADER), ["2026-03-28", "Niccolò Bianchi", "8.0"]]


def test_text_that_looks_like_a_formula_is_written_as_text():
    rows = list(csv.reader(io.StringIO(csv_bytes(HEADER, ROWS).decode("utf-8-sig"))))
    assert rows[2][1] == '\'=HYPERLINK("http://x")'
    sheet = load_workbook(io.BytesIO(xlsx_bytes("Milan schedule", HEADER, ROWS))).active
    assert sheet["B3"].value == '\'=HYPERLINK("http://x")'
    assert sheet["B3"].data_type == "s"


def test_xlsx_holds_the_rows_with_numbers_as_numbers():
    sheet = load_workbook(io.BytesIO(xlsx_bytes("Rome: week [12]", HEADER, ROWS))).active
    assert sheet.title == "Rome week 12"
    assert [c.value for c in sheet[1]] == list(HEADER)
    assert [c.value for c in sheet[2]] == ["2026-03-28", "Sofia Romano", 8.0]
    assert sheet.freeze_panes == "A2"


def test_printable_page_escapes_text_and_has_a_print_stylesheet():
    html = page(
        title="Rota <Rome>",
        meta="week 12",
        sections=[Section(heading="Week", meta="", tables=[Table("By person", ["Person"], [["<script>x</script>"]])])],
    )
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    assert "@media print" in html and "<main>" in html and "<th scope='col'>Person</th>" in html
