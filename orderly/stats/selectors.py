"""Every read of the statistics: published tables only, and only for those who may see them."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from django.conf import settings

from orderly.core.errors import InvalidInput, NotFound, NotPermitted, Unavailable
from orderly.core.roles import Action, Actor
from orderly.stats.publish import PublishedTable, published, require_publishable
from orderly.stats.rules.disclosure import DEFAULT_THRESHOLD
from orderly.stats.rules.periods import parse_period
from orderly.stats.source import statistics_source
from orderly.stats.tables import TABLES, Table
from orderly.stats.warehouse import Warehouse, WarehouseError

logger = logging.getLogger(__name__)


def tables_list(*, actor: Actor) -> list[Table]:
    """The registered tables (their names, titles and definitions)."""
    _require_stats(actor)
    return list(TABLES.values())


def table_published(
    *,
    actor: Actor,
    name: str,
    period: str,
    as_of: str | None = None,
    warehouse: Path | None = None,
) -> PublishedTable:
    """The table ``name`` for ``period`` (a year), as published: through disclosure control at
    the platform's threshold, never the counts as computed. A table counted as of a day is
    counted as of the end of ``as_of`` (YYYY-MM-DD; empty or None: today). ``warehouse``: a
    folder other than the platform's (a command's ``--warehouse``)."""
    _require_stats(actor)
    table = TABLES.get(name)
    if table is None:
        raise NotFound(f"no table {name!r}", field="name")
    try:
        when = parse_period(period)
        require_publishable(when)
    except ValueError as problem:
        raise InvalidInput(str(problem), field="period") from None
    try:
        day = table.as_of_asked(when, as_of or "")
    except ValueError as problem:
        raise InvalidInput(str(problem), field="as_of") from None
    computed_at = datetime.now(UTC)
    try:
        with statistics_source(Warehouse(warehouse or settings.WAREHOUSE_DIR)) as db:
            computed = table.compute(db, when, day)
    except (WarehouseError, duckdb.Error) as problem:
        # Logged with the folder for the administrator; the caller learns only that it failed.
        logger.error("statistics warehouse unreadable: %s", problem)
        raise Unavailable("the statistics cannot be read right now; try again later") from None
    return published(table, computed, when, computed_at, threshold=DEFAULT_THRESHOLD)


def _require_stats(actor: Actor) -> None:
    if not actor.can(Action.STATS_VIEW):
        raise NotPermitted("you may not see the statistics")
