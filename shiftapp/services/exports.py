"""Exports: a bureau's schedule for a date range (CSV, XLSX, a printable week rota) and a delivery
plan's load sheet per unit (CSV, printable)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from shiftapp.exports import printable
from shiftapp.exports.tables import Cell, csv_bytes, xlsx_bytes
from shiftapp.models import Assignment, Bureau, Employee, Plan, Shift
from shiftapp.services import access, logistics
from shiftapp.services.errors import Forbidden, NotFound, ValidationFailed
from shiftapp.services.feeds import zone_name

MAX_RANGE_DAYS = 366
SCHEDULE_FORMATS = ("csv", "xlsx", "html")
LOAD_SHEET_FORMATS = ("csv", "html")
SCHEDULE_HEADER = (
    "Date",
    "Weekday",
    "Start",
    "End",
    "Hours",
    "Bureau",
    "Shift type",
    "Required role",
    "Employee",
    "Employee email",
    "Shift status",
    "Assignment status",
)
LOAD_SHEET_HEADER = (
    "Unit",
    "Vehicle plate",
    "Trailer plate",
    "Driver",
    "Delivery date",
    "Route",
    "Stop",
    "Order number",
    "Customer",
    "Suburb",
    "Address",
    "Line",
    "Quantity",
    "Weight kg",
)


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str


MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


def parse_day(value: Any, field: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationFailed(f"{field} must be a date written YYYY-MM-DD", details={"field": field})


def check_range(start_date: Any, end_date: Any) -> tuple[date, date]:
    """A date range an export may cover: end on or after start, at most MAX_RANGE_DAYS days."""
    start, end = parse_day(start_date, "start_date"), parse_day(end_date, "end_date")
    if end < start:
        raise ValidationFailed(
            f"end_date ({end}) must be on or after start_date ({start})", details={"field": "end_date"}
        )
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise ValidationFailed(
            f"An export covers at most {MAX_RANGE_DAYS} days; this range has {(end - start).days + 1}. "
            "Choose a shorter range",
            details={"field": "end_date", "max_days": MAX_RANGE_DAYS},
        )
    return start, end


def _check_format(value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValidationFailed(f"format must be one of {', '.join(allowed)}", details={"field": "format"})
    return str(value)


def _bureau_for_export(session: Session, actor: Employee, bureau_id: Any) -> Bureau:
    if not access.is_leader_or_planner(actor):
        raise Forbidden("Only team leaders, planners and administrators can export a bureau's schedule")
    bureau = session.get(Bureau, bureau_id) if isinstance(bureau_id, str) and bureau_id else None
    if bureau is None:
        raise NotFound("Bureau not found", details={"field": "bureau_id"})
    access.require_bureau_schedule(actor, bureau.id)
    return bureau


def _shifts_with_people(
    session: Session, bureau: Bureau, start: date, end: date
) -> tuple[ZoneInfo, list[tuple[Shift, Assignment | None, Employee | None]]]:
    zone = ZoneInfo(zone_name(bureau))
    lo = datetime.combine(start, time(0), tzinfo=zone).astimezone(ZoneInfo("UTC"))
    hi = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone).astimezone(ZoneInfo("UTC"))
    shifts = session.exec(
        select(Shift)
        .where(Shift.bureau_id == bureau.id, Shift.start_at >= lo, Shift.start_at < hi, Shift.status != "cancelled")
        .order_by(col(Shift.start_at), col(Shift.id))
    ).all()
    people: dict[str, list[tuple[Assignment, Employee]]] = defaultdict(list)
    ids = [s.id for s in shifts]
    for chunk in range(0, len(ids), 500):
        for assignment, person in session.exec(
            select(Assignment, Employee)
            .join(Employee, col(Employee.id) == Assignment.employee_id)
            .where(col(Assignment.shift_id).in_(ids[chunk : chunk + 500]))
            .order_by(Employee.full_name)
        ):
            people[assignment.shift_id].append((assignment, person))
    rows: list[tuple[Shift, Assignment | None, Employee | None]] = []
    for shift in shifts:
        held: list[tuple[Shift, Assignment | None, Employee | None]] = [(shift, a, p) for a, p in people[shift.id]]
        rows.extend(held or [(shift, None, None)])
    return zone, rows


def schedule_table(
    *, session: Session, actor: Employee, bureau_id: Any, start_date: Any, end_date: Any
) -> tuple[Bureau, date, date, list[list[Cell]]]:
    """One row per person on a shift (and one per shift nobody holds yet), by start, in local time."""
    bureau = _bureau_for_export(session, actor, bureau_id)
    start, end = check_range(start_date, end_date)
    zone, rows = _shifts_with_people(session, bureau, start, end)
    table: list[list[Cell]] = []
    for shift, assignment, person in rows:
        local_start, local_end = shift.start_at.astimezone(zone), shift.end_at.astimezone(zone)
        hours = round((shift.end_at - shift.start_at).total_seconds() / 3600, 2)
        table.append(
            [
                local_start.date().isoformat(),
                local_start.strftime("%A"),
                local_start.strftime("%H:%M"),
                local_end.strftime("%H:%M") + ("" if local_end.date() == local_start.date() else " (+1)"),
                hours,
                bureau.name,
                shift.shift_type or "",
                shift.required_role or "",
                person.full_name if person else "(open)",
                person.email if person else "",
                shift.status,
                assignment.status if assignment else "",
            ]
        )
    return bureau, start, end, table


def schedule_export(
    *, session: Session, actor: Employee, bureau_id: Any, start_date: Any, end_date: Any, export_format: Any
) -> ExportFile:
    """The schedule as CSV or XLSX, or (html) as a printable rota of the same range."""
    kind = _check_format(export_format, SCHEDULE_FORMATS)
    bureau, start, end, rows = schedule_table(
        session=session, actor=actor, bureau_id=bureau_id, start_date=start_date, end_date=end_date
    )
    stem = f"schedule-{bureau.code or 'bureau'}-{start.isoformat()}-{end.isoformat()}".lower()
    if kind == "csv":
        return ExportFile(csv_bytes(SCHEDULE_HEADER, rows), MEDIA_TYPES["csv"], f"{stem}.csv")
    if kind == "xlsx":
        content = xlsx_bytes(f"{bureau.name} schedule", SCHEDULE_HEADER, rows)
        return ExportFile(content, MEDIA_TYPES["xlsx"], f"{stem}.xlsx")
    return ExportFile(_rota_html(bureau, start, end, rows).encode(), MEDIA_TYPES["html"], f"rota-{stem[9:]}.html")


def week_of(day: Any) -> tuple[date, date]:
    """Monday to Sunday of the week holding `day`."""
    monday = parse_day(day, "week") - timedelta(days=parse_day(day, "week").weekday())
    return monday, monday + timedelta(days=6)


def rota_export(*, session: Session, actor: Employee, bureau_id: Any, week: Any) -> ExportFile:
    """The printable rota of one week (Monday to Sunday) holding the date `week`."""
    monday, sunday = week_of(week)
    return schedule_export(
        session=session, actor=actor, bureau_id=bureau_id, start_date=monday, end_date=sunday, export_format="html"
    )


def _rota_html(bureau: Bureau, start: date, end: date, rows: list[list[Cell]]) -> str:
    """People down the side, days across: each cell the person's shift times that day."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    cells: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        when, begin, finish, kind, person = str(row[0]), row[2], row[3], row[6], str(row[8])
        cells[person][when].append(f"{begin}–{finish} {kind}".strip())
    people = sorted(p for p in cells if p != "(open)") + (["(open)"] if "(open)" in cells else [])
    header = ["Person", *[f"{d:%a} {d:%d %b}" for d in days]]
    table_rows = [
        [person, *["; ".join(cells[person].get(d.isoformat(), [])) or "—" for d in days]] for person in people
    ]
    sections = []
    for first in range(0, len(days), 7):
        week_days = days[first : first + 7]
        columns = [0, *range(first + 1, first + 1 + len(week_days))]
        sections.append(
            printable.Section(
                heading=f"Week of {week_days[0]:%A %d %B %Y}",
                meta="(open) rows are shifts nobody holds yet; “(+1)” ends the next day.",
                tables=[
                    printable.Table(
                        caption=f"{bureau.name}: shifts by person and day",
                        header=[header[c] for c in columns],
                        rows=[[r[c] for c in columns] for r in table_rows],
                    )
                ],
            )
        )
    return printable.page(
        title=f"{bureau.name} rota, {start:%d %b %Y} – {end:%d %b %Y}",
        meta=f"Times in {zone_name(bureau)}. Every shift that is not cancelled, with its status in the CSV export.",
        sections=sections,
        one_sheet_each=True,
    )


