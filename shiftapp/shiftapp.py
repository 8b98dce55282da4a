"""The Reflex app: pages, and the REST API mounted on the same backend."""

import os

import reflex as rx

from shiftapp.api import create_api
from shiftapp.components.i18n import page_title
from shiftapp.components.layout import STYLESHEET
from shiftapp.config import get_settings
from shiftapp.pages.employees import employees_page
from shiftapp.pages.generate import generate_page
from shiftapp.pages.health import health_page
from shiftapp.pages.home import home_page
from shiftapp.pages.inbox import inbox_page
from shiftapp.pages.login import login_page
from shiftapp.pages.my_shifts import my_shifts_page
from shiftapp.pages.open_shifts import open_shifts_page
from shiftapp.pages.plans import loads_page, plan_board_page, plans_page
from shiftapp.pages.preferences import preferences_page
from shiftapp.pages.profile import profile_page
from shiftapp.pages.repeat import repeat_page
from shiftapp.pages.swaps import swaps_page
from shiftapp.pages.team import team_page
from shiftapp.pages.time_off import time_off_page
from shiftapp.pages.timeline import timeline_page
from shiftapp.pages.welcome import welcome_page
from shiftapp.state.auth import AuthState
from shiftapp.state.employees import EmployeesState
from shiftapp.state.generate import GenerateState
from shiftapp.state.health import HealthState
from shiftapp.state.home import HomeState
from shiftapp.state.inbox import InboxState
from shiftapp.state.my_shifts import MyShiftsState
from shiftapp.state.open_shifts import OpenShiftsState
from shiftapp.state.plans import LoadsState, PlanBoardState, PlansState
from shiftapp.state.preferences import MyPreferencesState, TeamAvailabilityState
from shiftapp.state.profile import ProfileState
from shiftapp.state.repeat import RepeatState
from shiftapp.state.swaps import SwapsState
from shiftapp.state.time_off import TimeOffState
from shiftapp.state.timeline import TimelineState
from shiftapp.state.welcome import WelcomeState

# Page events arrive over socket.io, not through the HTTP body cap: engine.io refuses (and closes
# the connection on) any message larger than this, before Reflex parses it. One setting bounds
# both edges. Reflex reads the variable when it creates its AsyncServer inside rx.App().
os.environ["REFLEX_SOCKET_MAX_HTTP_BUFFER_SIZE"] = str(get_settings().max_request_body_bytes)
app = rx.App(api_transformer=create_api(), stylesheets=[STYLESHEET])
app.add_page(login_page, route="/login", title=page_title("Sign in"), on_load=AuthState.redirect_if_signed_in)
app.add_page(
    welcome_page, route="/welcome", title=page_title("Choose your password"), on_load=WelcomeState.load_welcome
)
# Every signed-in page checks who is signed in and loads (or asks for its read) in one event
# (AuthState._open_signed_in): strangers are sent to the sign-in page with nothing loaded.
app.add_page(home_page, route="/", title=page_title("Home"), on_load=HomeState.open_dashboard)
app.add_page(
    profile_page,
    route="/profile",
    title=page_title("My profile"),
    on_load=ProfileState.open_profile,
)
app.add_page(
    my_shifts_page,
    route="/my-shifts",
    title=page_title("My shifts"),
    on_load=MyShiftsState.open_my_shifts,
)
app.add_page(
    preferences_page,
    route="/preferences",
    title=page_title("My preferences"),
    on_load=MyPreferencesState.open_preferences,
)
app.add_page(
    time_off_page,
    route="/time-off",
    title=page_title("Time off"),
    on_load=TimeOffState.open_time_off,
)
app.add_page(
    open_shifts_page,
    route="/open-shifts",
    title=page_title("Open shifts"),
    on_load=OpenShiftsState.open_open_shifts,
)
app.add_page(
    swaps_page,
    route="/swaps",
    title=page_title("Swaps"),
    on_load=SwapsState.open_swaps,
)
app.add_page(
    inbox_page,
    route="/inbox",
    title=page_title("Inbox"),
    on_load=InboxState.open_inbox,
)
app.add_page(
    team_page,
    route="/team",
    title=page_title("Team availability"),
    on_load=TeamAvailabilityState.open_team,
)
app.add_page(
    employees_page,
    route="/employees",
    title=page_title("Employees"),
    on_load=EmployeesState.open_employees,
)
app.add_page(
    plans_page,
    route="/plans",
    title=page_title("Delivery plans"),
    on_load=PlansState.open_plans,
)
app.add_page(
    plan_board_page,
    route="/plans/[plan_id]",
    title=page_title("Plan board"),
    on_load=PlanBoardState.open_board,
)
app.add_page(loads_page, route="/loads", title=page_title("Loads"), on_load=LoadsState.open_loads)
app.add_page(
    health_page,
    route="/health",
    title=page_title("Schedule health"),
    on_load=HealthState.open_health,
)
app.add_page(
    timeline_page,
    route="/schedule",
    title=page_title("Schedule"),
    on_load=TimelineState.open_schedule,
)
app.add_page(
    repeat_page,
    route="/schedule/repeat",
    title=page_title("Copy & repeat"),
    on_load=RepeatState.open_repeat,
)
app.add_page(
    generate_page,
    route="/generate",
    title=page_title("Generate schedule"),
    on_load=GenerateState.open_generate,
)
