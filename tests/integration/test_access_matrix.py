"""Who may call what: every operation of /openapi.json, called over real HTTP by each role.

The rows come from the served /openapi.json: an operation missing from the table below fails the
test, and so does a table row for an operation the document no longer has. How a cell is called:

- reads (GET) name existing rows; a row that belongs to someone is called for the caller's own
  row ("own") and for another person's ("other");
- writes that take a body are sent the JSON `[]`, never a valid body: a caller who may use the
  route gets 400 (validation), one who may not gets 403 and a stranger 401 — authorisation comes
  before validation, and nothing is written (every table is compared before and after);
- writes without a body name a row that does not exist ("missing"), so a caller who may use the
  route gets 404 and nothing is deleted; where the refusal depends on whose row it is, refused
  callers are sent another person's real row ("other");
- None: not called, because for that role the route would change the shared test database (a
  team leader confirming everyone's preferences, an administrator wiping the schedule).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sqlmodel import select

from tests.integration.conftest import bearer, login
from tests.support import DatabaseUnchanged

ROLES = ("anonymous", "staff", "team_leader", "scheduler", "admin")
ACCOUNTS = {
    "staff": "staff@example.com",
    "team_leader": "teamlead@example.com",
    "scheduler": "leader@example.com",
    "admin": "admin@example.com",
}
# Who the accounts are (seed.py): staff@ is staff; teamlead@ is staff and a team leader; leader@
# is a scheduler who is also a team leader (the demo's only scheduler); admin@ is an administrator.

#  method  path                                                   target     anon staff  team  sched admin
MATRIX: list[tuple[str, str, str, tuple]] = [
    ("POST", "/api/auth/login", "", (400, 400, 400, 400, 400)),
    ("POST", "/api/auth/signup", "", (400, 400, 400, 400, 400)),
    ("POST", "/api/auth/accept-invitation", "", (400, 400, 400, 400, 400)),
    ("POST", "/api/auth/logout", "", (401, 200, 200, 200, 200)),
    ("GET", "/api/auth/session", "", (401, 200, 200, 200, 200)),
    ("GET", "/api/users/me", "", (401, 200, 200, 200, 200)),
    ("PUT", "/api/users/me", "", (401, 400, 400, 400, 400)),
    ("PUT", "/api/users/me/password", "", (401, 400, 400, 400, 400)),
    ("GET", "/api/users/{user_id}/team-leader", "other", (401, 200, 200, 200, 200)),
    ("PUT", "/api/users/{user_id}/team-leader", "other", (401, 403, 403, 403, 400)),
    ("GET", "/api/employees", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/employees", "", (401, 403, 403, 400, 400)),
    ("GET", "/api/employees/{employee_id}", "other", (401, 200, 200, 200, 200)),
    ("PUT", "/api/employees/{employee_id}", "own", (401, 400, 400, 400, 400)),
    ("PUT", "/api/employees/{employee_id}", "other", (401, 403, 403, 400, 400)),
    ("DELETE", "/api/employees/{employee_id}", "missing", (401, 403, 403, 403, 404)),
    ("POST", "/api/employees/{employee_id}/invitation", "missing", (401, 403, 403, 404, 404)),
    ("GET", "/api/employees/{employee_id}/preferences", "own", (401, 200, 200, 200, 200)),
    ("GET", "/api/employees/{employee_id}/preferences", "other", (401, 200, 200, 200, 200)),
    ("PUT", "/api/employees/{employee_id}/preferences", "own", (401, 400, 400, 400, 400)),
    ("PUT", "/api/employees/{employee_id}/preferences", "other", (401, 403, 400, 400, 400)),
    ("POST", "/api/employees/{employee_id}/preferences/confirm", "missing", (401, 403, 404, 404, 404)),
    ("GET", "/api/team/availability", "", (401, 403, 200, 200, 200)),
    ("POST", "/api/team/availability", "", (401, 403, None, None, None)),
    ("GET", "/api/dashboard/stats", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/plans/auto-assign", "", (401, 403, 403, 400, 400)),
    ("POST", "/api/plans/add-plan", "", (401, 403, 403, 400, 400)),
    ("GET", "/api/plans", "", (401, 200, 200, 200, 200)),
    ("GET", "/api/plans/{plan_id}", "other", (401, 200, 200, 200, 200)),
    ("GET", "/api/plans/{plan_id}/units/{unit_id}/orders", "other", (401, 200, 200, 200, 200)),
    ("GET", "/api/plans/{plan_id}/units/{unit_id}/orders", "missing", (401, 404, 404, 404, 404)),
    ("DELETE", "/api/plans/{plan_id}", "missing", (401, 403, 403, 404, 404)),
    ("POST", "/api/plans/units/note", "", (401, 403, 403, 400, 400)),
    ("POST", "/api/plans/units/remove", "", (401, 403, 403, 400, 400)),
    ("POST", "/api/plans/{plan_id}/units", "other", (401, 403, 403, 400, 400)),
    ("POST", "/api/plans/{plan_id}/bulk-assign", "other", (401, 403, 403, 400, 400)),
    ("POST", "/api/plans/{plan_id}/unassign", "other", (401, 403, 403, 400, 400)),
    ("POST", "/api/plans/{plan_id}/move", "other", (401, 403, 403, 400, 400)),
    ("GET", "/api/loads", "", (401, 200, 200, 200, 200)),
    ("GET", "/api/shifts", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/shifts", "", (401, 403, 403, 400, 400)),
    ("GET", "/api/shifts/upcoming", "", (401, 200, 200, 200, 200)),
    ("DELETE", "/api/shifts/reset", "", (401, 403, 403, 403, None)),
    ("PUT", "/api/shifts/{shift_id}", "other", (401, 403, 403, 400, 400)),
    ("PATCH", "/api/shifts/{shift_id}", "other", (401, 403, 403, 400, 400)),
    ("DELETE", "/api/shifts/{shift_id}", "missing", (401, 403, 403, 404, 404)),
    ("GET", "/api/conflicts", "", (401, 200, 200, 200, 200)),
    ("PATCH", "/api/conflicts/{conflict_id}", "other", (401, 403, 400, 400, 400)),
    ("DELETE", "/api/conflicts/{conflict_id}", "missing", (401, 403, 404, 404, 404)),
    ("GET", "/api/v1/planning/templates", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/planning/templates", "", (401, 403, 403, 400, 400)),
    ("GET", "/api/v1/planning/templates/{template_id}", "other", (401, 200, 200, 200, 200)),
    ("PATCH", "/api/v1/planning/templates/{template_id}", "other", (401, 403, 403, 400, 400)),
    ("DELETE", "/api/v1/planning/templates/{template_id}", "missing", (401, 403, 403, 404, 404)),
    ("GET", "/api/v1/planning/shifts", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/planning/shifts", "", (401, 403, 403, 400, 400)),
    ("GET", "/api/v1/planning/shifts/{shift_id}", "other", (401, 200, 200, 200, 200)),
    ("PATCH", "/api/v1/planning/shifts/{shift_id}", "other", (401, 403, 403, 400, 400)),
    ("DELETE", "/api/v1/planning/shifts/{shift_id}", "missing", (401, 403, 403, 404, 404)),
    ("GET", "/api/v1/planning/assignments", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/planning/assignments", "", (401, 403, 403, 400, 400)),
    ("PATCH", "/api/v1/planning/assignments/{assignment_id}", "other", (401, 403, 403, 400, 400)),
    ("DELETE", "/api/v1/planning/assignments/{assignment_id}", "missing", (401, 403, 403, 404, 404)),
    ("GET", "/api/v1/planning/availability", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/planning/availability", "", (401, 400, 400, 400, 400)),
    ("PATCH", "/api/v1/planning/availability/{availability_id}", "other", (401, 403, 403, 400, 400)),
    ("DELETE", "/api/v1/planning/availability/{availability_id}", "other", (401, 403, 403, None, None)),
    ("DELETE", "/api/v1/planning/availability/{availability_id}", "missing", (401, 404, 404, 404, 404)),
    ("GET", "/api/v1/planning/rules", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/planning/conflicts/preview", "", (401, 400, 400, 400, 400)),
    ("POST", "/api/v1/planning/publish", "", (401, 403, 403, 400, 400)),
    ("POST", "/api/v1/planning/auto-assign", "", (401, 403, 403, 400, 400)),
    ("GET", "/api/v1/planning/auto-assign/{job_id}", "missing", (401, 403, 403, 404, 404)),
    ("GET", "/api/v1/planning/audit", "", (401, 403, 200, 200, 200)),
    ("POST", "/api/v1/time-off", "", (401, 400, 400, 400, 400)),
    ("GET", "/api/v1/time-off/mine", "", (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/time-off/pending", "", (401, 403, 200, 200, 200)),
    ("POST", "/api/v1/time-off/{request_id}/approve", "missing", (401, 403, 400, 400, 400)),
    ("POST", "/api/v1/time-off/{request_id}/decline", "missing", (401, 403, 400, 400, 400)),
    ("POST", "/api/v1/time-off/{request_id}/cancel", "missing", (401, 400, 400, 400, 400)),
    ("GET", "/api/v1/time-off/approved", "", (401, 403, 200, 200, 200)),
    # Open shifts: everyone sees and claims for themselves; leaders (and planners) decide on claims.
    ("GET", "/api/v1/open-shifts", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/open-shifts/{shift_id}/claim", "missing", (401, 400, 400, 400, 400)),
    ("GET", "/api/v1/open-shifts/claims/pending", "", (401, 403, 200, 200, 200)),
    ("DELETE", "/api/v1/open-shifts/claims/{claim_id}", "missing", (401, 404, 404, 404, 404)),
    ("POST", "/api/v1/open-shifts/claims/{claim_id}/approve", "missing", (401, 403, 400, 400, 400)),
    ("POST", "/api/v1/open-shifts/claims/{claim_id}/decline", "missing", (401, 403, 400, 400, 400)),
    # The claim rule of a bureau ("other" is Milan; the team leader leads Rome): its leaders and planners.
    ("GET", "/api/v1/open-shifts/settings/{bureau_id}", "other", (401, 403, 403, 200, 200)),
    ("GET", "/api/v1/open-shifts/settings/{bureau_id}", "missing", (401, 403, 403, 404, 404)),
    ("PUT", "/api/v1/open-shifts/settings/{bureau_id}", "other", (401, 403, 403, 400, 400)),
    # Swaps: everyone offers their own shifts and accepts offers; leaders (and planners) decide.
    ("GET", "/api/v1/swaps", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/swaps", "", (401, 400, 400, 400, 400)),
    ("GET", "/api/v1/swaps/pending", "", (401, 403, 200, 200, 200)),
    ("POST", "/api/v1/swaps/{offer_id}/accept", "missing", (401, 400, 400, 400, 400)),
    ("POST", "/api/v1/swaps/{offer_id}/withdraw", "missing", (401, 400, 400, 400, 400)),
    ("POST", "/api/v1/swaps/{offer_id}/approve", "missing", (401, 403, 400, 400, 400)),
    ("POST", "/api/v1/swaps/{offer_id}/decline", "missing", (401, 403, 400, 400, 400)),
    ("GET", "/api/v1/swaps/settings/{bureau_id}", "other", (401, 403, 403, 200, 200)),
    ("GET", "/api/v1/swaps/settings/{bureau_id}", "missing", (401, 403, 403, 404, 404)),
    ("PUT", "/api/v1/swaps/settings/{bureau_id}", "other", (401, 403, 403, 400, 400)),
    # Copy and repeat: team leaders (for the bureau they lead, checked once the body is read), planners, admins.
    ("POST", "/api/v1/schedule/copy-week/preview", "", (401, 403, 400, 400, 400)),
    ("POST", "/api/v1/schedule/copy-week", "", (401, 403, 400, 400, 400)),
    ("POST", "/api/v1/schedule/apply-templates/preview", "", (401, 403, 400, 400, 400)),
    ("POST", "/api/v1/schedule/apply-templates", "", (401, 403, 400, 400, 400)),
    ("POST", "/api/ai/generate-schedule", "", (401, 403, 400, 400, 400)),
    ("GET", "/api/ai/generate-schedule/jobs/{job_id}", "missing", (401, 403, 404, 404, 404)),
    ("GET", "/api/jobs/{job_id}", "missing", (401, 404, 404, 404, 404)),
    ("POST", "/api/ai/generate-schedule/jobs/{job_id}/stop", "missing", (401, 403, 404, 404, 404)),
    ("POST", "/api/ai/save-schedule", "", (401, 403, 400, 400, 400)),
    ("POST", "/api/ai/resolve-conflict", "", (401, 403, 400, 400, 400)),
    ("GET", "/api/ai/status", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/ai/chatbot", "", (401, 400, 400, 400, 400)),
    # Calendar feeds: the token is the credential (anonymous); a bureau ("other" is Milan, the team
    # leader leads Rome) for its team leaders, planners and admins; exports likewise.
    ("GET", "/api/v1/calendar/{token}.ics", "missing", (404, 404, 404, 404, 404)),
    ("GET", "/api/v1/me/calendar-feed", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/me/calendar-feed", "", (401, 201, 201, 201, 201)),
    ("DELETE", "/api/v1/me/calendar-feed", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/bureaus/{bureau_id}/calendar-feed", "other", (401, 403, 403, 201, 201)),
    ("POST", "/api/v1/bureaus/{bureau_id}/calendar-feed", "missing", (401, 403, 403, 404, 404)),
    ("DELETE", "/api/v1/bureaus/{bureau_id}/calendar-feed", "missing", (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/exports/schedule", "", (401, 403, 400, 400, 400)),
    ("GET", "/api/v1/exports/rota", "", (401, 403, 400, 400, 400)),
    ("GET", "/api/plans/{plan_id}/load-sheet", "other", (401, 403, 403, 200, 200)),
    # Notifications: everyone their own; another person's message is answered as missing.
    ("GET", "/api/v1/notifications", "", (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/notifications/unread-count", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/notifications/read-all", "", (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/notifications/{notification_id}/read", "missing", (401, 404, 404, 404, 404)),
]
MISSING = "row-that-does-not-exist"


def _cells() -> Iterator[tuple[str, str, str, str, int]]:
    for method, path, target, expected in MATRIX:
        for role, status in zip(ROLES, expected, strict=True):
            if status is not None:
                yield method, path, target, role, status


CELLS = list(_cells())


@pytest.fixture(scope="module")
def documented(base_url) -> dict[tuple[str, str], dict]:
    spec = httpx.get(f"{base_url}/openapi.json", timeout=30).json()
    return {
        (method.upper(), path): operation
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
    }


@pytest.fixture(scope="module")
def tokens(base_url) -> dict[str, str]:
    with httpx.Client(base_url=base_url, timeout=30) as client:
        return {role: login(client, email)["token"] for role, email in ACCOUNTS.items()}


@pytest.fixture(scope="module")
def rows(database_url, tokens, base_url) -> dict[str, dict[str, str]]:
    """Per role: the ids its own rows and other people's rows have, by path parameter."""
    from sqlmodel import Session

    from shiftapp.db import make_engine
    from shiftapp.models import (
        Assignment,
        Availability,
        Bureau,
        Employee,
        PlannedUnit,
        Shift,
        ShiftTemplate,
        StoredConflict,
    )

    engine = make_engine(database_url)
    with Session(engine) as db:
        people = {e.email: e.id for e in db.exec(select(Employee))}
        other_person = people["marco.rossi@example.com"]
        unit = db.exec(select(PlannedUnit).order_by(PlannedUnit.created_at)).first()
        other = {
            "user_id": other_person,
            "employee_id": other_person,
            # A plan with a unit, for the routes that name both.
            "plan_id": unit.plan_id,
            "unit_id": unit.id,
            "shift_id": db.exec(select(Shift)).first().id,
            "conflict_id": db.exec(select(StoredConflict)).first().id,
            "template_id": db.exec(select(ShiftTemplate)).first().id,
            "assignment_id": db.exec(select(Assignment)).first().id,
            "availability_id": db.exec(
                select(Availability).where(Availability.employee_id.not_in([people[e] for e in ACCOUNTS.values()]))
            )
            .first()
            .id,
            "job_id": MISSING,
            "request_id": MISSING,
            "claim_id": MISSING,
            "offer_id": MISSING,
            "bureau_id": db.exec(select(Bureau).where(Bureau.name == "Milan")).one().id,
            "token": MISSING,
            "notification_id": MISSING,
        }
    engine.dispose()
    targets = {}
    for role in ROLES:
        own_id = people.get(ACCOUNTS.get(role, ""), MISSING)
        targets[role] = {
            "other": other,
            "own": {**other, "employee_id": own_id, "user_id": own_id},
            "missing": dict.fromkeys(other, MISSING),
            "": other,
        }
    return targets


