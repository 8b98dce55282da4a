"""An organisation-sized data set (`python -m shiftapp.seed --scale`), for the load and page benchmarks.

20 bureaus, 1,000 employees with preferences, a quarter of shifts around today, 5 branches, a fleet
and 50,000 orders, and one plan with 200 units for the plan board. Rows go in with SQLAlchemy core
inserts in chunks (one ORM object per row would take many minutes), in one transaction, on any
database. Everything, ids included, comes from a fixed random seed, so two runs on the same day load
the same rows. The four demo accounts exist here too, with the demo password, so benchmarks sign in
the same way on both data sets.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, insert
from sqlmodel import SQLModel

from shiftapp.models import (
    Assignment,
    Branch,
    Bureau,
    Customer,
    DeliveryOrder,
    Driver,
    Employee,
    Mission,
    OrderLine,
    Plan,
    PlannedUnit,
    Preference,
    Route,
    Shift,
    ShiftTemplate,
    Suburb,
    Trailer,
    Vehicle,
    VehicleAssignment,
)
from shiftapp.services.passwords import hash_password

SCALE_SEED = 20261207
CHUNK = 2000
PASSWORD = "shiftapp-demo"
ROME = ZoneInfo("Europe/Rome")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PATTERNS = (
    ("Morning", time(8, 0), time(16, 0)),
    ("Afternoon", time(14, 0), time(22, 0)),
    ("Evening", time(16, 0), time(0, 0)),
)
# The demo's sign-ins: email, name, access role, team leader.
ACCOUNTS = (
    ("admin@example.com", "Ada Ferri", "admin", False),
    ("leader@example.com", "Sabina Suzzi", "scheduler", True),
    ("staff@example.com", "Sofia Romano", "staff", False),
    ("luca.bianchi@example.com", "Luca Bianchi", "manager", True),
)
SCALE_PLAN_NAME = "Organisation plan (200 units)"
PRODUCTS = (
    ("Steel beam 6m", 6.0, 85.0),
    ("Roof sheet", 3.6, 22.5),
    ("Cement bag 50kg", None, 50.0),
    ("Rebar bundle", 6.0, 120.0),
    ("Brick pallet", None, 950.0),
    ("Paint 20L", None, 24.0),
)


@dataclass(frozen=True)
class ScaleCounts:
    """How much to load; the defaults are issue 19's organisation, `scaled` shrinks it for tests."""

    bureaus: int = 20
    employees: int = 1000
    days: int = 91  # a quarter: about six weeks either side of today
    branches: int = 5
    orders: int = 50_000
    customers: int = 2_000
    plan_units: int = 200

    def scaled(self, factor: float) -> ScaleCounts:
        def part(value: int, least: int) -> int:
            return max(least, round(value * factor))

        # The quarter stays a quarter: a smaller organisation, not a shorter rota.
        return replace(
            self,
            bureaus=part(self.bureaus, 2),
            employees=part(self.employees, 2 * len(ACCOUNTS)),
            branches=part(self.branches, 1),
            orders=part(self.orders, 10),
            customers=part(self.customers, 5),
            plan_units=part(self.plan_units, 2),
        )


@dataclass
class ScaleSummary:
    """Rows written, by table name."""

    rows: dict[str, int] = field(default_factory=dict)


class _Writer:
    """Fills in the model's defaults and inserts rows in chunks, counting them."""

    def __init__(self, conn: Connection, rng: random.Random, summary: ScaleSummary) -> None:
        self.conn, self.rng, self.summary = conn, rng, summary
        self.now = datetime.now(UTC)

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def row(self, model: type[SQLModel], /, **values: Any) -> dict[str, Any]:
        for name, info in model.model_fields.items():
            if name in values:
                continue
            if name == "id":
                values[name] = self.new_id()
            elif info.default_factory is not None:
                values[name] = self.now if name.endswith("_at") else info.default_factory()  # type: ignore[call-arg]
            else:
                values[name] = info.default
        return values

    def insert(self, model: type[SQLModel], rows: Iterable[dict[str, Any]]) -> None:
        table = model.__table__  # type: ignore[attr-defined]
        for chunk in _chunks(rows, CHUNK):
            self.conn.execute(insert(table), chunk)
            self.summary.rows[table.name] = self.summary.rows.get(table.name, 0) + len(chunk)


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=ROME).astimezone(UTC)


