"""The official international files imported for the GCM review, and the figures read from them.

Each import keeps the file's name, its SHA-256, the dataset, edition and vintage it holds, so
every figure computed from it can say where it came from. Figures are never edited: a newer
edition, or a revised vintage, is imported beside the older one.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models


class OfficialFile(models.Model):
    class Kind(models.TextChoices):
        STOCK_BY_DESTINATION = "stock_by_destination", "International migrant stock by destination"
        STOCK_BY_ORIGIN = "stock_by_origin", "International migrant stock by destination and origin"
        REMITTANCES = "remittances", "Personal remittances received (current US$)"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    dataset = models.CharField(max_length=128)
    edition = models.CharField(max_length=16)
    reference = models.CharField(max_length=128, blank=True)
    vintage = models.CharField(max_length=16, blank=True, help_text="Last updated, YYYY-MM-DD")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    years = models.CharField(max_length=16, help_text="The first and last year, 1990-2019")
    left_out = models.JSONField(default=list, help_text="Rows left out: regional subtotals")
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["kind", "sha256"], name="official_file_once")
        ]

    def __str__(self) -> str:
        vintage = f", {self.vintage}" if self.vintage else ""
        return f"{self.dataset} {self.edition}{vintage} ({self.file_name})"


class AreaFigure(models.Model):
    """An area's figure for a year: its international migrant stock (areas by their M49 code)
    or the remittances it received (economies by their ISO 3166 alpha-3 code)."""

    source = models.ForeignKey(OfficialFile, on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField()
    area = models.CharField(max_length=8)
    name = models.CharField(max_length=128)
    is_country = models.BooleanField()
    value = models.FloatField(null=True, blank=True, help_text="Empty: not available")

    class Meta:
        indexes: ClassVar = [models.Index(fields=["source", "year", "area"], name="area_figure")]

    def __str__(self) -> str:
        return f"{self.name} {self.year}: {self.value}"


class OriginDestinationFigure(models.Model):
    """People born in ``origin`` living in ``destination`` at mid-year (UN DESA's names)."""

    source = models.ForeignKey(OfficialFile, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    destination = models.CharField(max_length=128)
    origin = models.CharField(max_length=128)
    value = models.FloatField()

    class Meta:
        indexes: ClassVar = [models.Index(fields=["source", "year"], name="origin_figure")]

    def __str__(self) -> str:
        return f"{self.origin} in {self.destination} {self.year}: {self.value}"


class Narrative(models.Model):
    """One version of what the State writes on a GCM objective for a reporting period.

    Versions of an objective's text follow one another: the published text is the newest
    approved version, and at most one newer version is open (a draft, or reviewed) at a time.
    The steps a version goes through are decided in ``rules/narrative.py``.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEWED = "reviewed", "Reviewed"
        APPROVED = "approved", "Approved"

    period = models.CharField(max_length=4, help_text="The reporting year, e.g. 2025")
    objective = models.PositiveSmallIntegerField(help_text="The GCM objective, 1 to 23")
    version = models.PositiveIntegerField()
    revision = models.PositiveIntegerField(
        default=1, help_text="Counts the saves of this version: a stale form is refused"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    progress = models.TextField(blank=True)
    challenges = models.TextField(blank=True)
    good_practice = models.TextField(blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()
    authors = models.JSONField(
        default=list, help_text="The ids of everyone who saved this version: none may sign it off"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    returned_because = models.TextField(blank=True, help_text="Why it was sent back to draft")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["period", "objective", "version"], name="narrative_version_once"
            ),
            models.UniqueConstraint(
                fields=["period", "objective"],
                condition=models.Q(status__in=["draft", "reviewed"]),
                name="narrative_one_open_version",
            ),
            models.CheckConstraint(
                condition=models.Q(objective__gte=1, objective__lte=23),
                name="narrative_objective_1_to_23",
            ),
        ]

    def __str__(self) -> str:
        return f"Objective {self.objective}, {self.period}, version {self.version} ({self.status})"


class ReceivedReview(models.Model):
    """A national review a State sent, kept as it came (checked against its schema), so that a
    regional body compares the reviews of many States. The newest a State generated for a
    period is the one read; older ones stay."""

    schema = models.CharField(max_length=32)
    state = models.CharField(max_length=3, help_text="ISO 3166-1 alpha-3")
    period = models.CharField(max_length=4)
    generated_at = models.CharField(max_length=40, help_text="As the State's platform wrote it")
    document = models.JSONField()
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField()
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes: ClassVar = [models.Index(fields=["period", "state"], name="received_review")]

    def __str__(self) -> str:
        return f"{self.state} {self.period} ({self.schema}, generated {self.generated_at})"
