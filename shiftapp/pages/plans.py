import reflex as rx

from shiftapp.components.date_field import date_input
from shiftapp.components.dialogs import form_dialog
from shiftapp.components.dnd import drag_board, drag_item, drop_zone
from shiftapp.components.i18n import Text, t, tf
from shiftapp.components.layout import field, label_id, wrapping_row
from shiftapp.components.shell import page_shell
from shiftapp.state.plans import UNASSIGNED_MAX, LoadsState
from shiftapp.state.plans import PlanBoardState as B
from shiftapp.state.plans import PlansState as P


def _plan_row(plan: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(plan["plan_name"], href="/plans/" + plan["id"].to(str), class_name="plan-link")),
        rx.table.cell(plan["delivery_start"], " – ", plan["delivery_end"]),
        rx.table.cell(rx.badge(plan["status"])),
        rx.table.cell(plan["units_count"].to_string()),
        rx.table.cell(plan["orders_count"].to_string()),
        rx.table.cell(plan["unassigned_count"].to_string()),
        rx.table.cell(plan["total_weight"].to_string(), " kg"),
        rx.table.cell(
            rx.cond(
                P.can_edit,
                rx.button(
                    t("Delete"),
                    size="1",
                    color_scheme="red",
                    variant="soft",
                    on_click=P.delete_plan(plan["id"]),
                    class_name="delete-plan",
                    aria_label=tf("Delete {name}", name=plan["plan_name"]),
                ),
            )
        ),
        class_name="plan-row",
    )


def plans_page() -> rx.Component:
    return page_shell(
        "Delivery plans",
        rx.cond(
            P.can_edit,
            wrapping_row(
                field(
                    t("Plan name"),
                    "new-plan-name",
                    rx.input(value=P.new_name, on_change=P.set_new_name, id="new-plan-name"),
                ),
                field(
                    t("First delivery day"),
                    "new-plan-start",
                    date_input(value=P.new_start, on_change=P.set_new_start, id="new-plan-start"),
                ),
                field(
                    t("Last delivery day"),
                    "new-plan-end",
                    date_input(value=P.new_end, on_change=P.set_new_end, id="new-plan-end"),
                ),
                rx.button(t("Create plan"), on_click=P.create_plan, id="create-plan"),
                align="end",
                padding_bottom="12px",
            ),
        ),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in (
                            t("Plan"),
                            t("Dates"),
                            t("Status"),
                            t("Units"),
                            t("Orders"),
                            t("Unassigned"),
                            t("Weight"),
                            "",
                        )
                    ]
                )
            ),
            rx.table.body(rx.foreach(P.plans, _plan_row)),
            width="100%",
        ),
        rx.hstack(
            rx.button(t("Previous"), on_click=P.previous_page, disabled=P.page == 0, variant="soft"),
            rx.text(tf("Page {page} of {count}", page=(P.page + 1).to_string(), count=P.page_count.to_string())),
            rx.button(t("Next"), on_click=P.next_page, disabled=P.page + 1 >= P.page_count, variant="soft"),
            padding_top="12px",
        ),
    )


def _order_card(order: rx.Var, in_unit: bool) -> rx.Component:
    # Dragging is not the only way: a planner without a mouse (or a steady hand) picks the unit from a
    # list (WCAG 2.5.7); the assign or move goes through the same checks as a drop. A card on a unit
    # says which unit it is on, so that a move someone else overtook is refused rather than misapplied.
    # Cards on units open one shared list (the move dialog) instead of holding their own: 200 units
    # of ten cards, each listing 200 units, would be 400,000 options on the page.
    item_id = "order:" + order["id"].to(str) + (("@" + order["unit_id"].to(str)) if in_unit else "")
    choose = rx.cond(
        B.can_edit,
        rx.button(
            t("Move to unit…"),
            size="1",
            variant="soft",
            color_scheme="gray",
            on_click=B.ask_move(order["id"], order["unit_id"]),
            aria_label=tf("Move {number} to another unit", number=order["number"]),
            class_name="move-order",
            width="100%",
            margin_top="4px",
        ),
    )
    if not in_unit:
        # A button, not a list that acts on its own when an option is picked (WCAG 3.2.2): the unit is
        # picked in the shared dialog, and nothing changes until its Assign button.
        choose = rx.cond(
            B.can_edit,
            rx.button(
                t("Assign to a unit…"),
                size="1",
                variant="soft",
                color_scheme="gray",
                on_click=B.ask_assign(order["id"]),
                aria_label=tf("Assign {number} to a unit", number=order["number"]),
                class_name="assign-order",
                width="100%",
                margin_top="4px",
            ),
        )
    body = rx.box(
        rx.hstack(
            rx.text(order["number"], weight="bold", size="2"),
            rx.spacer(),
            rx.text(order["weight"].to_string(), " kg", size="2"),
        ),
        rx.text(order["customer"], size="1"),
        rx.hstack(
            rx.text(order["date"], size="1", color_scheme="gray"),
            rx.cond(order["split"], rx.badge(t("split"), size="1", color_scheme="amber")),
            rx.cond(
                in_unit & B.can_edit,
                rx.button(
                    "×",
                    size="1",
                    variant="ghost",
                    on_click=B.unassign_order(order["id"]),
                    class_name="unassign-order",
                    title=t("Unassign"),
                    aria_label=tf("Unassign {number}", number=order["number"]),
                    # Ghost buttons pull in their neighbours with negative margins: keep a 24 px target.
                    margin="0",
                    min_width="24px",
                ),
            ),
        ),
        choose,
        padding="6px 8px",
        border=f"1px solid {rx.color('gray', 6)}",
        border_radius="6px",
        background=rx.color("gray", 1),
        margin_bottom="6px",
    )
    return rx.cond(
        B.can_edit,
        drag_item(
            body,
            item_id=item_id,
            class_name="order-card",
            data_order=order["number"],
            # dnd-kit's role=button may not hold the card's own controls (Unassign, Assign to): a group may.
            custom_attrs={"role": "group"},
        ),
        rx.box(body, class_name="order-card"),
    )


