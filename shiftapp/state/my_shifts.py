"""My shifts: the signed-in person's next shifts as a list, and one month of them as a calendar."""

from __future__ import annotations

import dataclasses

from shiftapp.i18n import format_long_day, translate
from shiftapp.services import home, my_shifts
from shiftapp.services.errors import DomainError
from shiftapp.services.shift_views import planning_today
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user

# The list shows the next four weeks; the month grid shows the rest.
UPCOMING_DAYS = 28
UPCOMING_LIMIT = 20


@dataclasses.dataclass
class DayCell:
    iso: str = ""
    number: str = ""
    label: str = ""
    in_month: bool = False
    today: bool = False
    has_shifts: bool = False
    shifts: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Week:
    days: list[DayCell] = dataclasses.field(default_factory=list)


def _shift_text(shift: my_shifts.MonthShift, lang: str) -> str:
    text = f"{shift.start_hhmm}–{shift.end_hhmm} {translate(shift.shift_type, lang)}, {shift.bureau}"
    if shift.status == "published":
        return text
    return translate("{shift} ({status}, not published yet)", lang, shift=text, status=translate(shift.status, lang))


def _day_label(day, today: bool, lang: str) -> str:
    label = format_long_day(day, lang)
    return translate("{day} (today)", lang, day=label) if today else label


def month_weeks(view: my_shifts.MonthView, today_iso: str, lang: str = "en") -> list[Week]:
    """The service's month as typed state (nested foreach needs dataclasses)."""
    return [
        Week(
            days=[
                DayCell(
                    iso=d.day.isoformat(),
                    number=str(d.day.day),
                    label=_day_label(d.day, d.day.isoformat() == today_iso, lang),
                    in_month=d.in_month,
                    today=d.day.isoformat() == today_iso,
                    has_shifts=bool(d.shifts),
                    shifts=[_shift_text(s, lang) for s in d.shifts],
                )
                for d in week
            ]
        )
        for week in view.weeks
    ]


class MyShiftsState(AuthState):
    upcoming: list[dict[str, str]] = []
    has_upcoming: bool = False
    month: str = ""
    month_title: str = ""
    month_summary: str = ""
    weeks: list[Week] = []

    def _load(self, year: int, month: int) -> None:
        def load(session, user):
            view = my_shifts.my_month(session=session, user=user, year=year, month=month)
            upcoming = home.my_upcoming_shifts(
                session=session, user=user, days=UPCOMING_DAYS, limit=UPCOMING_LIMIT, lang=self.lang
            )
            return view, upcoming

        view, self.upcoming = run_as_user(self.token, load)
        self.has_upcoming = bool(self.upcoming)
        self.month = f"{year:04d}-{month:02d}"
        self.month_title = my_shifts.month_title(year, month, self.lang)
        count = view.shift_count
        self.month_summary = self._t(
            "{count} shift in {month}" if count == 1 else "{count} shifts in {month}",
            count=count,
            month=self.month_title,
        )
        self.weeks = month_weeks(view, planning_today().isoformat(), self.lang)

    def _move(self, by: int):
        try:
            year, month = my_shifts.parse_month(self.month) if self.month else _this_month()
            self._load(*my_shifts.shift_month(year, month, by))
        except DomainError as error:
            return error_toast(error, self.lang)

    @page_event(public=True)
    def open_my_shifts(self):
        """on_load of My shifts: who is signed in and their month's shifts, in one event (AuthState._open_signed_in)."""
        return self._open_signed_in(self._load_my_shifts)

    def _load_my_shifts(self):
        return self._move(0)

    @page_event
    def previous_month(self):
        return self._move(-1)

    @page_event
    def next_month(self):
        return self._move(1)

    @page_event
    def this_month(self):
        self.month = ""
        return self._move(0)


def _this_month() -> tuple[int, int]:
    today = planning_today()
    return today.year, today.month
