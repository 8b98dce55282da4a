"""Text the services make for people reads in the reader's language: inbox messages (kept as template and
parameters, rendered when read; older plain rows as they were), refusals, schedule health's suggestions,
the generator's progress and notes, vehicle types. English stays what it always was. Every template a
service writes is in the catalogue with the same fields as the values it is given."""

from __future__ import annotations

import ast
import json
import pathlib
from datetime import UTC, date, datetime

import pytest

from shiftapp.i18n import ITALIAN, fields_of
from shiftapp.i18n.messages import DayLabel, Lines, Message, ShiftWhen, ShortWhen, VehicleName, from_json, to_json
from shiftapp.i18n.values import Day, Term, Window

SERVICES = pathlib.Path(__file__).resolve().parents[2] / "shiftapp" / "services"

MONDAY = datetime(2026, 12, 14, 8, 0, tzinfo=UTC)
MONDAY_END = datetime(2026, 12, 14, 14, 0, tzinfo=UTC)


def _stored(message: Message) -> Message:
    """Through JSON and back, as a JSON column keeps it."""
    kept = from_json(json.loads(json.dumps(to_json(message))))
    assert kept is not None
    return kept


def test_a_message_survives_its_json_column_and_reads_the_same_in_both_languages():
    message = Message(
        "{text}\n\nNote: {note}",
        text=Message(
            "Your shift on {old} was moved to {new}.",
            old=ShiftWhen(MONDAY, MONDAY_END, "Rome", "Morning"),
            new=ShiftWhen(MONDAY.replace(day=15), MONDAY_END.replace(day=15), "Rome", None),
        ),
        note="Cover for Anna",
    )
    kept = _stored(message)
    assert kept == message
    assert kept.render("en") == (
        "Your shift on Mon 14 Dec 2026, 08:00–14:00 (Rome, Morning) was moved to Tue 15 Dec 2026, 08:00–14:00 (Rome)."
        "\n\nNote: Cover for Anna"
    )
    assert kept.render("it") == (
        "Il tuo turno di lun 14 dic 2026, 08:00–14:00 (Rome, Mattina) è stato spostato a "
        "mar 15 dic 2026, 08:00–14:00 (Rome).\n\nNota: Cover for Anna"
    )


def test_every_kind_of_stored_value_comes_back_whole():
    values = {
        "day": Day(date(2026, 12, 7)),
        "label": DayLabel(date(2026, 12, 7)),
        "window": Window(MONDAY, MONDAY_END),
        "short": ShortWhen(MONDAY, MONDAY_END),
        "term": Term("vacation"),
        "lines": Lines((ShiftWhen(MONDAY, MONDAY_END), "plain"), prefix="- "),
        "unit": VehicleName("CA 123", "truck"),
        "count": 3,
        "when": MONDAY,
        "date": date(2026, 12, 7),
    }
    message = Message("{day}", **values)
    assert _stored(message).params == values


@pytest.mark.parametrize("data", [None, "Shift moved", {}, {"$": "Message"}, {"$": "Nope", "text": "x"}, [1, 2]])
def test_anything_that_is_not_a_stored_message_is_none_so_the_plain_text_shows(data):
    assert from_json(data) is None


def _notification(text: dict | None):
    from shiftapp.models import Notification

    return Notification(recipient_id="p", kind="shift_changed", title="Shift moved", body="English body", text=text)


def test_an_inbox_message_reads_in_italian_for_an_italian_reader_and_in_english_for_an_english_one():
    from shiftapp.services import notifications

    title, body = (
        Message("Time off approved"),
        Message(
            "{name} approved your {kind} request for {days}.",
            name="Teresa Lombardi",
            kind=Term("vacation"),
            days=Message("{start} to {end}", start=DayLabel(date(2026, 12, 7)), end=DayLabel(date(2026, 12, 9))),
        ),
    )
    row = _notification({"title": to_json(title), "body": to_json(body)})
    italian, english = notifications.view(row, "it"), notifications.view(row, "en")
    assert italian.title == "Assenza approvata"
    assert (
        italian.body == "Teresa Lombardi ha approvato la tua richiesta (ferie) per da lun 7 dic 2026 a mer 9 dic 2026."
    )
    assert english.title == "Time off approved"
    assert english.body == "Teresa Lombardi approved your vacation request for Mon 07 Dec 2026 to Wed 09 Dec 2026."


