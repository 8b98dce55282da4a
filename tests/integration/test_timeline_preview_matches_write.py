"""The schedule's preview and its write are one call (`change_on_axis(write=False|True)`), so they
cannot disagree: over many random moves, resizes, reassignments and assignments of open places, the
conflicts the preview reported are the conflicts the write reported, and the conflicts stored after the
write (schedule health's list) changed by exactly those: the new ones appear, the ones it removed are
resolved. Hypothesis draws the changes; each one is written (forced past hard conflicts, which is what
makes the stored list interesting), so the schedule walks on from one example to the next."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from shiftapp.models import Assignment, Shift, StoredConflict
from shiftapp.services.conflicts import NOT_STORED, OPEN_STATUSES
from shiftapp.services.errors import DomainError
from shiftapp.services.shift_views import zone
from shiftapp.services.timeline_changes import AxisChange, change_on_axis
from tests.integration.conftest import bearer, sign_in_here
from tests.integration.test_page_handlers_authorization import app_database  # noqa: F401
from tests.integration.test_timeline_forcing import _ids, _shift

# A week of its own, clear of the demo and of the other tests.
_FAR = date.today() + timedelta(days=610)
FAR = _FAR - timedelta(days=_FAR.weekday())
PEOPLE = ("giulia.conti", "alessia.pe", "elena.greco", "marco.rossi", "gianluca.semeraro")


def _items(session, lo: datetime, hi: datetime) -> list[str]:
    """The axis items of the week: each person's place, and each shift with a place left open."""
    shifts = list(
        session.exec(
            select(Shift)
            .where(col(Shift.start_at) >= lo, col(Shift.start_at) < hi, Shift.status != "cancelled")
            .order_by(col(Shift.start_at), col(Shift.id))
        )
    )
    found: list[str] = []
    for shift in shifts:
        placed = list(
            session.exec(select(Assignment).where(Assignment.shift_id == shift.id).order_by(col(Assignment.id)))
        )
        found += [f"a:{a.id}" for a in placed]
        if len(placed) < shift.capacity:
            found.append(f"o:{shift.id}")
    return found


def _open_conflicts(session) -> set[str]:
    return set(session.exec(select(StoredConflict.key).where(col(StoredConflict.status).in_(OPEN_STATUSES))))


change_kinds = st.sampled_from(["move", "resize", "give", "move_and_give"])


def test_preview_and_write_agree_over_random_changes(app_database, client, leader_token, db):
    from shiftapp.db import session_scope

    bureaus, people = _ids(db)
    milan = bureaus["Milan"]
    # A week with overlaps waiting to happen: two people on most days, open places, one night shift.
    for offset in range(5):
        day = FAR + timedelta(days=offset)
        _shift(client, leader_token, milan, day, 6, 14, people[PEOPLE[offset % 5]], force=True)
        _shift(client, leader_token, milan, day, 12, 20, people[PEOPLE[(offset + 1) % 5]], force=True)
        _shift(client, leader_token, milan, day, 15, 21, capacity=1)
    _shift(client, leader_token, milan, FAR + timedelta(days=2), 21, 23, people[PEOPLE[2]], force=True)
    assert client.get("/api/shifts", headers=bearer(leader_token)).status_code == 200
    tz = zone()
    lo = datetime.combine(FAR - timedelta(days=3), datetime.min.time(), tzinfo=tz)
    hi = datetime.combine(FAR + timedelta(days=10), datetime.min.time(), tzinfo=tz)
    token = sign_in_here("leader@example.com")
    seen = {"written": 0, "with_conflicts": 0, "refused": 0}

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        pick=st.integers(min_value=0, max_value=10_000),
        kind=change_kinds,
        days=st.integers(min_value=-1, max_value=1),
        quarters=st.integers(min_value=-24, max_value=24),
        person=st.sampled_from((*PEOPLE, "open")),
    )
    def one_change(pick: int, kind: str, days: int, quarters: int, person: str):
        delta = timedelta(days=days, minutes=15 * quarters)
        with session_scope() as session:
            items = _items(session, lo, hi)
            item_id = items[pick % len(items)]
            shift_id = item_id[2:] if item_id.startswith("o:") else session.get(Assignment, item_id[2:]).shift_id
            shift = session.get(Shift, shift_id)
            start, end = shift.start_at.astimezone(tz), shift.end_at.astimezone(tz)
            target = f"open:{milan}" if person == "open" else f"p:{people[person]}"
            if kind == "move":
                change = AxisChange(item_id=item_id, start=f"{start + delta:%Y-%m-%dT%H:%M}")
            elif kind == "resize":
                change = AxisChange(item_id=item_id, end=f"{end + timedelta(minutes=15 * quarters):%Y-%m-%dT%H:%M}")
            elif kind == "give":
                change = AxisChange(item_id=item_id, target=target)
            else:
                change = AxisChange(item_id=item_id, start=f"{start + delta:%Y-%m-%dT%H:%M}", target=target)

        def preview(s, u):
            return change_on_axis(session=s, actor=u, change=change, write=False)

        from shiftapp.state.base import run_as_user

        try:
            before = run_as_user(token, preview)
        except DomainError as refused:
            # What the preview refuses, the write refuses the same way, and writes nothing.
            with session_scope() as session:
                stored = _open_conflicts(session)
            with pytest.raises(type(refused)):
                run_as_user(
                    token, lambda s, u: change_on_axis(session=s, actor=u, change=change, write=True, force=True)
                )
            with session_scope() as session:
                assert _open_conflicts(session) == stored
            seen["refused"] += 1
            return
        with session_scope() as session:
            stored_before = _open_conflicts(session)
        written = run_as_user(
            token,
            lambda s, u: change_on_axis(
                session=s, actor=u, change=change, write=True, force=True, expected_version=before.shift_version
            ),
        )
        with session_scope() as session:
            stored_after = _open_conflicts(session)
        previewed = {c.key for c in before.result.introduced}
        assert previewed == {c.key for c in written.result.introduced}, change
        assert {c.key for c in before.result.removed} == {c.key for c in written.result.removed}, change
        assert before.summary == written.summary
        # Schedule health's list moved by exactly what the preview said. A conflict the change only
        # altered (the same rule and people, another number of hours) is in both of the preview's lists
        # and keeps its stored row.
        removed = {c.key for c in before.result.removed}
        new = {k for k in previewed - removed if k.split(":")[0] not in NOT_STORED}
        assert stored_after - stored_before == new, change
        assert stored_before - stored_after == (removed - previewed) & stored_before, change
        seen["written"] += 1
        seen["with_conflicts"] += bool(previewed)

    one_change()
    # The walk did write changes, some of them with conflicts, and met some refusals.
    assert seen["written"] >= 10 and seen["with_conflicts"] >= 3, seen