@dataclass(frozen=True)
class SheetStop:
    """An order as a numbered stop of its unit's route on its delivery day."""

    stop: int
    order: logistics.OrderView


@dataclass(frozen=True)
class SheetUnit:
    label: str  # "Unit 1", "Unit 2", ... in the plan's order
    plate: str
    trailer: str  # the trailer's plate, "" without one
    driver: str
    capacity_kg: float
    summary: logistics.UnitSummary
    stops: list[SheetStop]


def load_sheet_rows(*, session: Session, actor: Employee, plan_id: Any) -> tuple[Plan, list[SheetUnit]]:
    """Per unit, its orders' lines by delivery date and route, numbered as stops (one stop per order)."""
    access.require_planner(actor, "Only admins, managers and schedulers can print load sheets")
    plan = logistics.require_plan(session, plan_id)
    units: list[SheetUnit] = []
    for index, unit in enumerate(logistics.unit_details(session, plan), start=1):
        orders = sorted(unit.orders, key=lambda o: (o.delivery_date, o.route_name, o.suburb_name, o.sales_order_number))
        stops: list[SheetStop] = []
        counters: dict[tuple[str, str], int] = defaultdict(int)
        for order in orders:
            key = (order.delivery_date, order.route_name)
            counters[key] += 1
            stops.append(SheetStop(stop=counters[key], order=order))
        units.append(
            SheetUnit(
                label=f"Unit {index}",
                plate=unit.vehicle.license_plate,
                trailer=unit.trailer.license_plate if unit.trailer else "",
                driver=f"{unit.driver.name} {unit.driver.last_name}".strip(),
                capacity_kg=unit.capacity_kg,
                summary=unit.summary,
                stops=stops,
            )
        )
    return plan, units


