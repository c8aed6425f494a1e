"""Pack files: the shipped packs load and decide, and every mistake in a file is named with its
file, line and field. Line numbers below are counted by hand in the inline texts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from textwrap import dedent, indent

import pytest

from orderly.stay.packfiles import (
    DOCUMENT,
    PACKS_DIR,
    PackError,
    installed_pack_files,
    load_pack,
    pack_from_text,
)
from orderly.stay.rules import CrossingFact, PersonFacts, Status, decide
from orderly.stay.rules.facts import ENTRY, noon
from orderly.stay.rules.pack import Pack

# Six lines; the rules of each test below begin on line 7.
HEADER = """\
name: test-pack
title: Test pack
version: "1"
time_zone: UTC
notice: Illustrative only; not legal advice.
rules:
"""

VISA_RULE = """\
  - id: visa-tourism
    kind: visa
    reference: Law, art. 1
    categories: [L]
"""


def with_rules(rules: str) -> str:
    """A pack text: the header, then ``rules`` (written indented under ``rules:``)."""
    return HEADER + indent(dedent(rules), "  ")


def error_in(text: str) -> PackError:
    with pytest.raises(PackError) as caught:
        pack_from_text(text, "test.yaml")
    return caught.value


def where(error: PackError) -> tuple[int | None, str]:
    return error.line, error.field


def shipped(name: str) -> Pack:
    return load_pack(installed_pack_files()[name])


def entering(day: date, nationality: str, *, port: str = "", purpose: str = "") -> PersonFacts:
    crossing = CrossingFact(noon(day), day, ENTRY, port=port, purpose=purpose)
    return PersonFacts(nationalities=frozenset({nationality}), crossings=(crossing,))


# --- the shipped packs ------------------------------------------------------------------------


def test_both_shipped_packs_are_installed_under_the_names_in_their_files() -> None:
    assert installed_pack_files() == {
        "demo-host": PACKS_DIR / "demo-host.yaml",
        "schengen-90-180": PACKS_DIR / "schengen-90-180.yaml",
    }


def test_every_shipped_pack_says_it_is_illustrative_and_not_legal_advice() -> None:
    for name in installed_pack_files():
        notice = shipped(name).notice
        assert "llustrative" in notice and "not legal advice" in notice


def test_the_demo_host_pack_exempts_citizens_of_utopia() -> None:
    citizens = shipped("demo-host").rule("citizens")
    assert citizens is not None
    assert (citizens.kind, citizens.nationalities) == ("exemption", frozenset({"UTO"}))


def test_the_demo_host_144_hour_transit_lists_ports_regions_and_about_fifty_nationalities() -> None:
    transit = shipped("demo-host").rule("transit-144")
    assert transit is not None
    assert transit.hours == 144
    assert {"CAP-AIR", "CAP-RAIL"} <= transit.ports
    assert transit.regions == {"capital", "east"}
    assert transit.nationalities is not None and 50 <= len(transit.nationalities) <= 60


def test_the_demo_host_has_transit_of_24_72_144_and_240_hours() -> None:
    transits = shipped("demo-host").of_kind("transit")
    assert sorted(rule.hours for rule in transits) == [24, 72, 144, 240]


def test_the_demo_host_visas_cover_every_category_of_purpose() -> None:
    visas = shipped("demo-host").of_kind("visa")
    categories = set().union(*(rule.categories for rule in visas))
    expected = {"L", "M", "Z", "X1", "X2", "Q1", "Q2", "S1", "S2", "G", "C"}
    assert categories == expected
    assert all(rule.stay_days for rule in visas)


def test_the_demo_host_residence_permits_cover_every_category() -> None:
    permits = shipped("demo-host").of_kind("residence_permit")
    categories = set().union(*(rule.categories for rule in permits))
    assert categories == {"work", "study", "family", "business", "investment", "permanent"}


def test_the_demo_host_2020_automatic_extension_is_two_months_of_stay_and_residence() -> None:
    measure = shipped("demo-host").rule("automatic-extension-2020")
    assert measure is not None
    assert (measure.months, measure.days) == (2, 0)
    assert measure.applies_to == {"stay", "residence"}
    assert measure.effective_from == date(2020, 1, 28)


def test_the_demo_host_suspension_covers_the_pandemic_years() -> None:
    suspension = shipped("demo-host").rule("suspension-2020")
    assert suspension is not None
    assert (suspension.start, suspension.end) == (date(2020, 3, 28), date(2023, 3, 14))
    assert {"transit-24", "transit-144", "visa-free-agreements"} <= suspension.suspends


def test_the_schengen_pack_counts_90_days_in_180_for_visas_and_visa_free_stays() -> None:
    rolling = shipped("schengen-90-180").rule("short-stay-90-180")
    assert rolling is not None
    assert (rolling.max_days, rolling.window_days) == (90, 180)
    assert rolling.limits == {"visa", "visa_free"}
    assert rolling.nationalities is not None and "USA" in rolling.nationalities


def test_the_schengen_pack_exempts_germans_by_their_iso_code() -> None:
    free_movement = shipped("schengen-90-180").rule("free-movement")
    assert free_movement is not None and free_movement.nationalities is not None
    assert "DEU" in free_movement.nationalities and "D" not in free_movement.nationalities


def test_a_usa_national_may_stay_90_days_from_entry_under_the_schengen_pack() -> None:
    facts = entering(date(2025, 1, 1), "USA")
    decision = decide(facts, shipped("schengen-90-180"), date(2025, 2, 1))
    assert decision.status == Status.REGULAR
    assert decision.authorized_until == date(2025, 3, 31)


def test_a_german_is_exempt_under_the_schengen_pack() -> None:
    decision = decide(
        entering(date(2025, 1, 1), "DEU"), shipped("schengen-90-180"), date(2025, 6, 1)
    )
    assert decision.status == Status.EXEMPT


def test_a_french_national_may_stay_30_days_without_a_visa_in_the_demo_host_in_2025() -> None:
    facts = entering(date(2025, 1, 10), "FRA", port="CAP-AIR")
    decision = decide(facts, shipped("demo-host"), date(2025, 1, 20))
    assert (decision.status, decision.basis) == (Status.REGULAR, "visa-free-30")
    assert decision.authorized_until == date(2025, 2, 8)


def test_a_transit_passenger_in_2025_has_240_hours_at_the_capital_airport() -> None:
    facts = entering(date(2025, 1, 10), "USA", port="CAP-AIR", purpose="transit")
    decision = decide(facts, shipped("demo-host"), date(2025, 1, 15))
    assert (decision.status, decision.basis) == (Status.REGULAR, "transit-240")
    assert decision.authorized_until == date(2025, 1, 20)


def test_visa_free_entry_under_an_agreement_gave_no_basis_during_the_suspension() -> None:
    facts = entering(date(2021, 6, 1), "SGP", port="CAP-AIR")
    decision = decide(facts, shipped("demo-host"), date(2021, 6, 2))
    assert decision.status == Status.IRREGULAR
    assert "suspension-2020" in {reason.rule for reason in decision.reasons}


# --- a pack that reads -----------------------------------------------------------------------


def test_a_small_pack_reads_with_its_effective_dates() -> None:
    pack = pack_from_text(
        with_rules("""\
            - id: free
              kind: visa_free
              reference: Law, art. 2
              title: visa-free entry
              effective: {from: 2024-01-01, until: "2024-12-31"}
              days: 15
              nationalities: [FRA, DEU]
            """),
        "test.yaml",
    )
    rule = pack.rules[0]
    assert (pack.name, pack.version, pack.time_zone) == ("test-pack", "1", "UTC")
    assert (rule.effective_from, rule.effective_until) == (date(2024, 1, 1), date(2024, 12, 31))
    assert (rule.days, rule.nationalities) == (15, frozenset({"FRA", "DEU"}))


def test_an_anchor_may_share_one_list_of_nationalities_between_rules() -> None:
    pack = pack_from_text(
        with_rules("""\
            - id: a
              kind: exemption
              reference: Law
              nationalities: &both [FRA, DEU]
            - id: b
              kind: visa_free
              reference: Law
              days: 10
              nationalities: *both
            """),
        "test.yaml",
    )
    assert pack.rules[0].nationalities == pack.rules[1].nationalities


# --- errors: where they are and what they say ---------------------------------------------------


def test_an_error_reads_file_line_field_and_message() -> None:
    error = PackError("packs/x.yaml", 12, "rules[3].hours", "must be a whole number")
    assert str(error) == "packs/x.yaml:12: rules[3].hours: must be a whole number"
    assert isinstance(error, ValueError)


def test_an_unknown_key_is_named_with_its_line() -> None:
    error = error_in(HEADER.replace("rules:\n", "colour: blue\nrules:\n") + VISA_RULE)
    assert where(error) == (6, "colour")
    assert "'colour'" in error.message


def test_an_unknown_key_in_a_rule_is_named_with_its_line() -> None:
    error = error_in(HEADER + VISA_RULE + "    stay_dayz: 30\n")
    assert where(error) == (11, "rules[0].stay_dayz")
    assert error.file == "test.yaml"


def test_a_key_of_another_kind_is_unknown_to_this_kind() -> None:
    error = error_in(HEADER + VISA_RULE + "    hours: 24\n")
    assert where(error) == (11, "rules[0].hours")
    assert "visa rule" in error.message


def test_a_missing_top_level_field_is_named_at_the_start_of_the_pack() -> None:
    error = error_in(
        HEADER.replace("notice: Illustrative only; not legal advice.\n", "") + VISA_RULE
    )
    assert where(error) == (1, "notice")
    assert error.message == "is required"


def test_a_missing_field_of_a_kind_is_named_at_the_start_of_its_rule() -> None:
    error = error_in(
        with_rules("""\
            - id: visa-tourism
              kind: visa
              reference: Law
              categories: [L]
            - id: transit
              kind: transit
              reference: Law
              ports: [CAP-AIR]
              nationalities: [USA]
            """)
    )
    assert where(error) == (11, "rules[1].hours")


def test_a_rule_without_a_reference_is_refused() -> None:
    error = error_in(HEADER + VISA_RULE.replace("    reference: Law, art. 1\n", ""))
    assert where(error) == (7, "rules[0].reference")


def test_an_empty_notice_is_refused() -> None:
    error = error_in(HEADER.replace("Illustrative only; not legal advice.", '""') + VISA_RULE)
    assert where(error) == (5, "notice")
    assert error.message == "must not be empty"


def test_a_notice_without_a_value_is_refused() -> None:
    error = error_in(HEADER.replace(" Illustrative only; not legal advice.", "") + VISA_RULE)
    assert where(error) == (5, "notice")
    assert error.message.startswith("has no value")


def test_a_version_written_as_a_number_must_be_quoted() -> None:
    error = error_in(HEADER.replace('"1"', "2024.1") + VISA_RULE)
    assert where(error) == (3, "version")
    assert "quotes" in error.message


def test_a_name_that_is_not_a_slug_is_refused() -> None:
    error = error_in(HEADER.replace("test-pack", "Test Pack") + VISA_RULE)
    assert where(error) == (1, "name")


def test_a_time_zone_that_does_not_exist_is_refused() -> None:
    error = error_in(HEADER.replace("UTC", "Mars/Olympus_Mons") + VISA_RULE)
    assert where(error) == (4, "time_zone")
    assert "IANA" in error.message


@pytest.mark.parametrize("value", ['"many"', "true", "1.5", "[24]"])
def test_a_count_of_the_wrong_type_is_refused(value: str) -> None:
    error = error_in(HEADER + VISA_RULE + f"    stay_days: {value}\n")
    assert where(error) == (11, "rules[0].stay_days")
    assert error.message == "must be a whole number"


@pytest.mark.parametrize("value", ["0", "-3", "010"])
def test_a_count_must_be_a_positive_decimal_number(value: str) -> None:
    error = error_in(HEADER + VISA_RULE + f"    stay_days: {value}\n")
    assert where(error) == (11, "rules[0].stay_days")
    assert "positive whole number" in error.message


def test_a_flag_must_be_true_or_false() -> None:
    error = error_in(HEADER + VISA_RULE + "    ends_by_validity: yes\n")
    assert where(error) == (11, "rules[0].ends_by_validity")


def test_an_unknown_kind_is_refused_with_the_kinds_allowed() -> None:
    error = error_in(HEADER + VISA_RULE.replace("kind: visa", "kind: visum"))
    assert where(error) == (8, "rules[0].kind")
    assert "residence_permit" in error.message


def test_a_rule_id_used_twice_is_named_at_its_second_use() -> None:
    error = error_in(HEADER + VISA_RULE + VISA_RULE)
    assert where(error) == (11, "rules[1].id")
    assert "line 7" in error.message


@pytest.mark.parametrize("value", ["28/01/2020", "2020-1-5", "20200128", "2020-01-28 10:00"])
def test_a_date_must_be_written_year_month_day(value: str) -> None:
    error = error_in(HEADER + VISA_RULE + f"    effective: {{from: {value}}}\n")
    assert where(error) == (11, "rules[0].effective.from")
    assert "YYYY-MM-DD" in error.message


def test_a_date_that_is_not_in_the_calendar_is_refused() -> None:
    error = error_in(HEADER + VISA_RULE + "    effective:\n      until: 2021-02-29\n")
    assert where(error) == (12, "rules[0].effective.until")
    assert "not a date in the calendar" in error.message


def test_an_effective_period_must_not_end_before_it_begins() -> None:
    text = "    effective:\n      from: 2024-06-01\n      until: 2024-05-31\n"
    error = error_in(HEADER + VISA_RULE + text)
    assert where(error) == (13, "rules[0].effective.until")


def test_an_unknown_key_under_effective_is_named() -> None:
    error = error_in(HEADER + VISA_RULE + "    effective: {since: 2024-01-01}\n")
    assert where(error) == (11, "rules[0].effective.since")


@pytest.mark.parametrize("code", ["us", "US", "USAA", "D", "U2A"])
def test_a_nationality_must_be_three_capital_letters(code: str) -> None:
    error = error_in(
        with_rules(f"""\
            - id: free
              kind: visa_free
              reference: Law
              days: 30
              nationalities:
                - FRA
                - {code}
            """)
    )
    assert where(error) == (13, "rules[0].nationalities[1]")
    assert "ISO 3166" in error.message


def test_a_nationality_listed_twice_is_refused() -> None:
    error = error_in(
        with_rules("""\
            - id: citizens
              kind: exemption
              reference: Law
              nationalities: [UTO, FRA, UTO]
            """)
    )
    assert where(error) == (10, "rules[0].nationalities[2]")


def test_an_empty_list_of_nationalities_is_refused() -> None:
    error = error_in(
        with_rules("""\
            - id: citizens
              kind: exemption
              reference: Law
              nationalities: []
            """)
    )
    assert where(error) == (10, "rules[0].nationalities")


def test_applies_to_takes_only_stay_and_residence() -> None:
    error = error_in(
        with_rules("""\
            - id: measure
              kind: automatic_extension
              reference: Law
              ends_from: 2020-01-20
              ends_until: 2020-06-30
              months: 2
              applies_to: [stay, visas]
            """)
    )
    assert where(error) == (13, "rules[0].applies_to[1]")
    assert "'visas'" in error.message


def test_an_automatic_extension_must_not_cover_ends_backwards() -> None:
    error = error_in(
        with_rules("""\
            - id: measure
              kind: automatic_extension
              reference: Law
              ends_from: 2020-06-30
              ends_until: 2020-01-20
              months: 2
              applies_to: [stay]
            """)
    )
    assert where(error) == (11, "rules[0].ends_until")


def test_an_automatic_extension_needs_months_or_days() -> None:
    error = error_in(
        with_rules("""\
            - id: measure
              kind: automatic_extension
              reference: Law
              ends_from: 2020-01-20
              ends_until: 2020-06-30
              applies_to: [residence]
            """)
    )
    assert where(error) == (7, "rules[0].months")


def test_limits_takes_only_visa_and_visa_free() -> None:
    error = error_in(
        with_rules("""\
            - id: window
              kind: rolling
              reference: Law
              max_days: 90
              window_days: 180
              limits: [visa, transit]
            """)
    )
    assert where(error) == (12, "rules[0].limits[1]")


def test_a_rolling_rule_cannot_allow_more_days_than_its_window() -> None:
    error = error_in(
        with_rules("""\
            - id: window
              kind: rolling
              reference: Law
              max_days: 190
              window_days: 180
            """)
    )
    assert where(error) == (10, "rules[0].max_days")


def test_a_transit_rule_needs_ports_or_regions() -> None:
    error = error_in(
        with_rules("""\
            - id: transit
              kind: transit
              reference: Law
              hours: 24
              nationalities: [USA]
            """)
    )
    assert where(error) == (7, "rules[0].ports")


def test_a_suspension_must_name_rules_that_exist() -> None:
    error = error_in(
        with_rules("""\
            - id: visa-tourism
              kind: visa
              reference: Law
              categories: [L]
            - id: pause
              kind: suspension
              reference: Law
              start: 2020-03-28
              suspends:
                - visa-tourism
                - visa-business
            """)
    )
    assert where(error) == (17, "rules[1].suspends[1]")
    assert "'visa-business'" in error.message


def test_a_suspension_cannot_take_away_an_exemption() -> None:
    error = error_in(
        with_rules("""\
            - id: citizens
              kind: exemption
              reference: Law
              nationalities: [UTO]
            - id: pause
              kind: suspension
              reference: Law
              suspends: [citizens]
            """)
    )
    assert where(error) == (14, "rules[1].suspends[0]")


def test_a_suspension_must_not_end_before_it_starts() -> None:
    error = error_in(
        with_rules("""\
            - id: visa-tourism
              kind: visa
              reference: Law
              categories: [L]
            - id: pause
              kind: suspension
              reference: Law
              start: 2023-03-14
              end: 2020-03-28
              suspends: [visa-tourism]
            """)
    )
    assert where(error) == (15, "rules[1].end")


def test_a_key_written_twice_is_named_at_its_second_line() -> None:
    error = error_in(HEADER.replace("rules:\n", "title: Another\nrules:\n") + VISA_RULE)
    assert where(error) == (6, "title")
    assert "first on line 2" in error.message


def test_a_key_written_twice_in_a_rule_is_named() -> None:
    error = error_in(HEADER + VISA_RULE + "    categories: [M]\n")
    assert where(error) == (11, "rules[0].categories")


def test_a_text_that_is_not_a_mapping_is_refused() -> None:
    error = error_in("- name: test-pack\n")
    assert where(error) == (1, DOCUMENT)


def test_a_rule_that_is_not_a_mapping_is_refused() -> None:
    error = error_in(HEADER + VISA_RULE + "  - just a word\n")
    assert where(error) == (11, "rules[1]")


def test_rules_must_be_a_non_empty_list() -> None:
    error = error_in(HEADER + "  []\n")
    assert where(error) == (7, "rules")


def test_an_empty_text_is_refused() -> None:
    assert where(error_in("")) == (1, DOCUMENT)


def test_broken_yaml_is_refused_with_its_line() -> None:
    error = error_in(HEADER + VISA_RULE + "    stay_days: [30\n")
    assert error.field == DOCUMENT
    assert error.line is not None and error.line >= 11
    assert error.message.startswith("not valid YAML")


def test_two_documents_in_one_file_are_refused() -> None:
    error = error_in(HEADER + VISA_RULE + "---\nname: other\n")
    assert where(error) == (11, DOCUMENT)


def test_loading_a_file_names_the_file_in_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(HEADER + VISA_RULE + "    hours: 24\n", encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert str(caught.value).startswith(f"{path}:11: rules[0].hours: unknown key 'hours'")


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes((HEADER + VISA_RULE).replace("Law", "Lé").encode("latin-1"))
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert (caught.value.file, caught.value.field) == (str(path), DOCUMENT)
