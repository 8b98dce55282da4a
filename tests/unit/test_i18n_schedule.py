"""The schedule page in Italian: every text its page, state and services hand to the translator (or show
as a refusal) has an Italian entry, and the text the services make for the page reads in both languages,
the English as it always was."""

from __future__ import annotations

import ast
import pathlib
from datetime import UTC, date, datetime

from shiftapp.i18n import ITALIAN, fields_of

SHIFTAPP = pathlib.Path(__file__).resolve().parents[2] / "shiftapp"
SCHEDULE_MODULES = [
    "pages/timeline.py",
    "state/timeline.py",
    "state/week_rows.py",
    "services/timeline_axis.py",
    "services/timeline_rows.py",
    "services/timeline_changes.py",
    "components/timeline_axis.py",
    "shiftapp.py",  # every page's browser tab title
]
TRANSLATORS = {"t", "tf", "_t", "translate", "page_shell", "page_title"}
# Refusals the page shows as they are raised (state/base.py error_toast translates their text).
REFUSALS = {"ValidationFailed", "NotFound", "Forbidden", "Conflict", "HardConflicts"}


def _texts(module: str) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse((SHIFTAPP / module).read_text())):
        if isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            first = node.args[0]
            # self._t("a" if forced else "b") hands over both texts.
            options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            if name in TRANSLATORS | REFUSALS:
                found += [o.value for o in options if isinstance(o, ast.Constant) and isinstance(o.value, str)]
    return found


def _constants() -> list[str]:
    """Texts kept in module constants and tables, translated where they are used."""
    from shiftapp.services.timeline_axis import ROLE_LABELS, STATUS_MARKS, needs_role
    from shiftapp.state.timeline import AXIS_TEXTS, MOVE_HINT, NOT_EDITOR

    return [
        MOVE_HINT,
        NOT_EDITOR,
        *AXIS_TEXTS.values(),
        *ROLE_LABELS.values(),
        *(words for _mark, words in STATUS_MARKS.values()),
        ". Hard conflict: {problem}",
        ". Soft conflict: {problem}",
        # Refusals of services/shifts.py and services/planning.py the page's changes and publish can meet.
        "This shift was changed by someone else meanwhile; reload it and try again",
        "end_time must be after start_time",
        "A shift may last at most 24 hours",
        "Publishing past hard conflicts needs a reason",
        "Assignment not found",
        # The audit dialog's changes and what they were made to (the shift's and the plan's audit).
        *("create", "update", "delete", "publish", "status", "shift", "assignment", "schedule"),
        # What timeline_changes.py refuses a write with when a check turns up hard conflicts unforced.
        "This change would create conflicts",
        "These changes would create conflicts",
        "This shift would create conflicts",
        needs_role("senior"),
        needs_role("editor"),
        # timeline_changes.py's templates naming a role, in their "a" and "an" forms (`_with_role`).
        "make {what} a {role} shift",
        "make {what} an {role} shift",
        "Add a {role} shift on {when} for {who}",
        "Add an {role} shift on {when} for {who}",
    ]


def test_every_text_of_the_schedule_page_has_an_italian_entry_with_the_same_fields():
    texts = [(module, text) for module in SCHEDULE_MODULES for text in _texts(module)]
    texts += [("constants", text) for text in _constants()]
    assert len(texts) > 150  # the scan sees the page's texts (a broken scan would pass vacuously)
    assert sorted({(module, text) for module, text in texts if text not in ITALIAN}) == []
    assert [text for _m, text in texts if fields_of(ITALIAN[text]) != fields_of(text)] == []


def _axis(lang: str):
    from zoneinfo import ZoneInfo

    from shiftapp.models import Assignment, Employee, Shift
    from shiftapp.services.timeline_axis import build_axis

    tz = ZoneInfo("Europe/Rome")
    anna = Employee(id="e1", email="anna@example.com", full_name="Anna", shift_role="editor", bureau_id="b1")
    shift = Shift(
        id="s1",
        bureau_id="b1",
        start_at=datetime(2026, 12, 7, 7, tzinfo=UTC),
        end_at=datetime(2026, 12, 7, 15, tzinfo=UTC),
        capacity=2,
        required_role="editor",
        status="draft",
    )
    placed = Assignment(id="a1", shift_id="s1", employee_id="e1", status="proposed", source="auto")
    return build_axis(
        tz=tz,
        first=date(2026, 12, 7),
        last=date(2026, 12, 13),
        bureaus={"b1": "Roma"},
        selected=["b1"],
        people=[anna],
        shifts=[shift],
        assignments=[placed],
        conflicts=[],
        can_edit=True,
        lang=lang,
    )


def test_the_axis_reads_in_italian_and_its_english_is_unchanged():
    english, italian = _axis("en"), _axis("it")
    assert [g.title for g in english.groups] == ["Open shifts", "Roma · Editor", "Anna"]
    assert [g.title for g in italian.groups] == ["Turni scoperti", "Roma · Redattore", "Anna"]
    assert english.groups[2].subtitle == "8 h this week"
    assert italian.groups[2].subtitle == "8 h questa settimana"
    person, opened = english.items[0], english.items[1]
    assert person.aria == "Anna, Shift in Roma, Mon 07 Dec 08:00–16:00, draft, not published, proposed by auto"
    assert opened.label == "08:00–16:00 · 1 open"
    assert opened.aria.endswith("1 place(s) open, needs an editor, draft, not published")
    person_it, opened_it = italian.items[0], italian.items[1]
    assert person_it.aria == (
        "Anna, Turno a Roma, lun 7 dic 08:00–16:00, bozza, non pubblicato, proposto (assegnazione automatica)"
    )
    assert opened_it.label == "08:00–16:00 · 1 scoperti"
    assert "richiede il ruolo redattore" in opened_it.aria
    assert english.cover_lines == ["Mon 07 Dec: 1 of 2 places filled"]
    assert italian.cover_lines == ["lun 7 dic: 1 posti coperti su 2"]


def test_the_window_heading_names_days_and_months_in_the_readers_language():
    from shiftapp.services.timeline_axis import window_label

    monday, sunday = date(2026, 12, 7), date(2026, 12, 13)
    assert window_label("week", monday, sunday) == "Week 50: Mon 07 Dec – Sun 13 Dec 2026"
    assert window_label("week", monday, sunday, "it") == "Settimana 50: lun 7 dic – dom 13 dic 2026"
    assert window_label("day", monday, monday) == "Monday 07 December 2026"
    assert window_label("day", monday, monday, "it") == "lunedì 7 dicembre 2026"
    assert window_label("month", date(2026, 12, 1), date(2026, 12, 31), "it") == "dicembre 2026"
    assert window_label("month", date(2026, 12, 1), date(2026, 12, 31)) == "December 2026"