def _capacity_bar(day: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.text(day["date"], size="1"), rx.spacer(), rx.text(day["used"].to_string(), " kg", size="1")),
        rx.progress(
            value=day["percent"],
            color_scheme=rx.cond(day["over"], "red", "indigo"),
            class_name="capacity-bar",
            # A progress bar needs a name of its own (axe: aria-progressbar-name): the day and load it shows.
            aria_label=day["date"].to(str) + ": " + day["used"].to_string() + " kg",
        ),
        spacing="1",
        width="100%",
    )


def _unit_column(unit: rx.Var) -> rx.Component:
    return drop_zone(
        rx.vstack(
            rx.text(unit["title"], weight="bold", size="2"),
            rx.text(unit["driver"], " · ", unit["capacity"].to_string(), " kg", size="1", color_scheme="gray"),
            rx.text(t("Routes: "), unit["routes"], size="1"),
            rx.foreach(unit["days"], _capacity_bar),
            rx.cond(
                B.can_edit,
                rx.hstack(
                    rx.input(
                        default_value=unit["notes"],
                        placeholder=t("Note for the driver"),
                        size="1",
                        on_blur=lambda value: B.save_note(unit["id"], value),
                        class_name="unit-note",
                        aria_label=tf("Note for the driver of {unit}", unit=unit["title"]),
                    ),
                    rx.button(
                        t("Remove"),
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=B.ask_remove_unit(unit["id"]),
                        aria_label=tf("Remove unit {unit}", unit=unit["title"]),
                        class_name="remove-unit",
                    ),
                ),
                rx.text(unit["notes"], size="1"),
            ),
            rx.box(rx.foreach(unit["orders"], lambda o: _order_card(o, True)), width="100%"),
            rx.cond(
                unit["hidden"] > 0,
                rx.button(
                    tf("Show all {count} orders", count=unit["order_count"].to_string()),
                    size="1",
                    variant="soft",
                    width="100%",
                    on_click=B.expand_unit(unit["id"]),
                    class_name="unit-show-all",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        zone_id="unit:" + unit["id"].to(str),
        class_name="unit-column",
        data_unit=unit["title"],
        style={
            "minWidth": "240px",
            "maxWidth": "260px",
            "padding": "10px",
            "borderRadius": "8px",
            "background": "var(--gray-2)",
            "border": "1px solid var(--gray-5)",
            "minHeight": "300px",
        },
    )


def _group(group: rx.Var) -> rx.Component:
    return rx.box(
        rx.text(group["title"], weight="medium", size="2", padding_y="4px"),
        rx.foreach(group["orders"], lambda o: _order_card(o, False)),
    )


def _preview_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("Auto-assign preview")),
            rx.text(
                tf(
                    "Optimizing planner: {created} orders onto {units} units (the seed's greedy: {greedy_units} units,"
                    " {greedy_left} left over). {unassigned} stay unassigned; {added} units join the plan.",
                    created=B.preview["assignments_created"],
                    units=B.preview["units_used"],
                    greedy_units=B.preview["greedy_units_used"],
                    greedy_left=B.preview["greedy_unassigned"],
                    unassigned=B.preview["unassigned"],
                    added=B.preview["units_added"],
                ),
                id="preview-summary",
            ),
            rx.text(B.preview_verdict, id="preview-verdict", size="2"),
            rx.scroll_area(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in (t("Order"), t("Customer"), t("Date"), "kg", t("→ Unit"))
                            ]
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            B.preview_rows,
                            lambda r: rx.table.row(
                                rx.table.cell(r["order"]),
                                rx.table.cell(r["customer"]),
                                rx.table.cell(r["date"]),
                                rx.table.cell(r["weight"]),
                                rx.table.cell(r["unit"]),
                                class_name="preview-row",
                            ),
                        )
                    ),
                    size="1",
                ),
                max_height="45vh",
            ),
            rx.foreach(
                B.preview_unassigned, lambda r: rx.text(r["order"], ": ", r["reason"], size="1", color_scheme="gray")
            ),
            rx.hstack(
                rx.button(t("Cancel"), variant="soft", on_click=B.close_preview),
                rx.button(t("Commit"), on_click=B.commit_auto_assign, id="commit-auto-assign"),
                justify="end",
                width="100%",
                padding_top="12px",
            ),
            max_width="760px",
        ),
        open=B.previewing,
        on_open_change=lambda _open: B.close_preview(),
    )


