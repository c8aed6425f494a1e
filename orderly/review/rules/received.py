"""National reviews a regional body receives from States: each checked against the schema it
names (``national-review/1``) and against what a schema cannot say (the 23 objectives once
each), and refused with the place in the document that is wrong."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jsonschema_rs

from orderly.review.rules.objectives import OBJECTIVES

SCHEMAS = ("national-review/1",)
MAX_ERRORS = 5


class ReviewRefused(ValueError):
    """A document that is not a national review this platform reads, saying where."""


@dataclass(frozen=True)
class ReceivedSummary:
    schema: str
    state: str
    period: str
    generated_at: str
    narrated: int  # objectives with approved text
    reported: int  # indicators with a figure


def parse_review(
    text: bytes, *, schemas: Mapping[str, dict[str, Any]]
) -> tuple[dict[str, Any], ReceivedSummary]:
    """The national review in ``text``, checked, and what it is; ReviewRefused saying where
    it does not parse or is not as its schema says."""
    try:
        document = json.loads(text.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ReviewRefused("not UTF-8 text; expected a national review as JSON") from None
    except json.JSONDecodeError as problem:
        raise ReviewRefused(
            f"not JSON: {problem.msg} at line {problem.lineno}, column {problem.colno}"
        ) from None
    except (ValueError, RecursionError):
        # A number of thousands of digits, or arrays nested thousands deep: no review.
        raise ReviewRefused(
            "not a JSON document this platform reads (too large or too deep)"
        ) from None
    return document, check_review(document, schemas=schemas)


def check_review(document: Any, *, schemas: Mapping[str, dict[str, Any]]) -> ReceivedSummary:
    """What ``document`` is, once it is checked; ReviewRefused naming up to five places that
    are wrong (as JSON paths such as ``objectives/3/indicators/0/reported/value``)."""
    if not isinstance(document, dict):
        raise ReviewRefused("expected a JSON object with a 'schema' field")
    named = str(document.get("schema"))
    if named not in schemas:
        raise ReviewRefused(
            f"schema: expected one of {', '.join(sorted(schemas))}, "
            f"found {document.get('schema')!r}"
        )
    errors = list(jsonschema_rs.validator_for(schemas[named]).iter_errors(document))
    if errors:
        raise ReviewRefused("; ".join(_place(e) for e in errors[:MAX_ERRORS]))
    try:
        generated = datetime.fromisoformat(document["generated_at"])
    except ValueError:
        generated = None
    if generated is None or generated.tzinfo is None:
        raise ReviewRefused("generated_at: expected a date and time with its offset (ISO 8601)")
    numbers = [o["number"] for o in document["objectives"]]
    if sorted(numbers) != list(range(1, OBJECTIVES + 1)):
        raise ReviewRefused(f"objectives: expected the objectives 1 to {OBJECTIVES}, each once")
    _check_each_indicator_says_one_thing(document)
    return ReceivedSummary(
        schema=named,
        state=document["state"],
        period=document["period"],
        generated_at=document["generated_at"],
        narrated=sum(1 for o in document["objectives"] if o["narrative"]),
        reported=len(
            {i["id"] for o in document["objectives"] for i in o["indicators"] if i["reported"]}
        ),
    )


def _check_each_indicator_says_one_thing(document: Mapping[str, Any]) -> None:
    """An indicator informs several objectives and appears under each: with the same figure."""
    seen: dict[str, Any] = {}
    for number, objective in enumerate(document["objectives"]):
        for place, indicator in enumerate(objective["indicators"]):
            reported = indicator["reported"]
            value = None if reported is None else reported["value"]
            if indicator["id"] in seen and seen[indicator["id"]] != value:
                raise ReviewRefused(
                    f"objectives/{number}/indicators/{place}/reported: {indicator['id']} is "
                    "reported with another figure under another objective"
                )
            seen[indicator["id"]] = value


def _place(error: Any) -> str:
    path = "/".join(str(part) for part in error.instance_path) or "(the document)"
    return f"{path}: {error.message}"


def reported_values(document: Mapping[str, Any]) -> dict[str, float | None]:
    """Each reported indicator's figure in a checked document, by indicator id."""
    return {
        i["id"]: i["reported"]["value"]
        for o in document["objectives"]
        for i in o["indicators"]
        if i["reported"]
    }
