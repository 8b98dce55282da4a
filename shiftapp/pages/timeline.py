import reflex as rx

from shiftapp.components.dnd import drag_board, drag_item, drop_zone
from shiftapp.components.layout import field, label_id, scroll_region
from shiftapp.components.shell import page_shell
from shiftapp.state.timeline import TimelineState as T

# Ghost buttons pull in their neighbours with negative margins; without them each keeps a 24 px target.
TARGET = {"margin": "0", "min_width": "24px"}


def _said(text: str) -> rx.Component:
    """Words a screen reader reads where the eye sees a symbol and a colour."""
    return rx.el.span(text, class_name="sr-only")


def _chip_body(chip: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(chip.label, size="1", weight="bold"),
            rx.cond(
                chip.hard,
                rx.badge(
                    "!",
                    _said(" hard conflict"),
                    color_scheme="red",
                    variant="solid",
                    size="1",
                    title=chip.problem,
                    class_name="badge-hard",
                ),
            ),
            rx.cond(
                chip.soft,
                rx.badge(
                    "~",
                    _said(" soft conflict"),
                    color_scheme="amber",
                    size="1",
                    title=chip.problem,
                    class_name="badge-soft",
                ),
            ),
            rx.cond(chip.proposed, rx.badge(chip.source, color_scheme="violet", size="1", class_name="badge-proposed")),
            spacing="1",
            align="center",
        ),
        rx.text(chip.kind, size="1", color_scheme="gray"),
        rx.cond(
            chip.proposed & T.can_edit,
            rx.hstack(
                rx.button(
                    "✓",
                    size="1",
                    variant="soft",
                    color_scheme="green",
                    on_click=T.accept(chip.assignment_id),
                    class_name="accept-proposal",
                    title="Accept",
                    aria_label="Accept " + chip.label.to(str),
                ),
                rx.button(
                    "✗",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=T.reject(chip.assignment_id),
                    class_name="reject-proposal",
                    title="Reject",
                    aria_label="Reject " + chip.label.to(str),
                ),
                spacing="1",
            ),
        ),
        rx.cond(
            T.can_edit,
            rx.hstack(
                rx.button(
                    "◀",
                    size="1",
                    variant="ghost",
                    on_click=T.nudge(chip.shift_id, -1),
                    title="Move a day earlier",
                    class_name="move-earlier",
                    aria_label="Move " + chip.label.to(str) + " a day earlier",
                    **TARGET,
                ),
                rx.button(
                    "▶",
                    size="1",
                    variant="ghost",
                    on_click=T.nudge(chip.shift_id, 1),
                    title="Move a day later",
                    class_name="move-later",
                    aria_label="Move " + chip.label.to(str) + " a day later",
                    **TARGET,
                ),
                rx.button(
                    "log",
                    size="1",
                    variant="ghost",
                    on_click=T.show_audit(chip.shift_id),
                    title="Audit",
                    aria_label="Audit trail of " + chip.label.to(str),
                    **TARGET,
                ),
                spacing="1",
            ),
        ),
        padding="3px 5px",
        border_radius="5px",
        margin_bottom="3px",
        border=rx.cond(
            chip.proposed,
            "2px dashed var(--violet-9)",
            rx.cond(chip.hard, "2px solid var(--red-9)", "1px solid var(--gray-6)"),
        ),
        background=rx.cond(chip.hard, "var(--red-2)", rx.cond(chip.soft, "var(--amber-2)", "var(--accent-2)")),
        class_name=rx.cond(chip.proposed, "shift-chip proposed", "shift-chip"),
        data_shift=chip.shift_id,
    )


def _chip(chip: rx.Var) -> rx.Component:
    # dnd-kit makes a draggable a focusable role=button, but a button may not hold the chip's own buttons
    # (◀ ▶, the keyboard's way to move a shift): a group keeps them reachable and named.
    return rx.cond(
        T.can_edit,
        drag_item(_chip_body(chip), item_id=chip.key, custom_attrs={"role": "group"}),
        _chip_body(chip),
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.text(row.name, weight="medium", size="2"),
            rx.text(row.role, size="1", color_scheme="gray"),
            min_width="150px",
        ),
        rx.foreach(
            row.cells,
            lambda cell: rx.table.cell(
                drop_zone(rx.foreach(cell.chips, _chip), zone_id=cell.zone, style={"minHeight": "40px"}),
                min_width="120px",
                padding="4px",
            ),
        ),
        class_name="timeline-row",
    )


def _move_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Move shift"),
            rx.text(T.pending_text, id="move-summary"),
            rx.cond(
                T.pending_conflicts.length() > 0,
                rx.vstack(
                    rx.callout("This move breaks hard rules:", icon="triangle_alert", color_scheme="red"),
                    rx.foreach(T.pending_conflicts, lambda c: rx.text("• ", c, size="2", class_name="move-conflict")),
                    field(
                        "Reason",
                        "force-reason",
                        rx.input(
                            placeholder="Why move anyway? (kept in the audit trail)",
                            value=T.force_reason,
                            on_change=T.set_force_reason,
                            id="force-reason",
                            width="100%",
                        ),
                        width="100%",
                    ),
                    width="100%",
                ),
                rx.callout("No conflicts: the move is safe.", icon="check", color_scheme="green", id="move-safe"),
            ),
            rx.hstack(
                rx.button("Cancel", variant="soft", on_click=T.cancel_move),
                rx.button(
                    rx.cond(T.pending_conflicts.length() > 0, "Force move", "Move"),
                    on_click=T.confirm_move,
                    id="confirm-move",
                ),
                justify="end",
                width="100%",
                padding_top="10px",
            ),
        ),
        open=T.pending_shift != "",
        on_open_change=lambda _o: T.cancel_move(),
    )


