"""Every write of the review: importing an official file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from orderly.core.audit import audit
from orderly.core.errors import InvalidInput, NotPermitted
from orderly.core.roles import Action, Actor
from orderly.review.files import FileRead, read_official_file
from orderly.review.models import AreaFigure, OfficialFile, OriginDestinationFigure
from orderly.review.rules.migrant_stock import StockByDestination
from orderly.review.rules.origin_destination import StockByOrigin
from orderly.review.rules.remittances import Remittances
from orderly.review.rules.sheets import LayoutError

_BATCH = 5_000


@dataclass(frozen=True)
class Imported:
    """What an import did: the file as recorded, and whether it was new."""

    file: OfficialFile
    new: bool


def official_file_import(*, actor: Actor, path: Path) -> Imported:
    """Read ``path``, recognise its layout and keep what it holds with its edition and vintage;
    a file imported before (the same bytes) is kept once. Raises InvalidInput naming the file
    when its layout is not one the platform reads, saying what was expected and where."""
    if not actor.can(Action.REVIEW_DATA_IMPORT):
        raise NotPermitted("you may not import files for the review")
    try:
        read = read_official_file(path)
    except LayoutError as problem:
        raise InvalidInput(str(problem), field="file") from None
    except OSError as problem:
        raise InvalidInput(f"{path}: cannot be read ({problem.strerror})", field="file") from None
    kind = _kind(read)
    existing = OfficialFile.objects.filter(kind=kind, sha256=read.sha256).first()
    if existing is not None:
        return Imported(existing, new=False)
    with transaction.atomic():
        recorded = _record(actor, read, kind)
        rows = _store_figures(recorded, read)
        audit(
            actor,
            "review.official_file.imported",
            obj=recorded,
            changes={
                "file_name": read.name,
                "sha256": read.sha256,
                "kind": kind,
                "edition": recorded.edition,
                "vintage": recorded.vintage,
                "figures": rows,
            },
        )
    return Imported(recorded, new=True)


def _kind(read: FileRead) -> str:
    content = read.content
    if isinstance(content, StockByDestination):
        return OfficialFile.Kind.STOCK_BY_DESTINATION
    if isinstance(content, StockByOrigin):
        return OfficialFile.Kind.STOCK_BY_ORIGIN
    return OfficialFile.Kind.REMITTANCES


def _record(actor: Actor, read: FileRead, kind: str) -> OfficialFile:
    edition, years = read.content.edition, read.content.years
    return OfficialFile.objects.create(
        kind=kind,
        dataset=edition.dataset,
        edition=edition.edition,
        reference=edition.reference,
        vintage=edition.vintage,
        file_name=read.name[:255],
        sha256=read.sha256,
        years=f"{years[0]}-{years[-1]}" if years else "",
        left_out=list(getattr(read.content, "left_out", ())),
        imported_at=timezone.now(),
        imported_by_id=actor.user_id,
    )


def _store_figures(recorded: OfficialFile, read: FileRead) -> int:
    content = read.content
    if isinstance(content, StockByOrigin):
        pairs = [
            OriginDestinationFigure(
                source=recorded, year=year, destination=destination, origin=origin, value=value
            )
            for year, destinations in content.stock.items()
            for destination, origins in destinations.items()
            for origin, value in origins.items()
        ]
        OriginDestinationFigure.objects.bulk_create(pairs, batch_size=_BATCH)
        return len(pairs)
    figures = _area_figures(recorded, content)
    AreaFigure.objects.bulk_create(figures, batch_size=_BATCH)
    return len(figures)


def _area_figures(
    recorded: OfficialFile, content: StockByDestination | Remittances
) -> list[AreaFigure]:
    if isinstance(content, StockByDestination):
        return [
            AreaFigure(
                source=recorded,
                year=year,
                area=f"{area.code:03d}",
                name=area.name,
                is_country=area.is_country,
                value=value,
            )
            for area in content.areas
            for year, value in area.stock.items()
        ]
    return [
        AreaFigure(
            source=recorded,
            year=year,
            area=code,
            name=content.names[code],
            is_country=True,  # as the download names it; regions are chosen by their members
            value=value,
        )
        for code, by_year in content.received.items()
        for year, value in by_year.items()
    ]
