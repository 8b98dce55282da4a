"""The README's settings table names every setting of shiftapp/config.py, with its real default."""

from __future__ import annotations

import re
from pathlib import Path

from shiftapp.config import DEFAULT_DATABASE_URL, PROJECT_ROOT, Settings

README = Path(__file__).resolve().parents[2] / "README.md"
ROW = re.compile(r"^\| `([A-Z0-9_]+)` \| ([^|]+) \|", re.MULTILINE)


def documented_default(value: object) -> str:
    """How the README writes a default: the value in backticks, `unset` for none, the repo as <repo>."""
    if value is None:
        return "unset"
    if isinstance(value, bool):
        value = str(value).lower()
    if value == DEFAULT_DATABASE_URL:
        value = DEFAULT_DATABASE_URL.replace(str(PROJECT_ROOT), "<repo>")
    return f"`{value}`"


def settings_rows() -> dict[str, str]:
    return {name.upper(): documented_default(field.default) for name, field in Settings.model_fields.items()}


def test_every_setting_is_in_the_readme_with_its_default():
    documented = {name: default.strip() for name, default in ROW.findall(README.read_text())}
    missing = sorted(set(settings_rows()) - set(documented))
    assert not missing, f"README settings table lacks {missing}"
    wrong = {
        name: (documented[name], default) for name, default in settings_rows().items() if documented[name] != default
    }
    assert not wrong, f"README defaults differ from config.py (README, config): {wrong}"
