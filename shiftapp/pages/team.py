import reflex as rx

from shiftapp.components.i18n import Text, t, tf
from shiftapp.components.layout import field, label_id, wrapping_row
from shiftapp.components.shell import not_allowed, page_shell
from shiftapp.state.preferences import SHIFT_TYPES, WEEKDAYS
from shiftapp.state.preferences import TeamAvailabilityState as S


def _stat(label: Text, key: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(label, size="2", color_scheme="gray"),
            rx.heading(S.stats[key].to_string(), size="6", id=f"team-stat-{key}"),
            spacing="1",
        ),
        min_width="130px",
    )


def _status_badge(status: rx.Var) -> rx.Component:
    return rx.match(
        status,
        ("confirmed", rx.badge(t("confirmed"), color_scheme="green")),
        ("pending", rx.badge(t("pending"), color_scheme="amber")),
        rx.badge(t("missing"), color_scheme="gray"),
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["full_name"], weight="medium"), rx.text(row["email"], size="1", color_scheme="gray")),
        rx.table.cell(row["bureau_name"]),
        rx.table.cell(row["shift_role_label"]),
        rx.table.cell(row["days"]),
        rx.table.cell(row["shifts"]),
        rx.table.cell(row["max_shifts"]),
        rx.table.cell(rx.text(row["notes"], size="1")),
        rx.table.cell(_status_badge(row["status"])),
        rx.table.cell(
            rx.hstack(
                rx.cond(
                    row["status"] == "pending",
                    rx.button(
                        t("Confirm"),
                        size="1",
                        on_click=S.confirm(row["id"]),
                        class_name="confirm-one",
                        aria_label=tf("Confirm {name}", name=row["full_name"]),
                    ),
                ),
                rx.button(
                    t("Edit"),
                    size="1",
                    variant="soft",
                    on_click=S.open_edit(row["id"]),
                    class_name="edit-preferences",
                    aria_label=tf("Edit {name}", name=row["full_name"]),
                ),
            )
        ),
        class_name="team-row",
    )


def _edit_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tf("Preferences of {name}", name=S.editing_name)),
            rx.vstack(
                rx.text(t("Days"), size="2", weight="medium", id="edit-days-label"),
                rx.flex(
                    *[
                        rx.button(
                            t(d[:3]),
                            size="1",
                            type="button",
                            on_click=S.toggle_edit_day(d),
                            variant=rx.cond(S.edit_days.contains(d), "solid", "outline"),
                            # The fill shows the choice; aria-pressed says it to screen readers too.
                            aria_pressed=rx.cond(S.edit_days.contains(d), "true", "false"),
                            aria_label=t(d),
                        )
                        for d in WEEKDAYS
                    ],
                    spacing="1",
                    wrap="wrap",
                    role="group",
                    aria_labelledby="edit-days-label",
                ),
                rx.text(t("Shifts"), size="2", weight="medium", id="edit-shifts-label"),
                rx.flex(
                    *[
                        rx.button(
                            t(shift),
                            size="1",
                            type="button",
                            on_click=S.toggle_edit_shift(shift),
                            variant=rx.cond(S.edit_shifts.contains(shift), "solid", "outline"),
                            aria_pressed=rx.cond(S.edit_shifts.contains(shift), "true", "false"),
                        )
                        for shift in SHIFT_TYPES
                    ],
                    spacing="1",
                    role="group",
                    aria_labelledby="edit-shifts-label",
                ),
                field(
                    t("Max shifts per week"),
                    "edit-max-shifts",
                    rx.input(value=S.edit_max, on_change=S.set_edit_max, type="number", id="edit-max-shifts"),
                ),
                field(
                    t("Notes"),
                    "edit-notes",
                    rx.text_area(value=S.edit_notes, on_change=S.set_edit_notes, width="100%", id="edit-notes"),
                    width="100%",
                ),
                rx.hstack(
                    rx.button(
                        t("Read the notes"),
                        size="1",
                        variant="outline",
                        on_click=S.read_notes,
                        id="read-notes",
                        type="button",
                        loading=S.reading_note,
                    ),
                    rx.text(S.note_reading, size="1", color_scheme="gray", id="note-reading"),
                ),
                rx.checkbox(
                    t("Confirm now (auto-confirm)"),
                    checked=S.edit_confirm,
                    on_change=S.set_edit_confirm,
                    id="edit-auto-confirm",
                ),
                rx.hstack(
                    rx.button(t("Cancel"), variant="soft", on_click=S.close_edit),
                    rx.button(t("Save"), on_click=S.save_edit, id="save-preferences-edit"),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
            ),
        ),
        open=S.editing_id != "",
        on_open_change=lambda _open: S.close_edit(),
    )


def team_page() -> rx.Component:
    return page_shell(
        "Team availability",
        rx.cond(
            S.allowed,
            rx.vstack(
                rx.flex(
                    _stat(t("Team"), "total"),
                    _stat(t("Confirmed"), "confirmed"),
                    _stat(t("Pending"), "pending"),
                    _stat(t("Missing"), "missing"),
                    spacing="3",
                    wrap="wrap",
                ),
                wrapping_row(
                    field(
                        t("Status"),
                        "status-filter",
                        rx.select.root(
                            rx.select.trigger(id="status-filter", aria_labelledby=label_id("status-filter")),
                            rx.select.content(
                                *[rx.select.item(t(v), value=v) for v in ("all", "confirmed", "pending", "missing")]
                            ),
                            value=S.status_filter,
                            on_change=S.set_status_filter,
                        ),
                        direction="row",
                        align="center",
                        spacing="2",
                    ),
                    rx.button(
                        t("Confirm all pending"),
                        on_click=S.confirm_all,
                        id="confirm-all",
                        disabled=S.stats["pending"] == 0,
                    ),
                ),
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in (
                                    t("Employee"),
                                    t("Bureau"),
                                    t("Role"),
                                    t("Days"),
                                    t("Shifts"),
                                    t("Max/week"),
                                    t("Notes"),
                                    t("Status"),
                                    "",
                                )
                            ]
                        )
                    ),
                    rx.table.body(rx.foreach(S.visible_rows, _row)),
                    id="team-table",
                    width="100%",
                ),
                rx.hstack(
                    rx.button(t("Previous"), on_click=S.previous_page, disabled=S.page == 0, variant="soft"),
                    rx.text(
                        tf("Page {page} of {count}", page=(S.page + 1).to_string(), count=S.page_count.to_string())
                    ),
                    rx.button(t("Next"), on_click=S.next_page, disabled=S.page + 1 >= S.page_count, variant="soft"),
                ),
                spacing="3",
                width="100%",
                id="team-region",
                aria_busy=S.reading,
            ),
            # Until the first read answers, a busy region, not the refusal meant for staff.
            rx.cond(
                S.reading,
                rx.box(id="team-region", aria_busy="true", min_height="200px"),
                not_allowed("Only team leaders and administrators can view team availability."),
            ),
        ),
        _edit_dialog(),
    )
