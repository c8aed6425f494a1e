"""The MRZ rule on ICAO's published specimens, on what real documents and scanners do, and on
every single corrupted check digit. Check digits in the literal zones below were computed by
hand from Doc 9303 Part 3 (weights 7, 3, 1), not by the code under test."""

from __future__ import annotations

from datetime import date

import pytest

from orderly.registry.rules.mrz import (
    Mrz,
    NotAnMrz,
    build_mrz,
    compute_check_digit,
    parse_mrz,
    state_to_iso3,
)

TODAY = date(2025, 6, 1)

# Doc 9303 Part 4, the TD3 passport specimen of Utopia.
TD3_SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)
# Doc 9303 Part 5, the TD1 specimen.
TD1_SPECIMEN = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
# Doc 9303 Part 6, the TD2 specimen.
TD2_SPECIMEN = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"
# Doc 9303 Part 7, the visa specimens.
MRVA_SPECIMEN = (
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<"
)
MRVB_SPECIMEN = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<"

EMPTY_PERSONAL_NUMBER_WITH_FILLER_CHECK = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F3204153<<<<<<<<<<<<<<<4"
)
EMPTY_PERSONAL_NUMBER_WITH_ZERO_CHECK = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F3204153<<<<<<<<<<<<<<04"
)


def parse(text: str) -> Mrz:
    return parse_mrz(text, today=TODAY)


def fields_of(mrz: Mrz) -> set[str]:
    return {error.field for error in mrz.errors}


TD3_FIELDS = {
    "format": "TD3",
    "document_type": "P",
    "issuing_state": "UTO",
    "document_number": "L898902C3",
    "nationality": "UTO",
    "date_of_birth": "1974-08-12",
    "expiry_date": "2032-04-15",
    "sex": "F",
    "surname": "ERIKSSON",
    "given_names": "ANNA MARIA",
}


def build_td3(**changes: str | None) -> str:
    return build_mrz(**{**TD3_FIELDS, **changes})  # type: ignore[arg-type]


# ICAO's specimens ------------------------------------------------------------------------------


def test_the_icao_td3_passport_specimen_is_valid_with_every_field_read() -> None:
    mrz = parse(TD3_SPECIMEN)
    assert mrz.valid, mrz.errors
    assert (mrz.format, mrz.document_type, mrz.issuing_state) == ("TD3", "P", "UTO")
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert (mrz.document_number, mrz.nationality, mrz.sex) == ("L898902C3", "UTO", "F")
    assert (mrz.date_of_birth, mrz.expiry_date) == ("1974-08-12", "2012-04-15")
    assert mrz.optional_data == "ZE184226B"
    assert mrz.lines == tuple(TD3_SPECIMEN.split("\n"))


def test_the_icao_td1_card_specimen_is_valid_with_every_field_read() -> None:
    mrz = parse(TD1_SPECIMEN)
    assert mrz.valid, mrz.errors
    assert (mrz.format, mrz.document_type, mrz.issuing_state) == ("TD1", "I", "UTO")
    assert (mrz.document_number, mrz.nationality, mrz.sex) == ("D23145890", "UTO", "F")
    assert (mrz.date_of_birth, mrz.expiry_date) == ("1974-08-12", "2012-04-15")
    assert (mrz.surname, mrz.given_names, mrz.optional_data) == ("ERIKSSON", "ANNA MARIA", "")


def test_the_icao_td2_specimen_is_valid_with_every_field_read() -> None:
    mrz = parse(TD2_SPECIMEN)
    assert mrz.valid, mrz.errors
    assert (mrz.format, mrz.document_type, mrz.document_number) == ("TD2", "I", "D23145890")
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert (mrz.date_of_birth, mrz.expiry_date, mrz.sex) == ("1974-08-12", "2012-04-15", "F")


