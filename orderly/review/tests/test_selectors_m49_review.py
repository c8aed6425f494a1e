"""The regional review of a UN M49 region, computed from the official files by the same selector
as ESCAP's: Asia's immigrants are UN DESA's own total for Asia."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import World
from orderly.review.regions import region
from orderly.review.selectors import regional_review, regional_review_json

pytestmark = pytest.mark.django_db

ASIA = ("Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia")


def test_the_regional_review_of_m49_asia_is_computed_from_the_official_files(
    world: World, imported: None, official_data: Path
) -> None:
    review = regional_review(actor=world.actor("analyst.alma"), region_key="m49-asia", year=2019)
    published = regional_review_json(review)
    assert (published["region"], published["region_title"]) == ("m49-asia", "Asia (UN M49)")
    assert published["immigrants"] == 83_559_197  # UN DESA's 2019 total for Asia (code 935)
    assert tuple(published["subregions"]) == ASIA
    assert len(published["countries"]) == len(region("m49-asia").members) == 50
    # Every Asian economy is named in the matrix by destination and origin.
    assert "emigrants" not in published["missing"]
    assert 0 < published["intra_regional"] < published["emigrants"]
    assert published["region_source"]["source"] == region("m49-asia").source


def test_every_known_region_gives_a_review(world: World, imported: None) -> None:
    analyst = world.actor("analyst.alma")
    for key in ("m49-africa", "m49-americas", "m49-europe", "m49-oceania"):
        published = regional_review_json(regional_review(actor=analyst, region_key=key, year=2019))
        assert published["immigrants"] > 0 and published["emigrants"] > 0, key
