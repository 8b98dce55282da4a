import reflex as rx

from shiftapp.components.dnd import drag_board, drag_item, drop_zone
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
                    "Delete",
                    size="1",
                    color_scheme="red",
                    variant="soft",
                    on_click=P.delete_plan(plan["id"]),
                    class_name="delete-plan",
                    aria_label="Delete " + plan["plan_name"].to(str),
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
                    "Plan name",
                    "new-plan-name",
                    rx.input(value=P.new_name, on_change=P.set_new_name, id="new-plan-name"),
                ),
                field(
                    "First delivery day",
                    "new-plan-start",
                    rx.input(type="date", value=P.new_start, on_change=P.set_new_start, id="new-plan-start"),
                ),
                field(
                    "Last delivery day",
                    "new-plan-end",
                    rx.input(type="date", value=P.new_end, on_change=P.set_new_end, id="new-plan-end"),
                ),
                rx.button("Create plan", on_click=P.create_plan, id="create-plan"),
                align="end",
                padding_bottom="12px",
            ),
        ),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in ("Plan", "Dates", "Status", "Units", "Orders", "Unassigned", "Weight", "")
                    ]
                )
            ),
            rx.table.body(rx.foreach(P.plans, _plan_row)),
            width="100%",
        ),
        rx.hstack(
            rx.button("Previous", on_click=P.previous_page, disabled=P.page == 0, variant="soft"),
            rx.text("Page ", (P.page + 1).to_string(), " of ", P.page_count.to_string()),
            rx.button("Next", on_click=P.next_page, disabled=P.page + 1 >= P.page_count, variant="soft"),
            padding_top="12px",
        ),
    )


def _order_card(order: rx.Var, in_unit: bool) -> rx.Component:
    # Dragging is not the only way: a planner without a mouse (or a steady hand) picks the unit here
    # (WCAG 2.5.7); the move goes through the same checks as a drop.
    assign = rx.cond(
        B.can_edit,
        rx.el.select(
            rx.el.option("Assign to a unit…", value=""),
            rx.foreach(B.units, lambda u: rx.el.option(u.title, value="unit:" + u.id.to(str))),
            value="",
            on_change=lambda target: B.move("order:" + order["id"].to(str), target),
            aria_label="Assign " + order["number"].to(str) + " to a unit",
            class_name="assign-order",
            style={
                "width": "100%",
                "marginTop": "4px",
                "padding": "2px 4px",
                "minHeight": "24px",
                "fontSize": "var(--font-size-1)",
            },
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
            rx.cond(order["split"], rx.badge("split", size="1", color_scheme="amber")),
            rx.cond(
                in_unit & B.can_edit,
                rx.button(
                    "×",
                    size="1",
                    variant="ghost",
                    on_click=B.unassign_order(order["id"]),
                    class_name="unassign-order",
                    title="Unassign",
                    aria_label="Unassign " + order["number"].to(str),
                    # Ghost buttons pull in their neighbours with negative margins: keep a 24 px target.
                    margin="0",
                    min_width="24px",
                ),
            ),
        ),
        *([] if in_unit else [assign]),
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
            item_id="order:" + order["id"].to(str),
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
            value=day["percent"], color_scheme=rx.cond(day["over"], "red", "indigo"), class_name="capacity-bar"
        ),
        spacing="1",
        width="100%",
    )


