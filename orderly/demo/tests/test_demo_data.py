"""The demo population: reproducible, loaded through the bulk import, safe to load twice."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from orderly.border.models import Crossing, Port
from orderly.core.models import RoleGrant
from orderly.core.roles import system_actor
from orderly.demo.population import generate
from orderly.demo.services import demo_data_load, verified_mrzs
from orderly.registry.models import Person, TravelDocument
from orderly.registry.rules.mrz import parse_mrz
from orderly.review.models import Narrative, OfficialFile
from orderly.review.selectors import published_narratives

UNTIL = datetime(2025, 6, 30, 12, tzinfo=UTC)


def test_the_same_seed_gives_the_same_population() -> None:
    first = generate(seed=7, people=80, until=UNTIL)
    second = generate(seed=7, people=80, until=UNTIL)

    assert first.travellers == second.travellers
    assert first.crossings.equals(second.crossings)
    assert not first.crossings.equals(generate(seed=8, people=80, until=UNTIL).crossings)


def test_every_generated_mrz_verifies_and_says_what_the_traveller_is() -> None:
    population = generate(seed=7, people=300, until=UNTIL)

    mrzs = verified_mrzs(population)

    assert len(mrzs) == 300
    formats = set()
    for traveller in population.travellers:
        mrz = parse_mrz(mrzs[traveller.index], today=date(2025, 6, 30))
        assert mrz.valid, mrz.errors
        assert (mrz.document_number, mrz.nationality) == (traveller.number, traveller.nationality)
        formats.add(mrz.format)
    assert formats == {"TD1", "TD3"}


def test_the_population_is_varied_and_spans_two_years() -> None:
    population = generate(seed=7, people=300, until=UNTIL)
    crossings = population.crossings.to_pydict()

    assert len(set(crossings["nationality"])) >= 30
    offsets = {instant[19:] for instant in crossings["occurred_at"]}
    assert len(offsets) >= 4  # ports in several time zones
    instants = sorted(datetime.fromisoformat(i) for i in crossings["occurred_at"])
    assert (instants[-1] - instants[0]).days > 365
    assert instants[-1] < UNTIL


@pytest.mark.django_db
def test_loading_the_demo_twice_stores_nothing_twice(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    first = demo_data_load(seed=7, people=60, until=UNTIL, password="first-password-1")
    counts = (
        Person.objects.count(),
        TravelDocument.objects.count(),
        Crossing.objects.count(),
        Port.objects.count(),
    )

    second = demo_data_load(seed=7, people=60, until=UNTIL, password="second-password-2")

    assert first.imported.stored == first.imported.rows > 0
    assert (second.imported.stored, second.imported.already_stored) == (0, first.imported.rows)
    assert counts == (
        Person.objects.count(),
        TravelDocument.objects.count(),
        Crossing.objects.count(),
        Port.objects.count(),
    )
    assert counts[0] == 60
    assert (first.narratives.approved, first.narratives.drafts) == (5, 1)
    assert (second.narratives.approved, second.narratives.drafts) == (0, 0)


@pytest.mark.django_db
def test_the_demo_review_publishes_approved_texts_and_keeps_a_draft_for_review(
    settings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    loaded = demo_data_load(seed=7, people=60, until=UNTIL, password="first-password-1")
    published = published_narratives(actor=system_actor("tests"), period=loaded.narratives.period)
    assert loaded.narratives.period == str(UNTIL.year - 1)
    assert sorted(published) == [1, 4, 11, 14, 20]
    assert {t.approved_by_id for t in published.values()} == {
        RoleGrant.objects.get(role="review_coordinator").user_id
    }
    draft = Narrative.objects.get(period=loaded.narratives.period, objective=23)
    assert (draft.status, draft.written_by.username) == ("draft", "analyst.alma")


@pytest.mark.django_db
def test_a_second_load_without_until_reuses_the_first_loads_period(settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path
    first = demo_data_load(seed=7, people=30, until=UNTIL)

    second = demo_data_load(seed=7, people=30)

    assert second.population.until == first.population.until
    assert second.imported.stored == 0


@pytest.mark.django_db
def test_the_migrant_persona_is_a_person_of_the_demo_population(settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path

    result = demo_data_load(seed=7, people=60, until=UNTIL)

    grant = RoleGrant.objects.get(user__username="migrant.mia")
    document = TravelDocument.objects.get(number=result.migrant.number)
    assert grant.code == str(document.holder_id)
    assert Crossing.objects.filter(person_id=document.holder_id).exists()
    assert RoleGrant.objects.get(user__username="officer.ana").code == "CAP-AIR"


@pytest.mark.django_db
def test_the_command_prints_the_users_and_mrzs_and_writes_an_owner_only_file(
    settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.VAR_DIR = tmp_path

    no_files = str(tmp_path / "no-official-files")
    call_command(
        "demo_data", "--seed", "7", "--people", "40", "--until", "2025-06-30",
        "--official-data", no_files,
    )  # fmt: skip

    out = capsys.readouterr().out
    assert f"No official files for the regional review in {no_files}" in out
    users = tmp_path / "demo-users.txt"
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    listed = users.read_text()
    password = listed.splitlines()[1].split()[-1]
    assert len(password) >= 16
    for username in ("officer.ana", "supervisor.sara", "migrant.mia", "admin.ada"):
        assert username in out and username in listed
    assert password in out
    zone_lines = [line for line in out.splitlines() if len(line) in {30, 44} and "<" in line]
    assert len(zone_lines) >= 6  # three zones of two or three lines


@pytest.mark.django_db
def test_each_load_makes_a_new_password(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path

    first = demo_data_load(seed=7, people=20, until=UNTIL)
    second = demo_data_load(seed=7, people=20, until=UNTIL)

    assert first.logins[0].password != second.logins[0].password


@pytest.mark.django_db
def test_the_command_imports_the_official_files_it_finds_for_the_regional_review(
    settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.VAR_DIR = tmp_path
    folder = tmp_path / "official"
    folder.mkdir()
    (folder / "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2.csv").write_text(
        '"Data Source","World Development Indicators",\n\n"Last Updated Date","2025-07-01",\n\n'
        '"Country Name","Country Code","Indicator Name","Indicator Code","2019",\n'
        '"Fiji","FJI","Personal remittances, received (current US$)","BX.TRF.PWKR.CD.DT","285",\n',
        encoding="utf-8",
    )
    (folder / "notes.csv").write_text("not an official file\n", encoding="utf-8")

    call_command("demo_data", "--seed", "7", "--people", "20", "--official-data", str(folder))

    out = capsys.readouterr().out
    assert "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2.csv: imported" in out and "notes.csv" not in out
    (recorded,) = OfficialFile.objects.all()
    assert (recorded.kind, recorded.vintage) == (OfficialFile.Kind.REMITTANCES, "2025-07-01")
