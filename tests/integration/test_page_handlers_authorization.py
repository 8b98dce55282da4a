"""Reflex lets any browser call any event handler: these tests call the leaders' handlers
directly with a staff member's session, as a forged websocket event would, and prove that
the server refuses them and changes nothing (every table compared before and after)."""

from __future__ import annotations

import os
from datetime import UTC

import pytest
from reflex.state import State
from sqlmodel import func, select

from shiftapp.models import Preference
from tests.integration.conftest import sign_in_here
from tests.support import DatabaseUnchanged


@pytest.fixture
def app_database(database_url, monkeypatch):
    from shiftapp import config, db

    monkeypatch.setenv("DATABASE_URL", database_url)
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    # Writing sessions come from their own engine, made from the one above: forgotten too, or a
    # writing unit of work here would still go to the previous test run's database.
    db._writing_engine.cache_clear()
    yield
    db.get_engine().dispose()
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    db._writing_engine.cache_clear()


def _state(state_class, token: str):
    assert os.environ.get("PYTEST_CURRENT_TEST")  # Reflex only builds states by hand under pytest
    root = State(_reflex_internal_init=True)
    state = root.get_substate(state_class.get_full_name().split("."))
    state.token = token
    return state


def _with_reads(state, sent):
    """What a page handler sent, with the reads it asked for run as Reflex would run them: the schedule,
    the plan board, the loads page and team availability read in background events, which a handler
    (an opener) returns rather than runs. Returns everything sent, the reads' own toasts included."""
    import asyncio
    import inspect

    from shiftapp.state.plans import LoadsState, PlanBoardState
    from shiftapp.state.preferences import TeamAvailabilityState
    from shiftapp.state.timeline import TimelineState

    reads = {
        TimelineState.read_rows.fn,
        TimelineState.read_block.fn,
        PlanBoardState.read_board.fn,
        LoadsState.read_table.fn,
        TeamAvailabilityState.read_team.fn,
    }
    if inspect.isasyncgen(sent):  # a background event (the schedule's previews and writes): run it through

        async def drain(updates=sent):
            return [event async for update in updates for event in (update if isinstance(update, list) else [update])]

        sent = asyncio.run(drain())
    out = []
    for event in sent if isinstance(sent, list) else [sent]:
        if getattr(event, "fn", None) not in reads:
            out.append(event)
            continue

        async def run(read=event):
            return [update async for update in read.fn(state)]

        out += _with_reads(state, asyncio.run(run()))
    return out


def _pending(db) -> int:
    db.expire_all()
    return db.exec(select(func.count()).select_from(Preference).where(Preference.confirmed.is_(False))).one()


def test_staff_forging_confirm_all_is_refused(app_database, client, db):
    from shiftapp.state.preferences import TeamAvailabilityState

    pending_before = _pending(db)
    assert pending_before > 0
    state = _state(TeamAvailabilityState, sign_in_here("staff@example.com"))
    with DatabaseUnchanged(db):
        TeamAvailabilityState.confirm_all.fn(state)
    assert _pending(db) == pending_before


def test_staff_forging_confirm_one_is_refused(app_database, client, db):
    from shiftapp.state.preferences import TeamAvailabilityState

    db.expire_all()
    target = db.exec(select(Preference).where(Preference.confirmed.is_(False))).first()
    state = _state(TeamAvailabilityState, sign_in_here("staff@example.com"))
    with DatabaseUnchanged(db):
        TeamAvailabilityState.confirm.fn(state, target.employee_id)
    db.refresh(target)
    assert target.confirmed is False


def test_staff_loading_team_page_gets_no_rows(app_database, client):
    from shiftapp.state.preferences import TeamAvailabilityState

    state = _state(TeamAvailabilityState, sign_in_here("staff@example.com"))
    _with_reads(state, TeamAvailabilityState.open_team.fn(state))
    assert state.allowed is False
    assert state.rows == []


def test_leader_loading_team_page_gets_rows(app_database, client):
    from shiftapp.state.preferences import TeamAvailabilityState

    state = _state(TeamAvailabilityState, sign_in_here("leader@example.com"))
    _with_reads(state, TeamAvailabilityState.open_team.fn(state))
    assert state.allowed is True
    assert len(state.rows) >= 10


