"""Every table, imported from one place so Alembic's autogenerate sees them all."""
from sqlmodel import SQLModel

from shiftapp.models.logistics import (
    Branch,
    Customer,
    DeliveryOrder,
    Driver,
    OrderAssignment,
    OrderLine,
    Plan,
    PlannedUnit,
    Route,
    Suburb,
    Trailer,
    Vehicle,
    VehicleAssignment,
)
from shiftapp.models.people import (
    AccessRole,
    AuthSession,
    Bureau,
    Employee,
    EmployeeSkill,
    EmployeeStatus,
    Mission,
    RateLimitCounter,
    SHIFT_ROLES,
    ShiftRole,
    ShiftRoleName,
    Skill,
)
from shiftapp.models.scheduling import (
    Assignment,
    AssignmentSource,
    AssignmentStatus,
    AuditEvent,
    Availability,
    ConflictStatus,
    Job,
    JobStatus,
    Preference,
    Shift,
    ShiftStatus,
    ShiftTemplate,
    StoredConflict,
)

metadata = SQLModel.metadata

__all__ = [name for name in dir() if not name.startswith("_")]