def _call(
    base_url: str,
    method: str,
    path: str,
    target: str,
    role: str,
    tokens: dict[str, str],
    rows: dict,
    documented: dict,
    body: object = "default",
) -> httpx.Response:
    url = path.format(**rows[role][target]) if "{" in path else path
    headers = {}
    if role != "anonymous":
        token = tokens[role]
        if path == "/api/auth/logout":  # a session of its own, so the others stay signed in
            with httpx.Client(base_url=base_url, timeout=30) as client:
                token = login(client, ACCOUNTS[role])["token"]
        headers = bearer(token)
    takes_body = "requestBody" in documented[(method, path)]
    with httpx.Client(base_url=base_url, timeout=60) as client:
        if body != "default":
            return client.request(method, url, headers={**headers, "Content-Type": "application/json"}, content=body)
        return client.request(method, url, headers=headers, json=[] if takes_body else None)


def test_the_table_covers_every_documented_operation(documented):
    in_table = {(method, path) for method, path, _target, _expected in MATRIX}
    assert sorted(set(documented) - in_table) == [], "add the new operations to MATRIX"
    assert sorted(in_table - set(documented)) == [], "these operations are no longer documented"


@pytest.mark.parametrize(
    ("method", "path", "target", "role", "expected"),
    CELLS,
    ids=[f"{m} {p} {t} {r}".replace(" ", "_") for m, p, t, r, _ in CELLS],
)
def test_each_role_gets_the_expected_answer(
    base_url, method, path, target, role, expected, tokens, rows, documented, db
):
    """And a write that is refused (401, 403) or invalid (400, 404) leaves every table as it was."""
    if method == "GET" or expected not in (400, 401, 403, 404):
        response = _call(base_url, method, path, target, role, tokens, rows, documented)
    else:
        with DatabaseUnchanged(db):
            response = _call(base_url, method, path, target, role, tokens, rows, documented)
    assert response.status_code == expected, response.text[:300]
    if expected >= 400:
        assert str(expected) in documented[(method, path)]["responses"], "the answer is not documented"


