"""Calendar feeds and exports over real HTTP: the feeds are read back with icalendar, the exports
with csv and openpyxl."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from openpyxl import load_workbook
from sqlmodel import col, select

from shiftapp.models import Assignment, Bureau, Employee, Plan, Shift
from tests.integration.conftest import bearer, login

ROME = ZoneInfo("Europe/Rome")


def _person(db, email: str) -> Employee:
    return db.exec(select(Employee).where(Employee.email == email)).one()


def _bureau(db, name: str) -> Bureau:
    return db.exec(select(Bureau).where(Bureau.name == name)).one()


@pytest.fixture
def night_shifts(db):
    """A published night shift each for Sofia (staff) and Marco in Rome, and a draft one for Sofia,
    all three weeks from today (inside the feed's window, away from the seeded shifts)."""
    rome = _bureau(db, "Rome")
    day = datetime.now(ROME).date() + timedelta(days=21)
    start = datetime.combine(day, datetime.min.time(), tzinfo=ROME).replace(hour=22).astimezone(UTC)
    made = {}
    for key, email, status in (
        ("sofia", "staff@example.com", "published"),
        ("marco", "marco.rossi@example.com", "published"),
        ("draft", "staff@example.com", "draft"),
    ):
        shift = Shift(
            bureau_id=rome.id,
            shift_type="Night",
            start_at=start,
            end_at=start + timedelta(hours=8),
            status=status,
            notes=f"feed-test {key}",
        )
        db.add(shift)
        db.flush()
        db.add(Assignment(shift_id=shift.id, employee_id=_person(db, email).id, status="confirmed"))
        made[key] = shift.id
        start += timedelta(days=1)
    db.commit()
    yield made, day
    for shift_id in made.values():
        for assignment in db.exec(select(Assignment).where(Assignment.shift_id == shift_id)):
            db.delete(assignment)
        db.delete(db.get(Shift, shift_id))
    db.commit()


def _plain(value) -> str:
    """A cell as text, numbers as numbers (XLSX gives 8 where CSV says 8.0)."""
    if value is None:
        return ""
    try:
        return f"{float(value):g}"
    except ValueError:
        return str(value)


def _feed(client, path: str) -> icalendar.Calendar:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _uids(calendar: icalendar.Calendar) -> set[str]:
    return {str(e["UID"]).split("@")[0].split(".")[0] for e in calendar.walk("VEVENT")}


def test_own_feed_holds_own_published_shifts_only(client, staff_token, night_shifts):
    made, day = night_shifts
    created = client.post("/api/v1/me/calendar-feed", headers=bearer(staff_token))
    assert created.status_code == 201, created.text
    calendar = _feed(client, created.json()["path"])
    uids = _uids(calendar)
    assert made["sofia"] in uids
    assert made["marco"] not in uids  # someone else's shift
    assert made["draft"] not in uids  # not published
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(made["sofia"]))
    assert event.decoded("DTSTART").date() == day and event.decoded("DTSTART").hour == 22
    assert event.decoded("DTEND").date() == day + timedelta(days=1) and event.decoded("DTEND").hour == 6
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Rome"]


def test_every_event_in_a_staff_feed_is_theirs(client, staff_token, db, night_shifts):
    sofia = _person(db, "staff@example.com")
    calendar = _feed(client, client.post("/api/v1/me/calendar-feed", headers=bearer(staff_token)).json()["path"])
    theirs = {a.shift_id for a in db.exec(select(Assignment).where(Assignment.employee_id == sofia.id))}
    published = {s.id for s in db.exec(select(Shift).where(Shift.status == "published"))}
    assert _uids(calendar) and _uids(calendar) <= theirs & published


def test_revoked_and_replaced_urls_answer_404(client, staff_token):
    first = client.post("/api/v1/me/calendar-feed", headers=bearer(staff_token)).json()["path"]
    second = client.post("/api/v1/me/calendar-feed", headers=bearer(staff_token)).json()["path"]
    assert first != second
    assert client.get(first).status_code == 404  # rotated away
    assert client.get(second).status_code == 200
    revoked = client.delete("/api/v1/me/calendar-feed", headers=bearer(staff_token))
    assert revoked.json() == {"revoked": True, "message": "Calendar feed revoked"}
    gone = client.get(second)
    assert gone.status_code == 404 and gone.json()["code"] == "NOT_FOUND"
    assert client.get("/api/v1/calendar/not-a-real-token-at-all-0000000000.ics").status_code == 404


