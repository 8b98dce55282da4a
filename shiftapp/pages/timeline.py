from typing import Any

import reflex as rx

from shiftapp.components.date_field import date_input, time_input
from shiftapp.components.dialogs import form_dialog
from shiftapp.components.i18n import Text, t, tf
from shiftapp.components.shell import page_shell
from shiftapp.components.timeline_axis import shift_axis
from shiftapp.state.timeline import ROLES, WHOLE_UP_TO
from shiftapp.state.timeline import TimelineState as T


def _toolbar() -> rx.Component:
    return rx.hstack(
        rx.select.root(
            rx.select.trigger(id="timeline-bureau", aria_label=t("Bureau")),
            rx.select.content(
                rx.select.item(t("All bureaus"), value="all"),
                rx.foreach(T.bureaus, lambda b: rx.select.item(b["name"], value=b["id"])),
            ),
            value=rx.cond(T.selected_bureaus.length() == 1, T.selected_bureaus[0], "all"),
            on_change=T.set_bureaus,
        ),
        rx.popover.root(
            rx.popover.trigger(rx.button(t("Bureaus…"), variant="soft", id="bureau-picker")),
            rx.popover.content(
                rx.vstack(
                    rx.text(t("Show these bureaus together"), size="2", weight="medium"),
                    rx.foreach(
                        T.bureaus,
                        lambda b: rx.checkbox(
                            b["name"],
                            checked=T.selected_bureaus.contains(b["id"]),
                            on_change=lambda _checked: T.toggle_bureau(b["id"]),
                            class_name="bureau-choice",
                        ),
                    ),
                ),
            ),
        ),
        rx.segmented_control.root(
            rx.segmented_control.item(t("Day"), value="day"),
            rx.segmented_control.item(t("Week"), value="week"),
            rx.segmented_control.item(t("Month"), value="month"),
            value=T.zoom,
            on_change=T.set_zoom,
            id="timeline-zoom",
        ),
        rx.button("◀", variant="soft", on_click=T.shift_period(-1), id="previous-period", aria_label=t("Earlier")),
        rx.button(t("Today"), variant="soft", on_click=T.go_today, id="go-today"),
        rx.button("▶", variant="soft", on_click=T.shift_period(1), id="next-period", aria_label=t("Later")),
        date_input(
            value=T.anchor,
            on_change=T.go_to_date,
            id="timeline-date",
            aria_label=t("Go to date"),
            class_name="axis-date",
        ),
        rx.cond(
            T.can_edit | T.is_team_leader,
            rx.link(t("Copy & repeat"), href="/schedule/repeat", id="timeline-repeat-link"),
        ),
        rx.spacer(),
        rx.cond(
            T.can_edit,
            rx.button(t("Add shift"), variant="soft", on_click=T.open_add, id="add-shift"),
        ),
        rx.cond(
            T.can_plan,
            rx.hstack(
                rx.button(
                    rx.cond(
                        T.proposed_count > 0,
                        tf("Accept all {count}", count=T.proposed_count.to_string()),
                        t("Accept all"),
                    ),
                    on_click=T.accept_all,
                    disabled=(T.proposed_count == 0) | T.changing,
                    variant="soft",
                    id="accept-all",
                ),
                rx.button(
                    t("Auto-assign"),
                    on_click=T.run_auto_assign,
                    id="run-auto-assign",
                    disabled=T.selected_bureaus.length() != 1,
                    title=t("Proposes people for the open places of one bureau in the days shown"),
                    loading=(T.job_status == "queued") | (T.job_status == "running"),
                ),
                rx.button(t("Publish…"), on_click=T.review_publish, id="publish", color_scheme="green"),
                rx.button(t("Audit"), variant="soft", on_click=T.show_plan_audit, id="plan-audit"),
                wrap="wrap",
            ),
        ),
        width="100%",
        padding_bottom="8px",
        wrap="wrap",
        align="center",
    )