def _unit_column(unit: rx.Var) -> rx.Component:
    return drop_zone(
        rx.vstack(
            rx.text(unit["title"], weight="bold", size="2"),
            rx.text(unit["driver"], " · ", unit["capacity"].to_string(), " kg", size="1", color_scheme="gray"),
            rx.text("Routes: ", unit["routes"], size="1"),
            rx.foreach(unit["days"], _capacity_bar),
            rx.cond(
                B.can_edit,
                rx.hstack(
                    rx.input(
                        default_value=unit["notes"],
                        placeholder="Note for the driver",
                        size="1",
                        on_blur=lambda value: B.save_note(unit["id"], value),
                        class_name="unit-note",
                        aria_label="Note for the driver of " + unit["title"].to(str),
                    ),
                    rx.cond(
                        unit["order_count"] == 0,
                        rx.button(
                            "Remove",
                            size="1",
                            variant="soft",
                            color_scheme="red",
                            on_click=B.remove_unit(unit["id"]),
                            aria_label="Remove " + unit["title"].to(str),
                        ),
                    ),
                ),
                rx.text(unit["notes"], size="1"),
            ),
            rx.box(rx.foreach(unit["orders"], lambda o: _order_card(o, True)), width="100%"),
            rx.cond(
                unit["hidden"] > 0,
                rx.button(
                    "Show all ",
                    unit["order_count"].to_string(),
                    " orders",
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
            rx.dialog.title("Auto-assign preview"),
            rx.text(
                "Optimizing planner: ",
                B.preview["assignments_created"],
                " orders onto ",
                B.preview["units_used"],
                " units (the seed's greedy: ",
                B.preview["greedy_units_used"],
                " units, ",
                B.preview["greedy_unassigned"],
                " left over). ",
                B.preview["unassigned"],
                " stay unassigned; ",
                B.preview["units_added"],
                " units join the plan.",
                id="preview-summary",
            ),
            rx.text(B.preview_verdict, id="preview-verdict", size="2"),
            rx.scroll_area(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[rx.table.column_header_cell(h) for h in ("Order", "Customer", "Date", "kg", "→ Unit")]
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
                rx.button("Cancel", variant="soft", on_click=B.close_preview),
                rx.button("Commit", on_click=B.commit_auto_assign, id="commit-auto-assign"),
                justify="end",
                width="100%",
                padding_top="12px",
            ),
            max_width="760px",
        ),
        open=B.previewing,
        on_open_change=lambda _open: B.close_preview(),
    )


def _unassigned_panel() -> rx.Component:
    """The orders waiting for a unit: their count and a search stay in view above the list, which
    scrolls; the list holds the first orders and grows with "Show more"."""
    return drop_zone(
        rx.vstack(
            rx.text("Unassigned orders (", B.unassigned_count.to_string(), ")", weight="bold", id="unassigned-total"),
            rx.input(
                placeholder="Order, customer or route",
                value=B.unassigned_search,
                on_change=B.search_unassigned.debounce(300),
                size="1",
                width="100%",
                id="unassigned-search",
                aria_label="Search the unassigned orders",
            ),
            rx.text(
                "Showing ",
                B.unassigned_shown.to_string(),
                " of ",
                B.unassigned_matching.to_string(),
                rx.cond(B.unassigned_search != "", " matching", ""),
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
                            "Show more",
                            size="1",
                            variant="soft",
                            width="100%",
                            on_click=B.show_more_unassigned,
                            id="unassigned-more",
                        ),
                        rx.text("Search to find the others", size="1", color_scheme="gray"),
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
            rx.link("All plans", href="/plans"),
            width="100%",
        ),
        rx.cond(B.last_refusal != "", rx.callout(B.last_refusal, icon="ban", color_scheme="red", id="board-refusal")),
        _preview_dialog(),
        rx.cond(
            B.can_edit,
            rx.hstack(
                rx.button(
                    rx.cond(B.auto_running, "Planning…", "Auto-assign"),
                    on_click=B.preview_auto_assign,
                    loading=B.auto_running,
                    id="auto-assign",
                ),
                field(
                    "Add idle unit:",
                    "add-unit",
                    rx.select.root(
                        rx.select.trigger(
                            placeholder="Pick a vehicle", id="add-unit", aria_labelledby=label_id("add-unit")
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
                    "Load sheet (CSV)",
                    variant="soft",
                    on_click=B.download_load_sheet("csv"),
                    id="load-sheet-csv",
                ),
                rx.button(
                    "Printable load sheet",
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
            ),
            on_move=B.move,
        ),
    )


def _loads_route(route: rx.Var) -> rx.Component:
    return rx.box(
        rx.text(
            route["route_name"],
            " — ",
            route["count"].to_string(),
            " orders, ",
            route["weight"].to_string(),
            " kg",
            weight="medium",
        ),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in ("Order", "Date", "Customer", "Suburb", "Weight", "Assigned")
                    ]
                )
            ),
            rx.table.body(
                rx.foreach(
                    route["orders"],
                    lambda o: rx.table.row(
                        rx.table.cell(o["number"]),
                        rx.table.cell(o["date"]),
                        rx.table.cell(o["customer"]),
                        rx.table.cell(o["suburb"]),
                        rx.table.cell(o["weight"].to_string(), " kg"),
                        rx.table.cell(
                            rx.cond(
                                o["assigned"],
                                rx.badge("assigned", color_scheme="green"),
                                rx.badge("unassigned", color_scheme="gray"),
                            )
                        ),
                    ),
                )
            ),
            size="1",
        ),
        padding_bottom="12px",
    )


def loads_page() -> rx.Component:
    return page_shell(
        "Loads",
        wrapping_row(
            field(
                "Day",
                "loads-date",
                rx.input(type="date", value=LoadsState.day, on_change=LoadsState.set_day, id="loads-date"),
            ),
            field(
                "Customer",
                "loads-customer",
                rx.input(
                    placeholder="Customer name",
                    value=LoadsState.customer,
                    on_change=LoadsState.set_customer.debounce(300),
                    id="loads-customer",
                ),
            ),
            rx.text(
                LoadsState.totals["orders"].to_string(),
                " orders · ",
                LoadsState.totals["weight"].to_string(),
                " kg · ",
                LoadsState.totals["unassigned"].to_string(),
                " unassigned",
                id="loads-totals",
            ),
            align="end",
            padding_bottom="12px",
        ),
        rx.foreach(
            LoadsState.branches,
            lambda b: rx.box(
                rx.heading(b["branch_name"], size="4", padding_y="6px"), rx.foreach(b["routes"], _loads_route)
            ),
        ),
    )
