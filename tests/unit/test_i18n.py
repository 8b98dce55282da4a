"""Italian and English: the catalogue is complete and keeps every text's fields, pages use only catalogued
texts, dates read right in both languages, and the rule engine's messages exist in both."""

from __future__ import annotations

import ast
import pathlib
from datetime import date, datetime

import pytest

from shiftapp.i18n import (
    ITALIAN,
    fields_of,
    format_date,
    format_day,
    format_long_day,
    format_month,
    format_time,
    language_from_accept,
    translate,
)
from shiftapp.rules import RuleSettings, evaluate
from tests.unit.rules.plan_builders import at, leave, person, plan, prefs, shift

SHIFTAPP = pathlib.Path(__file__).resolve().parents[2] / "shiftapp"


@pytest.mark.parametrize("english", sorted(ITALIAN))
def test_every_catalogue_text_has_an_italian_translation_with_the_same_fields(english):
    italian = ITALIAN[english]
    assert italian.strip(), f"no Italian for {english!r}"
    assert fields_of(italian) == fields_of(english), english
    # Texts put together from pieces ("Welcome, " + name) keep their edges.
    assert italian[:1].isspace() == english[:1].isspace() and italian[-1:].isspace() == english[-1:].isspace()


def _literal_texts() -> list[tuple[str, str]]:
    """Every literal handed to t(), tf(), page_shell() and not_allowed() in the app's pages and components."""
    found = []
    for path in [*SHIFTAPP.joinpath("pages").glob("*.py"), *SHIFTAPP.joinpath("components").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name in {"t", "tf", "page_shell", "not_allowed"} and isinstance(node.args[0].value, str):
                    found.append((path.name, node.args[0].value))
    return found


def test_pages_use_only_texts_the_catalogue_translates():
    texts = _literal_texts()
    assert len(texts) > 200  # the scan sees the pages' texts (a broken scan would pass vacuously)
    assert [(file, text) for file, text in texts if text not in ITALIAN] == []


def test_the_navigation_and_the_roles_read_in_both_languages():
    from shiftapp.models import AccessRole, Employee
    from shiftapp.services.access import navigation_for

    admin = Employee(email="a@example.com", full_name="A", access_role="admin", is_team_leader=True)
    labels = [item["label"] for item in navigation_for(admin)]
    assert len(labels) >= 14 and [label for label in labels if label not in ITALIAN] == []
    assert [role.value for role in AccessRole if role.value not in ITALIAN] == []
    assert translate("My shifts", "it") == "I miei turni" and translate("My shifts", "en") == "My shifts"


def test_dates_times_and_weekdays_in_each_language():
    day = date(2026, 12, 7)  # a Monday
    assert format_date(day, "en") == "Mon 7 Dec 2026"
    assert format_date(day, "it") == "lun 7 dic 2026"
    assert format_day("2026-12-13", "en") == "Sun 13 Dec"
    assert format_day("2026-12-13", "it") == "dom 13 dic"
    assert format_long_day(day, "it") == "lunedì 7 dicembre"
    assert format_long_day(day, "en") == "Monday 7 December"
    assert format_month(2027, 1, "it") == "gennaio 2027"
    assert format_month(2027, 1, "en") == "January 2027"
    assert format_time(datetime(2026, 12, 7, 21, 5)) == "21:05"  # 24-hour clock in both
    assert format_date(day, "fr") == "Mon 7 Dec 2026"  # anything else reads as English


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("it-IT,it;q=0.9,en;q=0.8", "it"),
        ("en-GB,en;q=0.9,it;q=0.8", "en"),
        ("fr-FR,it;q=0.5", "it"),
        ("de-DE,fr;q=0.9", "en"),
        ("en;q=0.1,it;q=0.9", "it"),
        ("it;q=0", "en"),
        ("it;q=abc", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_the_browser_language_picks_italian_or_english(header, language):
    assert language_from_accept(header) == language


def test_translate_fills_fields_and_falls_back_to_english():
    assert translate("Inbox ({count} unread)", "it", count=3) == "Notifiche (3 da leggere)"
    assert translate("Inbox ({count} unread)", "en", count=3) == "Inbox (3 unread)"
    assert translate("A text nobody translated", "it") == "A text nobody translated"


SETTINGS = RuleSettings(timezone="UTC")


def _messages(plan_, code):
    [conflict] = [c for c in evaluate(plan_, SETTINGS) if c.code == code]
    return conflict.message, conflict.text("en"), conflict.text("it")


def test_a_double_booking_reads_in_both_languages_and_english_is_unchanged():
    p = plan(
        [shift("s1", 0, 8), shift("s2", 0, 12, bureau_id="rome", bureau_name="Rome")],
        [("s1", "e1"), ("s2", "e1")],
        people=[person("e1", name="Giulia Rossi")],
    )
    message, english, italian = _messages(p, "double_booking")
    assert (
        message
        == english
        == "Giulia Rossi is already scheduled Mon 08:00–16:00 and also Mon 12:00–20:00 in Rome on Nov 02"
    )
    assert italian == "Giulia Rossi è già in turno lun 08:00–16:00 e anche lun 12:00–20:00 a Rome il 2 nov"


def test_a_short_rest_reads_in_both_languages():
    p = plan([shift("s1", 0, 8), shift("s2", 0, 22.5)], [("s1", "e1"), ("s2", "e1")])
    message, english, italian = _messages(p, "min_rest")
    assert (
        message
        == english
        == ("Person e1 has only 6.5 h rest between Mon 08:00–16:00 and Mon 22:30–06:30; 11 h required")
    )
    assert italian == "Person e1 ha solo 6,5 h di riposo tra lun 08:00–16:00 e lun 22:30–06:30; ne servono 11 h"


def test_leave_and_preference_conflicts_read_in_both_languages():
    p = plan(
        [shift("s1", 2, 8, shift_type="Night")],
        [("s1", "e1")],
        leaves=[leave("e1", at(2, 0), at(3, 0))],
        preferences=[prefs("e1", days=["Monday"], shifts=["Morning"])],
    )
    _, english, italian = _messages(p, "leave_overlap")
    assert english == "Person e1 is on leave during the shift Wed 08:00–16:00 on 2026-11-04"
    assert italian == "Person e1 è in ferie durante il turno mer 08:00–16:00 di mer 4 nov 2026"
    _, english, italian = _messages(p, "preference_mismatch")
    assert english == (
        "Person e1 does not work Wednesdays by preference and prefers morning shifts; "
        "assigned Wed 08:00–16:00 on 2026-11-04"
    )
    assert italian == (
        "Person e1 per preferenza non lavora di mercoledì e preferisce i turni morning; "
        "assegnato mer 08:00–16:00 di mer 4 nov 2026"
    )


def test_a_role_mismatch_names_the_roles_in_italian():
    p = plan([shift("s1", 0, 8, required_role="editor")], [("s1", "e1")], people=[person("e1", role="driver")])
    _, english, italian = _messages(p, "role_match")
    # "needs a editor" was a slip: the roles are named as roles, so no article has to agree with them.
    assert english == "Person e1 has the role driver; the shift Mon 08:00–16:00 on 2026-11-02 needs the role editor"
    assert (
        italian
        == "Person e1 ha il ruolo autista; il turno lun 08:00–16:00 di lun 2 nov 2026 richiede il ruolo redattore"
    )


def test_a_stored_conflict_reads_in_the_language_of_whoever_asks():
    from shiftapp.i18n import reading
    from shiftapp.models import StoredConflict
    from shiftapp.services.conflicts import ITALIAN_MESSAGE, _message_for_reader

    row = StoredConflict(
        key="k",
        message="Shift Mon 07:00–15:00 on 2026-12-07 has 1 open place(s)",
        rule_code="understaffed",
        severity="soft",
        level="medium",
        details={ITALIAN_MESSAGE: "Il turno lun 07:00–15:00 di lun 7 dic 2026 ha 1 posti scoperti"},
    )
    with reading("it"):
        assert _message_for_reader(row).startswith("Il turno lun 07:00–15:00")
    with reading("en"):
        assert _message_for_reader(row) == row.message
    older = StoredConflict(key="k2", message="English only", rule_code="x", severity="soft", level="low", details={})
    with reading("it"):
        assert _message_for_reader(older) == "English only"  # stored before the Italian reading was kept


def test_a_repeat_preview_keeps_the_italian_reading_of_its_conflicts_through_the_job_result():
    from pydantic import TypeAdapter

    from shiftapp.rules import Conflict
    from shiftapp.services.repeat_jobs import ITALIAN_MESSAGE, _with_italian
    from shiftapp.state.repeat import _message

    double = plan(
        [shift("s1", 0, 8), shift("s2", 0, 12, bureau_id="rome", bureau_name="Rome")], [("s1", "e1"), ("s2", "e1")]
    )
    [finding] = [c for c in evaluate(double, SETTINGS) if c.code == "double_booking"]
    stored = TypeAdapter(Conflict).validate_python(
        TypeAdapter(Conflict).dump_python(_with_italian(finding), mode="json")
    )
    assert stored.details[ITALIAN_MESSAGE] == finding.text("it") != finding.message
    assert _message(stored, "it") == finding.text("it")
    assert _message(stored, "en") == finding.message
