"""Border crossing points and crossings. A crossing is a fact: recorded once, never edited."""

from __future__ import annotations

import functools
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from orderly.registry.models import Person, TravelDocument


class PortKind(models.TextChoices):
    AIR = "air", "Air"
    LAND = "land", "Land"
    SEA = "sea", "Sea"
    RAIL = "rail", "Rail"


class Port(models.Model):
    """A border crossing point, with the time zone its local dates are counted in."""

    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=8, choices=PortKind.choices)
    region = models.CharField(max_length=32, db_index=True)
    timezone = models.CharField(max_length=64, help_text="IANA time zone, e.g. Asia/Shanghai")
    active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Direction(models.TextChoices):
    ENTRY = "entry", "Entry"
    EXIT = "exit", "Exit"


class Outcome(models.TextChoices):
    ADMITTED = "admitted", "Admitted"
    REFUSED = "refused", "Refused"


class Source(models.TextChoices):
    DESK = "desk", "Border desk"
    OFFLINE = "offline", "Offline post"
    IMPORT = "import", "Import"
    # A crossing that stands in place of one recorded wrongly (see CrossingCorrection).
    CORRECTION = "correction", "Correction"


class Purpose(models.TextChoices):
    TOURISM = "tourism", "Tourism"
    BUSINESS = "business", "Business"
    WORK = "work", "Work"
    STUDY = "study", "Study"
    FAMILY = "family", "Family"
    TRANSIT = "transit", "Transit"
    RESIDENCE = "residence", "Residence"
    CREW = "crew", "Crew"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not stated"


class CrossingQuerySet(models.QuerySet["Crossing"]):
    def current(self) -> CrossingQuerySet:
        """The crossings that stand: not corrected or struck out (their replacements do stand).

        NOT EXISTS rather than a join on the reverse relation: it keeps ``select_for_update``
        usable on PostgreSQL, which refuses FOR UPDATE on the nullable side of an outer join.
        """
        return self.filter(_not_corrected())


@functools.cache
def _not_corrected() -> models.Expression:
    # Built once per process: constructing the subquery costs more than the rest of most
    # queries that use it, and recording a crossing asks twice (benchmarks/bench_api_load.py).
    # Django copies an expression into each query that uses it, so sharing it is safe.
    corrected = CrossingCorrection.objects.filter(crossing_id=models.OuterRef("pk"))
    return ~models.Exists(corrected)


class Crossing(models.Model):
    """One person passing (or refused at) one port in one direction at one instant.

    Read through ``Crossing.objects.current()`` wherever a traveller's record is shown or
    decided on: a corrected crossing stays stored, as the fact its correction points at.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Unique through Meta.constraints: a plain unique=True would also get a LIKE-pattern index
    # on PostgreSQL, which no query uses and every insert would maintain.
    idempotency_key = models.CharField(max_length=64)
    # No index of their own for person and port: crossing_person_time and crossing_port_time
    # start with them and serve every lookup; a bulk import then maintains two indexes fewer.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="crossings", db_index=False
    )
    document = models.ForeignKey(TravelDocument, on_delete=models.PROTECT, related_name="crossings")
    port = models.ForeignKey(
        Port, on_delete=models.PROTECT, related_name="crossings", db_index=False
    )
    direction = models.CharField(max_length=5, choices=Direction.choices)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.ADMITTED)
    refusal_reason = models.CharField(max_length=300, blank=True)
    occurred_at = models.DateTimeField(help_text="When it happened, in UTC")
    recorded_at = models.DateTimeField(help_text="When the platform stored it, in UTC")
    # Indexed only where set (crossing_officer): imported crossings have no officer.
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.UNKNOWN)
    flags = models.JSONField(default=list, blank=True)

    objects = CrossingQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-occurred_at"]
        indexes: ClassVar = [
            models.Index(fields=["person", "occurred_at"], name="crossing_person_time"),
            models.Index(fields=["port", "occurred_at"], name="crossing_port_time"),
            models.Index(
                fields=["officer"],
                name="crossing_officer",
                condition=models.Q(officer__isnull=False),
            ),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["idempotency_key"], name="crossing_idempotency_key"),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.port_id} {self.occurred_at:%Y-%m-%d %H:%M}Z"


class AppendOnlyCorrections(models.QuerySet["CrossingCorrection"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("crossing corrections are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("crossing corrections are append-only")


class CrossingCorrection(models.Model):
    """A crossing recorded wrongly, and the crossing now standing in its place.

    No replacement: the crossing was recorded in error and is struck out. A crossing is
    corrected at most once; to correct it again, correct its replacement. Neither crossing
    row is ever changed, and a correction itself is never changed or deleted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    crossing = models.OneToOneField(Crossing, on_delete=models.PROTECT, related_name="correction")
    replacement = models.OneToOneField(
        Crossing, null=True, blank=True, on_delete=models.PROTECT, related_name="replaces"
    )
    reason = models.CharField(max_length=300)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(help_text="When it was corrected, in UTC")

    objects = AppendOnlyCorrections.as_manager()

    class Meta:
        ordering: ClassVar = ["-corrected_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(replacement=models.F("crossing")),
                name="correction_replaces_another",
            ),
        ]

    def __str__(self) -> str:
        done = f"replaced by {self.replacement_id}" if self.replacement_id else "struck out"
        return f"{self.crossing_id} {done}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("crossing corrections are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("crossing corrections are append-only")

    @property
    def struck_out(self) -> bool:
        return self.replacement_id is None
