"""Copy and repeat (issue 20, item 7): copy a bureau's week to the following weeks, or apply shift
templates over a date range, after a preview of what would be created and what the rule engine
finds wrong with it.

Preview and commit are one computation (`copies._copy_week_batch`, `templates._template_batch`): the commit runs it
again inside its transaction, after taking the locks, and goes ahead only when the result carries
the fingerprint the preview showed, so what is written is exactly what was previewed. The
fingerprint covers the request, every shift to be created, the skipped ones, the conflicts and the
bureau's shifts (ids, versions, people) over the source and target range; any of them changed
since the preview is a 409. Hard conflicts refuse the batch unless forced (the forcing rule of
`services.shifts`: `force` is enough, a reason is recorded when given). The batch is written in one
transaction: one audit entry per shift and per assignment (as a shift created by hand has) and one
for the batch, which names every shift it made and the conflicts a force went past.

Who may: planners and admins for every bureau, a team leader for the bureau they lead.

The pages and the API run previews and commits in a job worker (`services.repeat_jobs`); what can be
refused without the rule engine (`check_copy_week`, `check_apply_templates`) is answered before a job
is queued.

The package, one job to a module: `contracts` (requests, limits, preview and outcome), `batch` (what
both batches are computed from, and the rule engine's verdict with the fingerprint), `copies` (copy a
week), `templates` (apply templates) and `write` (the commit's bulk write and its audit)."""

from shiftapp.services.repeat.contracts import (
    MAX_SHIFTS,
    MAX_TEMPLATE_DAYS,
    MAX_WEEKS,
    ApplyTemplatesRequest,
    BatchKind,
    BatchOutcome,
    BatchPreview,
    CopyWeekRequest,
    PersonOnShift,
    PreviewRow,
    SkippedRow,
)
from shiftapp.services.repeat.copies import check_copy_week, copy_week, preview_copy_week
from shiftapp.services.repeat.templates import apply_templates, check_apply_templates, preview_apply_templates

__all__ = [
    "MAX_SHIFTS",
    "MAX_TEMPLATE_DAYS",
    "MAX_WEEKS",
    "ApplyTemplatesRequest",
    "BatchKind",
    "BatchOutcome",
    "BatchPreview",
    "CopyWeekRequest",
    "PersonOnShift",
    "PreviewRow",
    "SkippedRow",
    "apply_templates",
    "check_apply_templates",
    "check_copy_week",
    "copy_week",
    "preview_apply_templates",
    "preview_copy_week",
]