def load_sheet_export(*, session: Session, actor: Employee, plan_id: Any, export_format: Any) -> ExportFile:
    kind = _check_format(export_format, LOAD_SHEET_FORMATS)
    plan, units = load_sheet_rows(session=session, actor=actor, plan_id=plan_id)
    rows: list[list[Cell]] = []
    for unit in units:
        for stop in unit.stops:
            order = stop.order
            for line in order.lines:
                rows.append(
                    [
                        unit.label,
                        unit.plate,
                        unit.trailer,
                        unit.driver,
                        order.delivery_date,
                        order.route_name,
                        stop.stop,
                        order.sales_order_number,
                        order.customer_name,
                        order.suburb_name,
                        order.address or "",
                        line.description,
                        line.quantity,
                        line.weight,
                    ]
                )
    stem = f"load-sheet-{plan.id[:8]}"
    if kind == "csv":
        return ExportFile(csv_bytes(LOAD_SHEET_HEADER, rows), MEDIA_TYPES["csv"], f"{stem}.csv")
    sections = []
    for unit in units:
        by_route: dict[tuple[str, str], list[SheetStop]] = defaultdict(list)
        for stop in unit.stops:
            by_route[(stop.order.delivery_date, stop.order.route_name)].append(stop)
        summary = unit.summary
        sections.append(
            printable.Section(
                heading=f"{unit.label}: {unit.plate}" + (f" + {unit.trailer}" if unit.trailer else ""),
                meta=(
                    f"Driver {unit.driver} · {summary.total_orders} orders, {summary.total_line_items} lines, "
                    f"{summary.total_weight:g} kg of {unit.capacity_kg:g} kg"
                ),
                tables=[
                    printable.Table(
                        caption=f"{day} · route {route}",
                        header=["Stop", "Order", "Customer", "Suburb", "Address", "Line", "Qty", "Weight kg"],
                        rows=[
                            [
                                str(stop.stop),
                                stop.order.sales_order_number,
                                stop.order.customer_name,
                                stop.order.suburb_name,
                                stop.order.address or "",
                                line.description,
                                str(line.quantity),
                                f"{line.weight:g}",
                            ]
                            for stop in stops
                            for line in stop.order.lines
                        ],
                        numeric_columns=frozenset({0, 6, 7}),
                    )
                    for (day, route), stops in sorted(by_route.items())
                ],
            )
        )
    html = printable.page(
        title=f"Load sheet: {plan.plan_name}",
        meta=f"Deliveries {plan.delivery_start:%d %b %Y} – {plan.delivery_end:%d %b %Y}; one page per unit.",
        sections=sections,
        one_sheet_each=True,
    )
    return ExportFile(html.encode(), MEDIA_TYPES["html"], f"{stem}.html")