def test_an_inbox_message_stored_before_templates_were_kept_shows_its_text_as_it_is():
    from shiftapp.services import notifications

    for lang in ("it", "en"):
        older = notifications.view(_notification(None), lang)
        assert (older.title, older.body) == ("Shift moved", "English body")
    # A damaged template falls back to the stored text too, never an error in the inbox.
    broken = notifications.view(_notification({"title": {"$": "Message"}, "body": "x"}), "it")
    assert (broken.title, broken.body) == ("Shift moved", "English body")


def test_the_inbox_reads_in_the_reading_language_when_none_is_given():
    from shiftapp.i18n import reading
    from shiftapp.services import notifications

    row = _notification({"title": to_json(Message("Shift moved")), "body": to_json(Message("Shift moved"))})
    with reading("it"):
        assert notifications.view(row).title == "Turno spostato"
    assert notifications.view(row).title == "Shift moved"


def test_a_refusal_with_a_name_in_it_reads_in_italian_and_its_english_is_unchanged():
    from shiftapp.services.errors import Conflict, HardConflicts

    error = Conflict("{name} is already on this shift", params={"name": "Marco Bianchi"})
    assert error.message == str(error) == "Marco Bianchi is already on this shift"
    assert error.text("it") == "Marco Bianchi è già in questo turno"
    assert error.text("en") == error.message
    plain = Conflict("This offer was withdrawn")
    assert plain.text("it") == "Questa offerta è stata ritirata" and plain.message == "This offer was withdrawn"
    hard = HardConflicts("{name} is already on this shift", conflicts=[], params={"name": "Anna"})
    assert hard.text("it") == "Anna è già in questo turno"


def test_a_stale_swap_reads_in_italian():
    from shiftapp.models import SwapOffer
    from shiftapp.services.swaps.common import stale

    error = stale(SwapOffer(id="o", shift_id="s", from_employee_id="p", status="withdrawn"), "accepted")
    assert error.message == "This offer was withdrawn; reload to see the current list"
    assert error.text("it") == "Questa offerta è stata ritirata; ricarica per vedere l'elenco attuale"


def test_the_generators_notes_read_in_both_languages():
    from shiftapp.services.ai_scheduling import explanation
    from shiftapp.services.generation_contracts import GenerationSummary

    summary = GenerationSummary(
        total_shifts=12,
        shifts_per_employee={},
        conflicts_detected=0,
        soft_conflicts=1,
        objective=40,
        best_bound=40,
        proven_optimal=True,
        solver_seconds=1.5,
        breakdown={"cover_under": 30, "shift_off_request": 10},
    )
    violations = [{"rule": "shift_off_request"}, {"rule": "shift_off_request"}]
    notes = _stored(explanation(summary, violations, 2))  # type: ignore[arg-type]
    assert notes.render("en") == (
        "12 shifts generated by the optimisation solver (proven optimal); 0 hard conflicts by the rule engine. "
        "Some shifts could not be fully staffed (cost 30). 2 assignment(s) fall outside confirmed preferences. "
        "2 employee(s) have preferences waiting for confirmation; they were not used."
    )
    assert notes.render("it") == (
        "12 turni generati dal risolutore di ottimizzazione (ottimo dimostrato); 0 conflitti vincolanti secondo il "
        "motore delle regole. Alcuni turni non hanno potuto essere coperti del tutto (costo 30). 2 assegnazioni "
        "non rispettano le preferenze confermate. 2 dipendenti hanno preferenze in attesa di conferma; "
        "non sono state usate."
    )


def test_a_jobs_progress_line_reads_in_the_language_of_whoever_polls():
    from shiftapp.models import Job
    from shiftapp.services.jobs import job_message, message_values

    best = Message(
        "Best schedule so far costs {cost} (no schedule can cost less than {bound}) after {seconds} s",
        cost="120",
        bound="80",
        seconds="14",
    )
    job = Job(id="j", kind="generate", **json.loads(json.dumps(message_values(best))))
    assert job.message == "Best schedule so far costs 120 (no schedule can cost less than 80) after 14 s"
    assert job_message(job, "en") == job.message
    assert job_message(job, "it") == "Il miglior piano finora costa 120 (nessun piano può costare meno di 80) dopo 14 s"
    # A plain sentence clears the template and still reads translated.
    job.message, job.message_text = message_values("Checking the schedule with the rule engine").values()
    assert job.message_text is None
    assert job_message(job, "it") == "Verifica del piano con il motore delle regole"
    older = Job(id="k", kind="generate", message="Something a worker wrote before")
    assert job_message(older, "it") == "Something a worker wrote before"