def test_forged_token_cannot_save_preferences(app_database, db):
    from shiftapp.state.preferences import MyPreferencesState

    count_before = db.exec(select(func.count()).select_from(Preference)).one()
    state = _state(MyPreferencesState, "forged-token")
    state.notes = "written by nobody"
    with DatabaseUnchanged(db):
        MyPreferencesState.save.fn(state)
    db.expire_all()
    assert db.exec(select(func.count()).select_from(Preference)).one() == count_before
    assert db.exec(select(Preference).where(Preference.notes == "written by nobody")).first() is None


def test_garbage_arguments_do_not_crash_handlers(app_database, client):
    from shiftapp.state.preferences import MyPreferencesState, TeamAvailabilityState

    state = _state(MyPreferencesState, sign_in_here("staff@example.com"))
    MyPreferencesState.toggle_day.fn(state, {"not": "a day"})
    MyPreferencesState.set_max_shifts.fn(state, 12.5)
    assert state.max_shifts_per_week == ""
    team = _state(TeamAvailabilityState, sign_in_here("leader@example.com"))
    TeamAvailabilityState.confirm.fn(team, ["list", "not", "id"])


def _audit_count(db) -> int:
    from shiftapp.models import AuditEvent

    db.expire_all()
    return db.exec(select(func.count()).select_from(AuditEvent)).one()


def test_staff_forging_planner_handlers_changes_nothing(app_database, client, db):
    """Every successful change writes an audit row: none may appear when staff call planners' handlers."""
    from shiftapp.models import Employee, Plan, StoredConflict, VehicleAssignment
    from shiftapp.state.employees import EmployeesState
    from shiftapp.state.health import HealthState
    from shiftapp.state.plans import PlansState
    from shiftapp.state.timeline import TimelineState

    token = sign_in_here("staff@example.com")
    db.expire_all()
    someone = db.exec(select(Employee).where(Employee.email == "marco.rossi@example.com")).one()
    conflict = db.exec(select(StoredConflict).where(StoredConflict.status == "unresolved")).first()
    plan = db.exec(select(Plan)).first()
    before = _audit_count(db)
    with DatabaseUnchanged(db):
        employees = _state(EmployeesState, token)
        employees.confirm_id, employees.confirm_name = someone.id, someone.full_name
        EmployeesState.deactivate.fn(employees)
        EmployeesState.invite.fn(employees, someone.id)
        health = _state(HealthState, token)
        HealthState.resolve.fn(health, conflict.id)
        HealthState.dismiss.fn(health, conflict.id)
        plans = _state(PlansState, token)
        plans.new_name, plans.new_start, plans.new_end = "Forged", "2030-01-01", "2030-01-02"
        PlansState.create_plan.fn(plans)
        PlansState.delete_plan.fn(plans, plan.id)
        timeline = _state(TimelineState, token)
        timeline.anchor, timeline.zoom = "2030-01-07", "week"
        timeline.selected_bureaus = [someone.bureau_id]
        _with_reads(timeline, TimelineState.open_schedule.fn(timeline))
        _with_reads(timeline, TimelineState.publish.fn(timeline))
        timeline.pending_item, timeline.pending_start = "o:anything", "2030-01-08T08:00"
        _with_reads(timeline, TimelineState.confirm_move.fn(timeline))
        for item in timeline.items[:3]:
            _with_reads(timeline, TimelineState.item_moved.fn(timeline, item.id, "2030-01-08T08:00", item.group))
            _with_reads(timeline, TimelineState.confirm_move.fn(timeline))

    assert _audit_count(db) == before
    db.expire_all()
    assert db.get(Employee, someone.id).status == "active"
    assert db.get(StoredConflict, conflict.id).status == "unresolved"
    assert db.get(Plan, plan.id) is not None
    assert VehicleAssignment is not None


def test_staff_forging_generate_handlers_writes_and_reads_nothing(app_database, client, db):
    from shiftapp.models import Bureau, Employee, Shift
    from shiftapp.services.generation_contracts import GeneratedShift
    from shiftapp.state.generate import GenerateState

    db.expire_all()
    shifts_before = db.exec(select(func.count()).select_from(Shift)).one()
    bureau = db.exec(select(Bureau)).first()
    someone = db.exec(select(Employee).where(Employee.bureau_id == bureau.id)).first()
    state = _state(GenerateState, sign_in_here("staff@example.com"))
    # A generated schedule smuggled into the state, as if a leader had generated it.
    state._generated = [
        GeneratedShift(
            date="2031-03-03",
            start_time="08:00",
            end_time="16:00",
            employee_id=someone.id,
            employee_name=someone.full_name,
            role=someone.shift_role,
            bureau=bureau.name,
            shift_type="Morning",
        )
    ]
    state._generated_range = (bureau.id, "2031-03-03", "2031-03-09")
    with DatabaseUnchanged(db):
        GenerateState.save.fn(state)
        GenerateState.preview_page.fn(state, 0)
        state.job_id = "0" * 32
        GenerateState.stop.fn(state)
    db.expire_all()
    assert db.exec(select(func.count()).select_from(Shift)).one() == shifts_before
    assert state.preview_rows == []


