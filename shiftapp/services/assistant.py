"""The AI helpers people type into: the help chat and the preference-notes reader.

Both the REST API and the pages come through here, so one check of what was typed covers both
edges before any text reaches the model (or the rule-based fallback).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shiftapp.ai.client import AiClient
from shiftapp.ai.help_chat import answer
from shiftapp.ai.preference_notes import PreferenceSuggestion, suggest_from_note
from shiftapp.services.errors import ValidationFailed
from shiftapp.services.text_limits import NOTES, QUESTION, check_notes, check_text

# The chat keeps a few turns of context; each earlier turn is bounded like any note.
MAX_HISTORY_TURNS = 20


def ask_help(*, question: Any, history: Sequence[Mapping[str, str]] | None, client: AiClient | None) -> str:
    """`history` is the chat so far in the model's message form: `role` (user or assistant) and `content`."""
    question = check_text(question, "question", max_length=QUESTION, multiline=True).strip()
    if not question:
        raise ValidationFailed("question is empty: type what you would like to know", details={"field": "question"})
    turns = [dict(turn) for turn in history or []]
    if len(turns) > MAX_HISTORY_TURNS:
        raise ValidationFailed(f"history may hold at most {MAX_HISTORY_TURNS} turns", details={"field": "history"})
    for index, turn in enumerate(turns):
        for key, value in turn.items():
            check_text(value, f"history.{index}.{key}", max_length=NOTES, multiline=True)
    return answer(question, turns, client)


def read_preference_note(*, note: Any, client: AiClient | None) -> PreferenceSuggestion:
    note = check_notes(note, "notes") or ""
    return suggest_from_note(note, client)