def test_the_icao_mrv_a_visa_specimen_is_valid_and_told_apart_from_a_passport() -> None:
    mrz = parse(MRVA_SPECIMEN)
    assert mrz.valid, mrz.errors
    assert (mrz.format, mrz.document_type, mrz.document_number) == ("MRVA", "V", "L8988901C")
    assert (mrz.nationality, mrz.date_of_birth, mrz.expiry_date) == (
        "XXX",
        "1940-09-07",
        "1996-12-10",
    )
    assert mrz.optional_data == "6ZE184226B"


def test_the_icao_mrv_b_visa_specimen_is_valid_and_told_apart_from_a_td2() -> None:
    mrz = parse(MRVB_SPECIMEN)
    assert mrz.valid, mrz.errors
    assert (mrz.format, mrz.document_type, mrz.document_number) == ("MRVB", "V", "L8988901C")
    assert (mrz.surname, mrz.given_names, mrz.optional_data) == ("ERIKSSON", "ANNA MARIA", "")


def test_as_dict_has_exactly_the_documented_json_keys() -> None:
    data = parse(TD3_SPECIMEN).as_dict()
    assert list(data) == [
        "format",
        "document_type",
        "issuing_state",
        "document_number",
        "nationality",
        "date_of_birth",
        "expiry_date",
        "sex",
        "surname",
        "given_names",
        "optional_data",
        "valid",
        "errors",
    ]
    assert data["valid"] is True
    assert data["errors"] == []


# What real documents do ------------------------------------------------------------------------


def test_a_filler_check_digit_over_an_empty_personal_number_is_valid() -> None:
    mrz = parse(EMPTY_PERSONAL_NUMBER_WITH_FILLER_CHECK)
    assert mrz.valid, mrz.errors
    assert mrz.optional_data == ""


def test_a_zero_check_digit_over_an_empty_personal_number_is_valid_too() -> None:
    assert parse(EMPTY_PERSONAL_NUMBER_WITH_ZERO_CHECK).valid


def test_any_other_check_digit_over_an_empty_personal_number_is_reported() -> None:
    text = EMPTY_PERSONAL_NUMBER_WITH_ZERO_CHECK.replace("<04", "<54")
    assert fields_of(parse(text)) == {"optional_data_check_digit", "composite_check_digit"}


def test_a_single_name_holder_has_the_name_in_surname_and_no_given_names() -> None:
    mrz = parse(
        "P<UTOMARIA<JOSEFINA<<<<<<<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F3204153<<<<<<<<<<<<<<<4"
    )
    assert mrz.valid, mrz.errors
    assert (mrz.surname, mrz.given_names) == ("MARIA JOSEFINA", "")


def test_a_td1_document_number_longer_than_nine_continues_in_optional_data() -> None:
    mrz = parse(
        "I<UTOD23145890<7349<<<<<<<<<<<\n7408122F3204153UTO<<<<<<<<<<<2\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
    )
    assert mrz.valid, mrz.errors
    assert mrz.document_number == "D23145890734"
    assert mrz.optional_data == ""


def test_a_td2_document_number_longer_than_nine_continues_in_optional_data() -> None:
    mrz = parse("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD23145890<UTO7408122F32041537349<<<8")
    assert mrz.valid, mrz.errors
    assert mrz.document_number == "D23145890734"


def test_a_wrong_check_digit_of_a_long_document_number_is_reported_on_the_number() -> None:
    text = "\n".join(
        [
            "I<UTOD23145890<7348<<<<<<<<<<<",
            "7408122F3204153UTO<<<<<<<<<<<9",
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        ]
    )
    assert fields_of(parse(text)) == {"document_number_check_digit"}


def test_germany_is_d_with_two_fillers_and_maps_to_deu() -> None:
    mrz = parse(
        "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F3204153<<<<<<<<<<<<<<<6"
    )
    assert mrz.valid, mrz.errors
    assert (mrz.issuing_state, mrz.nationality) == ("D", "D")
    assert state_to_iso3(mrz.issuing_state) == "DEU"


