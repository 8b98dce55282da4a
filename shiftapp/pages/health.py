import reflex as rx

from shiftapp.components.i18n import t, tf
from shiftapp.components.layout import field, label_id, wrapping_row
from shiftapp.components.shell import page_shell
from shiftapp.state.health import HealthFixState as F
from shiftapp.state.health import HealthState as H


def _filter(control_id: str, values: tuple[str, ...], value: rx.Var, on_change) -> rx.Component:
    """A Radix select whose items read in the reader's language (the value stays the English word)."""
    return rx.select.root(
        rx.select.trigger(id=control_id, aria_labelledby=label_id(control_id)),
        rx.select.content(*[rx.select.item(t(v), value=v) for v in values]),
        value=value,
        on_change=on_change,
    )


def _severity_badge(level: rx.Var) -> rx.Component:
    return rx.match(
        level,
        ("high", rx.badge(t("high"), color_scheme="red")),
        ("medium", rx.badge(t("medium"), color_scheme="amber")),
        rx.badge(t("low"), color_scheme="gray"),
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            _severity_badge(row.severity),
            rx.cond(
                row.hard,
                rx.badge(t("hard"), variant="solid", color_scheme="red"),
                rx.badge(t("soft"), variant="outline"),
            ),
            rx.text(row.type, weight="bold"),
            rx.text(row.date, color_scheme="gray"),
            rx.spacer(),
            rx.badge(row.status_label, class_name="conflict-status"),
        ),
        rx.text(row.description, padding_y="6px"),
        rx.foreach(
            row.shifts,
            lambda s: rx.text(
                "• ", s.date, " ", s.time, " · ", s.bureau, " · ", s.employee, size="1", color_scheme="gray"
            ),
        ),
        rx.link(
            t("Open in the schedule"),
            href=row.timeline_href,
            size="1",
            class_name="open-in-schedule",
            aria_label=t("Open the week of this conflict in the schedule"),
        ),
        rx.cond(
            H.can_act & ((row.status == "unresolved") | (row.status == "acknowledged")),
            rx.hstack(
                rx.cond(
                    row.status == "unresolved",
                    rx.button(
                        t("Acknowledge"),
                        size="1",
                        variant="soft",
                        on_click=H.acknowledge(row.id),
                        class_name="acknowledge-conflict",
                    ),
                ),
                rx.button(t("Resolve"), size="1", on_click=H.resolve(row.id), class_name="resolve-conflict"),
                rx.button(
                    t("Dismiss"),
                    size="1",
                    variant="soft",
                    color_scheme="gray",
                    on_click=H.dismiss(row.id),
                    class_name="dismiss-conflict",
                ),
                rx.button(
                    t("Suggest a fix"),
                    size="1",
                    variant="outline",
                    on_click=F.suggest(row.id),
                    class_name="suggest-fix",
                ),
                padding_top="6px",
            ),
        ),
        class_name="conflict-row",
        width="100%",
    )


def _fix_option(fix: rx.Var, index: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(fix.description, weight="medium"),
                rx.cond(index == 0, rx.badge(t("Recommended"), color_scheme="green")),
                rx.badge(tf("impact {impact}", impact=fix.impact), variant="outline"),
                wrap="wrap",
                align="center",
            ),
            rx.text(t("Changes: "), fix.change, size="2", class_name="fix-change"),
            rx.cond(
                fix.conflicts_after.length() > 0,
                rx.vstack(
                    rx.text(t("Leaves these soft conflicts:"), size="2"),
                    rx.foreach(fix.conflicts_after, lambda c: rx.text("• ", c, size="1", class_name="fix-leaves")),
                    spacing="1",
                ),
                rx.text(t("Leaves no conflict"), size="2", color_scheme="green", class_name="fix-leaves-none"),
            ),
            rx.text(fix.rationale, size="1", color_scheme="gray"),
            rx.button(
                t("Apply this fix"),
                size="1",
                on_click=F.apply_fix(fix.fix_id),
                class_name="apply-fix",
                aria_label=tf("Apply: {fix}", fix=fix.description),
            ),
            spacing="1",
            align="start",
        ),
        class_name="fix-option",
        width="100%",
    )


def _fix_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("Suggested fixes")),
            rx.text(F.fix_recommendation, weight="medium", id="fix-recommendation"),
            rx.cond(
                F.fix_error != "",
                rx.callout(F.fix_error, icon="triangle_alert", color_scheme="red", id="fix-error", role="alert"),
            ),
            rx.scroll_area(
                rx.vstack(rx.foreach(F.fixes, _fix_option), spacing="2", padding_y="8px"),
                max_height="60vh",
            ),
            rx.hstack(
                rx.button(t("Close"), variant="soft", on_click=F.close_fix, id="close-fix"),
                justify="end",
                width="100%",
                padding_top="10px",
            ),
            max_width="640px",
        ),
        open=F.fix_for != "",
        on_open_change=lambda _o: F.close_fix(),
    )


def health_page() -> rx.Component:
    return page_shell(
        "Schedule health",
        rx.hstack(
            rx.badge(
                tf("High: {count}", count=H.counts["high"].to_string()), color_scheme="red", size="2", id="count-high"
            ),
            rx.badge(tf("Medium: {count}", count=H.counts["medium"].to_string()), color_scheme="amber", size="2"),
            rx.badge(tf("Low: {count}", count=H.counts["low"].to_string()), color_scheme="gray", size="2"),
            rx.text(t("unresolved"), color_scheme="gray"),
            padding_bottom="8px",
        ),
        wrapping_row(
            field(
                t("Status"),
                "health-status",
                _filter(
                    "health-status",
                    ("all", "unresolved", "acknowledged", "resolved", "dismissed"),
                    H.status_filter,
                    H.set_status_filter,
                ),
                direction="row",
                align="center",
                spacing="2",
            ),
            field(
                t("Severity"),
                "health-severity",
                _filter("health-severity", ("all", "high", "medium", "low"), H.severity_filter, H.set_severity_filter),
                direction="row",
                align="center",
                spacing="2",
            ),
            rx.text(tf("{count} conflicts", count=H.total.to_string()), id="health-total", role="status"),
            spacing="4",
            padding_bottom="12px",
        ),
        rx.vstack(rx.foreach(H.rows, _row), width="100%", spacing="2"),
        _fix_dialog(),
        rx.hstack(
            rx.button(t("Previous"), on_click=H.previous_page, disabled=H.page == 0, variant="soft"),
            rx.text(tf("Page {page} of {count}", page=(H.page + 1).to_string(), count=H.page_count.to_string())),
            rx.button(t("Next"), on_click=H.next_page, disabled=H.page + 1 >= H.page_count, variant="soft"),
            padding_top="12px",
        ),
    )