def _move_dialog() -> rx.Component:
    """The keyboard's way to put an order on a unit: for an order on a unit, the unit it should move to;
    for a waiting order, the unit it should go on. Picking a unit changes nothing until the button."""
    assigning = B.moving["unit_id"] == ""
    return form_dialog(
        field(
            rx.cond(assigning, t("Assign to"), t("Move to")),
            "move-target",
            rx.el.select(
                rx.el.option(t("Pick a unit…"), value=""),
                rx.foreach(
                    B.units,
                    lambda u: rx.cond(u.id != B.moving["unit_id"], rx.el.option(u.title, value="unit:" + u.id.to(str))),
                ),
                value=B.move_target,
                on_change=B.set_move_target,
                id="move-target",
                style={"width": "100%", "minHeight": "32px", "padding": "4px 6px"},
            ),
            width="100%",
            padding_top="8px",
        ),
        title=rx.cond(
            assigning,
            tf("Assign {number}", number=B.moving["number"]),
            tf("Move {number}", number=B.moving["number"]),
        ),
        description=rx.cond(
            assigning,
            t("It is waiting for a unit. The assignment is checked like a drop onto the unit."),
            tf("It is on {unit}. The move is checked like a drop onto the unit.", unit=B.moving["unit"]),
        ),
        is_open=B.moving_open,
        on_close=B.cancel_move,
        action=rx.cond(assigning, t("Assign"), t("Move")),
        on_action=B.confirm_move,
        action_id="confirm-move",
        action_disabled=B.move_target == "",
        max_width="420px",
    )


