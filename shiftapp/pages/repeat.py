"""Copy & repeat: copy a week to the following weeks, or apply shift templates over a date range;
preview what would be created with the rule engine's conflicts (in words, not colour alone), then create."""

from typing import Any

import reflex as rx

from shiftapp.components.date_field import date_input
from shiftapp.components.i18n import Text, t, tf
from shiftapp.components.shell import not_allowed, page_shell
from shiftapp.state.repeat import RepeatState as S

FIELD_STYLE = {"display": "flex", "flexDirection": "column", "gap": "4px"}


def _labelled(label: Text, control: rx.Component, html_for: str) -> rx.Component:
    return rx.box(rx.el.label(label, html_for=html_for, style={"fontWeight": "500"}), control, style=FIELD_STYLE)


def _checkbox(label: Any, control_id: str, checked: Any, on_change: Any) -> rx.Component:
    return rx.el.label(
        rx.checkbox(checked=checked, on_change=on_change, id=control_id),
        rx.text(label, as_="span"),
        html_for=control_id,
        style={"display": "flex", "gap": "8px", "alignItems": "center"},
    )


def _bureau_picker() -> rx.Component:
    return _labelled(
        t("Bureau"),
        rx.el.select(
            rx.foreach(S.bureaus, lambda b: rx.el.option(b["name"], value=b["id"])),
            value=S.bureau_id,
            on_change=S.set_bureau,
            id="repeat-bureau",
            style={"padding": "6px", "minWidth": "200px"},
        ),
        "repeat-bureau",
    )


def _copy_form() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Copy a week"), size="4", as_="h2", id="copy-week-heading"),
        rx.hstack(
            _labelled(
                t("Week to copy (its Monday)"),
                date_input(value=S.source_week, on_change=S.set_source_week, id="copy-source-week"),
                "copy-source-week",
            ),
            _labelled(
                t("Number of following weeks (1–12)"),
                rx.input(type="number", min="1", max="12", value=S.weeks, on_change=S.set_weeks, id="copy-weeks"),
                "copy-weeks",
            ),
            align="end",
            wrap="wrap",
            spacing="4",
        ),
        _checkbox(
            t("Copy who works each shift too"), "copy-include-people", S.include_assignments, S.set_include_assignments
        ),
        rx.button(t("Preview copy"), on_click=S.preview_copy, id="preview-copy", width="fit-content", loading=S.busy),
        aria_labelledby="copy-week-heading",
        style={"display": "flex", "flexDirection": "column", "gap": "10px"},
    )


def _template_choice(template: Any) -> rx.Component:
    control_id = "template-" + template["id"].to(str)
    return _checkbox(
        template["name"].to(str) + " · " + template["time"].to(str) + " · " + template["days"].to(str),
        control_id,
        template["chosen"] == "yes",
        lambda checked: S.toggle_template(template["id"], checked),
    )


def _templates_form() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Apply templates"), size="4", as_="h2", id="apply-templates-heading"),
        rx.hstack(
            _labelled(
                t("From"),
                date_input(value=S.start_date, on_change=S.set_start_date, id="templates-from"),
                "templates-from",
            ),
            _labelled(
                t("To"),
                date_input(value=S.end_date, on_change=S.set_end_date, id="templates-to"),
                "templates-to",
            ),
            align="end",
            spacing="4",
        ),
        rx.el.fieldset(
            rx.el.legend(t("Templates (active ones of the bureau)")),
            rx.cond(
                S.has_templates,
                rx.vstack(rx.foreach(S.templates, _template_choice), spacing="1"),
                rx.text(t("This bureau has no active templates."), id="no-templates"),
            ),
            style={"border": "1px solid var(--gray-5)", "borderRadius": "6px", "padding": "8px 12px"},
        ),
        rx.button(
            t("Preview templates"),
            on_click=S.preview_templates,
            id="preview-templates",
            width="fit-content",
            loading=S.busy,
        ),
        aria_labelledby="apply-templates-heading",
        style={"display": "flex", "flexDirection": "column", "gap": "10px"},
    )


def _preview_row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["date"]),
        rx.table.cell(row["time"]),
        rx.table.cell(row["what"]),
        rx.table.cell(row["people"]),
        rx.table.cell(
            rx.match(
                row["verdict"],
                ("hard", rx.badge(rx.icon("octagon-x", size=12), t("Hard conflict"), color_scheme="red")),
                ("soft", rx.badge(rx.icon("triangle-alert", size=12), t("Warning"), color_scheme="amber")),
                rx.badge(rx.icon("check", size=12), t("No conflict"), color_scheme="green"),
            ),
            rx.text(row["conflicts"], size="1", white_space="pre-line"),
            class_name="repeat-conflicts",
        ),
        class_name="repeat-row",
    )


