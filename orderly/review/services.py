"""Every write of the review: importing an official file; writing, reviewing and approving the
narrative on each objective; receiving a State's national review."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from orderly.core.audit import audit
from orderly.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from orderly.core.roles import Action, Actor
from orderly.review.files import FileRead, read_official_file
from orderly.review.models import (
    AreaFigure,
    Narrative,
    OfficialFile,
    OriginDestinationFigure,
    ReceivedReview,
)
from orderly.review.rules.migrant_stock import StockByDestination
from orderly.review.rules.narrative import (
    SECTIONS,
    Status,
    Step,
    StepRefused,
    Text,
    section_problems,
    step_taken,
)
from orderly.review.rules.objectives import OBJECTIVES
from orderly.review.rules.origin_destination import StockByOrigin
from orderly.review.rules.received import ReceivedSummary, ReviewRefused, parse_review
from orderly.review.rules.remittances import Remittances
from orderly.review.rules.sheets import LayoutError
from orderly.review.schema_files import review_schemas
from orderly.review.selectors import check_reporting_year

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


def narrative_save(
    *,
    actor: Actor,
    period: str,
    objective: int,
    sections: dict[str, str],
    revision: int | None = None,
) -> Narrative:
    """Save ``actor``'s text on ``objective`` for ``period`` as the open draft: the open version
    when there is one (``revision`` must be the one the writer started from, else Conflict), or
    a new version after the published one. A reviewed text edited is a draft again."""
    if not actor.can(Action.NARRATIVE_WRITE):
        raise NotPermitted("you may not write the review's narrative")
    _check_period_and_objective(period, objective)
    cleaned = {name: (sections.get(name) or "").strip() for name in SECTIONS}
    problems = section_problems(cleaned)
    if problems:
        name, why = next(iter(problems.items()))
        raise InvalidInput(f"{name}: {why}", field=name)
    try:
        with transaction.atomic():
            return _draft_saved(actor, period, objective, cleaned, revision)
    except IntegrityError:
        # Another first draft of the same objective was saved at the same moment.
        raise Conflict(
            "someone saved a text on this objective at the same moment; reload it",
            field="revision",
        ) from None


def _draft_saved(
    actor: Actor, period: str, objective: int, cleaned: dict[str, str], revision: int | None
) -> Narrative:
    author = _person(actor)
    versions = Narrative.objects.select_for_update().filter(period=period, objective=objective)
    open_version = versions.filter(status__in=[Status.DRAFT, Status.REVIEWED]).first()
    if open_version is None:
        if revision is not None:
            raise Conflict(
                "the text you opened was approved since; your words were not saved: reload "
                "the page to start the next version from the approved text",
                field="revision",
            )
        newest = versions.order_by("-version").values_list("version", flat=True).first()
        text = Narrative(period=period, objective=objective, version=(newest or 0) + 1)
    else:
        _check_revision(open_version, revision)
        if all(getattr(open_version, name) == value for name, value in cleaned.items()):
            return open_version  # nothing changed: nobody becomes an author of it
        _take(open_version, Step.EDIT, actor)
        text = open_version
        text.revision += 1
    before = {name: getattr(text, name) for name in SECTIONS}
    for name, value in cleaned.items():
        setattr(text, name, value)
    text.status = Narrative.Status.DRAFT
    text.written_by_id = author
    text.written_at = timezone.now()
    text.authors = sorted({*text.authors, author})
    text.reviewed_by, text.reviewed_at = None, None
    text.save()
    changed = {name: value for name, value in cleaned.items() if before[name] != value}
    audit(
        actor,
        "review.narrative.saved",
        obj=text,
        changes={"version": text.version, "revision": text.revision, **changed},
    )
    return text


def narrative_review(*, actor: Actor, narrative_id: int, revision: int) -> Narrative:
    """Mark the draft ``narrative_id`` reviewed, by someone who did not write it."""
    if not actor.can(Action.NARRATIVE_WRITE):
        raise NotPermitted("you may not review the review's narrative")
    return _step(actor, narrative_id, revision, Step.REVIEW)


def narrative_approve(*, actor: Actor, narrative_id: int, revision: int) -> Narrative:
    """Approve the reviewed text ``narrative_id``: from now on it is the one published."""
    if not actor.can(Action.NARRATIVE_APPROVE):
        raise NotPermitted("only the review's coordinator approves its narrative")
    return _step(actor, narrative_id, revision, Step.APPROVE)


def narrative_return(*, actor: Actor, narrative_id: int, revision: int, because: str) -> Narrative:
    """Send the open text ``narrative_id`` back to draft, saying why."""
    if not actor.can(Action.NARRATIVE_WRITE):
        raise NotPermitted("you may not return the review's narrative")
    because = because.strip()
    if not because:
        raise InvalidInput("say why the text goes back to draft", field="because")
    return _step(actor, narrative_id, revision, Step.RETURN, because=because)


def _step(
    actor: Actor, narrative_id: int, revision: int, step: Step, *, because: str = ""
) -> Narrative:
    with transaction.atomic():
        text = Narrative.objects.select_for_update().filter(pk=narrative_id).first()
        if text is None:
            raise NotFound(f"no narrative {narrative_id}", field="narrative")
        _check_revision(text, revision)
        text.status = _take(text, step, actor)
        now = timezone.now()
        if step is Step.REVIEW:
            text.reviewed_by_id, text.reviewed_at = actor.user_id, now
        elif step is Step.APPROVE:
            text.approved_by_id, text.approved_at = actor.user_id, now
        else:
            text.reviewed_by, text.reviewed_at = None, None
        text.returned_because = because
        text.revision += 1
        text.save()
        audit(
            actor,
            f"review.narrative.{_PAST[step]}",
            obj=text,
            changes={"version": text.version, "status": text.status}
            | ({"because": because} if because else {}),
        )
    return text


_PAST = {Step.REVIEW: "reviewed", Step.APPROVE: "approved", Step.RETURN: "returned"}


def _take(text: Narrative, step: Step, actor: Actor) -> Status:
    try:
        return step_taken(
            Text(Status(text.status), frozenset(text.authors)), step, by=_person(actor)
        )
    except StepRefused as refused:
        raise Conflict(str(refused), field="narrative") from None


def _person(actor: Actor) -> int:
    """The user taking a step: the narrative is written and signed off by people, by name."""
    if actor.user_id is None:
        raise NotPermitted("the review's narrative is written and approved by people signed in")
    return actor.user_id


def _check_revision(text: Narrative, revision: int | None) -> None:
    if revision != text.revision:
        raise Conflict(
            f"the text was changed since you opened it (by {text.written_by}); reload it",
            field="revision",
        )


def _check_period_and_objective(period: str, objective: int) -> None:
    check_reporting_year(period)
    if not 1 <= objective <= OBJECTIVES:
        raise InvalidInput(f"expected an objective from 1 to {OBJECTIVES}", field="objective")


def received_review_import(*, actor: Actor, path: Path) -> ReceivedImported:
    """Keep the national review in ``path`` (JSON, a schema this platform reads) as a State sent
    it; the same bytes are kept once. InvalidInput names the place in the document that is wrong."""
    if not actor.can(Action.REVIEW_DATA_IMPORT):
        raise NotPermitted("you may not import reviews")
    try:
        data = path.read_bytes()
    except OSError as problem:
        raise InvalidInput(f"{path}: cannot be read ({problem.strerror})", field="file") from None
    schemas = review_schemas()
    try:
        document, summary = parse_review(data, schemas=schemas)
    except ReviewRefused as refused:
        raise InvalidInput(f"{path.name}: {refused}", field="file") from None
    sha256 = hashlib.sha256(data).hexdigest()
    existing = ReceivedReview.objects.filter(sha256=sha256).first()
    if existing is not None:
        return ReceivedImported(existing, new=False)
    try:
        return _received(actor, path, document, summary, sha256)
    except IntegrityError:
        # The same file, received by someone else at the same moment: kept once.
        return ReceivedImported(ReceivedReview.objects.get(sha256=sha256), new=False)


def _received(
    actor: Actor, path: Path, document: dict[str, Any], summary: ReceivedSummary, sha256: str
) -> ReceivedImported:
    with transaction.atomic():
        received = ReceivedReview.objects.create(
            schema=summary.schema,
            state=summary.state,
            period=summary.period,
            generated_at=summary.generated_at,
            document=document,
            file_name=path.name[:255],
            sha256=sha256,
            received_at=timezone.now(),
            received_by_id=actor.user_id,
        )
        audit(
            actor,
            "review.national_review.received",
            obj=received,
            changes={
                "file_name": path.name,
                "sha256": sha256,
                "state": summary.state,
                "period": summary.period,
                "schema": summary.schema,
            },
        )
    return ReceivedImported(received, new=True)


@dataclass(frozen=True)
class ReceivedImported:
    """What receiving a review did: the review as kept, and whether it was new."""

    review: ReceivedReview
    new: bool
