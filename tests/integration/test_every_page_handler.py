"""Authorization by construction: every event handler of every page state, found by walking the
app's state classes (not a hand-written list), is called as a stranger and as a staff member,
with other people's ids and with wrong-typed arguments, on a fresh state and on a state whose
page has loaded. No call may raise, and no row in the database may change — except the staff
member's own preferences, profile and calendar address, which are theirs to save (and even there, never their
role, email, status or password), and whether their own notifications are read. A handler added later without
the guard fails here."""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from sqlalchemy import text
from sqlmodel import select

import shiftapp.state
from tests.integration.conftest import DEMO_PASSWORD, login, sign_in_here
from tests.integration.test_page_handlers_authorization import _state, app_database  # noqa: F401

# Tables whose rows the test itself writes (its sign-ins, the rate limiter's counters).
UNWATCHED_TABLES = {"auth_session", "rate_limit_counter", "alembic_version"}
# What nobody may change about their own account from a page.
OWN_ACCOUNT_FIELDS = ("email", "access_role", "is_team_leader", "status", "password_hash", "bureau_id", "deleted_at")
HUGE_TEXT = "x" * 1_000_000
WRONG_TYPED = [
    None,
    0,
    -1,
    10**15,
    2.5,
    float("nan"),
    True,
    {},
    {"nested": {"deeper": [1, 2]}},
    [],
    [None, 3],
    ["a"] * 10_000,
    "",
    HUGE_TEXT,
    "\x00\u202e",
    "../../etc/passwd",
]
# A background task that polls a job is followed this many steps, then stopped.
BACKGROUND_STEPS = 50


