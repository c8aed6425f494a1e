"""API types of the review."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field


class SourceOut(Schema):
    dataset: str
    edition: str
    vintage: str
    reference: str
    file: str
    sha256: str
    figures: str


class RegionalReviewOut(Schema):
    """The regional review of a year (schema regional-review/1). Shares are fractions."""

    schema_: str = Field(alias="schema")
    region: str
    region_title: str
    year: int
    immigrants: float
    emigrants: float
    intra_regional: float
    world_migrant_stock: float
    immigrants_share_of_world: float
    emigrants_share_of_world: float
    intra_regional_share_of_world: float
    remittances_received_usd: float
    definitions: dict[str, str]
    subregion_titles: dict[str, str] = Field(
        description="Each subregion's name as a reader knows it, by the key `subregions` uses"
    )
    subregions: dict[str, dict[str, float | None]]
    missing: dict[str, list[str]]
    countries: list[dict[str, Any]]
    national_reviews: dict[str, Any] = Field(
        description="The national reviews the region's States sent for the year (schema "
        "national-review/1), side by side: each State's reported figures"
    )
    region_source: dict[str, str]
    sources: list[SourceOut]


class NationalReviewOut(Schema):
    """The national review of a year (schema national-review/1, documented in full as a JSON
    Schema in docs/reference/national-review.md): each GCM objective with the indicators that
    inform it (``reported`` null for one not reported yet) and its approved narrative (or
    null)."""

    schema_: str = Field(alias="schema")
    state: str
    period: str
    generated_at: str
    objectives: list[dict[str, Any]]
    cooperation: dict[str, Any] | None = Field(
        description="The State's agreements, mechanisms and projects for the period; null "
        "when the reader may not see the cooperation records"
    )
