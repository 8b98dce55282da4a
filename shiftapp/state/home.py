"""Dashboard: the seed's stat cards per bureau, upcoming shifts, unresolved conflicts by severity,
and the signed-in person's own next shifts."""

from __future__ import annotations

from shiftapp.i18n import format_day, translate
from shiftapp.services import conflicts, dashboard, home, shifts
from shiftapp.services.bureaus import bureau_choices
from shiftapp.services.errors import DomainError
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user

UPCOMING_PAGE = 10


class HomeState(AuthState):
    my_shifts: list[dict[str, str]] = []
    stats: dict[str, int] = {}
    bureau_rows: list[dict[str, str]] = []
    bureaus: list[dict[str, str]] = []
    bureau_filter: str = "all"
    upcoming: list[dict[str, str]] = []
    upcoming_page: int = 0
    upcoming_total: int = 0
    by_severity: dict[str, int] = {}
    overview: dict[str, int] = {}
    has_overview: bool = False

    def _reload(self) -> None:
        bureau_id = None if self.bureau_filter == "all" else self.bureau_filter
        page = self.upcoming_page
        lang = self.lang

        def load(session, user):
            stats = dashboard.dashboard_stats(session=session, actor=user, bureau_id=bureau_id)
            upcoming = _upcoming(session, user, bureau_id, page)
            if not upcoming.shifts and upcoming.total:
                # The list shrank under a later page: show its last page instead of an empty one.
                upcoming = _upcoming(session, user, bureau_id, (upcoming.total - 1) // UPCOMING_PAGE)
            severity = conflicts.unresolved_by_severity(session=session, actor=user, bureau_id=bureau_id)
            bureaus = bureau_choices(session)
            return (
                stats,
                upcoming,
                severity,
                bureaus,
                home.my_upcoming_shifts(session=session, user=user, lang=lang),
                home.team_overview(session=session, user=user),
            )

        stats, upcoming, self.by_severity, self.bureaus, self.my_shifts, overview = run_as_user(self.token, load)
        self.stats = {k: v for k, v in stats.items() if k != "bureaus"}
        self.bureau_rows = [
            {"name": name, "employees": str(v["employees"]), "shifts": str(v["shifts"])}
            for name, v in stats["bureaus"].items()
        ]
        self.upcoming_total = upcoming.total
        self.upcoming_page = min(page, max(0, (upcoming.total - 1) // UPCOMING_PAGE))
        self.upcoming = [
            {
                "date": format_day(r.date, lang),
                "startTime": r.start_hhmm,
                "endTime": r.end_hhmm,
                "employee": r.employee or "",
                "bureau": r.bureau or "",
                "status": translate(r.status, lang),
            }
            for r in upcoming.shifts
        ]
        self.overview = overview or {}
        self.has_overview = overview is not None

    @page_event(public=True)
    def open_dashboard(self):
        """on_load of the dashboard: who is signed in and the dashboard's figures in one event."""
        return self._open_signed_in(self._reload)

    @page_event
    def load_home(self):
        try:
            self._reload()
        except DomainError as error:
            return error_toast(error, self.lang)

    @page_event
    def set_bureau_filter(self, value: str):
        if isinstance(value, str):
            self.bureau_filter, self.upcoming_page = value, 0
            return HomeState.load_home

    @page_event
    def next_upcoming(self):
        if (self.upcoming_page + 1) * UPCOMING_PAGE < self.upcoming_total:
            self.upcoming_page += 1
            return HomeState.load_home

    @page_event
    def previous_upcoming(self):
        if self.upcoming_page > 0:
            self.upcoming_page -= 1
            return HomeState.load_home


def _upcoming(session, user, bureau_id: str | None, page: int) -> shifts.UpcomingPage:
    """One page of the week's upcoming rows: the database reads only the rows shown and counts the rest."""
    return shifts.upcoming_page(
        session=session, actor=user, days=7, bureau_id=bureau_id, limit=UPCOMING_PAGE, offset=page * UPCOMING_PAGE
    )
