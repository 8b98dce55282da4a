"""The catalog's codes mapped to the one function that checks each rule (its name is the code)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from shiftapp.rules.catalog import CATALOG
from shiftapp.rules.conflict import Conflict
from shiftapp.rules.load_rules import LOAD_RULES
from shiftapp.rules.staff_rules import EMPLOYEE_RULES, SHIFT_RULES

# Shift, employee and load rules take different arguments; each yields its conflicts.
RULE_FUNCTIONS: dict[str, Callable[..., Iterator[Conflict]]] = {
    rule.__name__: rule for rule in (*SHIFT_RULES, *EMPLOYEE_RULES, *LOAD_RULES)
}

if RULE_FUNCTIONS.keys() != CATALOG.keys():  # a rule added to one place and not the other fails at import
    raise RuntimeError(f"rule catalog and rule functions disagree: {sorted(RULE_FUNCTIONS.keys() ^ CATALOG.keys())}")