# ------------------------------------------------------------------ enumeration
def _page_state_classes() -> list[type[rx.State]]:
    for module in pkgutil.iter_modules(shiftapp.state.__path__):
        importlib.import_module(f"shiftapp.state.{module.name}")

    def walk(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    found = {c for c in walk(rx.State) if c.__module__.startswith("shiftapp.state.")}
    return sorted(found, key=lambda c: c.get_full_name())


def _handlers() -> list[tuple[type[rx.State], str]]:
    # setvar is Reflex's own: it only calls the state's `set_<name>` handlers, which are listed
    # here themselves (auto setters are off); test_setvar_reaches_only_guarded_setters proves it.
    return [(cls, name) for cls in _page_state_classes() for name in sorted(cls.event_handlers) if name != "setvar"]


HANDLERS = _handlers()


def test_the_walk_finds_the_pages_handlers():
    names = {f"{cls.__name__}.{name}" for cls, name in HANDLERS}
    assert {
        "ProfileState.save_profile",
        "TimelineState.publish",
        "TimelineState.run_auto_assign",
        "AuthState.sign_in",
        "PlanBoardState.move",
        "GenerateState.generate",
    } <= names
    assert len(HANDLERS) >= 90


@pytest.mark.parametrize(("cls", "name"), HANDLERS, ids=[f"{c.__name__}.{n}" for c, n in HANDLERS])
def test_every_handler_is_declared_with_the_guard(cls, name):
    from shiftapp.state.base import GUARD_MARKER

    handler = cls.event_handlers[name]
    assert getattr(handler.fn, GUARD_MARKER, None) is not None, (
        f"{cls.__name__}.{name} is declared with @rx.event: declare it with @page_event (shiftapp/state/base.py) so "
        "that the user is resolved and its arguments checked before it runs"
    )


def test_setvar_reaches_only_guarded_setters():
    from shiftapp.state.base import GUARD_MARKER

    for cls in _page_state_classes():
        for var in sorted(set(cls.vars) - set(rx.State.vars)):  # Reflex's own (is_hydrated, router) aside
            setter = getattr(cls, f"set_{var}", None)  # setvar calls exactly this, inherited or not
            if setter is not None:
                assert getattr(getattr(setter, "fn", setter), GUARD_MARKER, None) is not None, (
                    f"{cls.__name__}.set_{var} can be reached through setvar without the guard"
                )


# ------------------------------------------------------------------ the database, before and after
def _fingerprint(db, actor_id: str | None) -> dict[str, str]:
    """A digest of every table's rows; the actor's own profile and preferences are left out, but the
    parts of their account that decide what they may do are kept."""
    db.expire_all()
    own_ids: set[str] = set()
    if actor_id is not None:
        own_ids = {
            actor_id,
            *db.exec(text("SELECT id FROM preference WHERE employee_id = :a"), params={"a": actor_id}).scalars(),
        }
    digests = {}
    from shiftapp.models import metadata

    for table in metadata.sorted_tables:
        if table.name in UNWATCHED_TABLES:
            continue
        key = list(table.primary_key.columns) or list(table.columns)
        digest = hashlib.sha256()
        for row in db.execute(select(table).order_by(*key)).mappings():
            row = dict(row)
            if actor_id is not None and table.name == "employee" and row["id"] == actor_id:
                row = {k: row[k] for k in ("id", *OWN_ACCOUNT_FIELDS)}
            elif actor_id is not None and table.name == "preference" and row["employee_id"] == actor_id:
                continue
            elif actor_id is not None and table.name == "calendar_feed" and row["employee_id"] == actor_id:
                continue  # their own calendar address is theirs to make, rotate and revoke
            elif actor_id is not None and table.name == "notification" and row["recipient_id"] == actor_id:
                row = {k: v for k, v in row.items() if k != "read_at"}  # theirs to mark read, nothing else
            elif table.name == "audit_event" and row["action"] in ("sign_in", "sign_in_failed"):
                continue  # every sign-in attempt is audited by design, a stranger's included
            elif (
                actor_id is not None
                and table.name == "audit_event"
                and row["actor_id"] == actor_id
                and row["entity_id"] in own_ids
            ):
                continue
            digest.update(repr(sorted(row.items())).encode())
        digests[table.name] = digest.hexdigest()
    return digests


# ------------------------------------------------------------------ other people's ids
@pytest.fixture(scope="module")
def other_peoples_ids(database_url) -> dict[str, Any]:
    """Ids of rows that belong to someone other than staff@example.com, in every shape the pages send."""
    from sqlmodel import Session

    from shiftapp.db import make_engine
    from shiftapp.models import (
        Assignment,
        Employee,
        OrderAssignment,
        Plan,
        PlannedUnit,
        Shift,
        StoredConflict,
        VehicleAssignment,
    )

    engine = make_engine(database_url)
    with Session(engine) as db:
        marco = db.exec(select(Employee).where(Employee.email == "marco.rossi@example.com")).one()
        assignment = db.exec(select(Assignment).where(Assignment.employee_id == marco.id)).first()
        shift = db.get(Shift, assignment.shift_id)
        conflict = db.exec(select(StoredConflict).where(StoredConflict.status == "unresolved")).first()
        plan = db.exec(select(Plan)).first()
        unit = db.exec(select(PlannedUnit).where(PlannedUnit.plan_id == plan.id)).first()
        vehicle = db.exec(select(VehicleAssignment)).first()
        order = db.exec(select(OrderAssignment).where(OrderAssignment.plan_id == plan.id)).first()
        day = (shift.start_at.date() + timedelta(days=1)).isoformat()
        ids = {
            "employee": marco.id,
            "assignment": assignment.id,
            "shift": shift.id,
            "conflict": conflict.id,
            "plan": plan.id,
            "unit": unit.id if unit else "",
            "vehicle": vehicle.id,
            "order": order.order_id if order else "",
            "day": day,
        }
    engine.dispose()
    return ids


def _id_values(ids: dict[str, Any]) -> list[Any]:
    plain = [v for k, v in ids.items() if v]
    shaped = [
        f"shift:{ids['shift']}",
        f"cell:{ids['employee']}:{ids['day']}",
        f"order:{ids['order']}",
        f"unit:{ids['unit']}",
        "unassigned",
        "day",
        "Monday",
        "Morning",
        "all",
    ]
    forms = [
        {"full_name": "Sofia Romano", "phone": "+39 000"},
        {"email": "marco.rossi@example.com", "password": "x"},
        {"current_password": "not-the-password", "new_password": "Another-passw0rd!"},
    ]
    return plain + shaped + forms


def _calls(handler, ids: dict[str, Any]) -> Iterator[tuple[tuple, dict]]:
    """Argument lists for one handler: wrong-typed values, other people's ids, pairs of them,
    nothing at all, and an argument it does not take."""
    parameters = list(inspect.signature(handler.fn).parameters)[1:]
    if not parameters:
        yield (), {}
        yield (), {"unexpected": "value"}
        return
    values = WRONG_TYPED + _id_values(ids)
    for value in values:
        yield tuple(value for _ in parameters), {}
    if len(parameters) == 2:
        shaped = _id_values(ids)
        for first in shaped[:13]:
            for second in (
                ids["shift"],
                f"cell:{ids['employee']}:{ids['day']}",
                f"unit:{ids['unit']}",
                "unassigned",
                1,
                -1,
                "a note",
            ):
                yield (first, second), {}
    yield (), {}
    yield tuple("x" for _ in parameters), {"unexpected": "value"}


# ------------------------------------------------------------------ driving a handler
def _drive(handler, state, args: tuple, kwargs: dict) -> list[Any]:
    """Run a handler as Reflex would (sync, async, generator or background task); return what it sent back."""
    result = handler.fn(state, *args, **kwargs)
    if inspect.isasyncgen(result):

        async def consume():
            updates = []
            async for update in result:
                updates.append(update)
                if len(updates) >= BACKGROUND_STEPS:
                    await result.aclose()
                    break
            return updates

        return asyncio.run(consume())
    if inspect.iscoroutine(result):
        return [asyncio.run(result)]
    if inspect.isgenerator(result):
        return list(result)
    return [result]


def _page_route(cls: type[rx.State]) -> tuple[str, list]:
    """The route whose page shows this state, and that page's on_load handlers."""
    from shiftapp.shiftapp import app

    own = {h.fn for klass in cls.__mro__ if hasattr(klass, "event_handlers") for h in klass.event_handlers.values()}
    for route, events in app._load_events.items():
        if any(e.fn in own for e in events if e.fn.__qualname__.split(".")[0] != "AuthState"):
            return route, events
    return "", []


def _fresh_state(cls, token: str, ids: dict[str, Any], loaded: bool):
    state = _state(cls, token)
    route, load_events = _page_route(cls)
    path = "/" + route.replace("[plan_id]", ids["plan"]).removeprefix("index")
    state._get_root_state().router = RouterData.from_router_data({"pathname": path, "asPath": path, "headers": {}})
    if loaded:
        for event in load_events:
            _with_asked_reads(cls, state, _drive(event, state, (), {}))
    return state


def _with_asked_reads(cls, state, sent: list[Any]) -> None:
    """Run the reads of this state that a handler asked for (a page's opener asks for its read in a
    background event rather than running it), as Reflex would run them."""
    own = {h.fn for h in cls.event_handlers.values()}
    for event in sent:
        fn = getattr(event, "fn", None)
        if fn in own:
            _with_asked_reads(cls, state, _drive(cls.event_handlers[fn.__name__], state, (), {}))


def _call_everything(cls, name: str, token: str, ids: dict[str, Any], loaded: bool) -> list[str]:
    """Every call on a fresh state, or one after another on a state whose page has loaded (as a
    session that keeps its page open would)."""
    handler = cls.event_handlers[name]
    crashes = []
    loaded_state = _fresh_state(cls, token, ids, loaded=True) if loaded else None
    for args, kwargs in _calls(handler, ids):
        state = loaded_state or _fresh_state(cls, token, ids, loaded=False)
        try:
            _drive(handler, state, args, kwargs)
        except Exception as error:  # the point of the test: none may escape
            shown = ", ".join(repr(a)[:40] for a in args) + ", ".join(f"{k}=" for k in kwargs)
            crashes.append(f"{cls.__name__}.{name}({shown}): {type(error).__name__}: {str(error)[:120]}")
    return crashes


@pytest.fixture
def staff(app_database) -> dict[str, str]:
    from shiftapp.services.auth import sign_in

    token, user = sign_in(email="staff@example.com", password=DEMO_PASSWORD, address="127.0.0.1")
    return {"token": token, "id": user.id}


@pytest.mark.parametrize(("cls", "name"), HANDLERS, ids=[f"{c.__name__}.{n}" for c, n in HANDLERS])
def test_strangers_change_nothing_and_crash_nothing(cls, name, app_database, db, other_peoples_ids):
    before = _fingerprint(db, None)
    crashes = []
    for token in ("", "forged-token"):
        crashes += _call_everything(cls, name, token, other_peoples_ids, loaded=False)
    assert not crashes, "\n".join(crashes)
    after = _fingerprint(db, None)
    assert [t for t in before if before[t] != after[t]] == [], "rows changed in these tables"


@pytest.mark.parametrize(("cls", "name"), HANDLERS, ids=[f"{c.__name__}.{n}" for c, n in HANDLERS])
def test_staff_with_other_peoples_ids_and_wrong_types_change_nothing(
    cls,
    name,
    app_database,
    db,
    other_peoples_ids,
    staff,
):
    if name == "sign_out":
        pytest.skip("signs the test's own session out; covered by test_sign_out_ends_only_its_own_session")
    before = _fingerprint(db, staff["id"])
    crashes = []
    for loaded in (False, True):
        crashes += _call_everything(cls, name, staff["token"], other_peoples_ids, loaded=loaded)
    assert not crashes, "\n".join(crashes)
    after = _fingerprint(db, staff["id"])
    assert [t for t in before if before[t] != after[t]] == [], "rows changed in these tables"


def test_sign_out_ends_only_its_own_session(app_database, client, db):
    from shiftapp.state.auth import AuthState

    mine, other = login(client, "staff@example.com")["token"], login(client, "staff@example.com")["token"]
    before = _fingerprint(db, None)
    state = _state(AuthState, mine)
    for args in [(), (None,), ({"token": other},)]:
        try:
            _drive(AuthState.event_handlers["sign_out"], state, args, {})
        except Exception as error:
            pytest.fail(f"sign_out{args} raised {type(error).__name__}: {error}")
    assert _fingerprint(db, None) == before
    assert client.get("/api/auth/session", headers={"Authorization": f"Bearer {other}"}).status_code == 200
    assert client.get("/api/auth/session", headers={"Authorization": f"Bearer {mine}"}).status_code == 401


def test_wrong_typed_form_gets_a_kind_message(app_database, client):
    from shiftapp.state.profile import ProfileState

    state = _state(ProfileState, sign_in_here("staff@example.com"))
    sent = _drive(ProfileState.event_handlers["save_profile"], state, ("not a form",), {})
    message = repr(sent)
    assert "form" in message and "reload the page" in message


def test_publish_before_the_page_loaded_is_refused_kindly(app_database, client):
    from shiftapp.state.timeline import TimelineState

    state = _state(TimelineState, sign_in_here("leader@example.com"))
    assert state.anchor == ""
    sent = repr(_drive(TimelineState.event_handlers["publish"], state, (), {}))
    assert "toast" in sent.lower()


def test_strangers_are_sent_to_sign_in_before_their_arguments_are_read(app_database):
    from shiftapp.state.profile import ProfileState

    state = _state(ProfileState, "")
    sent = repr(_drive(ProfileState.event_handlers["save_profile"], state, (12,), {}))
    assert "sign in" in sent and "/login" in sent


# ------------------------------------------------------------------ opening a page
def _page_state(event) -> type[rx.State]:
    """The state class that declares a page's on_load handler."""
    owners = [c for c in _page_state_classes() if event.fn in {h.fn for h in c.event_handlers.values()}]
    return next(c for c in owners if not any(o is not c and issubclass(c, o) for o in owners))


def _shown(state) -> dict[str, Any]:
    """Everything the state holds, apart from what any page state has (who is signed in, the language)."""
    from shiftapp.state.auth import AuthState

    own = [k for k in type(state).__mro__ if issubclass(k, AuthState) and k is not AuthState]
    names = {name for k in own for name in vars(k).get("__annotations__", {})}
    return {name: repr(getattr(state, name)) for name in sorted(names)}


def test_every_signed_in_page_opens_in_one_public_event_that_sends_strangers_to_sign_in_with_nothing_loaded(
    app_database, db, other_peoples_ids
):
    """Each page's opener is public (it must answer strangers with the redirect rather than the guard's
    toast), so it is its own check: for a stranger or a forged session it sends them to /login, asks for
    no read and leaves the page's state as a fresh one, and no row changes."""
    from shiftapp.shiftapp import app
    from shiftapp.state.base import GUARD_MARKER

    routes = {route: events for route, events in app._load_events.items() if route not in ("login", "welcome")}
    assert len(routes) >= 17
    before = _fingerprint(db, None)
    for route, events in routes.items():
        assert len(events) == 1, f"/{route} opens with {len(events)} events; open it with one (_open_signed_in)"
        (opener,) = events
        assert getattr(opener.fn, GUARD_MARKER, {}).get("public") is True, f"/{route}: {opener.fn.__qualname__}"
        cls = _page_state(opener)
        for token in ("", "forged-token"):
            state = _fresh_state(cls, token, other_peoples_ids, loaded=False)
            fresh = _shown(state)
            sent = _drive(opener, state, (), {})
            flat = [e for update in sent for e in (update if isinstance(update, list) else [update])]
            assert "/login" in repr(flat) and "redirect" in repr(flat).lower(), f"/{route}: {flat!r}"[:300]
            own = {h.fn for h in cls.event_handlers.values()}
            assert not [e for e in flat if getattr(e, "fn", None) in own], f"/{route} asked a stranger's read"
            assert _shown(state) == fresh, f"/{route} loaded something for a stranger"
            assert state.user_id == "" and state.nav_items == []
    after = _fingerprint(db, None)
    assert [t for t in before if before[t] != after[t]] == []


def test_every_signed_in_page_opens_for_staff_without_a_crash_and_shows_who_is_signed_in(app_database, db, staff):
    """Staff open every page (a leader's page included): the shell says who they are; what the page
    shows them is the services' decision (a leader's page refuses them kindly, with nothing of its data)."""
    from shiftapp.shiftapp import app

    ids = {"plan": "no-such-plan"}
    for route, events in app._load_events.items():
        if route in ("login", "welcome"):
            continue
        cls = _page_state(events[0])
        state = _fresh_state(cls, staff["token"], ids, loaded=False)
        sent = _drive(events[0], state, (), {})
        _with_asked_reads(cls, state, sent)
        assert state.user_email == "staff@example.com", f"/{route}"
        assert "/login" not in repr(sent), f"/{route}: {sent!r}"[:300]