def test_unknown_month_and_day_of_birth_read_as_xx_without_error() -> None:
    mrz = parse(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO74<<<<1F3204153<<<<<<<<<<<<<<<2"
    )
    assert mrz.valid, mrz.errors
    assert mrz.date_of_birth == "1974-XX-XX"


def test_an_unknown_day_of_birth_reads_as_xx_without_error() -> None:
    mrz = parse(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408<<7F3204153<<<<<<<<<<<<<<<4"
    )
    assert mrz.valid, mrz.errors
    assert mrz.date_of_birth == "1974-08-XX"


def test_a_filler_sex_means_unspecified_and_reads_as_x() -> None:
    zone = build_mrz(
        format="TD3",
        document_type="P",
        issuing_state="UTO",
        document_number="L898902C3",
        nationality="UTO",
        date_of_birth="1974-08-12",
        expiry_date="2032-04-15",
        sex="X",
        surname="ERIKSSON",
        given_names="ANNA",
    )
    assert zone.split("\n")[1][20] == "<"
    assert parse(zone).sex == "X"
    assert parse(zone.replace("2<3204", "2X3204")).sex == "X"


def test_a_blank_expiry_date_is_none_and_valid() -> None:
    zone = build_mrz(
        format="TD1",
        document_type="ID",
        issuing_state="UTO",
        document_number="D23145890",
        nationality="UTO",
        date_of_birth="1974-08-12",
        expiry_date=None,
        sex="M",
        surname="ERIKSSON",
        given_names="JAN",
    )
    mrz = parse(zone)
    assert mrz.valid, mrz.errors
    assert mrz.expiry_date is None


# What scanners and people do ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "mangled",
    [
        pytest.param(TD3_SPECIMEN.lower(), id="lower case"),
        pytest.param(TD3_SPECIMEN.replace("\n", "\r\n"), id="CRLF"),
        pytest.param(TD3_SPECIMEN.replace("\n", "\r"), id="CR"),
        pytest.param("\n\n" + TD3_SPECIMEN.replace("\n", "\n\n\n") + "\n\n", id="blank lines"),
        pytest.param("  " + TD3_SPECIMEN.replace("\n", "  \n\t ") + " ", id="spaces around"),
        pytest.param(TD3_SPECIMEN.replace("L898902C3", "L898 902C3"), id="space inside"),
        pytest.param(TD3_SPECIMEN.replace("\n", ""), id="one line"),
        pytest.param(TD3_SPECIMEN + "\n", id="keyboard wedge Enter"),
        pytest.param(TD3_SPECIMEN.replace("\n", "\r") + "\r", id="keyboard wedge CR"),
        pytest.param("\ufeff" + TD3_SPECIMEN.replace("\n", "\u00a0\n"), id="BOM, no-break space"),
    ],
)
def test_a_mangled_specimen_still_parses_valid(mangled: str) -> None:
    mrz = parse(mangled)
    assert mrz.valid, mrz.errors
    assert mrz.lines == tuple(TD3_SPECIMEN.split("\n"))


@pytest.mark.parametrize(
    ("specimen", "expected_format"),
    [
        (TD1_SPECIMEN, "TD1"),
        (TD2_SPECIMEN, "TD2"),
        (TD3_SPECIMEN, "TD3"),
        (MRVA_SPECIMEN, "MRVA"),
        (MRVB_SPECIMEN, "MRVB"),
    ],
)
def test_every_format_pasted_on_one_line_is_cut_at_its_own_line_length(
    specimen: str, expected_format: str
) -> None:
    mrz = parse(specimen.replace("\n", " "))
    assert mrz.valid, mrz.errors
    assert mrz.format == expected_format


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("", "empty", id="empty"),
        pytest.param("   \n\n  ", "empty", id="white space only"),
        pytest.param("hello world", "found 1 line of 10", id="prose"),
        pytest.param(TD3_SPECIMEN.split("\n")[0], "found 1 line of 44", id="one of two lines"),
        pytest.param(TD3_SPECIMEN[:-1], "found 2 lines of 44 and 43", id="line too short"),
        pytest.param(TD3_SPECIMEN + "\n" + "<" * 44, "found 3 lines", id="line too many"),
        pytest.param(TD3_SPECIMEN.replace("ANNA", "AN-A"), "illegal characters '-'", id="dash"),
        pytest.param(TD3_SPECIMEN.replace("ANNA", "ANNÄ"), "illegal characters 'Ä'", id="umlaut"),
    ],
)
def test_text_that_is_no_mrz_raises_not_an_mrz_saying_why(text: str, reason: str) -> None:
    with pytest.raises(NotAnMrz, match=reason):
        parse(text)