def test_the_pages_take_today_in_the_planning_timezone(app_database, client):
    """Sunday 23:30 UTC is already Monday in Rome: the timeline opens on Rome's new week, and a new
    plan starts on Rome's tomorrow, whatever the server's own timezone."""
    from datetime import date, datetime

    import time_machine

    from shiftapp.state.plans import PlansState
    from shiftapp.state.timeline import TimelineState

    with time_machine.travel(datetime(2026, 12, 6, 23, 30, tzinfo=UTC), tick=False):
        timeline = _state(TimelineState, "")
        assert timeline._anchor() == date(2026, 12, 7)
        plans = _state(PlansState, sign_in_here("leader@example.com"))
        PlansState.open_plans.fn(plans)
        assert plans.new_start == "2026-12-08"


def _accepted_swap(db) -> tuple[str, str, str]:
    """Two fresh staff of Rome and an accepted give-away between them (a published shift 25 days out):
    the offer's id, the shift's id and the taker's id."""
    import uuid
    from datetime import datetime, timedelta

    from shiftapp.models import Assignment, Bureau, Employee, Shift, SwapOffer
    from shiftapp.models.common import utcnow

    rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
    tag = uuid.uuid4().hex[:8]
    giver = Employee(email=f"give.{tag}@example.com", full_name=f"Gina Giver {tag}", bureau_id=rome.id)
    taker = Employee(email=f"take.{tag}@example.com", full_name=f"Tom Taker {tag}", bureau_id=rome.id)
    day = utcnow().date() + timedelta(days=25)
    start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    shift = Shift(bureau_id=rome.id, start_at=start, end_at=start + timedelta(hours=6), status="published")
    db.add_all([giver, taker, shift])
    db.flush()
    offer = SwapOffer(
        shift_id=shift.id,
        from_employee_id=giver.id,
        to_employee_id=taker.id,
        status="accepted",
        accepted_by=taker.id,
        accepted_at=utcnow(),
    )
    db.add_all([Assignment(shift_id=shift.id, employee_id=giver.id), offer])
    db.commit()
    return offer.id, shift.id, taker.id


def test_staff_forging_swap_decisions_is_refused_and_a_leader_decides(app_database, client, db):
    from shiftapp.models import Assignment, Bureau, SwapOffer
    from shiftapp.state.swaps import SwapsState

    offer_id, shift_id, taker_id = _accepted_swap(db)
    staff = _state(SwapsState, sign_in_here("staff@example.com"))
    staff._versions = {offer_id: 1}  # as if the offer had been listed for them
    with DatabaseUnchanged(db):
        SwapsState.approve.fn(staff, offer_id)
        SwapsState.decline.fn(staff, offer_id)
        SwapsState.withdraw.fn(staff, offer_id)
        SwapsState.set_swaps_auto_approve.fn(staff, True)
    db.expire_all()
    assert db.get(SwapOffer, offer_id).status == "accepted"
    assert not db.exec(select(Bureau).where(Bureau.name == "Rome")).one().swaps_auto_approve

    leader = _state(SwapsState, sign_in_here("teamlead@example.com"))  # leads Rome
    SwapsState.open_swaps.fn(leader)
    assert offer_id in {row["offer_id"] for row in leader.pending}
    SwapsState.approve.fn(leader, offer_id)
    assert leader.result.startswith("Approved: the shift of"), leader.result
    db.expire_all()
    assert db.get(SwapOffer, offer_id).status == "approved"
    assert db.exec(select(Assignment.employee_id).where(Assignment.shift_id == shift_id)).all() == [taker_id]


