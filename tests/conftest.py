"""`--travel-to`: run tests as if the clock read another instant, to prove they do not depend on the
day or the hour they run at. For example:

    pytest --travel-to "2026-12-06 23:30 Europe/Rome" tests/unit      # a Sunday night, local time
    pytest --travel-to "2026-12-07 00:30 UTC" tests/unit                # Monday just after UTC midnight

The clock of this process moves there and keeps ticking (time-machine), and the local timezone becomes
the one named, before any test module is imported, so module-level dates see it too. Servers the
integration tests start keep the real clock: those tests take "today" from the server (the Date
header, see tests.support.server_today) or from fixed days, never from this process.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--travel-to",
        default=None,
        metavar="'YYYY-MM-DD HH:MM ZONE'",
        help="run with this process's clock and local timezone moved to the given instant",
    )


def travel_destination(text: str) -> datetime:
    when, _, zone = text.strip().rpartition(" ")
    if not when:
        raise pytest.UsageError(f"--travel-to wants 'YYYY-MM-DD HH:MM ZONE', got {text!r}")
    return datetime.fromisoformat(when).replace(tzinfo=ZoneInfo(zone))


def pytest_configure(config):
    text = config.getoption("--travel-to", default=None)
    if not text:
        return
    import time_machine

    destination = travel_destination(text)
    traveller = time_machine.travel(destination, tick=True)
    traveller.start()
    config._shiftapp_traveller = traveller


def pytest_unconfigure(config):
    traveller = getattr(config, "_shiftapp_traveller", None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    text = config.getoption("--travel-to", default=None)
    if text:
        return f"clock moved to {travel_destination(text).isoformat()} (--travel-to)"
    return None


NOTEWORTHY = ("WARNING", "ERROR", "Traceback", "Error:", "busy", "locked")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """After a failed run, what the servers and job workers logged as warnings and errors."""
    if exitstatus == 0:
        return
    from tests.support import SERVICE_LOGS

    for path in SERVICE_LOGS:
        if not path.exists():
            continue
        lines = [line.rstrip() for line in path.read_text(errors="replace").splitlines()]
        noteworthy = [line for line in lines if any(word in line for word in NOTEWORTHY)]
        if noteworthy:
            terminalreporter.section(f"{path.parent.name}/{path.name}: warnings and errors (last 40)")
            for line in noteworthy[-40:]:
                terminalreporter.write_line(line)