def test_not_an_mrz_is_a_value_error() -> None:
    assert issubclass(NotAnMrz, ValueError)


# Check digits: each one corrupted alone is reported on its own field ------------------------------

SPECIMENS = {
    "TD1": TD1_SPECIMEN,
    "TD2": TD2_SPECIMEN,
    "TD3": TD3_SPECIMEN,
    "MRVA": MRVA_SPECIMEN,
    "MRVB": MRVB_SPECIMEN,
}
# (format, line index, position in line, field); Doc 9303 positions minus one.
CHECK_DIGITS = [
    ("TD3", 1, 9, "document_number_check_digit"),
    ("TD3", 1, 19, "date_of_birth_check_digit"),
    ("TD3", 1, 27, "expiry_date_check_digit"),
    ("TD3", 1, 42, "optional_data_check_digit"),
    ("TD3", 1, 43, "composite_check_digit"),
    ("TD1", 0, 14, "document_number_check_digit"),
    ("TD1", 1, 6, "date_of_birth_check_digit"),
    ("TD1", 1, 14, "expiry_date_check_digit"),
    ("TD1", 1, 29, "composite_check_digit"),
    ("TD2", 1, 9, "document_number_check_digit"),
    ("TD2", 1, 19, "date_of_birth_check_digit"),
    ("TD2", 1, 27, "expiry_date_check_digit"),
    ("TD2", 1, 35, "composite_check_digit"),
    ("MRVA", 1, 9, "document_number_check_digit"),
    ("MRVA", 1, 19, "date_of_birth_check_digit"),
    ("MRVA", 1, 27, "expiry_date_check_digit"),
    ("MRVB", 1, 9, "document_number_check_digit"),
    ("MRVB", 1, 19, "date_of_birth_check_digit"),
    ("MRVB", 1, 27, "expiry_date_check_digit"),
]


def _replace(text: str, line: int, position: int, char: str) -> str:
    lines = text.split("\n")
    lines[line] = lines[line][:position] + char + lines[line][position + 1 :]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("format_", "line", "position", "field"),
    [pytest.param(*case, id=f"{case[0]}-{case[3]}") for case in CHECK_DIGITS],
)
@pytest.mark.parametrize("wrong_by", range(1, 10))
def test_a_single_wrong_check_digit_is_reported_on_its_field_and_the_composite_over_it(
    format_: str, line: int, position: int, field: str, wrong_by: int
) -> None:
    specimen = SPECIMENS[format_]
    right = specimen.split("\n")[line][position]
    wrong = str((int(right) + wrong_by) % 10)
    mrz = parse(_replace(specimen, line, position, wrong))
    assert not mrz.valid
    assert mrz.errors[0].field == field
    assert f"should be {right!r}, found {wrong!r}" in mrz.errors[0].message
    # The composite covers the other check digits as printed (Parts 4-6); visas have none.
    has_composite = format_ not in ("MRVA", "MRVB") and field != "composite_check_digit"
    assert fields_of(mrz) == ({field, "composite_check_digit"} if has_composite else {field})


