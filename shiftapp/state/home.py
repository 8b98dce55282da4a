"""Home: my next shifts, and the team's state for leaders and planners."""
from __future__ import annotations

import reflex as rx

from shiftapp.services import home
from shiftapp.services.errors import DomainError
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, run_as_user


class HomeState(AuthState):
    my_shifts: list[dict[str, str]] = []
    overview: dict[str, int] = {}
    has_overview: bool = False

    @rx.event
    def load_home(self):
        try:
            shifts, overview = run_as_user(self.token, lambda s, u: (
                home.my_upcoming_shifts(session=s, user=u), home.team_overview(session=s, user=u)))
        except DomainError as error:
            return error_toast(error)
        self.my_shifts = shifts
        self.overview = overview or {}
        self.has_overview = overview is not None
