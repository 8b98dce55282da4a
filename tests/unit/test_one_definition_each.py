"""Things defined once and used everywhere: the If-Match parser, the shift-role type and the
weekly-limit check."""

from __future__ import annotations

import asyncio
from typing import get_args

import pytest

from shiftapp.api.deps import if_match_version
from shiftapp.models import SHIFT_ROLES, ShiftRole, ShiftRoleName
from shiftapp.services.errors import ValidationFailed
from shiftapp.services.preferences import check_max_shifts_per_week, max_shifts_from_text


@pytest.mark.parametrize(
    ("header", "version"),
    [
        (None, None),
        ("5", 5),
        ('"5"', 5),
        ('W/"5"', 5),
        (' W/"12" ', 12),
        ("*", None),
        ('"abc"', None),
        ("", None),
        ("-3", None),
        ("³", None),
        ("٣", None),
    ],
)
def test_if_match_names_a_version_in_every_spelling_clients_use(header, version):
    assert asyncio.run(if_match_version(header)) == version  # a FastAPI dependency, awaited on the loop


def test_the_shift_role_type_and_enum_name_the_same_roles():
    assert set(get_args(ShiftRoleName)) == SHIFT_ROLES == {r.value for r in ShiftRole}


@pytest.mark.parametrize(("typed", "limit"), [("", None), ("  ", None), ("0", 0), (" 5 ", 5), ("7", 7)])
def test_a_typed_weekly_limit_is_read_as_a_number_or_no_limit(typed, limit):
    assert max_shifts_from_text(typed) == limit


@pytest.mark.parametrize("typed", ["8", "two", "-1", "4.5", "٣", "³"])
def test_a_typed_weekly_limit_out_of_range_is_refused(typed):
    with pytest.raises(ValidationFailed, match="whole number from 0 to 7"):
        max_shifts_from_text(typed)


@pytest.mark.parametrize("value", [8, -1, True, 2.0, "3"])
def test_the_weekly_limit_check_refuses_anything_but_0_to_7(value):
    with pytest.raises(ValidationFailed):
        check_max_shifts_per_week(value)