def _legend() -> rx.Component:
    return rx.text(
        rx.cond(
            T.can_edit,
            t(
                "Click a shift, then drag it along the axis or onto another person, or drag its ends to change its "
                "hours; drag an open shift onto a person to assign it; double-click an empty day to add a shift "
                "there; Ctrl- or Shift-click shifts to move them together. Nothing changes before you confirm the "
                "rule check. Keyboard: Add shift, or Tab to a shift and press Enter for Edit…, Copy…, Delete… and "
                "Select. "
            ),
            t("Tab to a shift and press Enter to read its details. "),
        ),
        t(
            "✎ draft · ✓ published · ✱ changed since publishing · ? proposed · ✖ hard conflict · ⚠ soft conflict. "
            "Under each day: places filled of places."
        ),
        rx.cond(
            T.read_only_shown,
            rx.el.span(
                " ",
                rx.icon("lock", size=11, aria_hidden="true", style={"display": "inline", "verticalAlign": "-1px"}),
                t(" read only: another bureau's shift, which you cannot change."),
            ),
            "",
        ),
        size="1",
        color_scheme="gray",
        padding_bottom="6px",
        id="timeline-legend",
    )


def _selected_panel() -> rx.Component:
    """The selected shift's details and actions; always there, so selecting a shift never moves the axis
    under the pointer."""
    item = T.selected_item
    return rx.box(
        rx.cond(
            T.selected != "",
            rx.vstack(
                rx.hstack(
                    rx.text(item.aria, size="2", id="selected-shift", tab_index=-1),
                    rx.spacer(),
                    rx.button(t("Close"), size="1", variant="ghost", on_click=T.clear_selection("", "")),
                    width="100%",
                    align="start",
                ),
                rx.cond(
                    T.can_edit & ~item.read_only,
                    rx.hstack(
                        rx.cond(
                            item.proposed & T.can_plan,
                            rx.hstack(
                                rx.button(
                                    t("✓ Accept"),
                                    size="1",
                                    variant="soft",
                                    color_scheme="green",
                                    on_click=T.accept(item.assignment_id),
                                    disabled=T.changing,
                                    class_name="accept-proposal",
                                ),
                                rx.button(
                                    t("✗ Reject"),
                                    size="1",
                                    variant="soft",
                                    color_scheme="red",
                                    on_click=T.reject(item.assignment_id),
                                    disabled=T.changing,
                                    class_name="reject-proposal",
                                ),
                            ),
                        ),
                        rx.button(
                            t("◀ a day earlier"),
                            size="1",
                            variant="soft",
                            on_click=T.nudge(T.selected, -1),
                            class_name="move-earlier",
                        ),
                        rx.button(
                            t("a day later ▶"),
                            size="1",
                            variant="soft",
                            on_click=T.nudge(T.selected, 1),
                            class_name="move-later",
                        ),
                        rx.button(t("Edit…"), size="1", on_click=T.open_move(T.selected), id="open-move"),
                        rx.button(
                            t("Copy…"), size="1", variant="soft", on_click=T.open_copy(T.selected), id="open-copy"
                        ),
                        rx.button(
                            t("Delete…"),
                            size="1",
                            variant="soft",
                            color_scheme="red",
                            on_click=T.preview_delete(T.selected),
                            id="open-delete",
                        ),
                        rx.button(
                            rx.cond(T.picked.contains(T.selected), t("☑ Selected"), t("☐ Select")),
                            size="1",
                            variant="outline",
                            on_click=T.toggle_pick(T.selected),
                            aria_pressed=rx.cond(T.picked.contains(T.selected), "true", "false"),
                            title=t("Select this shift to move it together with others (Ctrl-click does the same)"),
                            id="toggle-pick",
                        ),
                        rx.button(
                            t("Audit"), size="1", variant="ghost", on_click=T.show_audit(T.selected), id="shift-audit"
                        ),
                        wrap="wrap",
                    ),
                ),
                spacing="1",
                width="100%",
            ),
            rx.text(
                rx.cond(
                    T.can_edit,
                    t(
                        "Select a shift (click it, or Tab to it and press Enter) for its details, proposals, "
                        "Edit…, Copy…, Delete… and its audit."
                    ),
                    t("Select a shift (click it, or Tab to it and press Enter) for its details."),
                ),
                size="2",
                color_scheme="gray",
            ),
        ),
        padding="8px 10px",
        margin_bottom="8px",
        min_height="72px",
        border="1px solid var(--accent-7)",
        border_radius="6px",
        background="var(--accent-2)",
        id="selected-panel",
    )