def test_it_reports_the_composite_check_digit_when_only_it_is_wrong() -> None:
    mrz = parse(TD3_SPECIMEN[:-1] + "1")
    assert mrz.errors[0].field == "composite_check_digit"
    assert mrz.errors[0].message == "the composite check digit should be '0', found '1'"
    assert len(mrz.errors) == 1


def test_a_wrong_character_in_the_document_number_fails_its_check_digit_and_the_composite() -> None:
    mrz = parse(TD3_SPECIMEN.replace("L898902C3", "L898902C8"))
    assert fields_of(mrz) == {"document_number_check_digit", "composite_check_digit"}


def test_a_filler_where_a_check_digit_belongs_is_reported() -> None:
    mrz = parse(_replace(TD3_SPECIMEN, 1, 19, "<"))
    assert fields_of(mrz) == {"date_of_birth_check_digit", "composite_check_digit"}


# Fields -----------------------------------------------------------------------------------------


def test_month_13_in_the_date_of_birth_is_reported_on_the_date_of_birth() -> None:
    mrz = parse(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7413128F3204153<<<<<<<<<<<<<<<4"
    )
    assert fields_of(mrz) == {"date_of_birth"}
    assert "month 13" in mrz.errors[0].message


def test_february_30_in_the_date_of_birth_is_reported_on_the_date_of_birth() -> None:
    mrz = parse(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7402304F3204153<<<<<<<<<<<<<<<0"
    )
    assert fields_of(mrz) == {"date_of_birth"}
    assert "February 1974 has days 01 to 28" in mrz.errors[0].message


def test_an_impossible_expiry_date_is_reported_on_the_expiry_date() -> None:
    mrz = parse(build_td3(expiry_date="2031-02-29"))
    assert fields_of(mrz) == {"expiry_date"}


def test_february_29_is_a_date_in_a_leap_year() -> None:
    assert parse(build_td3(date_of_birth="2000-02-29", expiry_date="2032-02-29")).valid


def test_an_expiry_before_the_birth_is_reported_on_the_expiry_date() -> None:
    mrz = parse(build_td3(date_of_birth="2020-01-01", expiry_date="2019-12-31"))
    assert fields_of(mrz) == {"expiry_date"}


def test_a_date_of_birth_takes_the_latest_century_not_in_the_future() -> None:
    assert parse(build_td3(date_of_birth="2025-06-01")).date_of_birth == "2025-06-01"
    assert parse(build_td3(date_of_birth="1925-06-02")).date_of_birth == "1925-06-02"
    assert parse(build_td3(date_of_birth="1925-XX-XX")).date_of_birth == "2025-XX-XX"
    assert parse(build_td3(date_of_birth="1925-07-XX")).date_of_birth == "1925-07-XX"


def test_an_expiry_date_falls_within_fifty_years_either_side_of_today() -> None:
    assert parse(build_td3(expiry_date="1975-06-01")).expiry_date == "1975-06-01"
    assert parse(build_td3(expiry_date="1975-05-31")).expiry_date == "2075-05-31"
    assert parse(build_td3(expiry_date="2075-06-01")).expiry_date == "1975-06-01"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"issuing_state": "ZZZ"}, "issuing_state"),
        ({"nationality": "QQ"}, "nationality"),
        ({"document_type": "I"}, "document_type"),
    ],
)
def test_a_field_the_format_does_not_allow_is_reported_on_that_field(
    changes: dict[str, str], field: str
) -> None:
    mrz = parse(build_td3(**changes))
    assert fields_of(mrz) == {field}


def test_a_card_may_not_use_v_as_second_letter_of_its_document_code() -> None:
    mrz = parse(build_mrz(**{**TD3_FIELDS, "format": "TD1", "document_type": "IV"}))
    assert fields_of(mrz) == {"document_type"}


def test_a_sex_other_than_f_m_x_or_filler_is_reported_on_sex() -> None:
    mrz = parse(_replace(TD3_SPECIMEN, 1, 20, "Q"))
    assert fields_of(mrz) == {"sex"}


