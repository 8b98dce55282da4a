"""An independent checker for Curtois & Qu rosters: it reads the instance file itself and recomputes
hard feasibility and the objective, never trusting the solver's figures. It shares no code with
shiftapp.scheduling."""

from __future__ import annotations

from pathlib import Path


def read_instance(path: str | Path) -> dict:
    data: dict = {"shifts": {}, "staff": {}, "days_off": {}, "on": [], "off": [], "cover": []}
    section = None
    for raw in Path(path).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            section = line
            continue
        cells = [c.strip() for c in line.split(",")]
        if section == "SECTION_HORIZON":
            data["horizon"] = int(cells[0])
        elif section == "SECTION_SHIFTS":
            data["shifts"][cells[0]] = (
                int(cells[1]),
                {c for c in (cells[2] if len(cells) > 2 else "").split("|") if c},
            )
        elif section == "SECTION_STAFF":
            maxima = {p.split("=")[0]: int(p.split("=")[1]) for p in cells[1].split("|") if "=" in p}
            data["staff"][cells[0]] = {
                "max": maxima,
                "max_min": int(cells[2]),
                "min_min": int(cells[3]),
                "max_cons": int(cells[4]),
                "min_cons": int(cells[5]),
                "min_off": int(cells[6]),
                "max_we": int(cells[7]),
            }
        elif section == "SECTION_DAYS_OFF":
            data["days_off"][cells[0]] = {int(c) for c in cells[1:] if c}
        elif section == "SECTION_SHIFT_ON_REQUESTS":
            data["on"].append((cells[0], int(cells[1]), cells[2], int(cells[3])))
        elif section == "SECTION_SHIFT_OFF_REQUESTS":
            data["off"].append((cells[0], int(cells[1]), cells[2], int(cells[3])))
        elif section == "SECTION_COVER":
            data["cover"].append((int(cells[0]), cells[1], int(cells[2]), int(cells[3]), int(cells[4])))
    return data


def _runs(flags: list[bool]) -> list[tuple[bool, int, int]]:
    """(value, start, length) of each maximal run."""
    runs, start = [], 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            runs.append((flags[start], start, i - start))
            start = i
    return runs


def check(data: dict, roster: dict[str, list[str | None]]) -> tuple[list[str], int]:
    """Hard-rule problems (empty when feasible) and the objective."""
    horizon, problems = data["horizon"], []
    for staff_id, rules in data["staff"].items():
        days = roster.get(staff_id, [None] * horizon)
        if len(days) != horizon:
            problems.append(f"{staff_id}: roster length {len(days)}")
            continue
        for d in data["days_off"].get(staff_id, set()):
            if days[d] is not None:
                problems.append(f"{staff_id}: works on day off {d}")
        for shift_id in set(filter(None, days)):
            if shift_id not in data["shifts"]:
                problems.append(f"{staff_id}: unknown shift {shift_id}")
            elif days.count(shift_id) > rules["max"].get(shift_id, 0):
                problems.append(f"{staff_id}: too many {shift_id}")
        minutes = sum(data["shifts"][s][0] for s in days if s in data["shifts"])
        if not rules["min_min"] <= minutes <= rules["max_min"]:
            problems.append(f"{staff_id}: {minutes} minutes")
        for d in range(horizon - 1):
            if days[d] and days[d + 1] and days[d + 1] in data["shifts"].get(days[d], (0, set()))[1]:
                problems.append(f"{staff_id}: {days[d + 1]} may not follow {days[d]} (day {d})")
        working = [s is not None for s in days]
        for value, start, length in _runs(working):
            interior = start > 0 and start + length < horizon
            if value and length > rules["max_cons"]:
                problems.append(f"{staff_id}: {length} consecutive shifts")
            if value and interior and length < rules["min_cons"]:
                problems.append(f"{staff_id}: only {length} consecutive shifts from day {start}")
            if not value and interior and length < rules["min_off"]:
                problems.append(f"{staff_id}: only {length} days off from day {start}")
        weekends = sum(1 for k in range(horizon // 7) if working[7 * k + 5] or working[7 * k + 6])
        if weekends > rules["max_we"]:
            problems.append(f"{staff_id}: {weekends} weekends")
    cost = 0
    for staff_id, day, shift_id, weight in data["on"]:
        if roster.get(staff_id, [None] * horizon)[day] != shift_id:
            cost += weight
    for staff_id, day, shift_id, weight in data["off"]:
        if roster.get(staff_id, [None] * horizon)[day] == shift_id:
            cost += weight
    for day, shift_id, requirement, under, over in data["cover"]:
        count = sum(1 for days in roster.values() if days[day] == shift_id)
        cost += under * max(0, requirement - count) + over * max(0, count - requirement)
    return problems, cost