def test_only_a_hash_of_the_token_is_stored(client, staff_token, db):
    token = client.post("/api/v1/me/calendar-feed", headers=bearer(staff_token)).json()["token"]
    from sqlalchemy import text

    stored = [tuple(r) for r in db.execute(text("SELECT * FROM calendar_feed")).all()]
    assert stored and not any(token in str(value) for row in stored for value in row)
    status = client.get("/api/v1/me/calendar-feed", headers=bearer(staff_token)).json()
    assert status["personal"]["active"] is True and token not in str(status)


def test_bureau_feed_for_its_team_leader_not_for_staff_or_other_bureaus(client, staff_token, db, night_shifts):
    made, _day = night_shifts
    rome, milan = _bureau(db, "Rome"), _bureau(db, "Milan")
    refused = client.post(f"/api/v1/bureaus/{rome.id}/calendar-feed", headers=bearer(staff_token))
    assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"
    leader = login(client, "teamlead@example.com")["token"]  # a team leader of Rome, not a planner
    other = client.post(f"/api/v1/bureaus/{milan.id}/calendar-feed", headers=bearer(leader))
    assert other.status_code == 403
    created = client.post(f"/api/v1/bureaus/{rome.id}/calendar-feed", headers=bearer(leader))
    assert created.status_code == 201, created.text
    calendar = _feed(client, created.json()["path"])
    assert {made["sofia"], made["marco"]} <= _uids(calendar) and made["draft"] not in _uids(calendar)
    marco = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(made["marco"]))
    assert "Marco Rossi" in str(marco["SUMMARY"])
    assert client.delete(f"/api/v1/bureaus/{rome.id}/calendar-feed", headers=bearer(leader)).json()["revoked"]
    assert client.get(created.json()["path"]).status_code == 404


def test_staff_cannot_export_a_bureau(client, staff_token, db):
    rome = _bureau(db, "Rome")
    for path in (
        f"/api/v1/exports/schedule?bureau_id={rome.id}&start_date=2026-01-01&end_date=2026-01-31",
        f"/api/v1/exports/rota?bureau_id={rome.id}&week=2026-01-05",
        f"/api/v1/exports/schedule?bureau_id={rome.id}&start_date=2026-01-31&end_date=2026-01-01",
    ):
        response = client.get(path, headers=bearer(staff_token))
        assert response.status_code == 403, path
    plan = db.exec(select(Plan)).first()
    assert plan is not None
    refused = client.get(f"/api/plans/{plan.id}/load-sheet", headers=bearer(staff_token))
    assert refused.status_code == 403 and refused.json()["success"] is False


def test_csv_export_holds_the_ranges_rows(client, leader_token, db, night_shifts):
    _made, day = night_shifts
    rome = _bureau(db, "Rome")
    response = client.get(
        "/api/v1/exports/schedule",
        params={"bureau_id": rome.id, "start_date": day.isoformat(), "end_date": day.isoformat(), "format": "csv"},
        headers=bearer(leader_token),
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    ours = [r for r in rows if r["Employee"] == "Sofia Romano" and r["Shift type"] == "Night"]
    assert ours == [
        {
            **ours[0],
            "Date": day.isoformat(),
            "Start": "22:00",
            "End": "06:00 (+1)",
            "Hours": "8.0",
            "Bureau": "Rome",
            "Shift status": "published",
        }
    ]
    assert all(r["Date"] == day.isoformat() for r in rows)  # the next days' shifts are outside the range
    assert "Marco Rossi" not in {r["Employee"] for r in rows}


def test_xlsx_export_holds_the_same_rows_as_csv(client, admin_token, db, night_shifts):
    _made, day = night_shifts
    rome = _bureau(db, "Rome")
    params = {"bureau_id": rome.id, "start_date": day.isoformat(), "end_date": (day + timedelta(days=2)).isoformat()}
    as_csv = client.get("/api/v1/exports/schedule", params=params, headers=bearer(admin_token))
    as_xlsx = client.get("/api/v1/exports/schedule", params={**params, "format": "xlsx"}, headers=bearer(admin_token))
    assert as_xlsx.status_code == 200 and as_xlsx.headers["content-type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    from_xlsx = [[_plain(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    from_csv = [[_plain(v) for v in row] for row in csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")))]
    assert len(from_xlsx) > 2 and from_xlsx == from_csv
    assert {"Sofia Romano", "Marco Rossi"} <= {row[8] for row in from_xlsx[1:]}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start_date=2026-03-10&end_date=2026-03-01", "end_date"),
        ("start_date=2026-01-01&end_date=2027-01-02", "end_date"),
        ("start_date=2026-02-30&end_date=2026-03-01", "start_date"),
        ("start_date=2026-01-01", "end_date"),
    ],
)
def test_bad_date_ranges_get_a_400_naming_the_field(client, leader_token, db, query, field):
    rome = _bureau(db, "Rome")
    response = client.get(f"/api/v1/exports/schedule?bureau_id={rome.id}&{query}", headers=bearer(leader_token))
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR" and body["details"]["field"] == field


