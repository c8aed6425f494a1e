"""JSON API of the review: the national review's indicators and the regional review."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from orderly.core.actors import request_actor
from orderly.core.schemas import ERRORS, ErrorOut
from orderly.review.schemas import NationalReviewOut, RegionalReviewOut
from orderly.review.selectors import national_review_json, regional_review, regional_review_json

router = Router(tags=["review"])

YEAR = Query(..., ge=1900, le=2200, description="A year: 2019")
REGION = Query(
    "escap",
    pattern=r"^[a-z0-9-]{1,32}$",
    description="A region: escap, m49-africa, m49-americas, m49-asia, m49-europe, m49-oceania",
)
PERIOD = Query(..., pattern=r"^\d{4}$", description="A year: 2019")


@router.get("/review/regional", response={200: RegionalReviewOut, **ERRORS}, by_alias=True)
def get_regional(request: HttpRequest, year: int = YEAR, region: str = REGION) -> Any:
    """The regional review of ``year``: immigrants, emigrants and intra-regional migrants of the
    region's economies, their shares of the world's migrant stock, remittances received, by
    economy and subregion, with the source of every figure."""
    review = regional_review(actor=request_actor(request), region_key=region, year=year)
    return regional_review_json(review)


@router.get(
    "/review/national", response={200: NationalReviewOut, **ERRORS, 503: ErrorOut}, by_alias=True
)
def get_national(request: HttpRequest, period: str = PERIOD) -> Any:
    """The national review's indicators for a year, objective by objective, those the platform
    computes through disclosure control."""
    return national_review_json(actor=request_actor(request), period=period)
