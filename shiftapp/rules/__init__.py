"""The rule engine: every check of a plan — page, API, solver, AI — goes through here.

Pure Python (standard library only): services build snapshots from the database and call
`evaluate` (every conflict) or `evaluate_change` (what a proposed change adds or removes).
"""

from shiftapp.rules.catalog import CATALOG, RuleInForce, RuleSettings, RuleSpec, rule_catalog
from shiftapp.rules.conflict import Conflict
from shiftapp.rules.engine import (
    Assign,
    AssignOrders,
    Batch,
    ChangeResult,
    CreateShift,
    DeleteShift,
    MoveOrders,
    MoveShift,
    Unassign,
    UnassignOrders,
    UpdateShift,
    apply_change,
    evaluate,
    evaluate_change,
)
from shiftapp.rules.errors import SnapshotError
from shiftapp.rules.load_rules import LoadAssignment, LoadPlan, OrderSnapshot, UnitSnapshot, grams
from shiftapp.rules.registry import RULE_FUNCTIONS
from shiftapp.rules.snapshot import (
    AssignmentSnapshot,
    EmployeeSnapshot,
    LeaveSnapshot,
    MissionSnapshot,
    PreferenceSnapshot,
    ShiftSnapshot,
    StaffPlan,
)
from shiftapp.rules.staff_rules import ROLE_COVERS, allowed_transition

# Spelled out rather than computed from dir(), so ruff and mypy see what this package exports.
__all__ = [
    "CATALOG",
    "ROLE_COVERS",
    "RULE_FUNCTIONS",
    "Assign",
    "AssignOrders",
    "AssignmentSnapshot",
    "Batch",
    "ChangeResult",
    "Conflict",
    "CreateShift",
    "DeleteShift",
    "EmployeeSnapshot",
    "LeaveSnapshot",
    "LoadAssignment",
    "LoadPlan",
    "MissionSnapshot",
    "MoveOrders",
    "MoveShift",
    "OrderSnapshot",
    "PreferenceSnapshot",
    "RuleInForce",
    "RuleSettings",
    "RuleSpec",
    "ShiftSnapshot",
    "SnapshotError",
    "StaffPlan",
    "Unassign",
    "UnassignOrders",
    "UnitSnapshot",
    "UpdateShift",
    "allowed_transition",
    "apply_change",
    "evaluate",
    "evaluate_change",
    "grams",
    "rule_catalog",
]
