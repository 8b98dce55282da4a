"""The shared text and date checks: lengths per kind, control characters, surrogates, year range."""

from __future__ import annotations

from datetime import date

import pytest

from shiftapp.services.errors import ValidationFailed
from shiftapp.services.text_limits import NAME, NOTES, check_date_range, check_name, check_notes


def test_a_plain_name_passes_unchanged():
    assert check_name("Zoë O'Brien-Łukasz") == "Zoë O'Brien-Łukasz"


def test_a_name_at_the_limit_passes_and_one_over_is_refused_naming_the_field():
    assert check_name("a" * NAME) == "a" * NAME
    with pytest.raises(ValidationFailed) as caught:
        check_name("a" * (NAME + 1))
    assert caught.value.details["field"] == "full_name" and str(NAME) in caught.value.message


@pytest.mark.parametrize("bad", ["a\x00b", "a\x1bb", "a\u202eb", "a\u200fb", "a\ud800b", "a\nb", "a\tb"])
def test_control_characters_and_surrogates_are_refused_in_names(bad):
    with pytest.raises(ValidationFailed):
        check_name(bad)


def test_notes_allow_line_breaks_and_tabs_but_not_other_controls():
    assert check_notes("line one\nline two\twith a tab") == "line one\nline two\twith a tab"
    assert check_notes(None) is None
    with pytest.raises(ValidationFailed):
        check_notes("bell\x07")
    with pytest.raises(ValidationFailed):
        check_notes("n" * (NOTES + 1))


def test_non_text_is_refused():
    with pytest.raises(ValidationFailed):
        check_name(12)


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1899, 12, 31), date(2201, 1, 1), date(9999, 12, 31)])
def test_dates_outside_the_range_are_refused(day):
    with pytest.raises(ValidationFailed) as caught:
        check_date_range(day, "start_date")
    assert caught.value.details["field"] == "start_date"


def test_dates_inside_the_range_pass():
    assert check_date_range(date(1900, 1, 1), "d") == date(1900, 1, 1)
    assert check_date_range(date(2200, 12, 31), "d") == date(2200, 12, 31)