def test_a_leader_applies_the_fix_they_pick_on_schedule_health(app_database, client, db):
    """Every suggestion says what it changes and what it leaves; the one picked (not the best) is applied
    through the services, and a fix the schedule has overtaken is refused in the dialog, changing nothing."""
    from shiftapp.models import Assignment, StoredConflict
    from shiftapp.state.health import HealthFixState

    leader = _state(HealthFixState, sign_in_here("leader@example.com"))
    HealthFixState.load_health.fn(leader)
    for row in leader.rows:
        assert row.timeline_href.startswith("/schedule?bureau=") and "&week=" in row.timeline_href
    for row in leader.rows:
        HealthFixState.suggest.fn(leader, row.id)
        if len([f for f in leader.fixes if f.fix_id.startswith("reassign:")]) >= 2:
            break
    else:
        pytest.fail("no conflict on the first page has two reassignments to pick from")
    conflict_id = leader.fix_for
    picked = [f for f in leader.fixes if f.fix_id.startswith("reassign:")][-1]
    assert picked.change and "→" in picked.change
    sent = repr(HealthFixState.apply_fix.fn(leader, "reassign:someone-not-suggested"))
    assert "not among the ones suggested" in sent

    staff = _state(HealthFixState, sign_in_here("staff@example.com"))
    staff.fix_for, staff.fixes = conflict_id, list(leader.fixes)  # as if smuggled into a staff member's page
    with DatabaseUnchanged(db):
        sent = repr(HealthFixState.apply_fix.fn(staff, picked.fix_id))
    assert "Only team leaders" in sent

    stale = next(f for f in leader.fixes if f.fix_id != picked.fix_id)
    sent = repr(HealthFixState.apply_fix.fn(leader, picked.fix_id))
    assert "Fix applied" in sent, sent
    assert leader.fix_for == ""
    db.expire_all()
    assert db.get(StoredConflict, conflict_id).status == "resolved"
    new_person = picked.fix_id.split(":", 1)[1]
    assert db.exec(select(Assignment).where(Assignment.employee_id == new_person)).first() is not None

    # The dialog of a second leader, opened before: their fix is stale now, and they are told so.
    other = _state(HealthFixState, sign_in_here("admin@example.com"))
    other.fix_for, other.fixes = conflict_id, [stale]
    with DatabaseUnchanged(db):
        sent = repr(HealthFixState.apply_fix.fn(other, stale.fix_id))
    assert "already resolved" in other.fix_error and "already resolved" in sent
    assert other.fix_for == conflict_id  # the dialog stays open with what fixes now (nothing)


def _at(state, url: str) -> None:
    from reflex.istate.data import RouterData

    state._get_root_state().router = RouterData.from_router_data(
        {"pathname": url.split("?")[0], "asPath": url, "headers": {"origin": "http://localhost:3000"}}
    )


def test_adding_someone_names_them_and_their_invitation_link_lets_them_in(app_database, client, db):
    """A scheduler adds a person with an invitation: the page says who was added and shows the link;
    the link's page greets them, refuses a weak password kindly, then sets theirs and signs them in."""
    import uuid

    from shiftapp.models import Employee
    from shiftapp.state.employees import EmployeesState
    from shiftapp.state.welcome import WelcomeState

    leader = _state(EmployeesState, sign_in_here("leader@example.com"))
    EmployeesState.open_employees.fn(leader)
    assert leader.can_edit and not leader.is_admin
    EmployeesState.open_create.fn(leader)
    email = f"pia.{uuid.uuid4().hex[:8]}@example.com"
    for field, value in (("full_name", "Pia Nuova"), ("email", email)):
        EmployeesState.set_form_field.fn(leader, field, value)
    leader.form_access_role, leader.form_team_leader = "admin", True  # a forged form: not sent by a non-admin
    EmployeesState.save.fn(leader)
    assert leader.created_message.startswith("Pia Nuova was added as staff")
    assert "/welcome?invitation=" in leader.invitation_link and "copy the link" in leader.invitation_note
    db.expire_all()
    pia = db.exec(select(Employee).where(Employee.email == email)).one()
    assert pia.access_role == "staff" and not pia.is_team_leader and pia.password_hash is None

    welcome = _state(WelcomeState, "")
    _at(welcome, leader.invitation_link.replace("http://localhost:3000", ""))
    WelcomeState.load_welcome.fn(welcome)
    assert welcome.invitation_ok and welcome.invitee_name == "Pia Nuova" and welcome.invitee_email == email
    with DatabaseUnchanged(db):
        WelcomeState.choose_password.fn(welcome, {"password": "Gelato-al-limone-3", "repeat": "Gelato-al-limone"})
        assert "two passwords differ" in welcome.welcome_error
        WelcomeState.choose_password.fn(welcome, {"password": "shiftapp", "repeat": "shiftapp"})
        assert "common" in welcome.welcome_error
    chosen = {"password": "Gelato-al-limone-3", "repeat": "Gelato-al-limone-3"}
    sent = repr(WelcomeState.choose_password.fn(welcome, chosen))
    assert "Welcome, Pia Nuova" in sent and welcome.token and welcome.user_email == email
    db.expire_all()
    assert db.get(Employee, pia.id).password_hash is not None

    used = _state(WelcomeState, "")
    _at(used, leader.invitation_link)
    WelcomeState.load_welcome.fn(used)
    assert not used.invitation_ok and "not valid" in used.invitation_error