def _skipped_row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["date"]),
        rx.table.cell(row["time"]),
        rx.table.cell(row["what"]),
        rx.table.cell(row["reason"]),
        class_name="repeat-skipped-row",
    )


def _preview() -> rx.Component:
    return rx.el.section(
        rx.heading(tf("Preview: {title}", title=S.preview_title), size="4", as_="h2", id="repeat-preview-heading"),
        rx.text(
            S.summary,
            id="repeat-summary",
            weight="medium",
            role="status",
        ),
        rx.cond(
            S.create_count > 0,
            rx.vstack(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in (t("Date"), t("Time"), t("Shift"), t("People"), t("Conflicts"))
                            ]
                        )
                    ),
                    rx.table.body(rx.foreach(S.rows, _preview_row)),
                    id="repeat-preview",
                    width="100%",
                ),
                rx.cond(
                    S.page_count > 1,
                    rx.hstack(
                        rx.button(
                            t("Previous page"), variant="soft", on_click=S.show_page(S.page - 1), disabled=S.page <= 1
                        ),
                        rx.text(S.page_label, id="repeat-page"),
                        rx.button(
                            t("Next page"),
                            variant="soft",
                            on_click=S.show_page(S.page + 1),
                            disabled=S.page >= S.page_count,
                        ),
                        align="center",
                    ),
                ),
                rx.cond(
                    S.hard_count > 0,
                    rx.vstack(
                        _checkbox(
                            t("Create anyway, past the hard conflicts (recorded in the audit trail)"),
                            "repeat-force",
                            S.force,
                            S.set_force,
                        ),
                        _labelled(
                            t("Reason (optional, for the audit trail)"),
                            rx.input(value=S.reason, on_change=S.set_reason, id="repeat-reason", max_length=500),
                            "repeat-reason",
                        ),
                        spacing="2",
                    ),
                ),
                rx.button(
                    S.create_label,
                    on_click=S.create,
                    id="repeat-create",
                    color_scheme="green",
                    loading=S.busy,
                    width="fit-content",
                ),
                align="stretch",
                spacing="3",
            ),
            rx.text(t("Nothing to create: every shift is already in the schedule."), id="repeat-nothing"),
        ),
        rx.cond(
            S.skipped_count > 0,
            rx.el.details(
                rx.el.summary(S.skipped_label),
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[rx.table.column_header_cell(h) for h in (t("Date"), t("Time"), t("Shift"), t("Why"))]
                        )
                    ),
                    rx.table.body(rx.foreach(S.skipped, _skipped_row)),
                    id="repeat-skipped",
                ),
            ),
        ),
        aria_labelledby="repeat-preview-heading",
        style={"display": "flex", "flexDirection": "column", "gap": "10px"},
    )


def _job_status() -> rx.Component:
    """What the job computing the preview or creating the shifts is doing, while it runs."""
    return rx.cond(
        S.job_status != "",
        rx.hstack(
            rx.spinner(size="2"),
            rx.text(rx.cond(S.job_status == "queued", t("Queued"), t("Working")), " · ", S.job_message, size="2"),
            id="repeat-job-status",
            role="status",
            align="center",
            spacing="2",
        ),
    )


def repeat_page() -> rx.Component:
    return page_shell(
        "Copy & repeat",
        rx.cond(
            S.may_plan,
            rx.vstack(
                rx.text(
                    t(
                        "Copies and template shifts are created as drafts at the same local times; "
                        "nothing is written before you press Create."
                    ),
                    size="2",
                    color_scheme="gray",
                ),
                _bureau_picker(),
                rx.cond(
                    S.result != "",
                    rx.callout(S.result, icon="info", id="repeat-result", role="status"),
                ),
                _job_status(),
                _copy_form(),
                rx.divider(),
                _templates_form(),
                rx.cond(S.has_preview, rx.fragment(rx.divider(), _preview())),
                spacing="4",
                align="stretch",
                max_width="1100px",
            ),
            not_allowed("Only team leaders, schedulers, managers and admins can copy weeks and apply templates."),
        ),
    )
