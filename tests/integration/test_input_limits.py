"""Limits on input over real HTTP: dates outside 1900-2200, huge offsets, over-long text and
control characters are a 400 naming the field (never a 500), and nothing over a limit is written."""

from __future__ import annotations

import pytest
from sqlmodel import select

from shiftapp.models import Bureau, Employee
from tests.integration.conftest import bearer


def _staff(db) -> Employee:
    db.expire_all()
    return db.exec(select(Employee).where(Employee.email == "staff@example.com")).one()


def _bureau_id(db) -> str:
    return db.exec(select(Bureau)).first().id


@pytest.mark.parametrize("year", ["9999", "0001"])
def test_shift_start_outside_the_range_is_400(client, admin_token, db, year):
    answer = client.post(
        "/api/shifts",
        headers=bearer(admin_token),
        json={
            "bureau_id": _bureau_id(db),
            "start_time": f"{year}-06-01T08:00:00Z",
            "end_time": f"{year}-06-01T16:00:00Z",
        },
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == "start_time"


def test_shift_list_with_dates_outside_the_range_is_400(client, staff_token):
    answer = client.get("/api/shifts?start_date=1900-01-01&end_date=9999-12-31", headers=bearer(staff_token))
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == "end_date"


@pytest.mark.parametrize("path", ["/api/shifts", "/api/conflicts", "/api/employees", "/api/plans"])
def test_huge_offset_is_a_400_not_a_500(client, admin_token, path):
    answer = client.get(f"{path}?offset=99999999999999999999", headers=bearer(admin_token))
    assert answer.status_code == 400, answer.text
    answer = client.get(f"{path}?offset=9223372036854775807", headers=bearer(admin_token))
    assert answer.status_code == 400, answer.text


def test_lone_surrogate_in_name_is_400(client, staff_token, db):
    before = _staff(db).full_name
    body = '{"full_name": "\\ud800x"}'
    answer = client.put(
        "/api/users/me", headers={**bearer(staff_token), "Content-Type": "application/json"}, content=body.encode()
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == "full_name"
    assert _staff(db).full_name == before


def test_over_long_name_is_400_and_nothing_is_written(client, staff_token, db):
    before = _staff(db)
    # Under the 1 MB body cap, so the name's own limit answers (a 2 MB body is the cap's 413, below).
    answer = client.put("/api/users/me", headers=bearer(staff_token), json={"full_name": "A" * 500_000})
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == "full_name" and "120" in answer.json()["error"]
    after = _staff(db)
    assert (after.full_name, after.version) == (before.full_name, before.version)


@pytest.mark.parametrize("name", ["Eve\x00Null", "Eve\x1b[31m", "Eve\u202eevil", "Eve\nNewline"])
def test_control_characters_in_a_name_are_400(client, staff_token, admin_token, db, name):
    before = _staff(db).full_name
    answer = client.put("/api/users/me", headers=bearer(staff_token), json={"full_name": name})
    assert answer.status_code == 400, answer.text
    assert _staff(db).full_name == before
    created = client.post(
        "/api/employees", headers=bearer(admin_token), json={"email": "eve.limits@example.com", "full_name": name}
    )
    assert created.status_code == 400, created.text
    assert created.json()["details"]["field"] == "full_name"


def test_over_long_shift_notes_are_400(client, admin_token, db):
    answer = client.post(
        "/api/shifts",
        headers=bearer(admin_token),
        json={
            "bureau_id": _bureau_id(db),
            "start_time": "2031-06-01T08:00:00Z",
            "end_time": "2031-06-01T16:00:00Z",
            "notes": "n" * 2_001,
        },
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == "notes"


def test_over_long_plan_name_is_400(client, admin_token):
    answer = client.post(
        "/api/plans/add-plan",
        headers=bearer(admin_token),
        json={"plan_name": "p" * 161, "delivery_start": "2031-06-01"},
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == "plan_name"


def test_body_over_the_cap_is_413_before_it_is_read(client, staff_token, db):
    before = _staff(db)
    answer = client.put("/api/users/me", headers=bearer(staff_token), json={"full_name": "A" * 2_000_000})
    # The 2 MB name above is refused by the body cap (1 MB) before the field check sees it.
    assert answer.status_code == 413, answer.text
    assert answer.json()["code"] == "PAYLOAD_TOO_LARGE"
    assert _staff(db).version == before.version


def test_chunked_body_over_the_cap_is_413(client, staff_token):
    def chunks():
        for _ in range(3):
            yield b"x" * 600_000

    answer = client.put(
        "/api/users/me", headers={**bearer(staff_token), "Content-Type": "application/json"}, content=chunks()
    )
    assert answer.status_code == 413, answer.text
    assert answer.json()["code"] == "PAYLOAD_TOO_LARGE"


def test_plans_family_answers_413_in_its_envelope(client, admin_token):
    answer = client.post("/api/plans/add-plan", headers=bearer(admin_token), json={"plan_name": "p" * 1_100_000})
    assert answer.status_code == 413, answer.text
    assert answer.json()["success"] is False and answer.json()["statusCode"] == 413


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/planning/shifts?start_date=0001-01-01&end_date=9999-12-31",
        "/api/v1/planning/audit?date_from=0001-01-01&date_to=9999-12-31",
        "/api/plans?date_from=0001-01-01&date_to=9999-12-31",
        "/api/loads?from=0001-01-01&to=9999-12-31",
    ],
)
def test_extreme_date_filters_are_never_a_500(client, admin_token, path):
    answer = client.get(path, headers=bearer(admin_token))
    assert answer.status_code < 500, answer.text


def _string_schemas_without_a_maximum(schema, components, where, seen=()):
    """Yield the path of every string in a schema that has no maxLength (enums and formats aside)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return
        schema, seen = components[name], (*seen, name)
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            yield from _string_schemas_without_a_maximum(option, components, where, seen)
    for name, prop in schema.get("properties", {}).items():
        yield from _string_schemas_without_a_maximum(prop, components, f"{where}.{name}", seen)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _string_schemas_without_a_maximum(schema["additionalProperties"], components, f"{where}.*", seen)
    if isinstance(schema.get("items"), dict):
        yield from _string_schemas_without_a_maximum(schema["items"], components, f"{where}[]", seen)
    if (
        schema.get("type") == "string"
        and "maxLength" not in schema
        and "enum" not in schema
        and "const" not in schema
        and schema.get("format") not in ("date", "date-time", "binary")
    ):
        yield where


def test_every_string_in_every_request_body_documents_a_maximum_length(client):
    spec = client.get("/openapi.json").json()
    components = spec["components"]["schemas"]
    unbounded = [
        path
        for route, operations in spec["paths"].items()
        for method, operation in operations.items()
        for media in operation.get("requestBody", {}).get("content", {}).values()
        for path in _string_schemas_without_a_maximum(media["schema"], components, f"{method.upper()} {route} body")
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    "method, path, body, field",
    [
        # Fields the services do not check themselves: on PostgreSQL their VARCHAR(n) would refuse the
        # value with a DataError; the schema's maxLength answers first, in each family's body.
        (
            "post",
            "/api/employees",
            {"email": "long.worker@example.com", "full_name": "Long Worker", "worker_id": "w" * 41},
            "worker_id",
        ),
        (
            "post",
            "/api/v1/planning/availability",
            {"employee_id": "e" * 65, "start_time": "2031-06-01T08:00:00Z", "end_time": "2031-06-01T16:00:00Z"},
            "employee_id",
        ),
        (
            "post",
            "/api/plans/add-plan",
            {
                "plan_name": "Long branch",
                "delivery_start": "2031-06-01",
                "scope_all_branches": False,
                "branch_ids": ["b" * 65],
            },
            "branch_ids.0",
        ),
    ],
)
def test_a_value_longer_than_its_column_is_a_400_naming_the_field(client, admin_token, method, path, body, field):
    answer = client.request(method, path, headers=bearer(admin_token), json=body)
    assert answer.status_code == 400, answer.text
    details = answer.json()["details"]
    assert details["field"] == field
    assert "at most" in (answer.json().get("error") or answer.json().get("message"))


def test_a_too_long_shift_type_is_refused_before_postgres_would(client, admin_token, db):
    shifts_before = client.get("/api/v1/planning/shifts", headers=bearer(admin_token)).json()
    answer = client.post(
        "/api/v1/planning/shifts",
        headers=bearer(admin_token),
        json={
            "bureau_id": _bureau_id(db),
            "start_time": "2031-07-01T08:00:00Z",
            "end_time": "2031-07-01T16:00:00Z",
            "shift_type": "t" * 41,
        },
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == "shift_type"
    assert client.get("/api/v1/planning/shifts", headers=bearer(admin_token)).json() == shifts_before


def _my_preferences(client, token, db):
    return client.get(f"/api/employees/{_staff(db).id}/preferences", headers=bearer(token)).json()


def test_preference_notes_with_a_control_character_are_400_and_not_saved(client, staff_token, db):
    before = _my_preferences(client, staff_token, db)
    answer = client.put(
        f"/api/employees/{_staff(db).id}/preferences", headers=bearer(staff_token), json={"notes": "Mornings\x07 only"}
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == "notes"
    assert _my_preferences(client, staff_token, db) == before


def test_a_leave_reason_with_a_control_character_is_400_and_nothing_is_recorded(client, staff_token, db):
    me = _staff(db).id
    before = client.get(f"/api/v1/planning/availability?employee_id={me}", headers=bearer(staff_token)).json()
    answer = client.post(
        "/api/v1/planning/availability",
        headers=bearer(staff_token),
        json={
            "employee_id": me,
            "start_time": "2031-08-01T08:00:00Z",
            "end_time": "2031-08-02T08:00:00Z",
            "reason": "Family\u202e matters",
        },
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == "reason"
    assert client.get(f"/api/v1/planning/availability?employee_id={me}", headers=bearer(staff_token)).json() == before


def test_a_template_name_with_a_control_character_is_400(client, admin_token, db):
    answer = client.post(
        "/api/v1/planning/templates",
        headers=bearer(admin_token),
        json={"bureau_id": _bureau_id(db), "name": "Early\x00", "start_time": "06:00", "end_time": "14:00"},
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == "name"


def test_a_delete_reason_with_a_control_character_leaves_the_shift_in_place(client, admin_token, db):
    created = client.post(
        "/api/v1/planning/shifts",
        headers=bearer(admin_token),
        json={"bureau_id": _bureau_id(db), "start_time": "2031-09-01T08:00:00Z", "end_time": "2031-09-01T16:00:00Z"},
    )
    assert created.status_code == 201, created.text
    shift_id = created.json()["shift"]["id"]
    answer = client.delete(
        f"/api/v1/planning/shifts/{shift_id}", headers=bearer(admin_token), params={"reason": "gone\x1b"}
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == "reason"
    assert client.get(f"/api/v1/planning/shifts/{shift_id}", headers=bearer(admin_token)).status_code == 200


@pytest.mark.parametrize(
    "params, field",
    [({"search": "x" * 201}, "search"), ({"search": "Ann\x00"}, "search"), ({"bureau": "Milan\x1b"}, "bureau")],
)
def test_searches_and_filters_over_a_limit_or_with_control_characters_are_400(client, admin_token, params, field):
    answer = client.get("/api/employees", headers=bearer(admin_token), params=params)
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field


@pytest.mark.parametrize(
    "body, field",
    [
        ({"question": "How do I publish?\x1b[2J"}, "question"),
        ({"question": "Hi", "history": [{"role": "user", "content": "h" * 2_001}]}, "history.0.content"),
    ],
)
def test_help_chat_text_over_a_limit_or_with_control_characters_is_400(client, staff_token, body, field):
    answer = client.post("/api/ai/chatbot", headers=bearer(staff_token), json=body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field
