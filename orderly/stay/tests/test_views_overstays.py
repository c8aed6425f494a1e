"""The overstay page: supervisors and caseworkers see the list with its evidence; nobody else."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from conftest import World
from orderly.stay.services import application_record
from orderly.stay.tests.pages import text_of
from orderly.stay.tests.travellers import SYSTEM, cross, stay, traveller, visa

pytestmark = pytest.mark.django_db

PAGE = "/stay/overstays"


def signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


@pytest.fixture
def one_overstayer(world: World) -> World:
    """A tourist whose 30-day visa stay ended on 2025-06-30 and who never left."""
    person = traveller("OVR000001", nationality="VNM", surname="LATE", given_names="LOUIS")
    visa(person, valid_from=date(2025, 5, 1))
    stay(person, date(2025, 6, 1))
    return world


def test_a_supervisor_sees_the_overstayer_with_the_days_over_and_the_rule(
    one_overstayer: World,
) -> None:
    response = signed_in(one_overstayer, "supervisor.sara").get(PAGE, {"as_of": "2025-07-10"})
    assert response.status_code == 200
    page = text_of(response)
    assert "1 suspected in-country, 0 out-of-country" in page
    assert "LOUIS LATE" in page
    assert "2025-06-30" in page  # the last lawful day: entry on 1 June plus 29 days
    assert "visa-tourism" in page  # the basis, with its reasons under it


def test_a_stay_left_unseen_shows_its_exit_was_not_recorded(world: World) -> None:
    person = traveller("OVR000002", nationality="VNM")  # no visa: no basis to enter
    cross(person, "entry", date(2025, 6, 1))
    cross(person, "entry", date(2025, 7, 1))
    page = text_of(signed_in(world, "supervisor.sara").get(PAGE, {"as_of": "2025-08-01"}))
    assert "Not recorded (counted on 2025-06-01 only)" in page


def test_before_the_last_lawful_day_nobody_is_listed(one_overstayer: World) -> None:
    response = signed_in(one_overstayer, "caseworker.carl").get(PAGE, {"as_of": "2025-06-30"})
    assert response.status_code == 200
    assert "0 suspected in-country, 0 out-of-country" in text_of(response)


def test_an_officer_is_told_the_list_is_not_for_their_role(world: World) -> None:
    response = signed_in(world, "officer.ana").get(PAGE)
    assert response.status_code == 403
    assert "Not for your role" in text_of(response)


def test_someone_signed_out_is_sent_to_sign_in(world: World) -> None:
    response = Client().get(PAGE, {"as_of": "2025-07-10"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_day_that_is_not_a_date_is_shown_at_its_field(world: World) -> None:
    response = signed_in(world, "supervisor.sara").get(PAGE, {"as_of": "2025-13-40"})
    assert response.status_code == 400
    assert "usa-form-group--error" in response.content.decode()
    assert "Enter a valid date." in text_of(response)


def test_an_application_undecided_from_an_earlier_stay_does_not_hide_a_later_overstay(
    world: World,
) -> None:
    person = traveller("OVR000002", nationality="VNM", surname="AGAIN", given_names="ANH")
    visa(person, valid_from=date(2025, 1, 1), days_valid=365)
    stay(person, date(2025, 1, 10), date(2025, 1, 30))
    application_record(actor=SYSTEM, person=person, kind="extension", filed_on=date(2025, 1, 20))
    stay(person, date(2025, 6, 1))  # lawful to 30 June; nothing filed during this stay
    response = signed_in(world, "supervisor.sara").get(PAGE, {"as_of": "2025-07-10"})
    assert "1 suspected in-country, 0 out-of-country" in text_of(response)
    assert "ANH AGAIN" in text_of(response)
