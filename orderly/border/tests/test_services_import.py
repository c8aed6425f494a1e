"""Importing historical crossings: checked first, written set-based, never stored twice."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from conftest import World
from orderly.border.imports import ImportRejected, crossings_import, open_source
from orderly.border.models import Crossing
from orderly.core.errors import InvalidInput, NotPermitted
from orderly.core.models import AuditEvent
from orderly.core.roles import system_actor
from orderly.registry.models import Person, TravelDocument

pytestmark = pytest.mark.django_db

HEADER = [
    "port",
    "direction",
    "occurred_at",
    "document_type",
    "issuing_state",
    "document_number",
    "surname",
    "given_names",
    "date_of_birth",
    "sex",
    "nationality",
    "purpose",
]
ANNA = ["P", "UTO", "A1234567", "ERIKSSON", "ANNA MARIA", "1980-04-12", "F", "UTO"]
JORG = ["PM", "D", "C01X00T47", "MÜLLER", "JÖRG", "1975-XX-XX", "M", "D"]
GOOD_ROWS = [
    ["CAP-AIR", "entry", "2024-03-01T08:15:00+08:00", *ANNA, "tourism"],
    ["CAP-AIR", "exit", "2024-03-11T19:00:00Z", *ANNA, ""],
    ["NTH-LND", "entry", "2024-03-02T10:00:00+05:45", *JORG, "business"],
]
SYSTEM = system_actor("tests")


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(path: Path, **options: object):
    return crossings_import(actor=SYSTEM, source=open_source(path), **options)  # type: ignore[arg-type]


def test_it_imports_a_csv_file_with_instants_in_utc(world: World, tmp_path: Path) -> None:
    result = run(write_csv(tmp_path / "crossings.csv", GOOD_ROWS))

    assert (result.rows, result.stored, result.people_created) == (3, 3, 2)
    anna = Crossing.objects.get(direction="entry", document__number="A1234567")
    assert anna.occurred_at == datetime(2024, 3, 1, 0, 15, tzinfo=UTC)
    assert (anna.source, anna.purpose, anna.outcome, anna.flags) == (
        "import",
        "tourism",
        "admitted",
        [],
    )
    exit_ = Crossing.objects.get(direction="exit")
    assert exit_.person_id == anna.person_id and exit_.purpose == "unknown"
    jorg = Person.objects.get(surname="MÜLLER")
    assert (jorg.surname_key, jorg.given_names_key, jorg.date_of_birth) == (
        "MUELLER",
        "JOERG",
        "1975-XX-XX",
    )
    assert TravelDocument.objects.get(number="C01X00T47").document_kind == "P"


def test_it_imports_a_parquet_file_with_typed_columns(world: World, tmp_path: Path) -> None:
    table = pa.table({name: [row[i] for row in GOOD_ROWS] for i, name in enumerate(HEADER)})
    instants = pa.array([datetime(2024, 3, 1, 0, 15, tzinfo=UTC)] * 3, pa.timestamp("s", "UTC"))
    table = table.set_column(2, "occurred_at", instants)
    path = tmp_path / "crossings.parquet"
    pq.write_table(table, path)

    result = run(path)

    assert (result.stored, result.line_label) == (3, "row")
    assert set(Crossing.objects.values_list("occurred_at", flat=True)) == {
        datetime(2024, 3, 1, 0, 15, tzinfo=UTC)
    }


def test_it_lists_every_bad_row_with_its_line_and_field_and_stores_nothing(
    world: World, tmp_path: Path
) -> None:
    rows = [
        GOOD_ROWS[0],
        ["CAP-AIR", "entr", "2024-03-01T08:15:00+08:00", *ANNA, ""],
        ["CAP-AIR", "exit", "2024-03-01 08:15:00", *ANNA, ""],
        ["XXX-AIR", "exit", "2024-02-30T08:15:00Z", *ANNA, "leisure"],
        [
            "CAP-AIR",
            "exit",
            "2024-03-05T08:15:00Z",
            "V",
            "UTO",
            "A1",
            "X",
            "",
            "1980-13-01",
            "Q",
            "ZZZ",
            "",
        ],
    ]
    with pytest.raises(ImportRejected) as rejected:
        run(write_csv(tmp_path / "bad.csv", rows))

    where = [(error.line, error.field) for error in rejected.value.errors]
    assert where == [
        (3, "direction"),
        (4, "occurred_at"),
        (5, "occurred_at"),
        (5, "port"),
        (5, "purpose"),
        (6, "date_of_birth"),
        (6, "document_type"),
        (6, "nationality"),
        (6, "sex"),
    ]
    assert "not 'entr'" in rejected.value.errors[0].message
    assert "UTC offset" in rejected.value.errors[1].message
    assert "nothing was stored" in rejected.value.message
    assert not Crossing.objects.exists()
    assert Person.objects.count() == 2  # the world's two people only


def test_with_skip_invalid_it_stores_the_good_rows_and_reports_the_bad_ones(
    world: World, tmp_path: Path
) -> None:
    rows = [*GOOD_ROWS, ["CAP-AIR", "sideways", "2024-03-01T08:15:00Z", *ANNA, ""]]

    result = run(write_csv(tmp_path / "mixed.csv", rows), skip_invalid=True)

    assert (result.stored, result.rejected) == (3, 1)
    assert [(e.line, e.field) for e in result.errors] == [(5, "direction")]
    assert Crossing.objects.count() == 3


def test_re_importing_a_file_stores_nothing_twice(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "crossings.csv", GOOD_ROWS)
    run(path)

    again = run(path)

    assert (again.stored, again.already_stored, again.people_created) == (0, 3, 0)
    assert Crossing.objects.count() == 3
    assert Person.objects.count() == 4


def test_the_same_instant_written_in_another_offset_is_the_same_crossing(
    world: World, tmp_path: Path
) -> None:
    run(write_csv(tmp_path / "beijing.csv", [GOOD_ROWS[0]]))
    utc = ["CAP-AIR", "entry", "2024-03-01T00:15:00Z", *ANNA, "tourism"]

    result = run(write_csv(tmp_path / "utc.csv", [utc]))

    assert (result.stored, result.already_stored) == (0, 1)


def test_an_existing_document_keeps_its_holder(world: World, tmp_path: Path) -> None:
    mia = ["P", "UTO", "M1234567", "SOMEONE", "ELSE", "1970-01-01", "M", "UTO"]
    rows = [["CAP-AIR", "entry", "2024-03-01T08:15:00+08:00", *mia, ""]]

    result = run(write_csv(tmp_path / "mia.csv", rows))

    assert (result.stored, result.people_created, result.documents_created) == (1, 0, 0)
    assert Crossing.objects.get().person_id == world.mia.pk
    assert not Person.objects.filter(surname="SOMEONE").exists()


def test_each_batch_commits_with_its_own_audit_event_and_the_run_with_one_summary(
    world: World, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "crossings.csv", GOOD_ROWS)

    result = run(path, batch_rows=2)

    assert result.batches == 2
    summary = AuditEvent.objects.get(name="border.crossings.imported")
    assert summary.actor_label == "system:tests"
    assert summary.changes["file"] == "crossings.csv"
    assert len(summary.changes["sha256"]) == 64
    assert (summary.changes["rows"], summary.changes["stored"]) == (3, 3)
    batches = AuditEvent.objects.filter(name="border.crossings.batch_imported").order_by("id")
    assert [(b.changes["first_line"], b.changes["last_line"]) for b in batches] == [(2, 3), (4, 4)]


def test_each_batch_is_stored_at_its_own_time_not_the_runs_start(
    world: World, tmp_path: Path
) -> None:
    # The statistics export reads crossings by the time they were stored: a batch committed
    # minutes into a long import must not carry the time the import began.
    started = timezone.now()
    run(write_csv(tmp_path / "crossings.csv", GOOD_ROWS), batch_rows=2)
    stored = sorted(Crossing.objects.values_list("recorded_at", flat=True))
    assert started < stored[0] < stored[-1]


def test_a_refused_entry_needs_its_reason_and_only_an_entry_can_be_refused(
    world: World, tmp_path: Path
) -> None:
    header = [*HEADER, "outcome", "refusal_reason"]
    rows = [
        ["CAP-AIR", "entry", "2024-03-01T08:15:00Z", *ANNA, "", "refused", "No visa"],
        ["CAP-AIR", "entry", "2024-03-02T08:15:00Z", *ANNA, "", "refused", ""],
        ["CAP-AIR", "exit", "2024-03-03T08:15:00Z", *ANNA, "", "refused", "No visa"],
        ["CAP-AIR", "exit", "2024-03-04T08:15:00Z", *ANNA, "", "admitted", "No visa"],
    ]

    result = run(write_csv(tmp_path / "refusals.csv", rows, header), skip_invalid=True)

    assert [(e.line, e.field) for e in result.errors] == [
        (3, "refusal_reason"),
        (4, "outcome"),
        (5, "refusal_reason"),
    ]
    refused = Crossing.objects.get()
    assert (refused.outcome, refused.refusal_reason) == ("refused", "No visa")


def test_a_key_reused_for_a_different_crossing_is_refused_with_its_line(
    world: World, tmp_path: Path
) -> None:
    header = [*HEADER, "idempotency_key"]
    rows = [[*GOOD_ROWS[0], "post-0001"], [*GOOD_ROWS[1], "post-0001"]]

    with pytest.raises(ImportRejected) as rejected:
        run(write_csv(tmp_path / "keys.csv", rows, header))

    assert [(e.line, e.field) for e in rejected.value.errors] == [(3, "idempotency_key")]
    assert not Crossing.objects.exists()


def test_the_keys_kept_for_corrections_are_refused_with_their_line(
    world: World, tmp_path: Path
) -> None:
    header = [*HEADER, "idempotency_key"]
    rows = [[*GOOD_ROWS[0], "post-0001"], [*GOOD_ROWS[1], "correction/0001"]]

    with pytest.raises(ImportRejected) as rejected:
        run(write_csv(tmp_path / "keys.csv", rows, header))

    assert [(e.line, e.field) for e in rejected.value.errors] == [(3, "idempotency_key")]
    assert not Crossing.objects.exists()


def test_rows_the_parser_cannot_split_keep_every_other_line_number_right(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "ragged.csv"
    write_csv(path, GOOD_ROWS[:1])
    with path.open("a", encoding="utf-8") as stream:
        stream.write("CAP-AIR,entry\n")
        stream.write("CAP-AIR,sideways,2024-03-01T08:15:00Z," + ",".join(ANNA) + ",\n")

    with pytest.raises(ImportRejected) as rejected:
        run(path)

    assert [(e.line, e.field) for e in rejected.value.errors] == [(3, "row"), (4, "direction")]


def test_a_supervisor_imports_only_at_the_ports_of_their_region(
    world: World, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "crossings.csv", GOOD_ROWS)

    with pytest.raises(ImportRejected) as rejected:
        crossings_import(actor=world.actor("supervisor.sara"), source=open_source(path))

    assert [(e.line, e.field) for e in rejected.value.errors] == [(4, "port")]
    assert "may not import crossings at 'NTH-LND'" in rejected.value.errors[0].message


def test_an_officer_may_not_import_at_all(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "crossings.csv", GOOD_ROWS)

    with pytest.raises(NotPermitted):
        crossings_import(actor=world.actor("officer.ana"), source=open_source(path))


def test_a_missing_required_column_is_named(tmp_path: Path) -> None:
    header = [name for name in HEADER if name != "sex"]
    path = write_csv(tmp_path / "crossings.csv", [], header)

    with pytest.raises(InvalidInput) as invalid:
        open_source(path)

    assert invalid.value.field == "sex"
    assert "missing required column: sex" in invalid.value.message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.csv", None, "no such file"),
        ("crossings.xlsx", "port\n", "unknown format"),
        ("broken.parquet", "not parquet at all", "cannot read the Parquet file"),
        ("columns.csv", "port,direction\n", "missing required columns: occurred_at, "),
        ("empty.csv", "", "the file is empty"),
    ],
)
def test_the_command_exits_2_with_a_clear_message(
    world: World, tmp_path: Path, name: str, content: str | None, expected: str
) -> None:
    if content is not None:
        (tmp_path / name).write_text(content, encoding="utf-8")

    with pytest.raises(CommandError) as failed:
        call_command("import_crossings", str(tmp_path / name), verbosity=0)

    assert failed.value.returncode == 2
    assert expected in str(failed.value)


def test_the_command_prints_bad_rows_and_exits_2(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "bad.csv", [["CAP-AIR", "entr", "2024-03-01T08:15:00Z", *ANNA, ""]])

    with pytest.raises(CommandError) as failed:
        call_command("import_crossings", str(path), verbosity=0)

    assert failed.value.returncode == 2
    assert "line 2: direction: must be one of entry, exit, not 'entr'" in capsys.readouterr().err


def test_the_command_reports_what_it_stored(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "crossings.csv", GOOD_ROWS)

    call_command("import_crossings", str(path), "--as", "admin.ada", verbosity=0)

    out = capsys.readouterr().out
    assert "3 rows; 3 stored, 0 already stored, 0 rejected" in out
    assert AuditEvent.objects.get(name="border.crossings.imported").actor_label == "admin.ada"


def test_a_file_too_big_to_keep_in_memory_is_read_again_to_write_it(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orderly.border.imports import service

    monkeypatch.setattr(service, "KEEP_BYTES", 0)
    rows = [*GOOD_ROWS, ["CAP-AIR", "sideways", "2024-03-01T08:15:00Z", *ANNA, ""]]

    result = run(write_csv(tmp_path / "big.csv", rows), skip_invalid=True, batch_rows=2)

    assert (result.stored, result.rejected, result.batches) == (3, 1, 2)


def test_derived_keys_are_uuid5_of_port_document_direction_and_utc_instant(
    world: World, tmp_path: Path
) -> None:
    import uuid

    from orderly.border.imports.format import KEY_NAMESPACE

    run(write_csv(tmp_path / "crossings.csv", GOOD_ROWS[:1]))

    name = "CAP-AIR|P|UTO|A1234567|entry|2024-03-01 00:15:00.000000"
    assert Crossing.objects.get().idempotency_key == str(uuid.uuid5(KEY_NAMESPACE, name))


def test_a_file_whose_only_row_cannot_be_split_is_rejected_not_reported_empty(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "short.csv"
    write_csv(path, [])
    with path.open("a", encoding="utf-8") as stream:
        stream.write("CAP-AIR,entry\n")

    with pytest.raises(ImportRejected) as rejected:
        run(path)

    assert [(e.line, e.field) for e in rejected.value.errors] == [(2, "row")]


def test_a_ragged_last_row_after_good_rows_is_reported(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "tail.csv", GOOD_ROWS)
    with path.open("a", encoding="utf-8") as stream:
        stream.write("CAP-AIR,entry\n")

    with pytest.raises(ImportRejected) as rejected:
        run(path)

    assert [(e.line, e.field) for e in rejected.value.errors] == [(5, "row")]
