"""Paging arithmetic and bounds, shared by the paged reads (GET /api/shifts, the dashboard, the plan board)."""

from __future__ import annotations

import pytest

from shiftapp.services.errors import ValidationFailed
from shiftapp.services.paging import check_page, next_offset
from shiftapp.services.text_limits import MAX_OFFSET


@pytest.mark.parametrize(
    ("total", "limit", "offset", "expected"),
    [
        (0, 10, 0, None),  # nothing at all
        (10, 10, 0, None),  # one full page is the whole list
        (11, 10, 0, 10),  # one row follows
        (25, 10, 10, 20),
        (25, 10, 20, None),  # the last, short page
        (25, 10, 30, None),  # past the end
        (22_140, 2_000, 22_000, None),
        (22_140, 2_000, 20_000, 22_000),
    ],
)
def test_the_next_page_starts_after_this_one_while_rows_remain(total, limit, offset, expected):
    assert next_offset(total, limit=limit, offset=offset) == expected


@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (5_000, 0), (10, MAX_OFFSET)])
def test_pages_within_the_bounds_are_accepted(limit, offset):
    check_page(limit, offset, max_limit=5_000)


@pytest.mark.parametrize(
    ("limit", "offset", "field"),
    [
        (0, 0, "limit"),
        (5_001, 0, "limit"),
        (-1, 0, "limit"),
        (True, 0, "limit"),
        (2.0, 0, "limit"),
        ("10", 0, "limit"),
        (None, 0, "limit"),
        (10, -1, "offset"),
        (10, MAX_OFFSET + 1, "offset"),
        (10, False, "offset"),
        (10, "0", "offset"),
    ],
)
def test_pages_out_of_bounds_are_refused_naming_the_field(limit, offset, field):
    with pytest.raises(ValidationFailed, match=field) as refused:
        check_page(limit, offset, max_limit=5_000)
    assert refused.value.details == {"field": field}