def test_digits_in_the_name_are_reported_on_the_name() -> None:
    mrz = parse(TD3_SPECIMEN.replace("ANNA", "ANN4"))
    assert fields_of(mrz) == {"name"}


def test_a_date_of_birth_with_letters_is_reported_and_kept_as_printed() -> None:
    mrz = parse(_replace(TD3_SPECIMEN, 1, 15, "O"))
    assert "date_of_birth" in fields_of(mrz)
    assert mrz.date_of_birth == "74O812"


def test_a_td1_joins_its_two_optional_data_fields_with_a_space() -> None:
    zone = build_mrz(
        **{**TD3_FIELDS, "format": "TD1", "document_type": "I", "optional_data": "AB12 CD34"}
    )
    assert zone.split("\n")[0][15:20] == "AB12<"
    assert zone.split("\n")[1][18:23] == "CD34<"
    assert parse(zone).optional_data == "AB12 CD34"


# States, check digits and building --------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "iso3"),
    [
        ("D", "DEU"),
        ("D<<", "DEU"),
        ("FRA", "FRA"),
        ("nzl", "NZL"),
        ("GBD", "GBR"),
        ("GBN", "GBR"),
        ("UNO", None),
        ("XXA", None),
        ("XXB", None),
        ("XXX", None),
        ("EUE", None),
        ("RKS", None),
        ("UTO", None),
        ("ZZZ", None),
    ],
)
def test_state_codes_map_to_iso_alpha_3_where_a_country_is_meant(
    code: str, iso3: str | None
) -> None:
    assert state_to_iso3(code) == iso3


@pytest.mark.parametrize(
    ("chars", "digit"),
    [("L898902C3", "6"), ("740812", "2"), ("120415", "9"), ("ZE184226B<<<<<", "1"), ("", "0")],
)
def test_compute_check_digit_matches_the_specimens(chars: str, digit: str) -> None:
    assert compute_check_digit(chars) == digit


def test_compute_check_digit_refuses_characters_an_mrz_cannot_hold() -> None:
    with pytest.raises(ValueError, match="only A-Z"):
        compute_check_digit("ab-1")


def test_build_mrz_reproduces_the_td3_specimen() -> None:
    assert (
        build_mrz(
            format="TD3",
            document_type="P",
            issuing_state="UTO",
            document_number="L898902C3",
            nationality="UTO",
            date_of_birth="1974-08-12",
            expiry_date="2012-04-15",
            sex="F",
            surname="Eriksson",
            given_names="Anna Maria",
            optional_data="ZE184226B",
        )
        == TD3_SPECIMEN
    )


def test_build_mrz_truncates_long_given_names_before_the_surname() -> None:
    zone = build_td3(surname="VANDERSTEENHOVEN", given_names="MARIANNE LOUISE ELISABETH")
    assert zone.split("\n")[0][5:] == "VANDERSTEENHOVEN<<MARIANNE<LOUISE<ELISA"
    mrz = parse(zone)
    assert mrz.valid
    assert (mrz.surname, mrz.given_names) == ("VANDERSTEENHOVEN", "MARIANNE LOUISE ELISA")


def test_build_mrz_cuts_a_surname_too_long_for_the_field() -> None:
    zone = build_td3(surname="A" * 50, given_names="ANNA")
    assert zone.split("\n")[0][5:] == "A" * 39


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": "TD4"}, "unknown MRZ format"),
        ({"optional_data": "X" * 15}, "does not fit"),
        ({"document_number": "D23145890734"}, "room for 9"),
        ({"sex": "Q"}, "sex"),
        ({"date_of_birth": "12.08.1974"}, "date of birth"),
        ({"surname": "MÜLLER"}, "transliterate"),
    ],
)
def test_build_mrz_refuses_fields_that_cannot_be_written(
    changes: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build_td3(**changes)