def _rows_note() -> rx.Component:
    """A large group scrolls inside the axis (only the rows in view are drawn): say how to reach them all."""
    return rx.cond(
        T.groups.length() > WHOLE_UP_TO,
        rx.text(
            tf(
                "{count} people. Scroll the schedule, or Tab to a name and move with ↑ ↓, Page Up, Page Down, Home "
                "and End.",
                count=T.people_total.to_string(),
            ),
            size="2",
            id="people-count",
            padding_bottom="6px",
        ),
    )


def _move_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.match(
                    T.pending_kind,
                    ("add", t("Check this new shift")),
                    ("delete", t("Delete this shift?")),
                    ("group", t("Check these changes together")),
                    t("Check this change"),
                )
            ),
            rx.text(T.pending_text, id="move-summary"),
            rx.cond(
                T.pending_lines.length() > 0,
                rx.el.ul(rx.foreach(T.pending_lines, lambda line: rx.el.li(line, class_name="group-line"))),
            ),
            rx.cond(
                T.pending_conflicts.length() > 0,
                rx.vstack(
                    rx.callout(t("This change breaks hard rules:"), icon="triangle_alert", color_scheme="red"),
                    rx.foreach(T.pending_conflicts, lambda c: rx.text("✖ ", c, size="2", class_name="move-conflict")),
                    rx.input(
                        placeholder=t("Why change it anyway? (kept in the audit trail)"),
                        value=T.force_reason,
                        on_change=T.set_force_reason,
                        id="force-reason",
                        width="100%",
                    ),
                    width="100%",
                ),
                rx.callout(
                    rx.cond(
                        T.pending_kind == "delete",
                        t("Deleting breaks no hard rule. It cannot be undone here: the audit trail keeps a record."),
                        t("No hard conflicts: the change is allowed."),
                    ),
                    icon="check",
                    color_scheme="green",
                    id="move-safe",
                ),
            ),
            rx.foreach(T.pending_warnings, lambda c: rx.text("⚠ ", c, size="2", class_name="move-warning")),
            rx.hstack(
                rx.button(t("Cancel"), variant="soft", on_click=T.cancel_move, id="cancel-move"),
                rx.button(
                    rx.cond(
                        T.pending_kind == "delete",
                        t("Delete"),
                        rx.cond(T.pending_conflicts.length() > 0, t("Change anyway"), t("Confirm")),
                    ),
                    on_click=T.confirm_move,
                    # Disabled while the change is being written (a second click would be ignored anyway).
                    disabled=T.changing,
                    color_scheme=rx.cond(
                        (T.pending_conflicts.length() > 0) | (T.pending_kind == "delete"), "red", "indigo"
                    ),
                    id="confirm-move",
                ),
                justify="end",
                width="100%",
                padding_top="10px",
            ),
            aria_busy=T.changing,
        ),
        open=(T.pending_item != "") | (T.pending_kind != ""),
        on_open_change=lambda _o: T.cancel_move(),
    )


def _move_form() -> rx.Component:
    """The keyboard's way to every drag: date, hours and person, checked by the same preview."""
    return form_dialog(
        rx.vstack(
            _field(t("Date"), _date_input(T.move_date, T.set_move_date, "move-date"), "move-date"),
            rx.hstack(
                _field(t("Starts"), _time_input(T.move_start, T.set_move_start, "move-start"), "move-start"),
                _field(t("Ends"), _time_input(T.move_end, T.set_move_end, "move-end"), "move-end"),
            ),
            _field(
                t("Who"),
                rx.el.select(
                    rx.foreach(T.person_choices, lambda p: rx.el.option(p["name"], value=p["id"])),
                    value=T.move_person,
                    on_change=T.set_move_person,
                    id="move-person",
                    class_name="axis-field",
                ),
                "move-person",
            ),
            _field(t("Role"), _role_select(T.move_role, T.set_move_role, "move-role"), "move-role"),
            spacing="2",
            padding_top="8px",
        ),
        title=t("Edit, move or reassign this shift"),
        description=T.selected_item.aria,
        is_open=T.move_open,
        on_close=T.close_move,
        action=t("Check the rules"),
        on_action=T.preview_dialog_move,
        action_id="preview-move",
        action_disabled=T.changing,
        aria_busy=T.changing,
    )


def _role_select(value, on_change, id_: str) -> rx.Component:
    return rx.el.select(
        rx.el.option(t("Any role"), value=""),
        *[rx.el.option(t(role.capitalize()), value=role) for role in ROLES],
        value=value,
        on_change=on_change,
        id=id_,
        class_name="axis-field",
    )