def test_a_full_leap_year_is_allowed_and_an_unknown_bureau_is_404(client, leader_token, db):
    rome = _bureau(db, "Rome")
    year = client.get(
        f"/api/v1/exports/schedule?bureau_id={rome.id}&start_date=2028-01-01&end_date=2028-12-31",
        headers=bearer(leader_token),
    )
    assert year.status_code == 200
    missing = client.get(
        "/api/v1/exports/schedule?bureau_id=nope&start_date=2026-01-01&end_date=2026-01-02",
        headers=bearer(leader_token),
    )
    assert missing.status_code == 404


def test_printable_rota_shows_the_week_by_person(client, leader_token, db, night_shifts):
    _made, day = night_shifts
    rome = _bureau(db, "Rome")
    response = client.get(
        "/api/v1/exports/rota", params={"bureau_id": rome.id, "week": day.isoformat()}, headers=bearer(leader_token)
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    monday = day - timedelta(days=day.weekday())
    assert f"Week of {monday:%A %d %B %Y}" in html
    assert "@media print" in html and "Sofia Romano" in html and "22:00–06:00 (+1) Night" in html


@pytest.fixture
def loaded_plan(db):
    """A plan with one unit carrying every line of three orders on one route and day."""
    from shiftapp.models import DeliveryOrder, OrderAssignment, OrderLine, PlannedUnit, VehicleAssignment

    # Orders no earlier test has loaded (the suite shares one database): a line is on one unit at most.
    unloaded = select(DeliveryOrder).where(col(DeliveryOrder.id).not_in(select(OrderAssignment.order_id)))
    first = db.exec(unloaded.order_by(DeliveryOrder.sales_order_number)).first()
    orders = list(
        db.exec(
            unloaded.where(
                DeliveryOrder.route_id == first.route_id, DeliveryOrder.delivery_date == first.delivery_date
            ).limit(3)
        )
    )
    plan = Plan(plan_name="Load sheet test", delivery_start=first.delivery_date, delivery_end=first.delivery_date)
    db.add(plan)
    db.flush()
    unit = PlannedUnit(plan_id=plan.id, vehicle_assignment_id=db.exec(select(VehicleAssignment)).first().id)
    db.add(unit)
    db.flush()
    lines = [line for order in orders for line in db.exec(select(OrderLine).where(OrderLine.order_id == order.id))]
    for line in lines:
        db.add(
            OrderAssignment(
                plan_id=plan.id,
                planned_unit_id=unit.id,
                order_id=line.order_id,
                order_line_id=line.id,
                weight_kg=line.weight_kg,
            )
        )
    db.commit()
    yield plan.id, orders, lines
    db.delete(db.get(Plan, plan.id))
    db.commit()


def test_load_sheet_lists_each_units_lines_by_route(client, leader_token, loaded_plan):
    plan_id, orders, lines = loaded_plan
    response = client.get(f"/api/plans/{plan_id}/load-sheet?format=csv", headers=bearer(leader_token))
    assert response.status_code == 200, response.text
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == len(lines)  # one row per carried order line
    assert {r["Order number"] for r in rows} == {o.sales_order_number for o in orders}
    assert round(sum(float(r["Weight kg"]) for r in rows), 3) == round(sum(line.weight_kg for line in lines), 3)
    stop_of = {r["Order number"]: int(r["Stop"]) for r in rows}
    assert sorted(stop_of.values()) == list(range(1, len(orders) + 1))  # one stop per order on the route
    assert {r["Unit"] for r in rows} == {"Unit 1"} and len({r["Route"] for r in rows}) == 1
    printable = client.get(f"/api/plans/{plan_id}/load-sheet?format=html", headers=bearer(leader_token))
    assert printable.status_code == 200 and "Load sheet: Load sheet test" in printable.text
    assert "@media print" in printable.text and orders[0].sales_order_number in printable.text
    missing = client.get("/api/plans/nope/load-sheet", headers=bearer(leader_token))
    assert missing.status_code == 404 and missing.json()["success"] is False
    assert client.get(f"/api/plans/{plan_id}/load-sheet?format=pdf", headers=bearer(leader_token)).status_code == 400


def test_the_routes_are_documented_with_their_content_types(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "text/calendar" in paths["/api/v1/calendar/{token}.ics"]["get"]["responses"]["200"]["content"]
    assert set(paths["/api/v1/exports/schedule"]["get"]["responses"]) >= {"200", "400", "401", "403", "404"}
    assert date.today()  # the documents above are read from the live server
