"""The app shell: navigation for what the signed-in role may use, and sign-out."""

from __future__ import annotations

import reflex as rx

from shiftapp.components.i18n import lang_attrs, t
from shiftapp.state.auth import AuthState
from shiftapp.state.generate import HelpState


def _current(href: rx.Var | str) -> dict[str, rx.Var]:
    """aria-current on the link of the page being shown (the highlight in assets/layout.css follows it)."""
    return {"aria-current": rx.cond(AuthState.router.url.path == href, "page", "false")}


def _nav_link(item: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.link(
            rx.text(item["label"], size="3"),
            href=item["href"],
            class_name="nav-link",
            underline="none",
            custom_attrs=_current(item["href"]),
        )
    )


def _main_nav(with_ids: bool) -> rx.Component:
    """The pages the role may open, as the `Main` navigation landmark. The sidebar's copy keeps the ids
    tests and scripts use; the phone menu's copy (shown only while the sidebar is hidden) has none."""
    inbox = rx.link(
        rx.text(AuthState.inbox_label, size="3", weight=rx.cond(AuthState.unread_count > 0, "bold", "regular")),
        href="/inbox",
        class_name="nav-link",
        underline="none",
        custom_attrs=_current("/inbox"),
        **({"id": "inbox-link"} if with_ids else {}),
    )
    return rx.el.nav(
        rx.el.ul(rx.foreach(AuthState.nav_links, _nav_link), rx.el.li(inbox), class_name="nav-list"),
        aria_label=t("Main"),
        width="100%",
        **({"id": "main-nav"} if with_ids else {}),
    )


def _account(with_ids: bool) -> rx.Component:
    def ids(name: str) -> dict[str, str]:
        return {"id": name} if with_ids else {}

    return rx.vstack(
        rx.text(AuthState.user_name, weight="bold", **ids("signed-in-name")),
        rx.hstack(
            rx.badge(AuthState.role_label, **ids("signed-in-role")),
            rx.cond(AuthState.is_team_leader, rx.badge(t("team leader"), color_scheme="green")),
        ),
        rx.button(t("Help"), on_click=HelpState.toggle_help, variant="outline", width="100%", **ids("help-toggle")),
        rx.button(t("Sign out"), on_click=AuthState.sign_out, variant="soft", width="100%", **ids("sign-out")),
        width="100%",
    )


def sidebar() -> rx.Component:
    """Wide screens: the navigation and the account in a column beside the page (hidden under 768 px)."""
    return rx.el.aside(
        rx.text("shiftapp", size="5", weight="bold"),
        _main_nav(with_ids=True),
        rx.spacer(),
        _account(with_ids=True),
        class_name="app-sidebar",
    )


def top_bar() -> rx.Component:
    """Phones: the app's name and a Menu button that opens the navigation. Radix's popover gives the
    button aria-expanded and aria-controls, closes on Escape and returns focus to the button."""
    return rx.el.header(
        rx.text("shiftapp", size="4", weight="bold"),
        rx.popover.root(
            rx.popover.trigger(
                rx.button(rx.icon("menu", size=18), t("Menu"), variant="soft", size="3", id="menu-button"),
            ),
            rx.popover.content(
                rx.vstack(_main_nav(with_ids=False), rx.divider(), _account(with_ids=False), spacing="3"),
                class_name="menu-panel",
                align="end",
                aria_label=t("Menu"),
            ),
        ),
        class_name="app-topbar",
    )


def _plain_block(value: rx.Var, **_props: object) -> rx.Component:
    return rx.el.pre(value, class_name="help-code")


def _help_markdown(content: rx.Var) -> rx.Component:
    """The help chat's answers: lists, links, emphasis and plain code blocks. The shell is on every page,
    and markdown's defaults would put a syntax highlighter with its colour themes, the maths typesetter
    and an HTML parser into every page's scripts (about a megabyte the browser loads and runs before a
    page can start) for answers that use none of them; raw HTML in an answer is shown as text."""
    return rx.markdown(content, use_math=False, use_katex=False, use_raw=False, component_map={"pre": _plain_block})


def help_panel() -> rx.Component:
    return rx.cond(
        HelpState.help_open,
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(t("Help"), size="3"),
                    rx.spacer(),
                    rx.button(
                        "×", variant="ghost", size="1", on_click=HelpState.toggle_help, aria_label=t("Close help")
                    ),
                ),
                rx.scroll_area(
                    rx.vstack(
                        rx.foreach(
                            HelpState.messages,
                            lambda m: rx.box(
                                _help_markdown(m["content"]),
                                padding="6px",
                                border_radius="6px",
                                class_name="help-message",
                                background=rx.cond(m["role"] == "user", "var(--accent-3)", "var(--gray-3)"),
                            ),
                        ),
                        spacing="2",
                    ),
                    max_height="320px",
                ),
                rx.form(
                    rx.hstack(
                        rx.input(
                            value=HelpState.question,
                            on_change=HelpState.set_question,
                            placeholder=t("Ask how to do something"),
                            id="help-question",
                            aria_label=t("Your question"),
                            width="100%",
                        ),
                        rx.button(t("Ask"), type="submit", id="help-ask", loading=HelpState.asking),
                    ),
                    on_submit=lambda _form: HelpState.ask(),
                    width="100%",
                ),
                width="100%",
            ),
            position="fixed",
            bottom="16px",
            right="16px",
            width="min(360px, calc(100vw - 32px))",
            z_index="50",
            id="help-panel",
        ),
    )


def page_shell(title: str, *children: rx.Component) -> rx.Component:
    return rx.box(
        rx.el.a(
            t("Skip to main content"),
            href="#main-content",
            class_name="skip-link",
            # The router keeps the fragment from moving focus by itself: move it to the page's content.
            on_click=rx.set_focus("main-content"),
        ),
        top_bar(),
        sidebar(),
        rx.el.main(
            rx.heading(t(title), size="7", padding_bottom="16px", id="page-title", as_="h1"),
            *children,
            help_panel(),
            id="main-content",
            tab_index=-1,
            class_name="app-main",
        ),
        class_name="app-shell",
        custom_attrs=lang_attrs(),
    )


def not_allowed(message: str) -> rx.Component:
    return rx.callout(t(message), icon="lock", color_scheme="red", id="not-allowed")