def seed_scale(engine: Engine, counts: ScaleCounts | None = None, today: date | None = None) -> ScaleSummary:
    """Load the organisation into an empty, migrated database in one transaction."""
    counts = counts or ScaleCounts()
    today = today or datetime.now(ROME).date()
    summary = ScaleSummary()
    with engine.begin() as conn:
        writer = _Writer(conn, random.Random(SCALE_SEED), summary)
        bureau_ids = seed_bureaus(writer, counts.bureaus)
        people = seed_people(writer, bureau_ids, counts.employees)
        seed_preferences(writer, people)
        seed_shifts(writer, bureau_ids, people, today, counts.days)
        branch_ids = seed_branches(writer, counts.branches)
        suburbs = seed_routes_and_suburbs(writer, branch_ids)
        customers = seed_customers(writer, suburbs, counts.customers)
        units = seed_fleet(writer, branch_ids, counts.plan_units)
        seed_orders(writer, customers, today, counts.days, counts.orders)
        seed_plan(writer, units, today, people[1].id)
    return summary


def seed_bureaus(writer: _Writer, count: int) -> list[str]:
    bureaus = [writer.row(Bureau, name=f"Bureau {index + 1:02d}", code=f"B{index + 1:02d}") for index in range(count)]
    writer.insert(Bureau, bureaus)
    roles = ["editor", "senior", "correspondent"]
    writer.insert(
        Mission,
        (writer.row(Mission, bureau_id=b["id"], name=f"Desk {b['code']}", allowed_roles=roles) for b in bureaus),
    )
    return [b["id"] for b in bureaus]


@dataclass(frozen=True)
class _Person:
    id: str
    bureau_id: str
    pattern: int  # which of PATTERNS this person works
    days_off: tuple[int, int]  # weekdays


