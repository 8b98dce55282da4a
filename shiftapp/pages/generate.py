import reflex as rx

from shiftapp.components.shell import not_allowed, page_shell
from shiftapp.state.generate import GenerateState as G


def generate_page() -> rx.Component:
    return page_shell(
        "Generate schedule",
        rx.cond(
            G.allowed,
            rx.vstack(
                rx.text("An optimisation solver (OR-Tools CP-SAT) builds a schedule that breaks no hard rule: rest, "
                        "leave, weekly limits, existing shifts. Confirmed preferences are honoured where possible.",
                        color_scheme="gray", size="2"),
                rx.hstack(
                    rx.select.root(rx.select.trigger(id="generate-bureau"), rx.select.content(
                        rx.foreach(G.bureaus, lambda b: rx.select.item(b["name"], value=b["id"]))),
                        value=G.bureau_id, on_change=G.set_bureau),
                    rx.input(type="date", value=G.start, on_change=G.set_start, id="generate-start"),
                    rx.input(type="date", value=G.end, on_change=G.set_end, id="generate-end"),
                    rx.input(value=G.min_seniors, on_change=G.set_min_seniors, type="number", width="90px",
                             placeholder="Seniors"),
                    rx.checkbox("Respect preferences", checked=G.respect_preferences, on_change=G.set_respect),
                    rx.checkbox("Avoid back-to-back", checked=G.avoid_back_to_back, on_change=G.set_back_to_back),
                    wrap="wrap",
                ),
                rx.text("Patterns: ", rx.foreach(G.patterns, lambda p: rx.badge(p["name"], " ", p["start_time"], "–",
                                                                                  p["end_time"])), " on weekdays",
                        size="2"),
                rx.hstack(rx.button("Generate", on_click=G.generate, loading=G.running, id="generate"),
                          rx.cond(G.rows.length() > 0, rx.button("Save schedule", on_click=G.save, id="save-generated",
                                                                  color_scheme="green"))),
                rx.cond(G.running, rx.text("Solving… the page stays usable meanwhile.", id="generate-running")),
                rx.cond(G.has_summary, rx.callout(
                    rx.text(G.summary["total"], " shifts · ", G.summary["hard"], " hard conflicts · ", G.summary["soft"],
                            " soft · objective ", G.summary["objective"], " (", G.summary["optimal"], ") · ",
                            G.summary["unconfirmed"], " unconfirmed preferences"), icon="info", id="generate-summary")),
                rx.cond(G.notes != "", rx.text(G.notes, size="2", id="generate-notes")),
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in (
                        "Date", "Time", "Employee", "Role", "Shift")])),
                    rx.table.body(rx.foreach(G.rows, lambda r: rx.table.row(
                        rx.table.cell(r["date"]), rx.table.cell(r["start_time"], "–", r["end_time"]),
                        rx.table.cell(r["employee_name"]), rx.table.cell(r["role"]), rx.table.cell(r["shift_type"]),
                        class_name="generated-row"))),
                    size="1", width="100%"),
                spacing="3", width="100%", align="start",
            ),
            not_allowed("Only team leaders and administrators can generate schedules."),
        ),
    )