def _publish_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Hard conflicts block publishing"),
            rx.foreach(T.publish_conflicts, lambda c: rx.text("• ", c, size="2", class_name="publish-conflict")),
            field(
                "Reason",
                "publish-reason",
                rx.input(
                    placeholder="Reason to publish anyway",
                    value=T.publish_reason,
                    on_change=T.set_publish_reason,
                    id="publish-reason",
                    width="100%",
                ),
                width="100%",
                margin_top="8px",
            ),
            rx.hstack(
                rx.button("Cancel", variant="soft", on_click=T.close_publish),
                rx.button("Publish anyway", color_scheme="red", on_click=T.publish, id="publish-anyway"),
                justify="end",
                width="100%",
                padding_top="10px",
            ),
        ),
        open=T.publish_open,
        on_open_change=lambda _o: T.close_publish(),
    )


def _audit_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(T.audit_title),
            rx.scroll_area(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[rx.table.column_header_cell(h) for h in ("When", "Who", "What", "Action", "Reason")]
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            T.audit_lines,
                            lambda a: rx.table.row(
                                rx.table.cell(a.at),
                                rx.table.cell(a.actor),
                                rx.table.cell(a.entity),
                                rx.table.cell(a.action),
                                rx.table.cell(a.reason),
                                class_name="audit-line",
                            ),
                        )
                    ),
                    size="1",
                ),
                max_height="50vh",
            ),
            rx.button("Close", variant="soft", on_click=T.close_audit, margin_top="8px"),
            max_width="720px",
        ),
        open=T.audit_open,
        on_open_change=lambda _o: T.close_audit(),
    )


def timeline_page() -> rx.Component:
    return page_shell(
        "Schedule",
        rx.hstack(
            field(
                "Bureau",
                "timeline-bureau",
                rx.select.root(
                    rx.select.trigger(id="timeline-bureau", aria_labelledby=label_id("timeline-bureau")),
                    rx.select.content(rx.foreach(T.bureaus, lambda b: rx.select.item(b["name"], value=b["id"]))),
                    value=T.bureau_id,
                    on_change=T.set_bureau,
                ),
                direction="row",
                align="center",
                spacing="2",
            ),
            rx.segmented_control.root(
                rx.segmented_control.item("Week", value="week"),
                rx.segmented_control.item("Day", value="day"),
                value=rx.cond(T.days == 1, "day", "week"),
                on_change=T.set_view,
                aria_label="View",
            ),
            rx.button(
                "◀", variant="soft", on_click=T.shift_period(-1), id="previous-period", aria_label="Earlier days"
            ),
            rx.button("▶", variant="soft", on_click=T.shift_period(1), id="next-period", aria_label="Later days"),
            rx.cond(
                T.can_edit | T.is_team_leader,
                rx.link("Copy & repeat", href="/schedule/repeat", id="timeline-repeat-link"),
            ),
            rx.spacer(),
            rx.cond(
                T.can_edit,
                rx.hstack(
                    rx.button(
                        rx.cond(
                            T.proposed_count > 0, rx.text("Accept all ", T.proposed_count.to_string()), "Accept all"
                        ),
                        on_click=T.accept_all,
                        disabled=T.proposed_count == 0,
                        variant="soft",
                        id="accept-all",
                    ),
                    rx.button(
                        "Auto-assign",
                        on_click=T.run_auto_assign,
                        id="run-auto-assign",
                        loading=(T.job_status == "queued") | (T.job_status == "running"),
                    ),
                    rx.button("Publish", on_click=T.publish, id="publish", color_scheme="green"),
                    rx.button("Audit", variant="soft", on_click=T.show_plan_audit, id="plan-audit"),
                ),
            ),
            width="100%",
            padding_bottom="8px",
            wrap="wrap",
        ),
        rx.cond(
            T.job_status != "",
            rx.hstack(
                rx.text("Auto-assign: ", T.job_status, " · ", T.job_message, size="2", id="job-status"),
                rx.progress(value=T.job_progress, width="200px"),
                padding_bottom="8px",
            ),
        ),
        rx.text(
            "Drag a shift to another day, or use its ◀ ▶ buttons; every move is checked against the rules first. "
            "! red: hard conflict · ~ amber: soft · dashed violet, marked with its source: proposed.",
            size="1",
            color_scheme="gray",
            padding_bottom="6px",
        ),
        scroll_region(
            "Schedule: employees by day",
            drag_board(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Employee"),
                            rx.foreach(T.day_labels, lambda d: rx.table.column_header_cell(d)),
                        )
                    ),
                    rx.table.body(rx.foreach(T.rows, _row)),
                    size="1",
                    id="timeline",
                    width="100%",
                ),
                on_move=T.drop,
            ),
        ),
        _move_dialog(),
        _publish_dialog(),
        _audit_dialog(),
    )
