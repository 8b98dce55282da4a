import reflex as rx

from shiftapp.components.date_field import date_input
from shiftapp.components.i18n import Text, language_select, t
from shiftapp.components.shell import page_shell
from shiftapp.state.profile import ProfileState


def profile_page() -> rx.Component:
    return page_shell(
        "My profile",
        rx.flex(
            rx.card(
                rx.form(
                    rx.vstack(
                        rx.heading(t("Details"), size="4"),
                        rx.text(t("Email: "), ProfileState.profile["email"], color_scheme="gray"),
                        rx.text(
                            t("Bureau: "),
                            ProfileState.profile["bureau"],
                            t(" · Role: "),
                            ProfileState.role_label,
                            color_scheme="gray",
                        ),
                        rx.el.label(t("Full name"), html_for="profile-name", style={"fontWeight": 500}),
                        rx.input(
                            name="full_name",
                            id="profile-name",
                            default_value=ProfileState.profile["full_name"],
                            key=ProfileState.profile["full_name"],
                            width="100%",
                        ),
                        rx.el.label(t("Phone"), html_for="profile-phone", style={"fontWeight": 500}),
                        rx.input(
                            name="phone",
                            id="profile-phone",
                            default_value=ProfileState.profile["phone"],
                            key=ProfileState.profile["phone"],
                            width="100%",
                        ),
                        rx.button(t("Save details"), type="submit", id="profile-save"),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=ProfileState.save_profile,
                ),
                width="100%",
                max_width="360px",
            ),
            rx.card(
                rx.form(
                    rx.vstack(
                        rx.heading(t("Password"), size="4"),
                        rx.el.label(t("Current password"), html_for="current-password", style={"fontWeight": 500}),
                        rx.input(name="current_password", type="password", id="current-password", width="100%"),
                        rx.el.label(
                            t("New password (at least 8 characters)"),
                            html_for="new-password",
                            style={"fontWeight": 500},
                        ),
                        rx.input(name="new_password", type="password", id="new-password", width="100%"),
                        rx.button(t("Change password"), type="submit", id="password-save"),
                        rx.text(ProfileState.password_message, id="password-message", color_scheme="gray"),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=ProfileState.change_password,
                    reset_on_submit=True,
                ),
                width="100%",
                max_width="360px",
            ),
            spacing="4",
            wrap="wrap",
        ),
        _language(),
        calendar_and_exports(),
    )


def _language() -> rx.Component:
    """The interface language, saved on the profile; labelled in both languages so either reader finds it."""
    return rx.box(
        rx.card(
            rx.vstack(
                rx.el.label("Language / Lingua", html_for="profile-language", style={"fontWeight": 500}),
                language_select("profile-language", ProfileState.lang, ProfileState.set_language),
                spacing="1",
            ),
            width="100%",
            max_width="360px",
        ),
        margin_top="16px",
    )


def _url_box(url, input_id: str, label: Text) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=input_id, font_weight="500"),
        rx.hstack(
            rx.input(value=url, read_only=True, id=input_id, width="100%"),
            rx.button(
                t("Copy"),
                type="button",
                id=f"{input_id}-copy",
                on_click=[rx.set_clipboard(url), rx.toast.info(t("Copied"))],
            ),
            width="100%",
        ),
        rx.text(t("Copy it now: for your safety it is shown only once."), size="2", color_scheme="gray"),
        width="100%",
        spacing="1",
    )


def _personal_feed() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("My shifts in my calendar"), size="4", as_="h3"),
            rx.text(
                t(
                    "A secret address your calendar program (Google, Outlook, Apple) can subscribe to. It lists your "
                    "published shifts only. Anyone holding it can read them: revoke it if it leaks."
                ),
                size="2",
            ),
            rx.text(
                t("Status: "),
                rx.cond(ProfileState.feed_active, t("a calendar address is active"), t("no calendar address")),
                id="calendar-feed-status",
                weight="medium",
            ),
            rx.cond(
                ProfileState.feed_url != "", _url_box(ProfileState.feed_url, "calendar-feed-url", t("Your address"))
            ),
            rx.flex(
                rx.button(
                    rx.cond(ProfileState.feed_active, t("Make a new address"), t("Make my calendar address")),
                    id="calendar-feed-create",
                    on_click=ProfileState.create_feed,
                ),
                rx.button(
                    t("Revoke"),
                    id="calendar-feed-revoke",
                    color_scheme="red",
                    variant="soft",
                    disabled=~ProfileState.feed_active,
                    on_click=ProfileState.revoke_feed,
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        max_width="560px",
    )


def _bureau_select(select_id: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(t("Bureau"), html_for=select_id, font_weight="500"),
        rx.el.select(
            rx.foreach(ProfileState.bureaus, lambda b: rx.el.option(b["name"], value=b["id"])),
            name="bureau_id",
            id=select_id,
            required=True,
        ),
        spacing="1",
    )


def _bureau_exports() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Bureau schedules"), size="4", as_="h3"),
            rx.form(
                rx.vstack(
                    rx.text(
                        t("Download a bureau's schedule (at most 366 days), or its printable week rota."), size="2"
                    ),
                    _bureau_select("export-bureau"),
                    rx.flex(
                        rx.vstack(
                            rx.el.label(t("From (the rota: any day of its week)"), html_for="export-start"),
                            date_input(name="start_date", id="export-start", required=True),
                            spacing="1",
                        ),
                        rx.vstack(
                            rx.el.label(t("To"), html_for="export-end"),
                            date_input(name="end_date", id="export-end"),
                            spacing="1",
                        ),
                        spacing="2",
                        wrap="wrap",
                    ),
                    rx.el.fieldset(
                        rx.el.legend(t("Format")),
                        rx.radio_group(
                            ["csv", "xlsx", "rota"],
                            name="format",
                            default_value="csv",
                            direction="row",
                            id="export-format",
                        ),
                    ),
                    rx.text("csv and xlsx: spreadsheets; rota: a week's page to print.", size="1", color_scheme="gray"),
                    rx.button(t("Download"), type="submit", id="export-download"),
                    spacing="2",
                ),
                on_submit=ProfileState.download_schedule,
            ),
            rx.divider(),
            rx.form(
                rx.vstack(
                    rx.text(t("A secret calendar address of a bureau's published shifts."), size="2"),
                    _bureau_select("feed-bureau"),
                    rx.button(t("Make bureau calendar address"), type="submit", id="bureau-feed-create"),
                    spacing="2",
                ),
                on_submit=ProfileState.create_bureau_feed,
            ),
            rx.cond(
                ProfileState.bureau_feed_url != "",
                _url_box(ProfileState.bureau_feed_url, "bureau-feed-url", t("Bureau address")),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        max_width="560px",
    )


def calendar_and_exports() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Calendar and exports"), size="5", as_="h2", id="calendar-heading", margin_bottom="12px"),
        rx.flex(
            _personal_feed(),
            rx.cond(ProfileState.may_export, _bureau_exports()),
            spacing="4",
            wrap="wrap",
        ),
        aria_labelledby="calendar-heading",
        margin_top="24px",
    )
