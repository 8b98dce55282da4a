"""Generate schedule (team leaders and admins): the solver proposes, the page previews, save re-checks."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import reflex as rx
from sqlmodel import select

from shiftapp.models import Bureau
from shiftapp.services import access, ai_scheduling
from shiftapp.services.errors import DomainError
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, run_as_user

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


class GenerateState(AuthState):
    allowed: bool = False
    bureaus: list[dict[str, str]] = []
    bureau_id: str = ""
    start: str = ""
    end: str = ""
    patterns: list[dict[str, str]] = [{"name": "Morning Shift", "start_time": "08:00", "end_time": "16:00"},
                                      {"name": "Afternoon Shift", "start_time": "14:00", "end_time": "22:00"}]
    min_seniors: str = "0"
    respect_preferences: bool = True
    avoid_back_to_back: bool = True
    running: bool = False
    rows: list[dict[str, str]] = []
    summary: dict[str, str] = {}
    has_summary: bool = False
    notes: str = ""
    _generated: list[dict[str, Any]] = []

    @rx.event
    def load_generate(self):
        def load(session, user):
            return ([{"id": b.id, "name": b.name} for b in session.exec(select(Bureau).order_by(Bureau.name))],
                    access.is_team_leader_or_admin(user))

        try:
            self.bureaus, self.allowed = run_as_user(self.token, load)
        except DomainError as error:
            return error_toast(error)
        if not self.bureau_id and self.bureaus:
            self.bureau_id = self.bureaus[0]["id"]
        if not self.start:
            today = date.today()
            first = today + timedelta(days=(7 - today.weekday()) % 7 or 7) + timedelta(days=21)
            self.start, self.end = first.isoformat(), (first + timedelta(days=27)).isoformat()

    @rx.event
    def set_bureau(self, value: str):
        self.bureau_id = value if isinstance(value, str) else ""

    @rx.event
    def set_start(self, value: str):
        self.start = value if isinstance(value, str) else ""

    @rx.event
    def set_end(self, value: str):
        self.end = value if isinstance(value, str) else ""

    @rx.event
    def set_min_seniors(self, value: str):
        self.min_seniors = value if isinstance(value, str) else "0"

    @rx.event
    def set_respect(self, value: bool):
        self.respect_preferences = bool(value)

    @rx.event
    def set_back_to_back(self, value: bool):
        self.avoid_back_to_back = bool(value)

    @rx.event(background=True)
    async def generate(self):
        async with self:
            if self.running:
                return
            self.running, self.rows, self.summary, self.notes, self.has_summary = True, [], {}, "", False
            token = self.token
            try:
                request = dict(bureau_id=self.bureau_id, start_date=date.fromisoformat(self.start),
                               end_date=date.fromisoformat(self.end),
                               shift_patterns=[{**p, "days": WEEKDAYS} for p in self.patterns],
                               constraints={"min_senior_per_shift": int(self.min_seniors or 0),
                                            "respect_preferences": self.respect_preferences,
                                            "avoid_back_to_back": self.avoid_back_to_back})
            except ValueError:
                self.running = False
                yield rx.toast.error("Pick valid dates and a whole number of seniors")
                return
        try:
            # The solver runs outside the state lock: the page stays responsive meanwhile.
            result = run_as_user(token, lambda s, u: ai_scheduling.generate_schedule(session=s, actor=u, **request))
        except DomainError as error:
            async with self:
                self.running = False
            yield error_toast(error)
            return
        schedule = result["schedule"]
        async with self:
            self.running = False
            self._generated = schedule["generated_shifts"]
            self.rows = [{k: str(g[k]) for k in ("date", "start_time", "end_time", "employee_name", "role",
                                                  "shift_type")} for g in schedule["generated_shifts"][:400]]
            summary = schedule["summary"]
            self.summary = {"total": str(summary["total_shifts"]), "hard": str(summary["conflicts_detected"]),
                            "soft": str(summary["soft_conflicts"]), "objective": str(summary["objective"]),
                            "optimal": "proven optimal" if summary["proven_optimal"] else "best within the time limit",
                            "unconfirmed": str(result["unconfirmed_preferences_count"])}
            self.notes = schedule["ai_notes"]
            self.has_summary = True

    @rx.event
    def save(self):
        shifts = [{"date": g["date"], "start_time": g["start_time"], "end_time": g["end_time"], "bureau": g["bureau"],
                   "employee_id": g["employee_id"], "shift_type": g["shift_type"]} for g in self._generated]
        if not shifts:
            return rx.toast.error("Generate a schedule first")
        try:
            result = run_as_user(self.token, lambda s, u: ai_scheduling.save_schedule(session=s, actor=u, shifts=shifts))
        except DomainError as error:
            return error_toast(error)
        self.rows, self._generated = [], []
        return rx.toast.success(f"Saved {result['saved_shifts']} shifts; see them on the schedule")


class HelpState(AuthState):
    """The help chat panel: answers grounded in shiftapp's help text (Claude when configured)."""

    help_open: bool = False
    question: str = ""
    messages: list[dict[str, str]] = []

    @rx.event
    def toggle_help(self):
        self.help_open = not self.help_open

    @rx.event
    def set_question(self, value: str):
        self.question = value if isinstance(value, str) else ""

    @rx.event
    def ask(self):
        from shiftapp.ai.client import get_client
        from shiftapp.ai.help_chat import answer

        question = self.question.strip()[:1000]
        if not question or self._user_or_none() is None:
            return
        reply = answer(question, self.messages[-6:], get_client())
        self.messages = [*self.messages, {"role": "user", "content": question}, {"role": "assistant", "content": reply}]
        self.question = ""
