"""Border crossing points and crossings. A crossing is a fact: recorded once, never edited."""

from __future__ import annotations

import uuid
from typing import ClassVar

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


class Crossing(models.Model):
    """One person passing (or refused at) one port in one direction at one instant."""

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
    source = models.CharField(max_length=8, choices=Source.choices)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.UNKNOWN)
    flags = models.JSONField(default=list, blank=True)

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
