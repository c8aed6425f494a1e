"""Properties of the MRZ rule: building then parsing gives back the fields, any one changed
digit under a check digit is caught, and no input makes the parser fail other than NotAnMrz."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from orderly.registry.rules.mrz import Mrz, NotAnMrz, build_mrz, parse_mrz
from orderly.registry.rules.mrz_layout import LAYOUTS
from orderly.registry.rules.mrz_states import KNOWN_CODES

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
STATES = sorted(KNOWN_CODES)
FIRST_LETTERS = {"TD1": "ACI", "TD2": "ACI", "TD3": "P", "MRVA": "V", "MRVB": "V"}
# Characters the document number may take beyond nine (Parts 5 and 6), none elsewhere.
EXTRA_NUMBER_ROOM = {"TD1": 14, "TD2": 6, "TD3": 0, "MRVA": 0, "MRVB": 0}


@dataclass(frozen=True)
class Case:
    today: date
    fields: dict[str, Any]


def _word(max_size: int) -> st.SearchStrategy[str]:
    return st.text(LETTERS, min_size=1, max_size=max_size)


def _names(width: int) -> st.SearchStrategy[tuple[str, str]]:
    surname = st.lists(_word(12), min_size=0, max_size=3).map(" ".join)
    given_names = st.lists(_word(10), min_size=0, max_size=3).map(" ".join)
    pairs = st.tuples(surname, given_names).filter(lambda pair: any(pair))
    # Names that fit without truncation, so they come back exactly.
    return pairs.filter(lambda pair: len(pair[0]) + 2 + len(pair[1]) <= width)


def _optional(max_size: int) -> st.SearchStrategy[str]:
    """Optional data as parse returns it: no leading or trailing fillers."""
    if max_size == 0:
        return st.just("")
    words = st.lists(st.text(LETTERS + DIGITS, min_size=1, max_size=6), max_size=3)
    return words.map("<".join).filter(lambda value: len(value) <= max_size)


def _document_type(format_: str) -> st.SearchStrategy[str]:
    seconds = LETTERS.replace("V", "") if format_ in ("TD1", "TD2") else LETTERS
    return st.tuples(st.sampled_from(FIRST_LETTERS[format_]), st.sampled_from(["", *seconds])).map(
        "".join
    )


def _dates(draw: st.DrawFn, today: date) -> tuple[str, str | None]:
    """A date of birth within the last 99 years, maybe partly unknown, and an expiry date in
    the window [today - 50 years, today + 50 years) not before the birth, or none."""
    birth = draw(st.dates(min_value=date(today.year - 99, 1, 1), max_value=today))
    birth_text = draw(
        st.sampled_from([birth.isoformat(), f"{birth:%Y-%m}-XX", f"{birth:%Y}-XX-XX", "XXXX-XX-XX"])
    )
    earliest = max(birth, today.replace(year=today.year - 50))
    latest = today.replace(year=today.year + 50) - timedelta(days=1)
    expiry = draw(st.none() | st.dates(min_value=earliest, max_value=latest))
    return birth_text, None if expiry is None else expiry.isoformat()


@st.composite
def cases(draw: st.DrawFn) -> Case:
    format_ = draw(st.sampled_from(sorted(LAYOUTS)))
    layout = LAYOUTS[format_]
    today = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 28)))
    today = today.replace(day=min(today.day, 28))  # no 29 February: the window is by year
    number = draw(st.text(LETTERS + DIGITS, min_size=1, max_size=9 + EXTRA_NUMBER_ROOM[format_]))
    # A long number takes its continuation, its check digit and a filler from optional data 1.
    used = len(number) - 9 + 2 if len(number) > 9 else 0
    room = layout.optional[1] - layout.optional[0] - used
    optional = draw(_optional(room))
    if layout.optional2 is not None:
        second = draw(_optional(layout.optional2[1] - layout.optional2[0]))
        optional = f"{optional} {second}" if optional and second else optional or second
    birth, expiry = _dates(draw, today)
    surname, given_names = draw(_names(layout.name[1] - layout.name[0]))
    fields = {
        "format": format_,
        "document_type": draw(_document_type(format_)),
        "issuing_state": draw(st.sampled_from(STATES)),
        "document_number": number,
        "nationality": draw(st.sampled_from(STATES)),
        "date_of_birth": birth,
        "expiry_date": expiry,
        "sex": draw(st.sampled_from("FMX")),
        "surname": surname,
        "given_names": given_names,
        "optional_data": optional,
    }
    return Case(today, fields)


def _fields_of(mrz: Mrz) -> dict[str, Any]:
    data = mrz.as_dict()
    del data["valid"], data["errors"]
    return data


@given(cases())
def test_building_then_parsing_gives_back_the_same_fields_and_a_valid_zone(case: Case) -> None:
    mrz = parse_mrz(build_mrz(**case.fields), today=case.today)
    assert mrz.errors == ()
    assert mrz.valid
    assert _fields_of(mrz) == case.fields


def _covered_positions(format_: str) -> list[int]:
    """Offsets in the joined zone of every character under a check digit, check digits too."""
    layout = LAYOUTS[format_]
    positions = [*range(layout.number, layout.number + 10)]
    positions += [*range(layout.birth, layout.birth + 7), *range(layout.expiry, layout.expiry + 7)]
    if layout.composite is not None:
        # The composite covers the optional data of TD1 and TD2 and, with the personal number
        # check digit, that of TD3; the optional data of visas is covered by nothing.
        for start, end in layout.composite_ranges:
            positions += range(start, end)
        positions.append(layout.composite)
    return sorted(set(positions))


@given(cases(), st.data())
def test_changing_any_one_digit_under_a_check_digit_makes_the_zone_invalid(
    case: Case, data: st.DataObject
) -> None:
    zone = build_mrz(**case.fields).replace("\n", "")
    digits = [at for at in _covered_positions(case.fields["format"]) if zone[at].isdigit()]
    assume(digits)
    at = data.draw(st.sampled_from(digits))
    new = data.draw(st.sampled_from(DIGITS.replace(zone[at], "")))
    changed = zone[:at] + new + zone[at + 1 :]
    assert not parse_mrz(changed, today=case.today).valid


@given(cases())
def test_case_and_white_space_do_not_change_what_is_read(case: Case) -> None:
    text = build_mrz(**case.fields)
    sloppy = " " + text.lower().replace("\n", " \r\n\n ") + "\n"
    assert parse_mrz(sloppy, today=case.today) == parse_mrz(text, today=case.today)


@given(st.text())
def test_any_text_gives_an_mrz_or_not_an_mrz_and_nothing_else(text: str) -> None:
    with contextlib.suppress(NotAnMrz):
        parse_mrz(text, today=date(2025, 6, 1))


@given(
    st.sampled_from([(3, 30), (2, 36), (2, 44)]).flatmap(
        lambda shape: st.lists(
            st.text(LETTERS + DIGITS + "<", min_size=shape[1], max_size=shape[1]),
            min_size=shape[0],
            max_size=shape[0],
        )
    )
)
def test_any_characters_in_the_shape_of_a_zone_parse_without_raising(lines: list[str]) -> None:
    mrz = parse_mrz("\n".join(lines), today=date(2025, 6, 1))
    assert mrz.lines == tuple(lines)
    assert mrz.valid == (mrz.errors == ())