def _remove_unit_dialog() -> rx.Component:
    """Removing a unit asks first, and says what becomes of the orders it carries."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(tf("Remove {unit}?", unit=B.removing["title"])),
            rx.alert_dialog.description(
                rx.cond(
                    B.removing["orders"] == "0",
                    t("It carries no orders."),
                    rx.cond(
                        B.removing["orders"] == "1",
                        t("Its order goes back to the unassigned list."),
                        tf("Its {count} orders go back to the unassigned list.", count=B.removing["orders"]),
                    ),
                ),
                t(" The vehicle can be added again from the idle units."),
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Keep the unit"), variant="soft", color_scheme="gray")),
                # A plain button, not Radix's Action: the state closes the dialog once the removal is decided.
                rx.button(
                    t("Remove unit"), color_scheme="red", on_click=B.confirm_remove_unit, id="confirm-remove-unit"
                ),
                justify="end",
                spacing="3",
                padding_top="12px",
            ),
            max_width="460px",
        ),
        open=B.removing_open,
        on_open_change=lambda _opened: B.cancel_remove_unit(),
    )


def _unassigned_panel() -> rx.Component:
    """The orders waiting for a unit: their count and a search stay in view above the list, which
    scrolls; the list holds the first orders and grows with "Show more"."""
    return drop_zone(
        rx.vstack(
            rx.text(
                tf("Unassigned orders ({count})", count=B.unassigned_count.to_string()),
                weight="bold",
                id="unassigned-total",
            ),
            rx.input(
                placeholder=t("Order, customer or route"),
                value=B.unassigned_search,
                on_change=B.search_unassigned.debounce(300),
                size="1",
                width="100%",
                id="unassigned-search",
                aria_label=t("Search the unassigned orders"),
            ),
            rx.text(
                tf(
                    "Showing {shown} of {matching}",
                    shown=B.unassigned_shown.to_string(),
                    matching=B.unassigned_matching.to_string(),
                ),
                rx.cond(B.unassigned_search != "", t(" matching"), ""),
                size="1",
                color_scheme="gray",
                id="unassigned-shown",
            ),
            rx.box(
                rx.foreach(B.unassigned_groups, _group),
                rx.cond(
                    B.unassigned_shown < B.unassigned_matching,
                    rx.cond(
                        B.unassigned_shown < UNASSIGNED_MAX,
                        rx.button(
                            t("Show more"),
                            size="1",
                            variant="soft",
                            width="100%",
                            on_click=B.show_more_unassigned,
                            id="unassigned-more",
                        ),
                        rx.text(t("Search to find the others"), size="1", color_scheme="gray"),
                    ),
                ),
                width="100%",
                max_height="calc(75vh - 100px)",
                overflow_y="auto",
                id="unassigned-list",
            ),
            width="100%",
        ),
        zone_id="unassigned",
        id="unassigned-panel",
        style={
            "width": "280px",
            "flexShrink": 0,
            "padding": "10px",
            "borderRadius": "8px",
            "border": "1px solid var(--gray-5)",
        },
    )


def plan_board_page() -> rx.Component:
    return page_shell(
        "Plan board",
        rx.hstack(
            rx.heading(B.plan["plan_name"], size="4", id="board-plan-name"),
            rx.badge(B.plan["status"]),
            rx.text(B.plan["delivery_start"], " – ", B.plan["delivery_end"], color_scheme="gray"),
            rx.spacer(),
            rx.link(t("All plans"), href="/plans"),
            width="100%",
        ),
        rx.cond(B.last_refusal != "", rx.callout(B.last_refusal, icon="ban", color_scheme="red", id="board-refusal")),
        # Always in the page, so that screen readers announce each new message (WCAG 4.1.3).
        rx.box(
            rx.cond(B.last_done != "", rx.callout(B.last_done, icon="circle-check", color_scheme="green")),
            role="status",
            id="board-status",
        ),
        _preview_dialog(),
        _remove_unit_dialog(),
        _move_dialog(),
        rx.cond(
            B.can_edit,
            rx.hstack(
                rx.button(
                    rx.cond(B.auto_running, t("Planning…"), t("Auto-assign")),
                    on_click=B.preview_auto_assign,
                    loading=B.auto_running,
                    id="auto-assign",
                ),
                field(
                    t("Add idle unit:"),
                    "add-unit",
                    rx.select.root(
                        rx.select.trigger(
                            placeholder=t("Pick a vehicle"), id="add-unit", aria_labelledby=label_id("add-unit")
                        ),
                        rx.select.content(
                            rx.foreach(B.idle_vehicles, lambda v: rx.select.item(v["label"], value=v["id"]))
                        ),
                        on_change=B.add_unit,
                    ),
                    direction="row",
                    align="center",
                    spacing="2",
                ),
                rx.button(
                    t("Load sheet (CSV)"),
                    variant="soft",
                    on_click=B.download_load_sheet("csv"),
                    id="load-sheet-csv",
                ),
                rx.button(
                    t("Printable load sheet"),
                    variant="soft",
                    on_click=B.download_load_sheet("html"),
                    id="load-sheet-html",
                ),
                padding_y="8px",
                wrap="wrap",
            ),
        ),
        drag_board(
            rx.hstack(
                _unassigned_panel(),
                rx.hstack(
                    rx.foreach(B.units, _unit_column),
                    spacing="3",
                    align="start",
                    overflow_x="auto",
                    width="100%",
                    padding_bottom="8px",
                ),
                spacing="4",
                align="start",
                width="100%",
                id="board",
                aria_busy=B.reading,
            ),
            on_move=B.move,
        ),
    )


LOADS_COLUMNS = ("Order", "Date", "Customer", "Suburb", "Weight", "Status", "Unit", "Plan")
L = LoadsState


def _loads_order(order: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(order["number"]),
        rx.table.cell(order["date"]),
        rx.table.cell(order["customer"]),
        rx.table.cell(order["suburb"]),
        rx.table.cell(order["weight"].to_string(), " kg"),
        rx.table.cell(
            # In words, not only in colour.
            rx.cond(
                order["assigned"],
                rx.badge(rx.cond(order["split"], t("split"), t("assigned")), color_scheme="green"),
                rx.badge(t("unassigned"), color_scheme="gray"),
            )
        ),
        rx.table.cell(order["unit"], class_name="loads-unit"),
        rx.table.cell(order["plan"], class_name="loads-plan"),
        class_name="loads-row",
        custom_attrs={"data-order": order["number"]},
    )


def _loads_section(section: rx.Var) -> rx.Component:
    """A route's heading row (its button collapses or expands the route's orders) and its orders."""
    return rx.table.body(
        rx.table.row(
            # A header for the route's rows (a rowgroup), styled as Radix styles its row headers.
            rx.el.th(
                rx.el.button(
                    rx.cond(section["collapsed"], rx.icon("chevron-right", size=16), rx.icon("chevron-down", size=16)),
                    rx.text.strong(section["title"]),
                    rx.text(
                        tf(
                            " — {count} orders, {weight} kg",
                            count=section["count"].to_string(),
                            weight=section["weight"].to_string(),
                        ),
                        rx.cond(section["note"] != "", rx.fragment(" (", section["note"], ")"), ""),
                        as_="span",
                    ),
                    type="button",
                    on_click=L.toggle_route(section["route_id"]),
                    aria_expanded=rx.cond(section["collapsed"], "false", "true"),
                    class_name="loads-toggle",
                    style={
                        "display": "flex",
                        "alignItems": "center",
                        "gap": "6px",
                        "background": "none",
                        "border": "none",
                        "padding": "4px 0",
                        "minHeight": "24px",
                        "cursor": "pointer",
                        "color": "inherit",
                        "font": "inherit",
                        "textAlign": "left",
                    },
                ),
                col_span=len(LOADS_COLUMNS),
                scope="rowgroup",
                class_name="rt-TableCell rt-TableRowHeaderCell",
                style={"background": "var(--gray-3)", "textAlign": "left"},
            ),
            class_name="loads-route",
            custom_attrs={"data-route": section["title"]},
        ),
        rx.cond(section["collapsed"], rx.fragment(), rx.foreach(section["orders"], _loads_order)),
    )


def _loads_filter(label: Text, control_id: str, value: rx.Var, on_change, options: list, choices: rx.Var | None):
    return field(
        label,
        control_id,
        rx.el.select(
            *[rx.el.option(t(text), value=key) for key, text in options],
            *([rx.foreach(choices, lambda o: rx.el.option(o["label"], value=o["id"]))] if choices is not None else []),
            value=value,
            on_change=on_change,
            id=control_id,
            style={"minHeight": "32px", "padding": "4px 6px", "maxWidth": "260px"},
        ),
    )


def loads_page() -> rx.Component:
    return page_shell(
        "Loads",
        wrapping_row(
            field(
                t("Day"),
                "loads-date",
                date_input(value=L.day, on_change=L.set_day, id="loads-date"),
            ),
            _loads_filter(
                t("Branch"), "loads-branch", L.branch, L.set_branch, [("", "All branches")], L.branch_options
            ),
            _loads_filter(t("Route"), "loads-route", L.route, L.set_route, [("", "All routes")], L.route_options),
            _loads_filter(
                t("Status"),
                "loads-status",
                L.status,
                L.set_status,
                [("", "All orders"), ("unassigned", "Unassigned"), ("assigned", "Assigned")],
                None,
            ),
            field(
                t("Customer"),
                "loads-customer",
                rx.input(
                    placeholder=t("Customer name"),
                    value=L.customer,
                    on_change=L.set_customer.debounce(300),
                    id="loads-customer",
                ),
            ),
            align="end",
            padding_bottom="8px",
        ),
        rx.text(
            tf(
                "{orders} orders · {weight} kg · {unassigned} unassigned",
                orders=L.totals["orders"].to_string(),
                weight=L.totals["weight"].to_string(),
                unassigned=L.totals["unassigned"].to_string(),
            ),
            id="loads-totals",
            role="status",
            padding_bottom="8px",
        ),
        rx.table.root(
            rx.el.caption(t("Orders by branch and route, with the unit and plan carrying each"), class_name="sr-only"),
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(h)) for h in LOADS_COLUMNS])),
            rx.foreach(L.sections, _loads_section),
            size="1",
            width="100%",
            id="loads-table",
            aria_busy=L.reading,
        ),
        rx.hstack(
            rx.button(
                t("Previous"), on_click=L.previous_page, disabled=L.page == 0, variant="soft", id="loads-previous"
            ),
            rx.text(
                L.shown_range,
                tf(" · page {page} of {count}", page=(L.shown_page + 1).to_string(), count=L.page_count.to_string()),
                id="loads-range",
            ),
            rx.button(
                t("Next"), on_click=L.next_page, disabled=L.page + 1 >= L.page_count, variant="soft", id="loads-next"
            ),
            padding_top="12px",
            align="center",
        ),
    )
