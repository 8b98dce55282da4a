#!/usr/bin/env bash
# Runs the date-sensitive tests (SQLite) with the test process's clock moved to awkward instants:
# a Sunday night in Rome, just after UTC midnight on a Monday, New Year's Eve, the spring DST change,
# and an evening in Los Angeles that is already the next day in UTC. See tests/conftest.py.
set -euo pipefail
cd "$(dirname "$0")/.."
TESTS=(tests/unit/rules tests/unit/ai tests/unit/loads tests/unit/test_foundation_units.py tests/unit/test_text_limits.py
  tests/unit/test_readme_settings.py tests/unit/scheduling/test_slot_filling.py
  tests/integration/test_demo_seed.py tests/integration/test_planning_api.py tests/integration/test_shifts_api.py
  tests/integration/test_planning_reads_and_edits.py tests/integration/test_page_handlers_authorization.py
  tests/integration/test_every_page_handler.py tests/integration/test_plans_api.py
  tests/integration/test_auto_assign_loads_api.py tests/integration/test_ai_api.py tests/integration/test_startup.py
  tests/integration/test_time_off_api.py tests/integration/test_open_shifts_api.py tests/integration/test_swaps_api.py
  tests/integration/test_feeds_and_exports_api.py tests/integration/test_feed_race_and_head.py tests/unit/exports
  tests/unit/scheduling/test_copies.py tests/integration/test_repeat_api.py)
for instant in "2026-12-06 23:30 Europe/Rome" "2026-12-07 00:30 UTC" "2026-12-31 23:30 Europe/Rome" \
               "2027-03-28 02:30 Europe/Rome" "2027-01-03 23:45 America/Los_Angeles"; do
  echo "=== $instant"
  .venv/bin/python -m pytest -q -p no:cacheprovider -k "not postgres" --travel-to "$instant" "${TESTS[@]}" | tail -1
done