def test_an_admin_gives_roles_and_nobody_deactivates_themselves_from_the_page(app_database, client, db):
    import uuid

    from shiftapp.models import Employee
    from shiftapp.state.employees import EmployeesState

    admin = _state(EmployeesState, sign_in_here("admin@example.com"))
    EmployeesState.open_employees.fn(admin)
    assert admin.is_admin
    EmployeesState.open_create.fn(admin)
    email = f"leo.{uuid.uuid4().hex[:8]}@example.com"
    EmployeesState.set_form_field.fn(admin, "full_name", "Leo Capo")
    EmployeesState.set_form_field.fn(admin, "email", email)
    EmployeesState.set_form_access_role.fn(admin, "scheduler")
    EmployeesState.set_form_team_leader.fn(admin, True)
    EmployeesState.set_form_invite.fn(admin, False)
    EmployeesState.save.fn(admin)
    assert admin.created_message.startswith("Leo Capo was added as scheduler and team leader")
    assert admin.invitation_link == "" and "No invitation" in admin.invitation_note
    db.expire_all()
    leo = db.exec(select(Employee).where(Employee.email == email)).one()
    assert leo.access_role == "scheduler" and leo.is_team_leader

    me = db.exec(select(Employee).where(Employee.email == "admin@example.com")).one()
    EmployeesState.set_search.fn(admin, "admin@example.com")
    assert [row["is_me"] for row in admin.rows] == [True]
    with DatabaseUnchanged(db):
        sent = repr(EmployeesState.ask_deactivate.fn(admin, me.id))
        assert "cannot deactivate your own account" in sent and admin.confirm_id == ""
        admin.confirm_id, admin.confirm_name = me.id, me.full_name  # forged past the hidden button
        sent = repr(EmployeesState.deactivate.fn(admin))
    assert "cannot deactivate your own account" in sent
    db.expire_all()
    assert db.get(Employee, me.id).status == "active"

    EmployeesState.set_search.fn(admin, email)
    EmployeesState.ask_deactivate.fn(admin, leo.id)
    assert admin.confirm_name == "Leo Capo"  # the dialog asks first; nothing changed yet
    db.expire_all()
    assert db.get(Employee, leo.id).status == "active"
    sent = repr(EmployeesState.deactivate.fn(admin))
    assert "Leo Capo was deactivated" in sent
    db.expire_all()
    assert db.get(Employee, leo.id).status == "inactive"


def test_generating_more_than_the_limit_says_so_on_the_page_and_starts_no_job(app_database, client, db):
    """Sixteen weeks: refused on the page itself, naming the limit, before any job exists."""
    import asyncio
    from datetime import date, timedelta

    from shiftapp.state.generate import GenerateState

    leader = _state(GenerateState, sign_in_here("leader@example.com"))
    GenerateState.open_generate.fn(leader)
    start = date.fromisoformat(leader.start)
    GenerateState.set_end.fn(leader, (start + timedelta(weeks=16)).isoformat())
    assert leader.range_too_long and leader.range_note.startswith("113 days (16 weeks and 1 day)")

    async def run():
        return [update async for update in GenerateState.generate.fn(leader)]

    with DatabaseUnchanged(db):
        sent = repr(asyncio.run(run()))
    assert leader.refusal.startswith("Not started: at most 93 days"), leader.refusal
    assert "113 days" in leader.refusal and "in parts" in leader.refusal and "toast" in sent
    assert not leader.running and leader.job_id == ""
    GenerateState.set_end.fn(leader, (start + timedelta(weeks=12)).isoformat())
    assert leader.refusal == "" and not leader.range_too_long
