"""A thin wrapper over the Anthropic SDK that returns validated objects or None (then the caller
falls back to its deterministic path)."""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:  # the SDK is imported only when a key is configured
    import httpx2
    from anthropic import Anthropic
    from anthropic.types import MessageParam

log = logging.getLogger("shiftapp.ai")
Schema = TypeVar("Schema", bound=BaseModel)
TIMEOUT_SECONDS = 30.0
RETRIES = 2


@dataclass
class AiStatus:
    mode: str  # "anthropic" or "fallback"
    model: str
    api_key_configured: bool
    last_request: datetime | None = None
    last_error: str | None = None


@dataclass
class AiClient:
    api_key: str | None
    model: str
    http_client: httpx2.Client | None = None  # tests pass one with a MockTransport
    status: AiStatus = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _sdk: Anthropic | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.status = AiStatus(
            mode="anthropic" if self.api_key else "fallback", model=self.model, api_key_configured=bool(self.api_key)
        )
        if self.api_key:
            import anthropic

            self._sdk = anthropic.Anthropic(
                api_key=self.api_key, timeout=TIMEOUT_SECONDS, max_retries=RETRIES, http_client=self.http_client
            )

    @property
    def enabled(self) -> bool:
        return self._sdk is not None

    def text(self, *, system: str, messages: Sequence[Mapping[str, str]], max_tokens: int = 800) -> str | None:
        """Plain text from the model, or None when it is off or failed. Each message has a `role` (user or
        assistant; anything else is sent as the user's) and its `content`."""
        if self._sdk is None:
            return None
        import anthropic
        from anthropic.types import TextBlock

        turns = [_turn(m) for m in messages]
        try:
            response = self._sdk.messages.create(model=self.model, max_tokens=max_tokens, system=system, messages=turns)
        except (anthropic.APIError, anthropic.APIConnectionError, anthropic.APITimeoutError) as error:
            self._note_error(f"{type(error).__name__}: {error}")
            return None
        self._note_ok()
        parts = [block.text for block in response.content if isinstance(block, TextBlock)]
        return "".join(parts).strip() or None

    def structured(self, *, system: str, prompt: str, schema: type[Schema], max_tokens: int = 800) -> Schema | None:
        """A JSON answer parsed into `schema`, or None when the model is off, failed or answered badly."""
        instructions = (
            f"{system}\n\nAnswer with one JSON object only, no prose, matching this JSON schema:\n"
            f"{json.dumps(schema.model_json_schema())}"
        )
        raw = self.text(system=instructions, messages=[{"role": "user", "content": prompt}], max_tokens=max_tokens)
        if raw is None:
            return None
        match = re.search(r"\{.*\}", raw, re.DOTALL)
        try:
            return schema.model_validate_json(match.group(0) if match else raw)
        except (ValidationError, ValueError) as error:
            self._note_error(f"malformed model output: {str(error)[:200]}")
            return None

    def _note_ok(self) -> None:
        with self._lock:
            self.status.last_request = datetime.now(UTC)
            self.status.last_error = None

    def _note_error(self, message: str) -> None:
        log.warning("AI call fell back: %s", message)
        with self._lock:
            self.status.last_request = datetime.now(UTC)
            self.status.last_error = message


def _turn(message: Mapping[str, str]) -> MessageParam:
    from anthropic.types import AssistantMessageParam, UserMessageParam

    content = message.get("content", "")
    if message.get("role") == "assistant":
        return AssistantMessageParam(role="assistant", content=content)
    return UserMessageParam(role="user", content=content)


_default: AiClient | None = None


def get_client() -> AiClient:
    global _default
    if _default is None:
        from shiftapp.config import get_settings

        settings = get_settings()
        _default = AiClient(api_key=settings.anthropic_api_key, model=settings.anthropic_model)
    return _default