def seed_people(writer: _Writer, bureau_ids: list[str], count: int) -> list[_Person]:
    """Everyone signs in with the demo password (one hash, computed once); the first of each bureau leads it."""
    password_hash = hash_password(PASSWORD)
    rows, people = [], []
    per_bureau = -(-count // len(bureau_ids))
    for index in range(count):
        bureau_index, place = divmod(index, per_bureau)
        if index < len(ACCOUNTS):
            email, name, access_role, leader = ACCOUNTS[index]
        else:
            email, name = f"person{index:04d}@scale.example.com", f"Person {index:04d}"
            access_role, leader = "staff", place == 0
        row = writer.row(
            Employee,
            email=email,
            full_name=name,
            shift_role=("editor", "senior", "correspondent", "correspondent")[index % 4],
            access_role=access_role,
            is_team_leader=leader,
            bureau_id=bureau_ids[bureau_index],
            team="Breaking News",
            worker_id=f"9{index:06d}",
            phone=f"+39 02 {1000 + index} {5000 + index}",
            password_hash=password_hash,
        )
        rows.append(row)
        people.append(_Person(row["id"], row["bureau_id"], place % 3, (place % 7, (place + 3) % 7)))
    writer.insert(Employee, rows)
    return people


def seed_preferences(writer: _Writer, people: list[_Person]) -> None:
    """Preferences that the rota honours; every fifth waits for a team leader, every ninth is missing."""
    leader_id = people[1].id

    def rows() -> Iterator[dict[str, Any]]:
        for index, person in enumerate(people):
            if index % 9 == 8:
                continue
            confirmed = index % 5 != 4
            yield writer.row(
                Preference,
                employee_id=person.id,
                preferred_days=[d for i, d in enumerate(WEEKDAYS) if i not in person.days_off],
                preferred_shifts=[PATTERNS[person.pattern][0]],
                max_shifts_per_week=5,
                confirmed=confirmed,
                confirmed_by=leader_id if confirmed else None,
                confirmed_at=writer.now - timedelta(days=3) if confirmed else None,
            )

    writer.insert(Preference, rows())


def seed_shifts(writer: _Writer, bureau_ids: list[str], people: list[_Person], today: date, days: int) -> None:
    """One shift a working day per person on their own pattern and days off: a conflict-free rota (16 h
    rest, five a week). From a week ahead, one shift in ten is left open for auto-assign."""
    writer.insert(
        ShiftTemplate,
        (
            writer.row(
                ShiftTemplate,
                bureau_id=b,
                name=name,
                start_time=f"{start:%H:%M}",
                end_time=f"{end:%H:%M}",
                days=WEEKDAYS,
            )
            for b in bureau_ids
            for name, start, end in PATTERNS
        ),
    )
    windows = _pattern_windows(today, days)
    shifts: list[dict[str, Any]] = []
    assignments: list[dict[str, Any]] = []
    for offset, day in enumerate(_days_around(today, days)):
        for index, person in enumerate(people):
            if day.weekday() in person.days_off:
                continue
            name = PATTERNS[person.pattern][0]
            start_at, end_at = windows[day][person.pattern]
            shift = writer.row(
                Shift,
                bureau_id=person.bureau_id,
                shift_type=name,
                start_at=start_at,
                end_at=end_at,
                status="published" if day < today else "confirmed",
                published_at=start_at - timedelta(days=14) if day < today else None,
                notes=f"{name} desk",
            )
            shifts.append(shift)
            if day > today + timedelta(days=7) and (index + offset) % 10 == 0:
                continue
            assignments.append(writer.row(Assignment, shift_id=shift["id"], employee_id=person.id, source="manual"))
    writer.insert(Shift, shifts)
    writer.insert(Assignment, assignments)


def _days_around(today: date, days: int) -> list[date]:
    first = today - timedelta(days=days // 2)
    return [first + timedelta(days=offset) for offset in range(days)]


def _pattern_windows(today: date, days: int) -> dict[date, list[tuple[datetime, datetime]]]:
    windows = {}
    for day in _days_around(today, days):
        windows[day] = [
            (_utc(day, start), _utc(day + timedelta(days=1) if end <= start else day, end))
            for _name, start, end in PATTERNS
        ]
    return windows


def seed_branches(writer: _Writer, count: int) -> list[str]:
    rows = [writer.row(Branch, name=f"Branch {index + 1}", code=f"BR{index + 1}") for index in range(count)]
    writer.insert(Branch, rows)
    return [r["id"] for r in rows]


def seed_routes_and_suburbs(writer: _Writer, branch_ids: list[str]) -> list[dict[str, Any]]:
    """Six routes a branch, four suburbs a route; returns the suburbs with their route and branch."""
    routes, suburbs = [], []
    for branch_index, branch_id in enumerate(branch_ids):
        for route_index in range(6):
            route = writer.row(
                Route,
                branch_id=branch_id,
                name=f"Branch {branch_index + 1} Route {route_index + 1}",
                code=f"R{branch_index + 1}-{route_index + 1}",
            )
            routes.append(route)
            for suburb_index in range(4):
                suburbs.append(
                    writer.row(
                        Suburb,
                        route_id=route["id"],
                        name=f"Suburb {branch_index + 1}.{route_index + 1}.{suburb_index + 1}",
                        city=f"City {branch_index + 1}",
                        province="Gauteng",
                        postal_code=f"{1000 + branch_index * 100 + route_index * 10 + suburb_index}",
                    )
                )
    writer.insert(Route, routes)
    writer.insert(Suburb, suburbs)
    branch_of_route = {r["id"]: r["branch_id"] for r in routes}
    return [{**s, "branch_id": branch_of_route[s["route_id"]]} for s in suburbs]


def seed_customers(writer: _Writer, suburbs: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """Customers spread over the suburbs; returns them with their suburb's route and branch."""
    rows, placed = [], []
    for index in range(count):
        suburb = suburbs[index % len(suburbs)]
        row = writer.row(
            Customer,
            name=f"Customer {index + 1:04d}",
            bp_code=f"BP{10000 + index}",
            suburb_id=suburb["id"],
            address=f"{index + 1} Main Road",
        )
        rows.append(row)
        placed.append(
            {
                "id": row["id"],
                "suburb_id": suburb["id"],
                "route_id": suburb["route_id"],
                "branch_id": suburb["branch_id"],
            }
        )
    writer.insert(Customer, rows)
    return placed


def seed_fleet(writer: _Writer, branch_ids: list[str], units: int) -> list[str]:
    """`units` vehicles with drivers (and trailers for horses), spread over the branches; returns
    their vehicle assignments."""
    vehicles, drivers, trailers, assignments = [], [], [], []
    for index in range(units):
        branch_id = branch_ids[index % len(branch_ids)]
        kind = ("truck", "truck", "truck", "horse", "horse", "bakkie")[index % 6]
        vehicle = writer.row(
            Vehicle,
            branch_id=branch_id,
            vehicle_type=kind,
            reg_number=f"REG{1000 + index}",
            license_plate=f"SC{1000 + index}GP",
            model={"truck": "Isuzu FTR 850", "horse": "Volvo FH 440", "bakkie": "Toyota Hilux"}[kind],
            capacity_kg={"truck": 8000.0, "horse": 0.0, "bakkie": 1000.0}[kind],
        )
        driver = writer.row(
            Driver, branch_id=branch_id, name=f"Driver {index + 1}", last_name="Scale", license=f"DL{700000 + index}"
        )
        trailer_id = None
        if kind == "horse":
            trailer = writer.row(
                Trailer,
                branch_id=branch_id,
                reg_number=f"TRL{1000 + index}",
                license_plate=f"ST{1000 + index}GP",
                capacity_kg=30000.0,
            )
            trailers.append(trailer)
            trailer_id = trailer["id"]
        vehicles.append(vehicle)
        drivers.append(driver)
        assignments.append(
            writer.row(
                VehicleAssignment,
                branch_id=branch_id,
                vehicle_id=vehicle["id"],
                trailer_id=trailer_id,
                driver_id=driver["id"],
            )
        )
    writer.insert(Vehicle, vehicles)
    writer.insert(Driver, drivers)
    writer.insert(Trailer, trailers)
    writer.insert(VehicleAssignment, assignments)
    return [a["id"] for a in assignments]


def seed_orders(writer: _Writer, customers: list[dict[str, Any]], today: date, days: int, count: int) -> None:
    """Orders with one to four lines each, spread evenly over the quarter's days."""
    rng = writer.rng
    dates = _days_around(today, days)
    orders, lines = [], []
    for index in range(count):
        customer = customers[rng.randrange(len(customers))]
        order = writer.row(
            DeliveryOrder,
            sales_order_number=f"SO-{100000 + index}",
            sales_order_id=writer.new_id(),
            customer_id=customer["id"],
            branch_id=customer["branch_id"],
            route_id=customer["route_id"],
            suburb_id=customer["suburb_id"],
            delivery_date=dates[index % len(dates)],
            sales_person_name=rng.choice(["John Doe", "Mary Naidoo", "Peter Pillay"]),
        )
        orders.append(order)
        for _ in range(rng.randint(1, 4)):
            description, length, unit_weight = rng.choice(PRODUCTS)
            quantity = rng.randint(1, 12)
            lines.append(
                writer.row(
                    OrderLine,
                    order_id=order["id"],
                    description=description,
                    quantity=quantity,
                    lip_channel_quantity=quantity,
                    weight_kg=round(unit_weight * quantity, 1),
                    length_m=length,
                    ur_prod=f"PROD{rng.randint(100, 999)}",
                    send_to_production=rng.random() < 0.2,
                )
            )
    writer.insert(DeliveryOrder, orders)
    writer.insert(OrderLine, lines)


def seed_plan(writer: _Writer, vehicle_assignment_ids: list[str], today: date, created_by: str) -> None:
    """Next week's plan with every vehicle of the fleet as a unit: what the plan board is measured on."""
    plan = writer.row(
        Plan,
        plan_name=SCALE_PLAN_NAME,
        delivery_start=today + timedelta(days=1),
        delivery_end=today + timedelta(days=7),
        notes="Scale data set",
        created_by=created_by,
    )
    writer.insert(Plan, [plan])
    writer.insert(
        PlannedUnit,
        (writer.row(PlannedUnit, plan_id=plan["id"], vehicle_assignment_id=v) for v in vehicle_assignment_ids),
    )
