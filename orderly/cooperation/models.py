"""Bilateral agreements, multilateral mechanisms and cooperation projects, kept by administrators.

These are public commitments of the State, not personal data. Each record names its source (a
treaty series reference, a declaration, a project document) so the review's annex can cite it.
The rules in ``cooperation.rules`` say what hangs together; the constraints below hold the
cheapest of it in the database too.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import F, Q

from orderly.cooperation.rules.agreements import MAX_NOTIFICATION_HOURS, AgreementTerms
from orderly.cooperation.rules.kinds import (
    AGREEMENT_KIND_LABELS,
    FUNDING_KIND_LABELS,
    MECHANISM_KIND_LABELS,
    PARTICIPATION_ROLE_LABELS,
    AgreementKind,
    choices,
)
from orderly.cooperation.rules.mechanisms import MechanismTerms
from orderly.cooperation.rules.problems import DESCRIPTION_MAX, SOURCE_MAX, TITLE_MAX, URL_MAX
from orderly.cooperation.rules.projects import ProjectTerms

ENDED_HELP = "The first day it no longer applies; empty while it does"
SOURCE_HELP = "Where the text is published, e.g. a treaty series reference"


class BilateralAgreement(models.Model):
    """An agreement between the State and one other State, in force from a day (or not yet)."""

    partner = models.CharField(max_length=3, help_text="ISO 3166-1 alpha-3 code, e.g. PHL")
    title = models.CharField(max_length=TITLE_MAX)
    kind = models.CharField(max_length=24, choices=choices(AGREEMENT_KIND_LABELS))
    signed_on = models.DateField()
    in_force_on = models.DateField(
        null=True, blank=True, help_text="Empty: signed, not yet in force"
    )
    ended_on = models.DateField(null=True, blank=True, help_text=ENDED_HELP)
    notification_hours = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Consular agreements only: hours within which the consular post is informed "
        "of a detained national",
    )
    notification_mandatory = models.BooleanField(
        default=False,
        help_text="Consular agreements only: the consular post is informed even if the detained "
        "national does not ask",
    )
    source = models.CharField(max_length=SOURCE_MAX, help_text=SOURCE_HELP)
    source_url = models.URLField(max_length=URL_MAX, blank=True)

    class Meta:
        ordering: ClassVar = ["partner", "signed_on", "title"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["partner", "title", "signed_on"],
                name="agreement_once",
                violation_error_message="this agreement is already recorded",
            ),
            models.CheckConstraint(
                condition=Q(in_force_on__isnull=True) | Q(in_force_on__gte=F("signed_on")),
                name="agreement_in_force_after_signing",
                violation_error_message="an agreement cannot enter into force before it is signed",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(in_force_on__isnull=True, ended_on__gt=F("signed_on"))
                | Q(ended_on__gt=F("in_force_on")),
                name="agreement_ends_after_it_starts",
                violation_error_message="an agreement ends after it enters into force",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind=AgreementKind.CONSULAR.value,
                    notification_hours__gte=1,
                    notification_hours__lte=MAX_NOTIFICATION_HOURS,
                )
                | (
                    ~Q(kind=AgreementKind.CONSULAR.value)
                    & Q(notification_hours__isnull=True, notification_mandatory=False)
                ),
                name="agreement_deadline_only_consular",
                violation_error_message="only a consular agreement, and every consular "
                "agreement, sets a notification deadline of 1 to 720 hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.title} ({self.signed_on})"

    def terms(self) -> AgreementTerms:
        """The agreement as the rules read it."""
        return AgreementTerms(
            partner=self.partner,
            title=self.title,
            kind=self.kind,
            signed_on=self.signed_on,
            in_force_on=self.in_force_on,
            ended_on=self.ended_on,
            notification_hours=self.notification_hours,
            notification_mandatory=self.notification_mandatory,
            source=self.source,
            source_url=self.source_url,
            reference="" if self.pk is None else str(self.pk),
        )


class MultilateralMechanism(models.Model):
    """A multilateral process, forum or network on migration, and the State's part in it."""

    name = models.CharField(max_length=TITLE_MAX, unique=True)
    kind = models.CharField(max_length=32, choices=choices(MECHANISM_KIND_LABELS))
    role = models.CharField(
        max_length=16, choices=choices(PARTICIPATION_ROLE_LABELS), help_text="The State's role"
    )
    joined_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text=ENDED_HELP)
    description = models.TextField(max_length=DESCRIPTION_MAX, blank=True)
    source = models.CharField(max_length=SOURCE_MAX, help_text=SOURCE_HELP)
    source_url = models.URLField(max_length=URL_MAX, blank=True)

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("joined_on")),
                name="mechanism_left_after_joining",
                violation_error_message="the State leaves after it joins",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def terms(self) -> MechanismTerms:
        return MechanismTerms(
            name=self.name,
            kind=self.kind,
            role=self.role,
            joined_on=self.joined_on,
            ended_on=self.ended_on,
            description=self.description,
            source=self.source,
            source_url=self.source_url,
        )


class CooperationProject(models.Model):
    """A project carried out with partners, its funding, and the GCM objectives it serves."""

    title = models.CharField(max_length=TITLE_MAX, unique=True)
    partners = models.JSONField(default=list, help_text="The partners' names")
    funding_kind = models.CharField(max_length=32, choices=choices(FUNDING_KIND_LABELS))
    funder = models.CharField(max_length=TITLE_MAX)
    amount = models.DecimalField(max_digits=15, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217 code, e.g. USD")
    starts_on = models.DateField()
    ends_on = models.DateField(
        null=True, blank=True, help_text="The last day; empty while no end is set"
    )
    objectives = models.JSONField(default=list, help_text="GCM objectives served, 1 to 23")
    summary = models.TextField(max_length=DESCRIPTION_MAX, blank=True)
    source = models.CharField(max_length=SOURCE_MAX, help_text="e.g. the project document")
    source_url = models.URLField(max_length=URL_MAX, blank=True)

    class Meta:
        ordering: ClassVar = ["starts_on", "title"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="project_ends_after_it_starts",
                violation_error_message="a project ends on or after the day it starts",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True, currency="") | (Q(amount__gt=0) & ~Q(currency="")),
                name="project_amount_with_currency",
                violation_error_message="an amount is positive and given with its currency",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def terms(self) -> ProjectTerms:
        return ProjectTerms(
            title=self.title,
            partners=tuple(self.partners),
            funding_kind=self.funding_kind,
            funder=self.funder,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            objectives=tuple(self.objectives),
            amount=self.amount,
            currency=self.currency,
            summary=self.summary,
            source=self.source,
            source_url=self.source_url,
        )