REFUSED_BODIES = [(m, p, t, r, s) for m, p, t, r, s in CELLS if s in (401, 403) and m != "GET"]


@pytest.mark.parametrize(
    ("method", "path", "target", "role", "expected"),
    REFUSED_BODIES,
    ids=[f"{m} {p} {t} {r}".replace(" ", "_") for m, p, t, r, _ in REFUSED_BODIES],
)
def test_refusal_comes_before_reading_a_broken_body(
    base_url, method, path, target, role, expected, tokens, rows, documented, db
):
    """Even a body that is not JSON at all (FastAPI parses it before any dependency runs)."""
    if "requestBody" not in documented[(method, path)]:
        pytest.skip("takes no body")
    with DatabaseUnchanged(db):
        response = _call(base_url, method, path, target, role, tokens, rows, documented, body=b"{not json")
    assert response.status_code == expected, response.text[:300]


def test_staff_unassigning_a_plan_with_an_empty_body_is_refused_not_validated(base_url, staff_token, rows, db):
    """The issue's example: staff POST /api/plans/{id}/unassign {} answered 400 with the route's fields."""
    plan_id = rows["staff"]["other"]["plan_id"]
    with DatabaseUnchanged(db):
        response = httpx.post(f"{base_url}/api/plans/{plan_id}/unassign", json={}, headers=bearer(staff_token))
    assert response.status_code == 403
    assert response.json()["success"] is False and "planned_unit_id" not in response.text