def test_a_vehicle_type_reads_in_italian_on_the_units_name_and_in_the_load_rules_messages():
    from shiftapp.rules import RuleSettings
    from shiftapp.rules.load_rules import LoadAssignment, LoadPlan, OrderSnapshot, UnitSnapshot, evaluate_loads

    name = VehicleName("CA 123", "truck")
    assert (name.render("en"), name.render("it")) == ("CA 123 (truck)", "CA 123 (camion)")
    assert VehicleName("CA 9", "horse").render("it") == "CA 9 (trattore stradale)"
    unit = UnitSnapshot("u1", "b1", 100.0, "CA 123 (truck)", name=name)
    order = OrderSnapshot("o1", "b1", "r1", "c1", date(2026, 12, 7), 150.0, number="SO-1")
    day = date(2026, 12, 7)
    plan = LoadPlan.build(
        plan_id="p",
        start=day,
        end=day,
        units=[unit],
        orders=[order],
        assignments=[LoadAssignment("o1", "u1", "p", 150.0)],
    )
    [over] = [c for c in evaluate_loads(plan, RuleSettings(timezone="UTC")) if c.code == "unit_capacity"]
    assert over.message == over.text("en") and "CA 123 (truck)" in over.message
    assert "CA 123 (camion)" in over.text("it") and "truck" not in over.text("it")
    # A refusal on the plan board names the unit the same way.
    from shiftapp.services.errors import Conflict

    refused = Conflict(
        "{unit} is {status}; only active units take orders", params={"unit": name, "status": Term("oos")}
    )
    assert refused.message == "CA 123 (truck) is oos; only active units take orders"
    assert refused.text("it") == "CA 123 (camion) è fuori servizio; solo i mezzi attivi prendono ordini"


def test_fix_suggestion_times_read_in_both_languages_and_english_is_unchanged():
    short = ShortWhen(MONDAY, MONDAY_END)
    assert short.render("en") == f"{MONDAY:%a %d %b} 08:00–14:00" == "Mon 14 Dec 08:00–14:00"
    assert short.render("it") == "lun 14 dic 08:00–14:00"


# ------------------------------------------------------------------ every service template is catalogued
def _templates() -> list[tuple[str, int, str, set[str] | None]]:
    """(file, line, template, the names given for its fields or None when not all are literal) for every
    Message(...), translate(...) and refusal with params=... written with a literal template in services/."""
    found = []
    for path in SERVICES.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            template = node.args[0].value
            if not isinstance(template, str):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            given: set[str] | None
            if name in {"Message", "translate"}:
                keywords = node.keywords
                given = None if any(k.arg is None for k in keywords) else {str(k.arg) for k in keywords}
            else:
                params = next((k.value for k in node.keywords if k.arg == "params"), None)
                if not isinstance(params, ast.Dict):
                    continue
                keys = params.keys
                given = {k.value for k in keys if isinstance(k, ast.Constant)} if all(keys) else None
            found.append((path.name, node.lineno, template, given))
    return found


def _has_words(template: str) -> bool:
    """A template of fields and punctuation only ("{text}.") reads the same in every language."""
    literal = "".join(text for text, *_ in __import__("string").Formatter().parse(template))
    return any(ch.isalpha() for ch in literal)


def test_every_template_the_services_write_is_catalogued_with_the_fields_they_fill():
    templates = _templates()
    assert len(templates) > 60  # the scan sees the services' templates (a broken scan would pass vacuously)
    missing = [(f, line, t) for f, line, t, _ in templates if _has_words(t) and t not in ITALIAN]
    assert missing == []
    mismatched = [(f, line, t) for f, line, t, given in templates if given is not None and given != fields_of(t)]
    assert mismatched == []
