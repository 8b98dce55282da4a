"""Demo data: `python -m shiftapp.seed` fills the default SQLite file when it is empty; `--reset` rebuilds it.

Any other database (a DATABASE_URL someone chose) gets the demo only when asked with `--demo`, so a real
install never starts with the demo's known passwords; its first administrator comes from
`python -m shiftapp.admin create-admin`.

Everything is generated from a fixed random seed around today's date, so two runs on
the same day give the same demo.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from shiftapp.config import DEFAULT_DATABASE_URL, get_settings
from shiftapp.db import get_engine
from shiftapp.models import (
    Assignment,
    Availability,
    Branch,
    Bureau,
    Customer,
    DeliveryOrder,
    Driver,
    Employee,
    EmployeeSkill,
    Mission,
    OrderLine,
    Plan,
    PlannedUnit,
    Preference,
    Route,
    Shift,
    ShiftTemplate,
    Skill,
    Suburb,
    Trailer,
    Vehicle,
    VehicleAssignment,
    metadata,
)
from shiftapp.services.bureaus import list_bureaus
from shiftapp.services.passwords import hash_password

DEMO_PASSWORD = "shiftapp-demo"
DEMO_ACCOUNTS = (
    ("admin@example.com", "admin", "Administrator"),
    ("leader@example.com", "scheduler", "Scheduler and team leader"),
    ("staff@example.com", "staff", "Staff"),
    ("teamlead@example.com", "staff", "Team leader (not a planner)"),
)
# A team leader who is not also a planner, so every role of the access matrix has a sign-in. Added
# after the rest of the demo, without the random generator, so the other demo data stays the same.
TEAM_LEADER = ("Teresa Lombardi", "teamlead@example.com", "correspondent", "Rome", "Team Leader, Rome desk")
ROME = ZoneInfo("Europe/Rome")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SHIFT_PATTERNS = (  # name, local start, local end (next day when end <= start)
    ("Morning", time(8, 0), time(16, 0)),
    ("Afternoon", time(14, 0), time(22, 0)),
    ("Evening", time(16, 0), time(0, 0)),
)

# name, email, shift role, bureau, title, access role, team leader
PEOPLE = (
    (
        "Sabina Suzzi",
        "leader@example.com",
        "senior",
        "Milan",
        "Senior Breaking News Correspondent, Italy",
        "scheduler",
        True,
    ),
    ("Sofia Romano", "staff@example.com", "correspondent", "Rome", "Breaking News Correspondent", "staff", False),
    ("Ada Ferri", "admin@example.com", "editor", "Milan", "Head of Desk", "admin", False),
    ("Marco Rossi", "marco.rossi@example.com", "senior", "Milan", "Senior Correspondent", "staff", False),
    ("Sara Rossi", "sara.rossi@example.com", "senior", "Rome", "Senior Breaking News Correspondent", "staff", False),
    ("Gianluca Semeraro", "gianluca.semeraro@example.com", "senior", "Milan", "Senior Correspondent", "staff", False),
    ("Alessia Pe", "alessia.pe@example.com", "correspondent", "Milan", "Breaking News Correspondent", "staff", False),
    (
        "Andrea Mandala",
        "andrea.mandala@example.com",
        "correspondent",
        "Rome",
        "Breaking News Correspondent",
        "staff",
        False,
    ),
    ("Giulia Conti", "giulia.conti@example.com", "correspondent", "Milan", "Correspondent", "staff", False),
    ("Luca Bianchi", "luca.bianchi@example.com", "editor", "Rome", "Editor", "manager", True),
    ("Elena Greco", "elena.greco@example.com", "editor", "Milan", "Editor", "staff", False),
    ("Paolo Ricci", "paolo.ricci@example.com", "correspondent", "Rome", "Correspondent", "staff", False),
    ("Chiara Marino", "chiara.marino@example.com", "senior", "Rome", "Senior Correspondent", "staff", False),
    ("Davide Galli", "davide.galli@example.com", "driver", "Milan", "Driver", "staff", False),
    ("Marta Costa", "marta.costa@example.com", "driver", "Rome", "Driver", "staff", False),
)


def _utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=ROME).astimezone(UTC)


def _window(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    end_day = day + timedelta(days=1) if end <= start else day
    return _utc(day, start), _utc(end_day, end)


def is_empty(session: Session) -> bool:
    return session.exec(select(Employee).limit(1)).first() is None


def reset(engine) -> None:
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            if table.name != "alembic_version":
                conn.execute(table.delete())


def seed_people(session: Session, rng: random.Random) -> dict[str, Employee]:
    bureaus = {name: Bureau(name=name, code=name[:3].upper()) for name in ("Milan", "Rome")}
    session.add_all(bureaus.values())
    session.flush()
    for bureau in bureaus.values():
        session.add(
            Mission(
                bureau_id=bureau.id,
                name=f"Breaking News {bureau.name}",
                allowed_roles=["editor", "senior", "correspondent"],
            )
        )
    skills = {name: Skill(name=name) for name in ("video", "italian", "english", "markets")}
    session.add_all(skills.values())
    password_hash = hash_password(DEMO_PASSWORD)
    people: dict[str, Employee] = {}
    for index, (name, email, shift_role, bureau, title, role, leader) in enumerate(PEOPLE):
        person = Employee(
            email=email,
            full_name=name,
            shift_role=shift_role,
            bureau_id=bureaus[bureau].id,
            title=title,
            access_role=role,
            is_team_leader=leader,
            team="Breaking News" if shift_role != "driver" else "Logistics",
            worker_id=f"80{11400 + index}",
            phone=f"+39 0{2 if bureau == 'Milan' else 6} {1000 + index * 37} {5000 + index}",
            password_hash=password_hash if email.endswith("@example.com") else None,
        )
        people[email] = person
    session.add_all(people.values())
    session.flush()
    for person in people.values():
        for skill in rng.sample(sorted(skills), k=2):
            session.add(EmployeeSkill(employee_id=person.id, skill_id=skills[skill].id))
    return people


def seed_preferences(session: Session, people: dict[str, Employee], rng: random.Random) -> None:
    leader = people["leader@example.com"]
    notes = ["Unavailable: Tuesday", "Prefers afternoon shifts", "No evenings on weekends", None, None]
    for index, person in enumerate(people.values()):
        if index % 7 == 6:
            continue  # some people have not set preferences yet ("missing")
        confirmed = index % 4 != 1  # and some are waiting for a team leader ("pending")
        days = sorted(rng.sample(WEEKDAYS[:5], k=4), key=WEEKDAYS.index)
        session.add(
            Preference(
                employee_id=person.id,
                preferred_days=days,
                preferred_shifts=rng.sample(["Morning", "Afternoon", "Evening"], k=2),
                max_shifts_per_week=rng.choice([4, 5, 5]),
                notes=rng.choice(notes),
                confirmed=confirmed,
                confirmed_by=leader.id if confirmed else None,
                confirmed_at=datetime.now(UTC) - timedelta(days=3) if confirmed else None,
            )
        )


def seed_shifts(session: Session, people: dict[str, Employee], today: date) -> None:
    """A month of shifts around today: past ones published, upcoming ones confirmed or open."""
    bureaus = {b.name: b for b in list_bureaus(session)}
    newsroom = [p for p in people.values() if p.shift_role != "driver"]
    for bureau in bureaus.values():
        for name, start, end in SHIFT_PATTERNS:
            session.add(
                ShiftTemplate(
                    bureau_id=bureau.id,
                    name=name,
                    start_time=start.strftime("%H:%M"),
                    end_time=end.strftime("%H:%M"),
                    days=WEEKDAYS[:5],
                    required_role=None,
                    capacity=1,
                )
            )
    session.flush()
    pools = {name: [p for p in newsroom if p.bureau_id == b.id] for name, b in bureaus.items()}
    preferences = {p.employee_id: p for p in session.exec(select(Preference))}
    booked: dict[str, list[tuple[datetime, datetime]]] = {p.id: [] for p in newsroom}
    first_day = today - timedelta(days=14)
    for offset in range(29):
        day = first_day + timedelta(days=offset)
        for bureau_name, bureau in bureaus.items():
            for pattern_index, (name, start, end) in enumerate(SHIFT_PATTERNS):
                if day.weekday() >= 5 and name == "Afternoon":
                    continue
                start_at, end_at = _window(day, start, end)
                status = "published" if day < today else "confirmed"
                shift = Shift(
                    bureau_id=bureau.id,
                    shift_type=name,
                    start_at=start_at,
                    end_at=end_at,
                    status=status,
                    capacity=1,
                    notes=f"{name} desk",
                )
                session.add(shift)
                session.flush()
                # Leave a few upcoming slots open for auto-assign and the solver to fill.
                if day > today + timedelta(days=7) and (offset + pattern_index) % 3 == 0:
                    continue
                person = _pick(pools[bureau_name], booked, preferences, start_at, end_at, name)
                if person is None:
                    continue
                booked[person.id].append((start_at, end_at))
                session.add(Assignment(shift_id=shift.id, employee_id=person.id, source="manual", status="confirmed"))
    # Real conflicts to find: a double booking across bureaus and a short rest. The Rome cover lies on
    # Marco's first upcoming rostered shift in Milan, so it clashes whatever weekday today is (which of
    # his days the rota fills depends on it; on a day he is not rostered, it clashes with a Milan shift
    # added for him).
    marco = people["marco.rossi@example.com"]
    sara = people["sara.rossi@example.com"]
    rostered = _first_rostered_day(booked, marco, today + timedelta(days=1))
    start_at, end_at = _window(rostered or today + timedelta(days=2), time(9, 0), time(17, 0))
    if rostered is None:
        _draft_shift_for(session, marco, marco.bureau_id, "Morning", start_at, end_at, "Morning desk")
    _draft_shift_for(session, marco, bureaus["Rome"].id, "Morning", start_at, end_at, "Cover for the Rome desk")
    late_start, late_end = _window(today + timedelta(days=3), time(16, 0), time(0, 0))
    early_start, early_end = _window(today + timedelta(days=4), time(6, 0), time(14, 0))
    for start_at, end_at, label in ((late_start, late_end, "Evening"), (early_start, early_end, "Morning")):
        _draft_shift_for(session, sara, bureaus["Rome"].id, label, start_at, end_at, "Election coverage")
    # Leave next week for one person, starting on a day she is rostered: a leave conflict to find
    # whatever weekday today is (which slots the rota gives her depends on it).
    giulia = people["giulia.conti@example.com"]
    leave_day = _first_rostered_day(booked, giulia, today + timedelta(days=8))
    if leave_day is None:
        leave_day = today + timedelta(days=8)
        start_at, end_at = _window(leave_day, time(9, 0), time(17, 0))
        _draft_shift_for(session, giulia, giulia.bureau_id, "Morning", start_at, end_at, "Conference desk")
    leave_start = _utc(leave_day, time(0, 0))
    session.add(
        Availability(
            employee_id=giulia.id,
            start_at=leave_start,
            end_at=leave_start + timedelta(days=3),
            kind="leave",
            reason="Annual leave",
        )
    )


def _first_rostered_day(
    booked: dict[str, list[tuple[datetime, datetime]]], person: Employee, since: date
) -> date | None:
    """The first local day on or after `since` on which the rota gives `person` a shift."""
    return min(
        (
            start.astimezone(ROME).date()
            for start, _end in booked.get(person.id, [])
            if start.astimezone(ROME).date() >= since
        ),
        default=None,
    )


def _draft_shift_for(
    session: Session, person: Employee, bureau_id, shift_type: str, start_at: datetime, end_at: datetime, notes: str
) -> None:
    """A draft shift with `person` assigned to it: how the demo plants its deliberate conflicts."""
    shift = Shift(
        bureau_id=bureau_id,
        shift_type=shift_type,
        start_at=start_at,
        end_at=end_at,
        status="draft",
        capacity=1,
        notes=notes,
    )
    session.add(shift)
    session.flush()
    session.add(Assignment(shift_id=shift.id, employee_id=person.id, source="manual", status="confirmed"))


def _pick(pool, booked, preferences, start_at: datetime, end_at: datetime, shift_type: str):
    """The least-booked person free for the shift with a comfortable rest, preferring those whose
    preferences fit: the demo starts from a sensible rota, then gets a few deliberate conflicts."""
    local_day = WEEKDAYS[start_at.astimezone(ROME).weekday()]
    week = start_at.astimezone(ROME).isocalendar()[:2]

    def free(person) -> bool:
        for other_start, other_end in booked[person.id]:
            if other_start < end_at + timedelta(hours=13) and start_at < other_end + timedelta(hours=13):
                return False
        preference = preferences.get(person.id)
        if preference and preference.max_shifts_per_week is not None:
            in_week = sum(1 for s, _e in booked[person.id] if s.astimezone(ROME).isocalendar()[:2] == week)
            if in_week >= preference.max_shifts_per_week:
                return False
        return True

    def fits(person) -> bool:
        preference = preferences.get(person.id)
        if preference is None:
            return True
        return (not preference.preferred_days or local_day in preference.preferred_days) and (
            not preference.preferred_shifts or shift_type in preference.preferred_shifts
        )

    candidates = [p for p in pool if free(p)]
    if not candidates:
        return None
    return min(candidates, key=lambda p: (not fits(p), len(booked[p.id]), p.full_name))


def seed_logistics(session: Session, today: date, rng: random.Random) -> None:
    branch_names = (("Midrand", "MID"), ("Durban", "DBN"))
    suburbs_by_branch: dict[str, list[Suburb]] = {}
    routes_by_branch: dict[str, list[Route]] = {}
    for branch_name, code in branch_names:
        branch = Branch(name=f"{branch_name} Branch", code=code)
        session.add(branch)
        session.flush()
        routes_by_branch[branch.id] = []
        suburbs_by_branch[branch.id] = []
        for route_index in range(3):
            route = Route(
                branch_id=branch.id,
                name=f"{branch_name} Route {'ABC'[route_index]}",
                code=f"{code}-{'ABC'[route_index]}",
            )
            session.add(route)
            session.flush()
            routes_by_branch[branch.id].append(route)
            for suburb_index in range(2):
                suburb = Suburb(
                    route_id=route.id,
                    name=f"{branch_name} Suburb {route_index * 2 + suburb_index + 1}",
                    city=branch_name,
                    province="Gauteng" if code == "MID" else "KwaZulu-Natal",
                    postal_code=f"{1600 + route_index * 10 + suburb_index}",
                )
                session.add(suburb)
                suburbs_by_branch[branch.id].append(suburb)
    session.flush()
    customers: list[tuple[Customer, Suburb]] = []
    all_suburbs = [s for suburbs in suburbs_by_branch.values() for s in suburbs]
    for index in range(40):
        suburb = all_suburbs[index % len(all_suburbs)]
        customer = Customer(
            name=f"{rng.choice(['Acme', 'Bolt', 'Cobalt', 'Delta', 'Eagle', 'Forge'])} "
            f"{rng.choice(['Hardware', 'Steel', 'Build', 'Supplies'])} {index + 1}",
            bp_code=f"BP{1000 + index}",
            suburb_id=suburb.id,
            address=f"{10 + index} Main Road",
        )
        session.add(customer)
        customers.append((customer, suburb))
    session.flush()
    route_of_suburb = {s.id: s.route_id for s in all_suburbs}
    branch_of_route = {r.id: b for b, routes in routes_by_branch.items() for r in routes}
    # Fleet: per branch 3 trucks, 2 horses with trailers, 1 bakkie.
    drivers = [
        ("Thabo", "Mokoena"),
        ("Sipho", "Dlamini"),
        ("Johan", "Botha"),
        ("Lerato", "Nkosi"),
        ("Pieter", "Venter"),
        ("Ayanda", "Zulu"),
        ("Kagiso", "Molefe"),
        ("Nandi", "Khumalo"),
        ("Ruan", "Smit"),
        ("Zanele", "Mthembu"),
        ("Bongani", "Ndlovu"),
        ("Mpho", "Sithole"),
    ]
    driver_index = 0
    for branch_id in routes_by_branch:
        for kind, count in (("truck", 3), ("horse", 2), ("bakkie", 1)):
            for _ in range(count):
                first, last = drivers[driver_index]
                driver_index += 1
                capacity = {"truck": 8000.0, "horse": 0.0, "bakkie": 1000.0}[kind]
                vehicle = Vehicle(
                    branch_id=branch_id,
                    vehicle_type=kind,
                    reg_number=f"REG{100 + driver_index}",
                    license_plate=f"{kind[:2].upper()}{200 + driver_index}GP",
                    model={"truck": "Isuzu FTR 850", "horse": "Volvo FH 440", "bakkie": "Toyota Hilux"}[kind],
                    capacity_kg=capacity,
                )
                driver = Driver(
                    branch_id=branch_id,
                    name=first,
                    last_name=last,
                    phone=f"+27 82 555 {1000 + driver_index}",
                    license=f"DL{500000 + driver_index}",
                )
                session.add_all([vehicle, driver])
                session.flush()
                trailer_id = None
                if kind == "horse":
                    trailer = Trailer(
                        branch_id=branch_id,
                        reg_number=f"TRL{driver_index}",
                        license_plate=f"TR{300 + driver_index}GP",
                        capacity_kg=30000.0,
                    )
                    session.add(trailer)
                    session.flush()
                    trailer_id = trailer.id
                session.add(
                    VehicleAssignment(
                        branch_id=branch_id, vehicle_id=vehicle.id, trailer_id=trailer_id, driver_id=driver.id
                    )
                )
    session.flush()
    products = [
        ("Steel beam 6m", 6.0, 85.0),
        ("Roof sheet", 3.6, 22.5),
        ("Cement bag 50kg", None, 50.0),
        ("Rebar bundle", 6.0, 120.0),
        ("Brick pallet", None, 950.0),
        ("Paint 20L", None, 24.0),
    ]
    for index in range(200):
        customer, suburb = customers[rng.randrange(len(customers))]
        route_id = route_of_suburb[suburb.id]
        order = DeliveryOrder(
            sales_order_number=f"SO-{12000 + index}",
            customer_id=customer.id,
            branch_id=branch_of_route[route_id],
            route_id=route_id,
            suburb_id=suburb.id,
            delivery_date=today + timedelta(days=1 + index % 7),
            sales_person_name=rng.choice(["John Doe", "Mary Naidoo", "Peter Pillay"]),
        )
        session.add(order)
        session.flush()
        for _ in range(rng.randint(1, 4)):
            description, length, unit_weight = rng.choice(products)
            quantity = rng.randint(1, 12)
            session.add(
                OrderLine(
                    order_id=order.id,
                    description=description,
                    quantity=quantity,
                    lip_channel_quantity=quantity,
                    weight_kg=round(unit_weight * quantity, 1),
                    length_m=length,
                    ur_prod=f"PROD{rng.randint(100, 999)}",
                    send_to_production=rng.random() < 0.2,
                )
            )
    plan = Plan(
        plan_name="Next week's deliveries",
        delivery_start=today + timedelta(days=1),
        delivery_end=today + timedelta(days=7),
        notes="Demo plan",
    )
    session.add(plan)
    session.flush()
    for va in session.exec(select(VehicleAssignment).limit(4)):
        session.add(PlannedUnit(plan_id=plan.id, vehicle_assignment_id=va.id))


def seed_demo(session: Session, today: date | None = None) -> None:
    today = today or datetime.now(ROME).date()
    rng = random.Random(20261124)
    people = seed_people(session, rng)
    seed_preferences(session, people, rng)
    seed_shifts(session, people, today)
    seed_logistics(session, today, rng)
    seed_team_leader(session, people)
    session.flush()
    _after_seed(session)


def seed_team_leader(session: Session, people: dict[str, Employee]) -> None:
    name, email, shift_role, bureau_name, title = TEAM_LEADER
    bureau = session.exec(select(Bureau).where(Bureau.name == bureau_name)).one()
    password_hash = people["staff@example.com"].password_hash
    session.add(
        Employee(
            email=email,
            full_name=name,
            shift_role=shift_role,
            bureau_id=bureau.id,
            title=title,
            access_role="staff",
            is_team_leader=True,
            team="Breaking News",
            worker_id="8011499",
            phone="+39 06 1999 5099",
            password_hash=password_hash,
        )
    )


def _after_seed(session: Session) -> None:
    """Let the rule engine look at the new plan so schedule health starts truthful."""
    try:
        from shiftapp.services.conflicts import refresh_all
    except ImportError:  # the conflict service arrives with the rule engine
        return
    refresh_all(session=session, actor=None)


def demo_allowed(database_url: str, *, asked: bool) -> bool:
    """The demo goes into the default SQLite file, or anywhere else only when asked for by name."""
    return asked or database_url == DEFAULT_DATABASE_URL


def _load_scale(*, reset_first: bool, factor: float) -> int:
    from shiftapp.seed_scale import ScaleCounts, seed_scale

    engine = get_engine()
    if reset_first:
        reset(engine)
    with Session(engine) as session:
        if not is_empty(session):
            print("Database already has data; scale data not loaded (use --reset to replace it).", file=sys.stderr)
            return 1
    started = datetime.now(UTC)
    summary = seed_scale(engine, ScaleCounts().scaled(factor))
    seconds = (datetime.now(UTC) - started).total_seconds()
    rows = ", ".join(f"{count} {table}" for table, count in summary.rows.items())
    print(f"Scale data loaded in {seconds:.1f} s: {rows}. Sign in as the demo accounts (password '{DEMO_PASSWORD}').")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Load shiftapp's demo data")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="load the demo into this database even though it is not the default SQLite file",
    )
    parser.add_argument("--reset", action="store_true", help="delete all data first, then load the demo")
    parser.add_argument(
        "--scale",
        action="store_true",
        help="load the organisation-sized data set instead (20 bureaus, 1,000 people, 50,000 orders), "
        "into any DATABASE_URL; refuses a database with data unless --reset",
    )
    parser.add_argument(
        "--scale-factor", type=float, default=1.0, help="with --scale: a fraction of the organisation (for tests)"
    )
    args = parser.parse_args(argv)
    if args.scale:
        return _load_scale(reset_first=args.reset, factor=args.scale_factor)
    if not demo_allowed(get_settings().database_url, asked=args.demo):
        print(
            "DATABASE_URL names a database other than the default SQLite file; demo not loaded "
            "(pass --demo to load it anyway). Create the first administrator with "
            "`python -m shiftapp.admin create-admin --email you@example.org`."
        )
        return 0
    engine = get_engine()
    if args.reset:
        reset(engine)
    with Session(engine) as session:
        if not is_empty(session):
            print("Database already has data; demo not loaded (use --reset to rebuild it).")
            return 0
        seed_demo(session)
        session.commit()
    print(f"Demo data loaded. Sign in with (password '{DEMO_PASSWORD}'):")
    for email, _role, label in DEMO_ACCOUNTS:
        print(f"  {email:22} {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
