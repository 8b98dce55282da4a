"""The people × days grid the generate page previews a roster on (the timeline service's rows as
state: nested foreach needs dataclasses with defaults)."""

from __future__ import annotations

import dataclasses

from shiftapp.services.timeline import TimelineRow


@dataclasses.dataclass
class Chip:
    key: str = ""
    shift_id: str = ""
    assignment_id: str = ""
    label: str = ""
    kind: str = ""
    status: str = ""
    source: str = ""
    proposed: bool = False
    hard: bool = False
    soft: bool = False
    problem: str = ""


@dataclasses.dataclass
class Cell:
    zone: str = ""
    chips: list[Chip] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Row:
    employee_id: str = ""
    name: str = ""
    role: str = ""
    cells: list[Cell] = dataclasses.field(default_factory=list)


def grid_rows(rows: list[TimelineRow]) -> list[Row]:
    return [
        Row(
            employee_id=r.employee_id,
            name=r.name,
            role=r.role,
            cells=[Cell(zone=c.zone, chips=[Chip(**dataclasses.asdict(chip)) for chip in c.chips]) for c in r.cells],
        )
        for r in rows
    ]
