import reflex as rx

from shiftapp.components.date_field import date_input
from shiftapp.components.i18n import Text, t, tf
from shiftapp.components.layout import field, label_id, scroll_region, wrapping_row
from shiftapp.components.shell import not_allowed, page_shell
from shiftapp.state.generate import GenerateState as G


def _said(text: Text) -> rx.Component:
    """Words a screen reader reads where the eye sees a symbol and a colour."""
    return rx.el.span(text, class_name="sr-only")


def _chip(chip: rx.Var) -> rx.Component:
    """The schedule page's chip, read-only: generated shifts dashed violet, conflicts red or amber."""
    return rx.box(
        rx.hstack(
            rx.text(chip.label, size="1", weight="bold"),
            rx.cond(
                chip.hard,
                rx.badge(
                    "!", _said(t(" hard conflict")), color_scheme="red", variant="solid", size="1", title=chip.problem
                ),
            ),
            rx.cond(
                chip.soft, rx.badge("~", _said(t(" soft conflict")), color_scheme="amber", size="1", title=chip.problem)
            ),
            rx.cond(chip.proposed, rx.badge(t("new"), color_scheme="violet", size="1")),
            spacing="1",
            align="center",
        ),
        rx.text(chip.kind, size="1", color_scheme="gray"),
        padding="3px 5px",
        border_radius="5px",
        margin_bottom="3px",
        border=rx.cond(
            chip.proposed,
            "2px dashed var(--violet-9)",
            rx.cond(chip.hard, "2px solid var(--red-9)", "1px solid var(--gray-6)"),
        ),
        background=rx.cond(
            chip.hard,
            "var(--red-2)",
            rx.cond(chip.soft, "var(--amber-2)", rx.cond(chip.proposed, "var(--violet-2)", "var(--gray-3)")),
        ),
        class_name=rx.cond(chip.proposed, "preview-chip generated", "preview-chip existing"),
    )


def _preview() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(t("Preview on the timeline"), size="3"),
            rx.button(
                "◀",
                variant="soft",
                size="1",
                on_click=G.preview_page(-1),
                disabled=G.preview_offset == 0,
                id="preview-previous",
                aria_label=t("Earlier days"),
            ),
            rx.text(G.preview_range, size="2", id="preview-range"),
            rx.button(
                "▶",
                variant="soft",
                size="1",
                on_click=G.preview_page(1),
                disabled=~G.preview_has_next,
                id="preview-next",
                aria_label=t("Later days"),
            ),
            align="center",
        ),
        rx.text(
            t(
                "Dashed violet, marked new: generated, not saved yet · grey: already on the schedule · "
                "! red: hard conflict · ~ amber: soft conflict"
            ),
            size="1",
            color_scheme="gray",
        ),
        scroll_region(
            t("Preview: employees by day"),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("Employee")),
                        rx.foreach(G.preview_labels, lambda d: rx.table.column_header_cell(d)),
                    )
                ),
                rx.table.body(
                    rx.foreach(
                        G.preview_rows,
                        lambda row: rx.table.row(
                            rx.table.cell(
                                rx.text(row.name, weight="medium", size="2"),
                                rx.text(row.role, size="1", color_scheme="gray"),
                                min_width="150px",
                            ),
                            rx.foreach(
                                row.cells,
                                lambda cell: rx.table.cell(
                                    rx.foreach(cell.chips, _chip), min_width="110px", padding="4px"
                                ),
                            ),
                            class_name="preview-row",
                        ),
                    )
                ),
                size="1",
                width="100%",
                id="generate-preview",
            ),
        ),
        width="100%",
        align="start",
    )


def _breakdown() -> rx.Component:
    return rx.vstack(
        rx.text(t("What the remaining cost is made of"), weight="bold", size="2"),
        rx.cond(
            G.breakdown.length() > 0,
            rx.foreach(
                G.breakdown, lambda b: rx.text(b["rule"], ": ", b["cost"], size="2", class_name="breakdown-line")
            ),
            rx.text(t("Nothing: every cover met, every preference honoured"), size="2"),
        ),
        id="generate-breakdown",
        spacing="1",
        align="start",
    )


def _per_employee() -> rx.Component:
    return rx.vstack(
        rx.text(t("Shifts per employee"), weight="bold", size="2"),
        rx.flex(
            rx.foreach(
                G.per_employee,
                lambda p: rx.badge(p["name"], " ", p["shifts"], variant="soft", class_name="employee-load"),
            ),
            wrap="wrap",
            gap="4px",
            max_width="600px",
        ),
        spacing="1",
        align="start",
    )


