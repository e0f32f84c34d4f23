"""Cell values quoted in a clerk's message: masked first, then cut."""

from __future__ import annotations

from ..privacy.pii import redact

VALUE_LIMIT = 40


def shown(value: str) -> str:
    """Masked before it is cut: cutting first could leave 13 digits of an ID number."""
    value = redact(value)
    return value if len(value) <= VALUE_LIMIT else value[: VALUE_LIMIT - 1] + "…"
