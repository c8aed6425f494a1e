"""One set of facts, one answer: the calculator, the API, the page, the command line, the
border desk and a person's status all say the same for the same traveller on the same day."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import World, specimen_mrz
from orderly.cli import main
from orderly.stay.calculator import PastStay, Question, calculate
from orderly.stay.desk import desk_decision
from orderly.stay.selectors import person_status
from orderly.stay.tests.travellers import cross, day, traveller

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commands_keep_the_connection")]


def question(pack: str, nationality: str, as_of: str, *stays: str, planned: str = "") -> Question:
    """A calculator question from stays written as the command line takes them."""

    def past(text: str) -> PastStay:
        entry, _, exit_ = text.partition(":")
        return PastStay(day(entry), day(exit_) if exit_ else None)

    entry, _, days = planned.partition("+")
    return Question(
        pack=pack,
        nationality=nationality,
        as_of=day(as_of),
        stays=tuple(past(text) for text in stays),
        planned_entry=day(entry) if entry else None,
        planned_days=int(days) if days else None,
    )


def through_the_api(asked: Question) -> dict[str, Any]:
    body: dict[str, Any] = {
        "pack": asked.pack,
        "nationality": asked.nationality,
        "as_of": asked.as_of.isoformat(),
        "stays": [
            {"entry": s.entry.isoformat(), "exit": s.exit.isoformat() if s.exit else None}
            for s in asked.stays
        ],
    }
    if asked.planned_entry:
        body |= {
            "planned_entry": asked.planned_entry.isoformat(),
            "planned_days": asked.planned_days,
        }
    response = Client().post("/api/v1/stay/calculate", body, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def through_the_command_line(asked: Question, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    args = ["stay", "calculate", "--pack", asked.pack, "--as-of", asked.as_of.isoformat(), "--json"]
    args += ["--nationality", asked.nationality] if asked.nationality else []
    for s in asked.stays:
        args += ["--stay", f"{s.entry.isoformat()}:{s.exit.isoformat() if s.exit else ''}"]
    if asked.planned_entry:
        args += ["--planned-entry", asked.planned_entry.isoformat()]
        args += ["--planned-days", str(asked.planned_days)] if asked.planned_days else []
    code = main(args)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def through_the_page(asked: Question) -> str:
    params = {
        "pack": asked.pack,
        "nationality": asked.nationality or "",
        "as_of": asked.as_of.isoformat(),
        "stays": "\n".join(
            f"{s.entry.isoformat()}:{s.exit.isoformat() if s.exit else ''}" for s in asked.stays
        ),
        "planned_entry": asked.planned_entry.isoformat() if asked.planned_entry else "",
        "planned_days": str(asked.planned_days or ""),
    }
    response = Client().get("/stay/calculator", params)
    assert response.status_code == 200
    return plain_text(response.content.decode())


def plain_text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def figures_on_the_page(answer: dict[str, Any]) -> list[str]:
    """What the page must show of ``answer``, in the words it uses."""
    shown = [
        f"Status on {answer['as_of']}: {answer['status'].replace('_', ' ').capitalize()}",
        f"Last lawful day {answer['authorized_until'] or 'none'}",
        f"Days used {answer['days_used']}",
        f"Days remaining {answer['days_remaining']}"
        if answer["days_remaining"] is not None
        else "Days remaining not limited by a window",
        f"Earliest re-entry {answer['earliest_reentry'] or '—'}",
        f"Rules: {answer['pack']} version {answer['pack_version']}",
    ]
    if answer["window_start"]:
        shown.append(f"(from {answer['window_start']} to {answer['window_end']})")
    if answer["overstay_days"]:
        shown.append(f"Days after the last lawful day {answer['overstay_days']}")
    if answer["excess_days"]:
        shown.append(f"Days over the limit {answer['excess_days']}")
    shown += [plain_text(reason["text"]).strip() for reason in answer["reasons"]]
    return shown


# A United States citizen in a Schengen-style area, 90 days in any 180.
SCHENGEN_QUESTIONS = {
    "back home, 87 days used": question(
        "schengen-90-180", "USA", "2026-06-01", "2026-01-10:2026-02-20", "2026-04-01:2026-05-15"
    ),
    "still there, past the 90th day": question(
        "schengen-90-180", "USA", "2026-06-01", "2026-01-10:2026-02-20", "2026-04-01:"
    ),
    "still there, within the limit": question(
        "schengen-90-180", "USA", "2026-05-01", "2026-01-10:2026-02-20", "2026-04-01:"
    ),
    "planning a ten-day trip": question(
        "schengen-90-180",
        "USA",
        "2026-06-01",
        "2026-01-10:2026-02-20",
        "2026-04-01:2026-05-15",
        planned="2026-06-10+10",
    ),
    "an EU citizen, free movement": question("schengen-90-180", "FRA", "2026-06-01", "2025-10-01:"),
}


@pytest.mark.parametrize("asked", SCHENGEN_QUESTIONS.values(), ids=SCHENGEN_QUESTIONS.keys())
def test_the_calculator_api_command_line_and_page_agree(
    db: None, asked: Question, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = calculate(asked).as_dict()
    assert through_the_api(asked) == answer
    assert through_the_command_line(asked, capsys) == answer
    page = through_the_page(asked)
    for figure in figures_on_the_page(answer):
        assert figure in page, figure


def test_the_schengen_traveller_past_the_90th_day_gets_the_answer_worked_by_hand(
    db: None,
) -> None:
    # 42 days in January and February, then from 1 April: the window of 180 days ending on
    # 18 May (from 20 November) holds 42 + 48 = 90 days, so 18 May is the last lawful day,
    # and 1 June is the 14th day after it.
    answer = calculate(SCHENGEN_QUESTIONS["still there, past the 90th day"]).as_dict()
    assert (answer["status"], answer["authorized_until"], answer["overstay_days"]) == (
        "irregular",
        "2026-05-18",
        14,
    )
    assert (answer["days_used"], answer["days_remaining"], answer["excess_days"]) == (104, 0, 14)


# --- the border desk ---------------------------------------------------------------------------


def decided(answer: dict[str, Any]) -> dict[str, Any]:
    """``answer`` without the facts each reason cites: the desk knows the port of each crossing
    ("entry on 2026-05-20 at CAP-AIR"), the calculator only its day; the decision is the same."""
    reasons = [{k: r[k] for k in ("rule", "reference", "text")} for r in answer["reasons"]]
    return {**answer, "reasons": reasons}


# Noon on 1 June 2026 at the capital airport (Asia/Shanghai, the demo-host pack's zone too).
DESK_NOW = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)
# A Thai citizen: 30 days a stay under the mutual visa exemption agreements of demo-host.
THAI_PASSPORT = {"number": "T00000042", "nationality": "THA", "surname": "SOMCHAI"}
PAST_STAYS = [("2026-01-05", "2026-01-20"), ("2026-03-01", "2026-03-25")]


@pytest.fixture
def desk_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The desk decides for the moment it is asked: here, always noon on 1 June 2026."""
    monkeypatch.setattr(timezone, "now", lambda: DESK_NOW)
    return DESK_NOW


