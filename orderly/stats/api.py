"""JSON API for the published statistics: the tables, each also as CSV and SDMX-CSV."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from orderly.core.actors import request_actor
from orderly.core.schemas import ERRORS, ErrorOut
from orderly.stats.schemas import PublishedTableOut, TableOut
from orderly.stats.selectors import table_published, tables_list

router = Router(tags=["stats"])

CSV = "text/csv; charset=utf-8"
AS_OF = Query(
    None,
    description="For a table counted as of a day (foreigners-present, overstay-rate): "
    "the records as they stood at the end of this day, YYYY-MM-DD: today or the last day of "
    "a month (empty: today)",
)


@router.get("/stats/tables", response={200: list[TableOut], **ERRORS})
def list_tables(request: HttpRequest) -> Any:
    """The registered statistical tables, each with its definition."""
    return [
        {"name": t.name, "title": t.title, "definition": t.definition}
        for t in tables_list(actor=request_actor(request))
    ]


@router.get("/stats/tables/{name}", response={200: PublishedTableOut, **ERRORS, 503: ErrorOut})
def get_table(
    request: HttpRequest,
    name: str,
    period: str = Query(..., pattern=r"^\d{4}(-\d{2})?$", description="A year: 2019"),
    as_of: str | None = AS_OF,
    format: str = Query("json", pattern="^(json|csv|sdmx-csv)$"),
) -> Any:
    """One table for a year, through disclosure control (null: suppressed), with
    its definition and as-of time; ``format`` csv or sdmx-csv answers in that format."""
    shown = table_published(actor=request_actor(request), name=name, period=period, as_of=as_of)
    day = shown.figures.get("as_of_day") if as_of else None
    stem = f"{name}-{period}" + (f"-as-of-{day}" if day else "")
    if format == "csv":
        return _download(shown.as_csv(), f"{stem}.csv")
    if format == "sdmx-csv":
        return _download(shown.as_sdmx_csv(agency=settings.HOST_STATE), f"{stem}.sdmx.csv")
    return shown.as_json()


def _download(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type=CSV)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