def _date_input(value: Any, on_change: Any, id_: str) -> rx.Component:
    return date_input(value=value, on_change=on_change, id=id_, class_name="axis-field")


def _time_input(value: Any, on_change: Any, id_: str) -> rx.Component:
    return time_input(value=value, on_change=on_change, id=id_, class_name="axis-field")


def _field(label: Text, control: rx.Component, id_: str) -> rx.Component:
    return rx.vstack(rx.el.label(label, html_for=id_, class_name="axis-label"), control, spacing="1")


def _add_form() -> rx.Component:
    """Add a shift (or copy one): date, hours, role, person or an open place, bureau; the rule check
    comes before anything is written."""
    return form_dialog(
        rx.vstack(
            _field(t("Date"), _date_input(T.add_date, T.set_add_date, "add-date"), "add-date"),
            rx.hstack(
                _field(t("Starts"), _time_input(T.add_start, T.set_add_start, "add-start"), "add-start"),
                _field(t("Ends"), _time_input(T.add_end, T.set_add_end, "add-end"), "add-end"),
            ),
            _field(t("Role"), _role_select(T.add_role, T.set_add_role, "add-role"), "add-role"),
            _field(
                t("Who"),
                rx.el.select(
                    rx.el.option(t("Open shift (nobody yet)"), value="open"),
                    rx.foreach(T.people_choices, lambda p: rx.el.option(p["name"], value=p["id"])),
                    value=T.add_person,
                    on_change=T.set_add_person,
                    id="add-person",
                    class_name="axis-field",
                ),
                "add-person",
            ),
            _field(
                t("Bureau"),
                rx.el.select(
                    rx.foreach(T.bureaus, lambda b: rx.el.option(b["name"], value=b["id"])),
                    value=T.add_bureau,
                    on_change=T.set_add_bureau,
                    id="add-bureau",
                    class_name="axis-field",
                ),
                "add-bureau",
            ),
            spacing="2",
            padding_top="8px",
        ),
        title=T.add_title,
        description=t(
            "A new shift is a draft until it is published. An end at or before the start is on the next day."
        ),
        is_open=T.add_open,
        on_close=T.close_add,
        action=t("Check the rules"),
        on_action=T.preview_add,
        action_id="preview-add",
        action_disabled=T.changing,
        aria_busy=T.changing,
    )


def _group_bar() -> rx.Component:
    """The shifts selected to move together, in words, and what to do with them."""
    return rx.cond(
        T.picked.length() > 0,
        rx.box(
            rx.hstack(
                rx.text(
                    tf("{count} shift(s) selected to move together", count=T.picked.length().to_string()),
                    size="2",
                    weight="medium",
                ),
                rx.spacer(),
                rx.button(t("Move together…"), size="1", on_click=T.open_group, id="open-group"),
                rx.button(t("Clear selection"), size="1", variant="ghost", on_click=T.clear_picks, id="clear-picks"),
                width="100%",
                align="center",
            ),
            rx.el.ul(rx.foreach(T.picked_labels, lambda line: rx.el.li(line, class_name="picked-line"))),
            padding="6px 10px",
            margin_bottom="8px",
            border="1px dashed var(--violet-9)",
            border_radius="6px",
            id="group-bar",
            aria_label=t("Shifts selected to move together"),
            role="region",
        ),
    )


def _group_form() -> rx.Component:
    return form_dialog(
        rx.vstack(
            _field(
                t("Days later"),
                rx.el.input(
                    type="number",
                    value=T.group_days,
                    on_change=T.set_group_days,
                    id="group-days",
                    min=-366,
                    max=366,
                    class_name="axis-field",
                ),
                "group-days",
            ),
            _field(
                t("Give them to"),
                rx.el.select(
                    rx.el.option(t("Keep who works them"), value=""),
                    rx.foreach(T.person_choices, lambda p: rx.el.option(p["name"], value=p["id"])),
                    value=T.group_person,
                    on_change=T.set_group_person,
                    id="group-person",
                    class_name="axis-field",
                ),
                "group-person",
            ),
            spacing="2",
            padding_top="8px",
        ),
        title=t("Move the selected shifts together"),
        description=t(
            "They move by the same number of days (negative for earlier) and, if you pick someone, go to "
            "them. One rule check covers them all, and they change together or not at all."
        ),
        is_open=T.group_open,
        on_close=T.close_group,
        action=t("Check the rules"),
        on_action=T.preview_group,
        action_id="preview-group",
        action_disabled=T.changing,
        aria_busy=T.changing,
    )


