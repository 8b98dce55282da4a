"""The pages' toggle of a bureau's own yes/no rule (claims wait for approval; conflict-free swaps are
approved automatically): one audited service call for the leader's own bureau, the page reloaded
whatever happened, and a toast that says what the rule is now."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import reflex as rx

from shiftapp.services import bureau_settings
from shiftapp.services.errors import DomainError
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, run_as_user


def toggle_own_bureau_flag(
    state: AuthState,
    reload: Callable[[], None],
    flag: bureau_settings.BureauFlag[Any],
    value: bool,
    *,
    now_on: str,
    now_off: str,
) -> Any:
    """`now_on` / `now_off`: English templates with a `{bureau}` field, said after the change."""
    try:
        setting = run_as_user(
            state.token,
            lambda session, user: bureau_settings.set_own_bureau_flag(
                session=session, actor=user, flag=flag, value=value
            ),
        )
    except DomainError as error:
        return error_toast(error, state.lang)
    finally:
        with contextlib.suppress(DomainError):
            reload()
    template = now_on if getattr(setting, flag.field) else now_off
    return rx.toast.success(state._t(template, bureau=setting.name))