def generate_page() -> rx.Component:
    return page_shell(
        "Generate schedule",
        rx.cond(
            G.allowed,
            rx.vstack(
                rx.text(
                    t(
                        "An optimisation solver (OR-Tools CP-SAT) builds a schedule that breaks no hard rule: rest, "
                        "leave, weekly limits, existing shifts. Confirmed preferences are honoured where possible."
                    ),
                    color_scheme="gray",
                    size="2",
                ),
                wrapping_row(
                    field(
                        t("Bureau"),
                        "generate-bureau",
                        rx.select.root(
                            rx.select.trigger(id="generate-bureau", aria_labelledby=label_id("generate-bureau")),
                            rx.select.content(
                                rx.foreach(G.bureaus, lambda b: rx.select.item(b["name"], value=b["id"]))
                            ),
                            value=G.bureau_id,
                            on_change=G.set_bureau,
                        ),
                    ),
                    field(
                        t("First day"),
                        "generate-start",
                        date_input(value=G.start, on_change=G.set_start, id="generate-start"),
                    ),
                    field(
                        t("Last day"),
                        "generate-end",
                        date_input(value=G.end, on_change=G.set_end, id="generate-end"),
                    ),
                    field(
                        t("Seniors per shift"),
                        "generate-seniors",
                        rx.input(
                            value=G.min_seniors,
                            on_change=G.set_min_seniors,
                            type="number",
                            width="90px",
                            id="generate-seniors",
                        ),
                    ),
                    rx.checkbox(t("Respect preferences"), checked=G.respect_preferences, on_change=G.set_respect),
                    rx.checkbox(t("Avoid back-to-back"), checked=G.avoid_back_to_back, on_change=G.set_back_to_back),
                    align="end",
                    spacing="4",
                ),
                rx.text(
                    G.range_note,
                    size="2",
                    color_scheme=rx.cond(G.range_too_long, "red", "gray"),
                    id="generate-range",
                ),
                rx.text(
                    t("Patterns: "),
                    rx.foreach(
                        G.pattern_badges, lambda p: rx.badge(p["name"], " ", p["start_time"], "–", p["end_time"])
                    ),
                    t(" on weekdays"),
                    size="2",
                ),
                rx.hstack(
                    rx.button(t("Generate"), on_click=G.generate, loading=G.running, id="generate"),
                    rx.cond(
                        G.running,
                        rx.button(t("Stop"), on_click=G.stop, variant="soft", color_scheme="red", id="stop-generate"),
                    ),
                    rx.cond(
                        G.has_summary,
                        rx.button(t("Save schedule"), on_click=G.save, id="save-generated", color_scheme="green"),
                    ),
                    align="center",
                ),
                rx.cond(
                    G.refusal != "",
                    rx.callout(
                        G.refusal, icon="triangle_alert", color_scheme="red", id="generate-refusal", role="alert"
                    ),
                ),
                rx.cond(
                    G.job_status != "",
                    rx.hstack(
                        rx.text(
                            tf("Solver: {status} · {message}", status=G.job_status_label, message=G.job_message),
                            size="2",
                            id="generate-status",
                        ),
                        rx.progress(value=G.job_progress, width="200px", id="generate-progress"),
                        rx.text(G.job_progress.to_string(), " %", size="2", id="generate-percent"),
                        align="center",
                        wrap="wrap",
                        role="status",
                    ),
                ),
                rx.cond(
                    G.has_summary,
                    rx.callout(
                        rx.text(
                            tf(
                                "{total} shifts · {hard} hard conflicts · {soft} soft · cost {cost} · "
                                "{unconfirmed} unconfirmed preferences",
                                total=G.summary["total"],
                                hard=G.summary["hard"],
                                soft=G.summary["soft"],
                                cost=G.summary["objective"],
                                unconfirmed=G.summary["unconfirmed"],
                            ),
                        ),
                        icon="info",
                        id="generate-summary",
                    ),
                ),
                rx.cond(G.has_summary, rx.text(G.summary["optimal"], size="2", id="generate-verdict")),
                rx.cond(G.notes != "", rx.text(G.notes, size="2", id="generate-notes")),
                rx.cond(
                    G.has_summary, rx.hstack(_breakdown(), _per_employee(), spacing="6", align="start", wrap="wrap")
                ),
                rx.cond(G.preview_rows.length() > 0, _preview()),
                spacing="3",
                width="100%",
                align="start",
            ),
            not_allowed("Only team leaders and administrators can generate schedules."),
        ),
    )
