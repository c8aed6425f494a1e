"""Where the review tests find the official files: ``ORDERLY_OFFICIAL_DATA``, or the folder
``shared/data`` beside the project's checkout. Tests that need them are skipped, saying so,
where they are not."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def official_data() -> Path:
    folder = Path(os.environ.get("ORDERLY_OFFICIAL_DATA", ROOT.parent / "shared" / "data"))
    if not folder.is_dir():
        pytest.skip(f"the official files are not at {folder} (set ORDERLY_OFFICIAL_DATA)")
    return folder


@pytest.fixture
def imported(world: Any, official_data: Path) -> None:
    """The 2019 stock by destination, the stock by destination and origin, and the World Bank's
    remittances, imported by the administrator."""
    from orderly.review.services import official_file_import

    ada = world.actor("admin.ada")
    for name in (
        "UN_MigrantStockTotal_2019.xlsx",
        "UN_MigrantStockByOriginAndDestination_2019_clean.csv",
        "API_BX.TRF.PWKR.CD.DT_DS2_en_excel_v2_6000901.xls",
    ):
        official_file_import(actor=ada, path=official_data / name)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A statistics warehouse with a synthetic 2019 and 2018 (20,000 and 19,000 crossings)."""
    from orderly.stats.rules.categories import parse_categories
    from orderly.stats.synthetic import warehouse_synthesize
    from orderly.stats.warehouse import Warehouse

    folder = tmp_path_factory.mktemp("national")
    categories = parse_categories("UTO", "")
    warehouse_synthesize(
        warehouse=Warehouse(folder), categories=categories, years={2019: 20_000, 2018: 19_000}
    )
    return folder
