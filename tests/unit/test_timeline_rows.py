"""Which rows of a large group the schedule loads items for (services/timeline_rows.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shiftapp.services.timeline_axis import AxisGroup
from shiftapp.services.timeline_rows import (
    FIRST_ROWS,
    MAX_ROWS_ASKED,
    ROW_BLOCK,
    ROW_MARGIN,
    WHOLE_UP_TO,
    block_rows,
    first_in_view,
    needs_load,
    open_row_lines,
    rows_to_load,
    stacked_lines,
)


def test_a_small_group_is_loaded_whole_wherever_the_view_is():
    assert rows_to_load(0, 10, WHOLE_UP_TO) == (0, WHOLE_UP_TO)
    assert rows_to_load(40, 59, 45) == (0, 45)
    assert not needs_load(30, 44, (0, 45), 45)
    assert needs_load(0, 10, (0, 30), 45)  # a reload after people were added


@pytest.mark.parametrize(("first", "last"), [(0, 20), (37, 58), (200, 221), (515, 539), (300, 300)])
def test_the_rows_loaded_cover_the_view_and_a_margin_in_whole_blocks(first, last):
    total = 540
    start, end = rows_to_load(first, last, total)
    assert start <= max(first - ROW_MARGIN, 0) and end >= min(last + 1 + ROW_MARGIN, total)
    assert start % ROW_BLOCK == 0 and (end % ROW_BLOCK == 0 or end == total)
    assert end - start <= last - first + 1 + 2 * (ROW_MARGIN + ROW_BLOCK)
    assert not needs_load(first, last, (start, end), total)


def test_rows_asked_beyond_the_group_or_too_many_at_once_are_bounded():
    assert rows_to_load(10_000, 20_000, 540) == (528, 540)
    start, end = rows_to_load(0, 10**9, 540)
    assert start == 0 and end <= MAX_ROWS_ASKED + ROW_MARGIN + ROW_BLOCK
    assert rows_to_load(-5, -1, 540)[0] == 0


def test_scrolling_past_the_loaded_rows_or_near_their_edge_asks_for_more():
    loaded = rows_to_load(100, 120, 540)
    assert not needs_load(100, 120, loaded, 540)
    assert needs_load(loaded[1] - 1, loaded[1] + 10, loaded, 540)  # beyond the end
    assert needs_load(loaded[0] - 5, loaded[0] + 10, loaded, 540)  # before the start
    assert needs_load(loaded[0] + 1, loaded[0] + 12, loaded, 540)  # the margin above is thin
    # At the very top or bottom of the group there is nothing more to load.
    top = rows_to_load(0, 20, 540)
    assert not needs_load(0, 20, top, 540)
    bottom = rows_to_load(520, 539, 540)
    assert not needs_load(520, 539, bottom, 540)


def test_a_block_of_rows_names_its_people_and_the_bureaus_of_its_open_shift_rows():
    groups = [
        AxisGroup("open:b1", "Open shifts", "open"),
        AxisGroup("heading:b1:senior", "B1 · Senior", "heading"),
        AxisGroup("p:e1", "Ann", "person"),
        AxisGroup("p:e2", "Bo", "person"),
        AxisGroup("heading:b1:editor", "B1 · Editor", "heading"),
        AxisGroup("p:e3", "Cy", "person"),
    ]
    assert block_rows(groups, (0, 3)) == (["e1"], ["b1"])
    assert block_rows(groups, (3, 6)) == (["e2", "e3"], [])
    assert block_rows(groups, (6, 9)) == ([], [])


def _at(hour: float) -> datetime:
    return datetime(2026, 12, 7, tzinfo=UTC) + timedelta(hours=hour)


def test_an_open_rows_lines_are_the_most_of_its_shifts_at_one_time():
    assert stacked_lines([]) == 1
    assert stacked_lines([(_at(8), _at(16))]) == 1
    # Back to back they share a line; three at once need three.
    assert stacked_lines([(_at(8), _at(16)), (_at(16), _at(24))]) == 1
    assert stacked_lines([(_at(8), _at(16)), (_at(9), _at(12)), (_at(10), _at(18)), (_at(17), _at(20))]) == 3


def test_the_first_screen_counts_an_open_row_as_the_lines_it_stacks_into():
    def rows(open_lines: int) -> list[AxisGroup]:
        found = [
            AxisGroup("open:b1", "Open shifts", "open", lines=open_lines),
            AxisGroup("heading:b1", "B1", "heading"),
        ]
        return found + [AxisGroup(f"p:e{n}", f"P{n}", "person") for n in range(40)]

    assert first_in_view(rows(1)) == (0, FIRST_ROWS - 1)
    assert first_in_view(rows(6)) == (0, FIRST_ROWS - 6)
    assert first_in_view(rows(50)) == (0, 0)
    assert first_in_view(rows(1)[:3]) == (0, 2)
    assert first_in_view(rows(3), lines=5) == (0, 2)


def test_every_open_row_says_the_lines_its_open_shifts_stack_into():
    found = [
        ("s1", "b1", _at(8), _at(16)),
        ("s2", "b2", _at(8), _at(16)),
        ("s3", "b1", _at(9), _at(12)),
        ("s4", "b1", _at(10), _at(18)),
        ("s5", "b2", _at(16), _at(24)),
        ("s6", "b1", _at(17), _at(20)),
    ]
    assert open_row_lines(found) == {"open:b1": 3, "open:b2": 1}
    # A bureau without open shifts is left out (its row is one line); nothing found, nothing said.
    assert open_row_lines([]) == {}
