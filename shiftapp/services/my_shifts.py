"""A person's own shifts laid out as a month: the weeks (Monday first) of one calendar month, each day
with the shifts the person is assigned to, in the bureaus' time zone."""

from __future__ import annotations

import calendar
import dataclasses
from datetime import date, time, timedelta

from sqlmodel import Session, col, select

from shiftapp.i18n import format_month
from shiftapp.models import Assignment, Bureau, Employee, Shift
from shiftapp.services.errors import ValidationFailed
from shiftapp.services.shift_views import local_window, to_utc

# Far enough for any rota anyone plans; stops a forged month from asking for year 1 or 9999.
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclasses.dataclass(frozen=True)
class MonthShift:
    shift_id: str
    start_hhmm: str
    end_hhmm: str
    bureau: str
    shift_type: str
    status: str


@dataclasses.dataclass(frozen=True)
class MonthDay:
    day: date
    in_month: bool
    shifts: tuple[MonthShift, ...]


@dataclasses.dataclass(frozen=True)
class MonthView:
    year: int
    month: int
    weeks: tuple[tuple[MonthDay, ...], ...]

    @property
    def shift_count(self) -> int:
        return sum(len(d.shifts) for week in self.weeks for d in week if d.in_month)


def parse_month(value: str) -> tuple[int, int]:
    """'YYYY-MM' as (year, month), refused clearly when it is not a month the app can show."""
    try:
        year_text, month_text = value.split("-")
        year, month = int(year_text), int(month_text)
    except (AttributeError, ValueError):
        raise ValidationFailed("A month is written YYYY-MM, for example 2026-03") from None
    if not 1 <= month <= 12 or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed(f"Choose a month between {FIRST_YEAR}-01 and {LAST_YEAR}-12")
    return year, month


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """The month `by` months after (or before, when negative) the given one."""
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def my_month(*, session: Session, user: Employee, year: int, month: int) -> MonthView:
    """The signed-in person's own shifts of one month (cancelled ones left out); only ever their own."""
    if not 1 <= month <= 12 or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed(f"Choose a month between {FIRST_YEAR}-01 and {LAST_YEAR}-12")
    days = list(calendar.Calendar(firstweekday=calendar.MONDAY).itermonthdates(year, month))
    first, last = days[0], days[-1]
    window_start = to_utc(first, time(0, 0))
    window_end = to_utc(last + timedelta(days=1), time(0, 0))
    rows = session.exec(
        select(Shift, Bureau.name)
        .join(Assignment, col(Assignment.shift_id) == Shift.id)
        .join(Bureau, col(Bureau.id) == Shift.bureau_id)
        .where(
            Assignment.employee_id == user.id,
            Shift.start_at < window_end,
            Shift.start_at >= window_start,
            Shift.status != "cancelled",
        )
        .order_by(col(Shift.start_at))
    ).all()
    by_day: dict[date, list[MonthShift]] = {}
    for shift, bureau_name in rows:
        start, end = local_window(shift)
        by_day.setdefault(start.date(), []).append(
            MonthShift(
                shift_id=shift.id,
                start_hhmm=f"{start:%H:%M}",
                end_hhmm=f"{end:%H:%M}",
                bureau=bureau_name,
                shift_type=shift.shift_type or "Shift",
                status=shift.status,
            )
        )
    cells = [MonthDay(day=d, in_month=d.month == month, shifts=tuple(by_day.get(d, ()))) for d in days]
    weeks = tuple(tuple(cells[i : i + 7]) for i in range(0, len(cells), 7))
    return MonthView(year=year, month=month, weeks=weeks)


def month_title(year: int, month: int, lang: str = "en") -> str:
    return format_month(year, month, lang)
