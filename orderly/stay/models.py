"""Policy pack versions, the authorizations and applications a person holds, and the cached
decision per person (recomputed from the facts whenever they change)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from orderly.border.models import Crossing
from orderly.registry.models import Person
from orderly.stay.rules.facts import EXTENSION, RESIDENCE_PERMIT, VISA


class PackVersion(models.Model):
    """One loaded text of a policy pack. Never changed: a new text is a new version.

    The pack in force under a name is its most recently loaded version.
    """

    name = models.SlugField(max_length=64)
    version = models.CharField(max_length=64, help_text="The version the file states")
    title = models.CharField(max_length=200)
    text = models.TextField(help_text="The pack file as loaded (YAML)")
    sha256 = models.CharField(max_length=64)
    source = models.CharField(max_length=200, help_text="Where it was loaded from")
    loaded_at = models.DateTimeField()
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["name", "-loaded_at"]
        indexes: ClassVar = [models.Index(fields=["name", "loaded_at"], name="pack_latest")]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    @property
    def label(self) -> str:
        """The version as decisions record it: the stated version and the text's digest."""
        return f"{self.version}+{self.sha256[:12]}"


class Authorization(models.Model):
    """A visa, residence permit or extension of stay granted to a person."""

    class Kind(models.TextChoices):
        VISA_ = VISA, "Visa"
        RESIDENCE_PERMIT_ = RESIDENCE_PERMIT, "Residence permit"
        EXTENSION_ = EXTENSION, "Extension of stay"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="authorizations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    category = models.CharField(max_length=32, help_text="As the pack names it, e.g. L, work")
    reference = models.CharField(max_length=64, help_text="The visa or permit number")
    valid_from = models.DateField()
    valid_until = models.DateField()
    granted_on = models.DateField()
    entries = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: multiple")
    stay_days = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["person", "valid_from"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.category} {self.valid_from} to {self.valid_until}"


class Application(models.Model):
    """An application for an extension or a permit; pending while ``decided_on`` is empty."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="stay_applications")
    kind = models.CharField(max_length=32)
    filed_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["person", "filed_on"]

    def __str__(self) -> str:
        return f"{self.kind} filed {self.filed_on}"


# Stays of people not exempt that are still open or were left after their last lawful day: the
# only ones an overstay list can hold. The partial index below covers exactly these, and the
# list's query repeats the condition word for word so the database sees it may use that index.
OPEN_OR_LATE = models.Q(exempt=False) & (
    models.Q(exited_on__isnull=True) | models.Q(exited_on__gte=models.F("unlawful_from"))
)


class AuthorizedStay(models.Model):
    """A stay (an admitted entry and the exit that closed it) with its authorized end.

    A cache of the engine's answer, kept per entry crossing so the overstay list can read an
    indexed first unlawful day (``unlawful_from``) instead of deciding for every person
    present. It is recomputed from the facts whenever they change (a crossing, a correction, an
    authorization, an application).
    """

    entry = models.OneToOneField(
        Crossing, on_delete=models.PROTECT, primary_key=True, related_name="authorized_stay"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    pack = models.ForeignKey(PackVersion, on_delete=models.PROTECT, related_name="+")
    entered_on = models.DateField()
    port = models.CharField(max_length=16)
    region = models.CharField(max_length=32)
    basis = models.CharField(max_length=64, blank=True, help_text="Empty: no basis")
    authorized_until = models.DateField(
        null=True, blank=True, help_text="Empty: no basis, or exempt"
    )
    authorized_until_instant = models.DateTimeField(null=True, blank=True)
    # The first day present unlawfully: the day after the last lawful day, or the entry day when
    # no rule allowed the entry. Empty for the exempt. Being late is then one range of one
    # column, which an index answers, where "ended before the day, or had no basis" is not.
    unlawful_from = models.DateField(null=True, blank=True)
    exited_on = models.DateField(null=True, blank=True)
    # Another entry followed without an exit: the traveller left unseen. The engine counts such
    # a stay as its entry day alone, and ``exited_on`` says the same, so the stay neither
    # stays open for ever nor lists the traveller twice. (A database default too: workers of a
    # version before the column keep inserting stays while an upgrade runs.)
    exit_unrecorded = models.BooleanField(default=False, db_default=False)
    exempt = models.BooleanField(default=False)
    reasons = models.JSONField(default=list)
    decided_at = models.DateTimeField()

    class Meta:
        indexes: ClassVar = [
            # Only stays that are open or ended late: the overstay list reads nothing else, and
            # the closed, lawful stays and the exempt (nearly all of them) stay out of the index.
            # It holds every column the list's counts read (exempt too: SQLite does not see that
            # the condition settles it), so they never visit the table: at national scale a
            # count is millions of rows.
            models.Index(
                fields=["unlawful_from", "exited_on", "entered_on", "person", "region", "exempt"],
                name="stay_open_or_late",
                condition=OPEN_OR_LATE,
            ),
            models.Index(fields=["person", "entered_on"], name="stay_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.entered_on} to {self.authorized_until}"
