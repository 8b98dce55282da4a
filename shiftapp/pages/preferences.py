import reflex as rx

from shiftapp.components.i18n import t
from shiftapp.components.shell import page_shell
from shiftapp.state.preferences import SHIFT_TYPES, WEEKDAYS, MyPreferencesState


def _toggle(label: str, selected: rx.Var, on_click, prefix: str) -> rx.Component:
    return rx.button(
        t(label),
        variant=rx.cond(selected, "solid", "outline"),
        on_click=on_click,
        id=f"{prefix}-{label.lower()}",
        size="2",
        type="button",
        # The fill shows the choice; aria-pressed says it to screen readers too.
        aria_pressed=rx.cond(selected, "true", "false"),
    )


def preferences_page() -> rx.Component:
    return page_shell(
        "My preferences",
        rx.vstack(
            rx.cond(
                MyPreferencesState.confirmed,
                rx.callout(
                    rx.text(t("Confirmed by "), MyPreferencesState.confirmed_by_name),
                    icon="check",
                    color_scheme="green",
                    id="preferences-status-confirmed",
                ),
                rx.cond(
                    MyPreferencesState.has_preferences,
                    rx.callout(
                        t("Pending: waiting for a team leader to confirm"),
                        icon="clock",
                        color_scheme="amber",
                        id="preferences-status-pending",
                    ),
                    rx.callout(t("You have not set preferences yet"), icon="info", id="preferences-status-missing"),
                ),
            ),
            rx.text(t("Days I prefer to work"), weight="medium"),
            rx.flex(
                *[
                    _toggle(
                        day, MyPreferencesState.preferred_days.contains(day), MyPreferencesState.toggle_day(day), "day"
                    )
                    for day in WEEKDAYS
                ],
                spacing="2",
                wrap="wrap",
            ),
            rx.text(t("Shifts I prefer"), weight="medium"),
            rx.flex(
                *[
                    _toggle(
                        shift,
                        MyPreferencesState.preferred_shifts.contains(shift),
                        MyPreferencesState.toggle_shift(shift),
                        "shift",
                    )
                    for shift in SHIFT_TYPES
                ],
                spacing="2",
                wrap="wrap",
            ),
            rx.el.label(t("Max shifts per week"), html_for="max-shifts", style={"fontWeight": 500}),
            rx.input(
                value=MyPreferencesState.max_shifts_per_week,
                on_change=MyPreferencesState.set_max_shifts,
                id="max-shifts",
                type="number",
                min=0,
                max=7,
                width="120px",
            ),
            rx.el.label(t("Notes for your team leader"), html_for="notes", style={"fontWeight": 500}),
            rx.text_area(
                value=MyPreferencesState.notes,
                on_change=MyPreferencesState.set_notes,
                id="notes",
                width="100%",
                max_width="480px",
                placeholder=t("e.g. Unavailable: Tuesday"),
            ),
            rx.button(t("Save preferences"), on_click=MyPreferencesState.save, id="preferences-save"),
            spacing="3",
            align="start",
            width="100%",
        ),
    )