def _publish_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.cond(
                    T.publish_conflicts.length() > 0, t("Hard conflicts block publishing"), t("Publish these shifts?")
                )
            ),
            rx.cond(T.publish_reviewed, rx.text(T.publish_text, size="2", id="publish-summary")),
            rx.foreach(T.publish_conflicts, lambda c: rx.text("• ", c, size="2", class_name="publish-conflict")),
            rx.cond(
                T.publish_conflicts.length() > 0,
                rx.input(
                    placeholder=t("Reason to publish anyway"),
                    aria_label=t("Reason to publish anyway"),
                    value=T.publish_reason,
                    on_change=T.set_publish_reason,
                    width="100%",
                    margin_top="8px",
                ),
            ),
            rx.hstack(
                rx.button(t("Cancel"), variant="soft", on_click=T.close_publish),
                rx.cond(
                    T.publish_conflicts.length() > 0,
                    rx.button(
                        t("Publish anyway"),
                        color_scheme="red",
                        on_click=T.publish,
                        disabled=T.changing,
                        id="publish-anyway",
                    ),
                    rx.button(
                        tf("Publish {count} shift(s)", count=T.publish_count.to_string()),
                        color_scheme="green",
                        on_click=T.publish,
                        disabled=(T.publish_count == 0) | T.changing,
                        id="confirm-publish",
                    ),
                ),
                justify="end",
                width="100%",
                padding_top="10px",
            ),
            aria_busy=T.changing,
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
            rx.button(t("Close"), variant="soft", on_click=T.close_audit, margin_top="8px"),
            max_width="720px",
        ),
        open=T.audit_open,
        on_open_change=lambda _o: T.close_audit(),
    )


def timeline_page() -> rx.Component:
    return page_shell(
        "Schedule",
        _toolbar(),
        rx.cond(
            T.job_status != "",
            rx.hstack(
                rx.text(
                    tf("Auto-assign: {status} · {message}", status=T.job_status_label, message=T.job_message),
                    size="2",
                    id="job-status",
                ),
                rx.progress(value=T.job_progress, width="200px"),
                padding_bottom="8px",
            ),
        ),
        rx.heading(T.window_label, size="4", as_="h2", id="timeline-window", padding_bottom="4px"),
        _legend(),
        _selected_panel(),
        _rows_note(),
        _group_bar(),
        rx.cond(
            T.open_left_out > 0,
            rx.text(
                tf(
                    "{count} more open shifts are not drawn: show fewer bureaus or a shorter window",
                    count=T.open_left_out.to_string(),
                ),
                size="1",
                color_scheme="amber",
            ),
        ),
        rx.box(
            shift_axis(
                items=T.axis_items,
                groups=T.groups,
                visible_start=T.visible_start,
                visible_end=T.visible_end,
                editable=T.can_edit,
                cover=T.cover,
                selected_id=T.selected,
                picked_ids=T.picked,
                on_item_move=T.item_moved,
                on_item_resize=T.item_resized,
                on_item_select=T.select_item,
                on_canvas_click=T.clear_selection,
                virtual_from=WHOLE_UP_TO,
                locale=T.lang,
                texts=T.axis_texts,
                loaded_start=T.rows_start,
                loaded_end=T.rows_end,
                on_rows_in_view=T.rows_in_view,
                on_canvas_double_click=T.open_add_at,
                # A month's margin adds up the weeks it touches.
                hours_heading=rx.cond(
                    T.zoom == "month",
                    t("People · hours in the weeks shown · most in one week"),
                    t("People · hours per week"),
                ),
            ),
            id="timeline",
            class_name="timeline-frame",
            # While the rows or a scroll's shifts are read (off the event loop), what is drawn may be stale.
            aria_busy=T.reading,
        ),
        rx.el.details(
            rx.el.summary(t("Cover per day, in words")),
            rx.el.ul(rx.foreach(T.cover_lines, lambda line: rx.el.li(line, class_name="cover-line"))),
            id="cover-list",
            class_name="axis-cover-list",
        ),
        _move_dialog(),
        _move_form(),
        _add_form(),
        _group_form(),
        _publish_dialog(),
        _audit_dialog(),
    )