def thai_traveller(*, still_there_since: str | None) -> Any:
    person = traveller(**THAI_PASSPORT)
    for entry, exit_ in PAST_STAYS:
        cross(person, "entry", day(entry))
        cross(person, "exit", day(exit_))
    if still_there_since:
        cross(person, "entry", day(still_there_since))
    return person


def host_question(*stays: str) -> Question:
    past = [f"{entry}:{exit_}" for entry, exit_ in PAST_STAYS]
    return question("demo-host", "THA", "2026-06-01", *past, *stays)


def test_the_desk_shows_a_traveller_present_what_the_calculator_says(
    world: World, desk_now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    person = thai_traveller(still_there_since="2026-05-20")
    shown, arriving = desk_decision(person, world.port_a)
    asked = host_question("2026-05-20:")
    answer = calculate(asked).as_dict()
    assert arriving is False
    assert decided(shown.as_dict()) == decided(answer)
    assert through_the_api(asked) == answer
    assert through_the_command_line(asked, capsys) == answer
    assert (answer["status"], answer["authorized_until"], answer["days_used"]) == (
        "regular",
        "2026-06-18",
        13,
    )


def test_the_desk_shows_an_arriving_traveller_what_entering_today_would_mean(
    world: World, desk_now: datetime
) -> None:
    person = thai_traveller(still_there_since=None)
    shown, arriving = desk_decision(person, world.port_a)
    answer = calculate(host_question("2026-06-01:")).as_dict()
    assert arriving is True
    assert decided(shown.as_dict()) == decided(answer)
    assert (answer["status"], answer["authorized_until"]) == ("regular", "2026-06-30")


def test_the_desk_agrees_with_the_persons_status_and_the_status_endpoint(
    world: World, desk_now: datetime
) -> None:
    person = thai_traveller(still_there_since="2026-05-20")
    shown, _ = desk_decision(person, world.port_a)
    status = person_status(
        actor=world.actor("caseworker.carl"), person=person, as_of=date(2026, 6, 1)
    )
    client = Client()
    client.force_login(world.user("officer.ben"))
    response = client.get(f"/api/v1/persons/{person.pk}/stay?as_of=2026-06-01")
    assert shown.as_dict() == status.as_dict() == response.json()


def test_the_desk_card_shows_the_same_figures(world: World, desk_now: datetime) -> None:
    thai_traveller(still_there_since="2026-05-20")
    client = Client()
    client.force_login(world.user("officer.ana"))
    card = client.post(
        "/desk/read",
        {
            "port": "CAP-AIR",
            "mrz": specimen_mrz(
                surname="SOMCHAI", given_names="TESS", number="T00000042", nationality="THA"
            ),
        },
    )
    assert card.status_code == 200
    page = plain_text(card.content.decode())
    answer = calculate(host_question("2026-05-20:")).as_dict()
    assert "Stay now: Regular" in page
    assert f"Last lawful day {answer['authorized_until']}" in page
    assert (
        f"Days used {answer['days_used']} since 2026-05-20; {answer['days_remaining']} left" in page
    )
    assert answer["pack_version"] in page
