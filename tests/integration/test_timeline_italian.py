"""The schedule's handlers answer an Italian reader in Italian: the window's heading and rows, the words of
an added, moved and deleted shift, the rule engine's conflicts with their rule names, the toasts, and the
publish review with its dates. (The English of the same texts is what test_timeline_edits.py reads.)"""

from __future__ import annotations

import re
from datetime import date, timedelta

from reflex.istate.data import RouterData

from tests.integration.conftest import sign_in_here
from tests.integration.test_page_handlers_authorization import _state, _with_reads, app_database  # noqa: F401
from tests.integration.test_timeline_forcing import _ids, _shift

# Clear of the demo month and of the other timeline tests' days; a Monday.
_FAR = date.today() + timedelta(days=610)
FAR = _FAR - timedelta(days=_FAR.weekday())
ITALIAN_DAY = r"(lun|mar|mer|gio|ven|sab|dom) \d{1,2} (gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic)"


def _italian_timeline(bureau_id: str, day: date):
    from shiftapp.state.timeline import TimelineState

    state = _state(TimelineState, sign_in_here("leader@example.com"))
    # An Italian browser: the leader has chosen no language on their profile, so the page follows it.
    headers = {"accept-language": "it-IT,it;q=0.9"}
    state._get_root_state().router = RouterData.from_router_data({"pathname": "/schedule", "headers": headers})
    state.anchor, state.zoom, state.selected_bureaus = day.isoformat(), "week", [bureau_id]
    _with_reads(state, TimelineState.open_schedule.fn(state))
    return state


def test_an_italian_planner_adds_moves_and_deletes_a_shift_in_italian(app_database, client, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR
    state = _italian_timeline(bureaus["Milan"], day)
    assert re.fullmatch(rf"Settimana \d+: {ITALIAN_DAY} – {ITALIAN_DAY} \d{{4}}", state.window_label)
    assert state.groups[0].title == "Turni scoperti" and state.groups[0].kind == "open"
    assert any(g.kind == "heading" and g.title.endswith(" · Redattore") for g in state.groups)
    assert state.axis_texts["people"] == "Persone · ore per settimana"

    TimelineState.open_add_at.fn(state, f"p:{people['elena.greco']}", f"{day}T09:40")
    assert state.add_title == "Aggiungi un turno"
    # A refusal made with its values filled in reads in Italian too.
    TimelineState.set_add_role.fn(state, "pilot")
    assert "il ruolo deve essere uno tra correspondent, " in repr(
        _with_reads(state, TimelineState.preview_add.fn(state))
    )
    TimelineState.set_add_role.fn(state, "editor")
    _with_reads(state, TimelineState.preview_add.fn(state))
    assert re.match(
        rf"Aggiungi un turno da redattore di {ITALIAN_DAY} 09:00–17:00 per Elena Greco$", state.pending_text
    )
    assert "Turno aggiunto" in repr(_with_reads(state, TimelineState.confirm_move.fn(state)))

    [item] = [i for i in state.items if i.group == f"p:{people['elena.greco']}" and i.start.startswith(str(day))]
    # Its kind of shift ("Mattina"), the bureau, the day and its state; a stored conflict in Italian too.
    assert re.match(rf"Elena Greco, \w+ a Milan, {ITALIAN_DAY} 09:00–17:00, bozza, non pubblicato", item.aria)
    assert "conflict:" not in item.aria
    _with_reads(state, TimelineState.nudge.fn(state, item.id, 1))
    assert re.match(rf"Sposta il turno( \w+)? di Elena Greco di {ITALIAN_DAY} 09:00–17:00 a ", state.pending_text)
    TimelineState.cancel_move.fn(state)
    _with_reads(state, TimelineState.preview_delete.fn(state, item.id))
    assert re.match(rf"Elimina il turno( \w+)? di {ITALIAN_DAY} 09:00–17:00 \(Elena Greco\)$", state.pending_text)
    TimelineState.cancel_move.fn(state)

    # The rule engine's findings: the rule's name and the message, both in Italian.
    _shift(client, sign_in_here("leader@example.com"), bureaus["Milan"], day, 10, 14, people["giulia.conti"])
    TimelineState.open_add.fn(state)
    TimelineState.set_add_date.fn(state, day.isoformat())
    TimelineState.set_add_start.fn(state, "12:00")
    TimelineState.set_add_end.fn(state, "13:00")
    TimelineState.set_add_person.fn(state, f"p:{people['giulia.conti']}")
    _with_reads(state, TimelineState.preview_add.fn(state))
    assert state.pending_conflicts and state.pending_conflicts[0].startswith("Doppio turno sovrapposto: ")
    assert "è già in turno" in state.pending_conflicts[0]
    TimelineState.cancel_move.fn(state)

    _with_reads(state, TimelineState.review_publish.fn(state))
    assert re.match(rf"\d+ turni in bozza di Milan, (dal )?{ITALIAN_DAY} \d{{4}}", state.publish_text)
    assert "sono già pubblicati" in state.publish_text
    TimelineState.close_publish.fn(state)
