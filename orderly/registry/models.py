"""People and travel documents. One document always belongs to the same person."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.core.validators import RegexValidator
from django.db import models

from orderly.registry.rules.documents import PARTIAL_BIRTH_DATE

SEX_CHOICES = [("F", "Female"), ("M", "Male"), ("X", "Unspecified")]

# ICAO Doc 9303 lets a date of birth be partly unknown; the visual zone shows the unknown parts
# as XX, and so do we: "1975-XX-XX", "1975-06-XX".
PARTIAL_DATE = RegexValidator(
    PARTIAL_BIRTH_DATE,
    "Use YYYY-MM-DD, with XX for an unknown month or day (XXXX-XX-XX if unknown).",
)


class Person(models.Model):
    """A traveller or resident as known from their documents."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    surname = models.CharField(max_length=100, help_text="As on the document")
    given_names = models.CharField(max_length=150, blank=True, help_text="As on the document")
    surname_key = models.CharField(max_length=100, help_text="Normalized for matching")
    given_names_key = models.CharField(
        max_length=150, blank=True, help_text="Normalized for matching"
    )
    date_of_birth = models.CharField(max_length=10, validators=[PARTIAL_DATE])
    sex = models.CharField(max_length=1, choices=SEX_CHOICES)
    nationality = models.CharField(max_length=3, help_text="ICAO code, e.g. D for Germany")
    created_at = models.DateTimeField()

    class Meta:
        indexes: ClassVar = [
            models.Index(
                fields=["nationality", "date_of_birth", "surname_key"], name="person_match"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.surname}, {self.given_names}".strip(", ")

    @property
    def display_name(self) -> str:
        return f"{self.given_names} {self.surname}".strip()


class TravelDocument(models.Model):
    """A passport, identity card or other ICAO travel document, held by exactly one person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    holder = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="documents")
    document_type = models.CharField(max_length=2, help_text="ICAO code, e.g. P, PM, I, ID, AC")
    document_kind = models.CharField(max_length=1, help_text="First letter of the type: P, I, A, C")
    issuing_state = models.CharField(max_length=3)
    number = models.CharField(max_length=24)
    expiry_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["document_kind", "issuing_state", "number"], name="one_document_per_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_type} {self.issuing_state} …{self.number[-3:]}"
