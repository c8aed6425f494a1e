"""The two layouts of UN DESA's workbook by destination and origin, built here as python-calamine
reads a sheet (rows of equal length; text, floats, and empty text for an empty cell), after UN
DESA's published description; and a small writer of .xlsx files, to hand such rows to the
platform as a file."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from orderly.review.rules.sheets import Cell, column_letter

Rows = list[list[Cell]]


def _rectangular(rows: Rows) -> Rows:
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


def _title(*lines: str) -> Rows:
    return [["", "", "", "", line] if line else [""] for line in lines]


# 2019: Table 1 holds both sexes, one row for each year and destination, one column for each
# origin. Regions and headings come among the destinations; names may be indented or carry '*'.
MATRIX_HEADER: list[Cell] = [
    "Year", "Sort\norder", "Major area, region, country or area of destination", "Notes", "Code",
    "Type of data (a)", "Total", "Other North", "Other South",
    "Afghanistan", "Fiji", "Samoa", "Tonga", "Micronesia (Fed. States of)",
]  # fmt: skip
MATRIX_TITLE_ROWS = 14  # the header is row 15


def matrix_2019_rows() -> Rows:
    return _rectangular(
        [
            *_title(
                "United Nations",
                "Population Division",
                "Department of Economic and Social Affairs",
                "",
                "Workbook: UN_MigrantStockByOriginAndDestination_2019.xlsx",
                "Table 1 - International migrant stock at mid-year by sex and by major area, "
                "region, country or area of destination and origin, 1990-2019",
                "",
                "Copyright \u00a9 2019 by United Nations, made available under a Creative Commons "
                "license CC BY 3.0 IGO: http://creativecommons.org/licenses/by/3.0/igo/",
                "Suggested citation: United Nations, Department of Economic and Social Affairs. "
                "Population Division (2019). International Migrant Stock 2019: by destination "
                "and origin (United Nations database, POP/DB/MIG/Stock/Rev.2019).",
                "",
                "",
                "",
                "",
                "",
            ),
            MATRIX_HEADER,
            # Year, sort, destination, notes, code, type, total, N, S, AFG, FJI, WSM, TON, FSM
            [1990.0, 1.0, "WORLD", "", 900.0, "", 153e6, 1e6, 2e6, 6.6e6, 40e3, 70e3, 30e3, 2e3],
            [1990.0, 2.0, "UN development groups", "", "", "", "..", "..", "..", "..", "..", "..",
             "..", ".."],
            [1990.0, 3.0, "Polynesia", "", 957.0, "", 30e3, "..", 500.0, "..", 800.0, 900.0,
             1_000.0, ".."],
            [1990.0, 4.0, "  Samoa", "", 882.0, "B R", 3_357.0, 10.0, 20.0, "..", 300.0, "",
             650.0, ".."],
            [1990.0, 5.0, "  Tonga*", "7", 776.0, "B R", 2_911.0, "..", "..", "", 120.0, 410.0,
             0.0, ".."],
            [1990.0, 6.0, "Micronesia", "", 954.0, "", 20e3, "..", "..", "..", "..", 15.0, "..",
             ".."],
            [1990.0, 7.0, "  Micronesia (Fed. States of)", "", 583.0, "B", 3_500.0, "..", "..",
             "..", 5.0, "..", "..", ""],
            [2019.0, 8.0, "WORLD", "", 900.0, "", 272e6, 1e6, 2e6, 5e6, 90e3, 130e3, 60e3, 3e3],
            [2019.0, 9.0, "Polynesia", "", 957.0, "", 35e3, "..", 600.0, "..", 900.0, 1_100.0,
             1_500.0, ".."],
            [2019.0, 10.0, "  Samoa", "", 882.0, "B R", 4_028.0, 12.0, 25.0, 3.0, 350.0, "",
             780.0, ".."],
            [2019.0, 11.0, "  Tonga*", "7", 776.0, "B R", 3_747.0, "..", "..", "", 140.0, 540.0,
             "..", ".."],
            ["", "", "Notes: (a) B: foreign-born population; R: refugees added.", "", "", "", "",
             "", "", "", "", "", "", ""],
        ]
    )  # fmt: skip


# 2020: one row for each destination and origin, then the years for both sexes, for males and
# for females. Aggregates come among both the destinations and the origins.
YEARS_2020 = [1990.0, 1995.0, 2000.0, 2005.0, 2010.0, 2015.0, 2020.0]
PAIRS_HEADER: list[Cell] = [
    "Index",
    "Region, development group, country or area of destination",
    "Notes of destination",
    "Location code of destination",
    "Type of Data of destination",
    "Region, development group, country or area of origin",
    "Location code of origin",
    *YEARS_2020,
    *YEARS_2020,
    *YEARS_2020,
]
PAIRS_TITLE_ROWS = 10  # the header is row 11


def _at(column: int, *cells: Cell) -> list[Cell]:
    """A row with ``cells`` from ``column`` on."""
    return [*[""] * column, *cells]


def _pair(index: int, destination: tuple[str, str, float, str], origin: tuple[str, float],
          both: Sequence[Cell]) -> list[Cell]:  # fmt: skip
    name, notes, code, kind = destination
    halves: list[Cell] = [v / 2 if isinstance(v, float) else v for v in both]
    return [float(index), name, notes, code, kind, *origin, *both, *halves, *halves]


WORLD = ("WORLD", "", 900.0, "")
AFRICA = ("  Sub-Saharan Africa", "", 947.0, "")
SAMOA = ("   Samoa", "", 882.0, "B R")
TONGA = ("   Tonga*", "7", 776.0, "B R")
NEW_ZEALAND = ("   New Zealand*", "31", 554.0, "B")
AVAILABLE = [300.0, 320.0, 340.0, 350.0, 360.0, 370.0, 380.0]


def pairs_2020_rows() -> Rows:
    return _rectangular(
        [
            _at(5, "International Migrant Stock 2020: Destination and origin"),
            _at(
                5,
                "Table 1: International migrant stock at mid-year by sex and by region, "
                "country or area of destination and origin, 1990-2020",
            ),
            _at(5, "POP/DB/MIG/Stock/Rev.2020"),
            _at(
                5,
                "Suggested citation: United Nations Department of Economic and Social Affairs, "
                "Population Division (2020). International Migrant Stock 2020.",
            ),
            _at(
                5,
                "Copyright \u00a9 2020 by United Nations, made available under a Creative Commons "
                "license CC BY 3.0 IGO: http://creativecommons.org/licenses/by/3.0/igo/",
            ),
            [""],
            _at(
                7,
                "International migrant stock at mid-year, both sexes combined", *[""] * 6,
                "International migrant stock at mid-year, males", *[""] * 6,
                "International migrant stock at mid-year, females",
            ),
            [""],
            [""],
            [""],
            PAIRS_HEADER,
            _pair(1, WORLD, ("WORLD", 900.0), [153e6, 161e6, 173e6, 191e6, 221e6, 248e6, 281e6]),
            _pair(2, WORLD, ("   Samoa", 882.0), [60e3, 62e3, 64e3, 66e3, 68e3, 70e3, 72e3]),
            _pair(3, AFRICA, ("WORLD", 900.0), [13e6, 14e6, 13e6, 14e6, 16e6, 21e6, 22e6]),
            _pair(4, SAMOA, ("WORLD", 900.0), [3_357.0, 4_694.0, 5_998.0, 5_300.0, 4_900.0,
                                               4_200.0, 4_028.0]),
            _pair(5, SAMOA, ("   Fiji", 242.0), AVAILABLE),
            _pair(6, SAMOA, ("   Tonga*", 776.0), [650.0, "..", "", 0.0, 700.0, 740.0, 780.0]),
            _pair(7, SAMOA, ("Other", 2003.0), [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0]),
            _pair(8, TONGA, ("   Samoa", 882.0), [410.0, 430.0, "..", "..", 500.0, 520.0, 540.0]),
            _pair(9, TONGA, ("  Oceania", 909.0), [900.0] * 7),
            _pair(10, NEW_ZEALAND, ("   Samoa", 882.0), [47e3, 52e3, 58e3, 60e3, 62e3, 64e3,
                                                         66e3]),
            _pair(11, NEW_ZEALAND, ("   Tonga*", 776.0), [12e3] * 7),
        ]
    )  # fmt: skip


def write_xlsx(path: Path, sheets: dict[str, Rows]) -> Path:
    """A workbook of ``sheets`` (name: rows), each cell a number or inline text: as little of
    the Office Open XML format as a reader needs."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/package/2006/relationships"
    document = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    names = list(sheets)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _content_types(len(names)))
        package.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{relations}"><Relationship Id="rId1" '
            f'Type="{document}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        listed = "".join(
            f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{n}" r:id="rId{n}"/>'
            for n, name in enumerate(names, start=1)
        )
        package.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{document}"><sheets>{listed}</sheets></workbook>',
        )
        targets = "".join(
            f'<Relationship Id="rId{n}" Type="{document}/worksheet" '
            f'Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(names) + 1)
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{relations}">{targets}</Relationships>',
        )
        for n, name in enumerate(names, start=1):
            package.writestr(f"xl/worksheets/sheet{n}.xml", _sheet(main, sheets[name]))
    return path


def _content_types(sheets: int) -> str:
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{kind}.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
        f"{overrides}</Types>"
    )


def _sheet(main: str, rows: Rows) -> str:
    written = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{column_letter(c)}{r}", value) for c, value in enumerate(row))
        written.append(f'<row r="{r}">{cells}</row>')
    return f'<worksheet xmlns="{main}"><sheetData>{"".join(written)}</sheetData></worksheet>'


def _cell(where: str, value: Cell) -> str:
    if value == "" or value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{where}"><v>{value!r}</v></c>'
    shown = escape(str(value))
    return f'<c r="{where}" t="inlineStr"><is><t xml:space="preserve">{shown}</t></is></c>'
