"""Pages read through services (home, schedule health) and the team page's edit dialog refuses to
overwrite preferences that changed after it was opened, as "My preferences" already does."""

from __future__ import annotations

from sqlmodel import select

from shiftapp.models import Employee, Preference
from shiftapp.services import conflicts
from tests.integration.conftest import sign_in_here
from tests.integration.test_page_handlers_authorization import _state, app_database  # noqa: F401
from tests.support import DatabaseUnchanged


def _person(db, email: str) -> Employee:
    db.expire_all()
    return db.exec(select(Employee).where(Employee.email == email)).one()


def _preference(db, employee_id: str) -> Preference | None:
    db.expire_all()
    return db.exec(select(Preference).where(Preference.employee_id == employee_id)).first()


def test_a_stale_team_edit_is_refused_kindly_and_writes_nothing(app_database, db):
    from shiftapp.services.preferences import PreferenceChanges, update_preferences
    from shiftapp.state.preferences import TeamAvailabilityState

    staff = _person(db, "staff@example.com")
    leader_state = _state(TeamAvailabilityState, sign_in_here("leader@example.com"))
    TeamAvailabilityState.open_edit.fn(leader_state, staff.id)
    assert leader_state.editing_id == staff.id

    # Meanwhile the staff member changes their own preferences.
    update_preferences(
        session=db, actor=staff, employee_id=staff.id, changes=PreferenceChanges(notes="Changed meanwhile")
    )
    db.commit()
    before = _preference(db, staff.id)

    leader_state.edit_notes = "The leader's stale edit"
    with DatabaseUnchanged(db):
        toast = TeamAvailabilityState.save_edit.fn(leader_state)
    assert "changed by someone else meanwhile" in str(toast)
    after = _preference(db, staff.id)
    assert (after.notes, after.version, after.confirmed) == (before.notes, before.version, before.confirmed)
    assert leader_state.editing_id == staff.id  # the dialog stays open to reload


def test_a_fresh_team_edit_is_saved(app_database, db):
    from shiftapp.state.preferences import TeamAvailabilityState

    staff = _person(db, "staff@example.com")
    leader_state = _state(TeamAvailabilityState, sign_in_here("leader@example.com"))
    TeamAvailabilityState.open_edit.fn(leader_state, staff.id)
    leader_state.edit_notes, leader_state.edit_max = "Saved by the leader", "4"
    TeamAvailabilityState.save_edit.fn(leader_state)
    saved = _preference(db, staff.id)
    assert (saved.notes, saved.max_shifts_per_week, saved.confirmed) == ("Saved by the leader", 4, True)
    assert leader_state.editing_id == ""


def test_a_weekly_limit_out_of_range_gets_the_same_message_on_both_pages(app_database, db):
    from shiftapp.state.preferences import MyPreferencesState, TeamAvailabilityState

    staff = _person(db, "staff@example.com")
    leader_state = _state(TeamAvailabilityState, sign_in_here("leader@example.com"))
    TeamAvailabilityState.open_edit.fn(leader_state, staff.id)
    mine = _state(MyPreferencesState, sign_in_here("staff@example.com"))
    MyPreferencesState.open_preferences.fn(mine)
    for typed in ("8", "two", "-1"):
        leader_state.edit_max = mine.max_shifts_per_week = typed
        with DatabaseUnchanged(db):
            team_toast = TeamAvailabilityState.save_edit.fn(leader_state)
            my_toast = MyPreferencesState.save.fn(mine)
        for toast in (team_toast, my_toast):
            assert "must be a whole number from 0 to 7" in str(toast)


def test_schedule_health_shows_each_conflicts_shifts_and_the_counts(app_database, db):
    from shiftapp.state.health import HealthState

    leader = _person(db, "leader@example.com")
    state = _state(HealthState, sign_in_here("leader@example.com"))
    state.status_filter = "all"
    HealthState.load_health.fn(state)
    assert state.rows
    assert state.counts == conflicts.unresolved_by_severity(session=db, actor=leader)
    listed, _ = conflicts.list_conflicts(session=db, actor=leader, limit=15)
    by_id = {r.id: r for r in listed}
    assert any(row.shifts for row in state.rows)
    for row in state.rows:
        assert len({(s.date, s.time, s.bureau) for s in row.shifts}) <= len(by_id[row.id].shift_ids)
        assert bool(row.shifts) == bool(by_id[row.id].shift_ids)


def test_the_dashboard_opens_with_who_is_signed_in_and_its_figures_in_one_event(app_database, db):
    """Its on_load is one event: a stranger is sent to the sign-in page with nothing loaded, a leader gets
    the shell (name, navigation) and the figures together."""
    from shiftapp.shiftapp import app
    from shiftapp.state.home import HomeState

    assert [e.fn.__qualname__ for e in app._load_events["index"]] == ["HomeState.open_dashboard"]

    stranger = _state(HomeState, "")
    answer = HomeState.open_dashboard.fn(stranger)
    assert "/login" in str(answer)
    assert stranger.stats == {} and stranger.user_name == "" and stranger.bureaus == []

    leader = _person(db, "leader@example.com")
    state = _state(HomeState, sign_in_here("leader@example.com"))
    HomeState.open_dashboard.fn(state)
    assert state.user_name == leader.full_name and state.nav_items
    assert state.stats["totalEmployees"] > 0 and state.bureaus and state.has_overview


def test_the_schedule_opens_with_who_is_signed_in_and_its_rows_asked_for_in_one_event(app_database, db):
    """As the dashboard: one on_load event; a stranger goes to the sign-in page with no rows read, a
    leader gets the shell and the read of the rows it asked for (run here as Reflex runs it)."""
    from shiftapp.shiftapp import app
    from shiftapp.state.timeline import TimelineState
    from tests.integration.test_page_handlers_authorization import _with_reads

    assert [e.fn.__qualname__ for e in app._load_events["schedule"]] == ["TimelineState.open_schedule"]

    stranger = _state(TimelineState, "")
    answer = TimelineState.open_schedule.fn(stranger)
    assert "/login" in str(answer) and "read_rows" not in str(answer)
    assert stranger.user_name == "" and stranger.groups == [] and not stranger.reading

    leader = _person(db, "leader@example.com")
    state = _state(TimelineState, sign_in_here("leader@example.com"))
    _with_reads(state, TimelineState.open_schedule.fn(state))
    assert state.user_name == leader.full_name and state.nav_items
    assert state.groups and state.items and state.window_label and not state.reading


def test_home_filtered_to_one_bureau_shows_only_that_bureau(app_database, db):
    from shiftapp.services.bureaus import list_bureaus
    from shiftapp.state.home import HomeState

    leader = _person(db, "leader@example.com")
    state = _state(HomeState, sign_in_here("leader@example.com"))
    HomeState.load_home.fn(state)
    assert [b["name"] for b in state.bureaus] == [b.name for b in list_bureaus(db)]
    every_bureau_total = state.upcoming_total
    rome = next(b for b in list_bureaus(db) if b.name == "Rome")
    state.bureau_filter = rome.id
    HomeState.load_home.fn(state)
    assert state.upcoming and {r["bureau"] for r in state.upcoming} == {"Rome"}
    assert 0 < state.upcoming_total < every_bureau_total
    assert state.by_severity == conflicts.unresolved_by_severity(session=db, actor=leader, bureau_id=rome.id)
