"""Read a Curtois & Qu shift scheduling benchmark instance (schedulingbenchmarks.org) into the app's
rostering problem. The horizon starts on a Monday; every staff limit is hard; requests and cover are
soft with the file's weights."""

from __future__ import annotations

from pathlib import Path

from shiftapp.scheduling.roster_problem import Cover, Request, RosterProblem, ShiftType, StaffMember


def _sections(path: Path) -> dict[str, list[list[str]]]:
    sections: dict[str, list[list[str]]] = {}
    current = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = line
            sections[current] = []
        elif current:
            sections[current].append([part.strip() for part in line.split(",")])
    return sections


def _requests(rows: list[list[str]]) -> dict[str, list[Request]]:
    by_staff: dict[str, list[Request]] = {}
    for staff_id, day, shift_id, weight in rows:
        by_staff.setdefault(staff_id, []).append(Request(int(day), shift_id, int(weight)))
    return by_staff


def parse_curtois(path: str | Path) -> RosterProblem:
    sections = _sections(Path(path))
    horizon = int(sections["SECTION_HORIZON"][0][0])
    shifts = [
        ShiftType(
            id=row[0],
            length_minutes=int(row[1]),
            name=row[0],
            forbidden_next=frozenset(p for p in (row[2].split("|") if len(row) > 2 else []) if p),
        )
        for row in sections["SECTION_SHIFTS"]
    ]
    days_off = {row[0]: frozenset(int(d) for d in row[1:] if d != "") for row in sections.get("SECTION_DAYS_OFF", [])}
    on = _requests(sections.get("SECTION_SHIFT_ON_REQUESTS", []))
    off = _requests(sections.get("SECTION_SHIFT_OFF_REQUESTS", []))
    staff = []
    for row in sections["SECTION_STAFF"]:
        # A shift type missing from the staff line may not be worked at all.
        limits = {s.id: 0 for s in shifts}
        for part in row[1].split("|"):
            if "=" in part:
                shift_id, value = part.split("=")
                limits[shift_id] = int(value)
        staff.append(
            StaffMember(
                id=row[0],
                name=row[0],
                max_per_shift=limits,
                max_minutes=int(row[2]),
                min_minutes=int(row[3]),
                max_consecutive=int(row[4]),
                min_consecutive=int(row[5]),
                min_days_off=int(row[6]),
                max_weekends=int(row[7]),
                days_off=days_off.get(row[0], frozenset()),
                on_requests=tuple(on.get(row[0], [])),
                off_requests=tuple(off.get(row[0], [])),
            )
        )
    cover = [
        Cover(
            day=int(row[0]), shift_id=row[1], requirement=int(row[2]), under_weight=int(row[3]), over_weight=int(row[4])
        )
        for row in sections["SECTION_COVER"]
    ]
    return RosterProblem(horizon=horizon, shifts=shifts, staff=staff, cover=cover, first_weekday=0)
