import reflex as rx

from shiftapp.components.shell import page_shell
from shiftapp.state.profile import ProfileState


def profile_page() -> rx.Component:
    return page_shell(
        "My profile",
        rx.flex(
            rx.card(
                rx.form(
                    rx.vstack(
                        rx.heading("Details", size="4"),
                        rx.text("Email: ", ProfileState.profile["email"], color_scheme="gray"),
                        rx.text(
                            "Bureau: ",
                            ProfileState.profile["bureau"],
                            " · Role: ",
                            ProfileState.profile["role"],
                            color_scheme="gray",
                        ),
                        rx.text("Full name", as_="label", weight="medium"),
                        rx.input(
                            name="full_name",
                            id="profile-name",
                            default_value=ProfileState.profile["full_name"],
                            key=ProfileState.profile["full_name"],
                            width="100%",
                        ),
                        rx.text("Phone", as_="label", weight="medium"),
                        rx.input(
                            name="phone",
                            id="profile-phone",
                            default_value=ProfileState.profile["phone"],
                            key=ProfileState.profile["phone"],
                            width="100%",
                        ),
                        rx.button("Save details", type="submit", id="profile-save"),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=ProfileState.save_profile,
                ),
                width="360px",
            ),
            rx.card(
                rx.form(
                    rx.vstack(
                        rx.heading("Password", size="4"),
                        rx.text("Current password", as_="label", weight="medium"),
                        rx.input(name="current_password", type="password", id="current-password", width="100%"),
                        rx.text("New password (at least 8 characters)", as_="label", weight="medium"),
                        rx.input(name="new_password", type="password", id="new-password", width="100%"),
                        rx.button("Change password", type="submit", id="password-save"),
                        rx.text(ProfileState.password_message, id="password-message", color_scheme="gray"),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=ProfileState.change_password,
                    reset_on_submit=True,
                ),
                width="360px",
            ),
            spacing="4",
            wrap="wrap",
        ),
    )
