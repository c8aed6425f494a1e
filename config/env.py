"""Typed readers for settings that come from environment variables.

Every variable read through these helpers is remembered in ``VARIABLES`` so a test can hold
``docs/configuration.md`` and the code equal. A bad value fails loudly at start-up, naming the
variable, instead of running with a guess.
"""

from __future__ import annotations

import os
from pathlib import Path

VARIABLES: dict[str, str] = {}


class ConfigurationError(RuntimeError):
    """Raised when an environment variable holds a value the platform cannot use."""


def _raw(name: str, default: str | None) -> str | None:
    VARIABLES[name] = default if default is not None else ""
    return os.environ.get(name, default)


def env_str(name: str, default: str) -> str:
    """A string variable, with its default."""
    value = _raw(name, default)
    assert value is not None
    return value


def env_secret(name: str, default: str | None = None) -> str | None:
    """A secret read from ``NAME`` or from the file named by ``NAME_FILE`` (for mounted secrets)."""
    file_name = _raw(f"{name}_FILE", None)
    direct = _raw(name, None)
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(f"{name}_FILE: cannot read {file_name!r}: {exc}") from exc
    return direct if direct else default


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable: accepts 1/0, true/false, yes/no, on/off."""
    value = _raw(name, "true" if default else "false")
    assert value is not None
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name}: expected true or false, got {value!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """An integer variable no smaller than ``minimum``."""
    value = _raw(name, str(default))
    assert value is not None
    try:
        number = int(value)
    except ValueError as exc:
        raise ConfigurationError(f"{name}: expected an integer, got {value!r}") from exc
    if number < minimum:
        raise ConfigurationError(f"{name}: must be at least {minimum}, got {number}")
    return number


def env_list(name: str, default: str) -> list[str]:
    """A comma-separated list; blanks are dropped."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]
