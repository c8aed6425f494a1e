"""Stay services: every version of a policy pack kept and audited, and each stay's authorized
end kept beside the crossings, recomputed whenever the person's facts change."""

from __future__ import annotations

from datetime import date, time, timedelta
from importlib import import_module
from typing import cast

import pytest
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from conftest import World
from orderly.border.models import Crossing
from orderly.core.errors import InvalidInput, NotPermitted
from orderly.core.models import AuditEvent
from orderly.registry.models import Person
from orderly.stay.models import Application, Authorization, AuthorizedStay, PackVersion
from orderly.stay.packfiles import installed_pack_files
from orderly.stay.packs_in_force import pack_in_force
from orderly.stay.rules.facts import EXTENSION, RESIDENCE_PERMIT
from orderly.stay.services import (
    AuthorizationRequest,
    application_record,
    authorization_record,
    pack_load,
    stays_refresh,
)
from orderly.stay.tests.travellers import SYSTEM, cross, day, stay, traveller, visa

pytestmark = pytest.mark.django_db

DEMO_HOST = installed_pack_files()["demo-host"].read_text(encoding="utf-8")
TOURIST_VISA_DAYS = "categories: [L]\n    stay_days: 30\n"

# A pack whose only rule is wrong on line 11: a stay cannot last a negative number of days.
BROKEN_PACK = """\
name: broken
title: Broken pack
version: "1"
time_zone: UTC
notice: Illustrative only; not legal advice.
rules:
  - id: visa-tourism
    kind: visa
    reference: Law, art. 1
    categories: [L]
    stay_days: -3
"""


def demo_host_version(version: str, *, tourist_visa_days: int = 30) -> str:
    """The shipped demo-host text under another version, its tourist visa lasting as given."""
    assert 'version: "2025.1"' in DEMO_HOST and TOURIST_VISA_DAYS in DEMO_HOST
    text = DEMO_HOST.replace('version: "2025.1"', f'version: "{version}"')
    return text.replace(TOURIST_VISA_DAYS, f"categories: [L]\n    stay_days: {tourist_visa_days}\n")


def close_stays_left_unseen(on: BaseDatabaseWrapper) -> None:
    """What the upgrade to ``exit_unrecorded`` runs on an earlier database."""
    import_module("orderly.stay.migrations.0004_close_stays_left_unseen").close(on)


def stays_of(person: Person) -> list[AuthorizedStay]:
    return list(AuthorizedStay.objects.filter(person=person).order_by("entered_on"))


def only_stay_of(person: Person) -> AuthorizedStay:
    (kept,) = stays_of(person)
    return kept


def permit(valid_from: date, valid_until: date, *, category: str = "work") -> AuthorizationRequest:
    return AuthorizationRequest(
        kind=RESIDENCE_PERMIT,
        category=category,
        reference="RP-0001",
        valid_from=valid_from,
        valid_until=valid_until,
        granted_on=valid_from,
    )


# --- policy packs ------------------------------------------------------------------------------


def test_an_administrator_loads_a_pack_file_as_the_version_in_force(world: World) -> None:
    loaded = pack_load(
        actor=world.actor("admin.ada"), text=demo_host_version("2025.2"), source="host-2025.2.yaml"
    )
    assert (loaded.name, loaded.version, loaded.source) == (
        "demo-host",
        "2025.2",
        "host-2025.2.yaml",
    )
    assert loaded.loaded_by == world.user("admin.ada")
    assert pack_in_force("demo-host").version == loaded
    assert pack_in_force("demo-host").label == loaded.label


def test_every_version_loaded_is_kept_and_the_latest_is_in_force(world: World) -> None:
    admin = world.actor("admin.ada")
    texts = [
        demo_host_version(v, tourist_visa_days=n) for v, n in [("a", 30), ("b", 45), ("c", 60)]
    ]
    for text in texts:
        pack_load(actor=admin, text=text, source="upload.yaml")
    kept = PackVersion.objects.filter(name="demo-host").order_by("loaded_at", "id")
    assert [v.version for v in kept] == ["a", "b", "c"]
    assert [v.text for v in kept] == texts
    assert pack_in_force("demo-host").pack.version == "c"


def test_going_back_to_an_earlier_text_is_a_new_version_in_force(world: World) -> None:
    admin = world.actor("admin.ada")
    first = pack_load(actor=admin, text=demo_host_version("a"), source="a.yaml")
    pack_load(actor=admin, text=demo_host_version("b"), source="b.yaml")
    again = pack_load(actor=admin, text=demo_host_version("a"), source="a.yaml")
    assert again.pk != first.pk
    assert PackVersion.objects.filter(name="demo-host").count() == 3
    assert pack_in_force("demo-host").version == again


def test_loading_a_pack_is_audited_with_the_version_it_replaces(world: World) -> None:
    admin = world.actor("admin.ada")
    first = pack_load(actor=admin, text=demo_host_version("a"), source="a.yaml")
    second = pack_load(actor=admin, text=demo_host_version("b"), source="b.yaml")
    event = AuditEvent.objects.get(name="stay.pack.loaded", object_id=str(second.pk))
    assert event.actor_label == "admin.ada"
    assert event.changes["name"] == "demo-host"
    assert event.changes["version"] == "b"
    assert event.changes["sha256"] == second.sha256
    assert event.changes["replaces"] == first.label


def test_loading_the_text_in_force_again_stores_one_version_and_one_event(world: World) -> None:
    admin = world.actor("admin.ada")
    first = pack_load(actor=admin, text=demo_host_version("a"), source="a.yaml")
    second = pack_load(actor=admin, text=demo_host_version("a"), source="copy-of-a.yaml")
    assert second.pk == first.pk
    assert PackVersion.objects.filter(name="demo-host").count() == 1
    assert AuditEvent.objects.filter(name="stay.pack.loaded").count() == 1


@pytest.mark.parametrize(
    "username",
    [
        "officer.ana",
        "supervisor.sara",
        "caseworker.carl",
        "analyst.alma",
        "migrant.mia",
        "outsider.otto",
    ],
)
def test_only_an_administrator_may_load_a_pack(world: World, username: str) -> None:
    with pytest.raises(NotPermitted):
        pack_load(actor=world.actor(username), text=demo_host_version("x"), source="x.yaml")
    assert not PackVersion.objects.exists()
    assert not AuditEvent.objects.filter(name="stay.pack.loaded").exists()


def test_a_bad_file_is_refused_naming_the_file_and_line_and_nothing_is_stored(
    world: World,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        pack_load(actor=world.actor("admin.ada"), text=BROKEN_PACK, source="upload.yaml")
    assert refused.value.field == "file"
    assert refused.value.message.startswith("upload.yaml:11: ")
    assert "stay_days" in refused.value.message
    assert not PackVersion.objects.exists()


def test_an_administrator_adds_a_version_through_the_admin(world: World) -> None:
    client = Client()
    client.force_login(world.user("admin.ada"))
    response = client.post("/admin/stay/packversion/add/", {"text": demo_host_version("2025.9")})
    assert response.status_code == 302
    loaded = PackVersion.objects.get(name="demo-host")
    assert (loaded.version, loaded.source, loaded.loaded_by) == (
        "2025.9",
        "admin",
        world.user("admin.ada"),
    )
    assert AuditEvent.objects.filter(
        name="stay.pack.loaded", object_id=str(loaded.pk), actor_label="admin.ada"
    ).exists()


def test_the_admin_names_the_line_of_a_mistake_and_stores_nothing(world: World) -> None:
    client = Client()
    client.force_login(world.user("admin.ada"))
    response = client.post("/admin/stay/packversion/add/", {"text": BROKEN_PACK})
    assert response.status_code == 200
    assert "pack text:11: " in response.content.decode()
    assert not PackVersion.objects.exists()


# --- the authorized end of each stay --------------------------------------------------------------


def test_an_admitted_entry_keeps_its_last_lawful_day_and_the_pack_version_used(
    world: World,
) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-05-01"))
    entry = cross(tourist, "entry", day("2025-06-01"))
    kept = AuthorizedStay.objects.get(entry=entry)
    # A tourist visa (L) allows 30 days from the day of entry, both days counted.
    assert (kept.basis, kept.authorized_until) == ("visa-tourism", day("2025-06-30"))
    assert (kept.entered_on, kept.exited_on) == (day("2025-06-01"), None)
    assert (kept.port, kept.region) == ("CAP-AIR", "capital")
    assert kept.pack == pack_in_force("demo-host").version
    assert kept.reasons[0]["rule"] == "visa-tourism"
    assert kept.unlawful_from == day("2025-07-01")


def test_a_stay_no_rule_allowed_is_unlawful_from_its_entry_day(world: World) -> None:
    without_visa = traveller("V00000002", nationality="VNM")
    stay(without_visa, day("2025-06-01"))
    kept = only_stay_of(without_visa)
    assert (kept.basis, kept.authorized_until, kept.unlawful_from) == ("", None, day("2025-06-01"))


def test_the_fill_of_an_earlier_database_gives_every_stay_its_first_unlawful_day(
    world: World,
) -> None:
    tourist, without_visa, citizen = (
        traveller("V00000001", nationality="VNM"),
        traveller("V00000002", nationality="VNM"),
        traveller("C00000001", nationality="UTO"),
    )
    visa(tourist, valid_from=day("2025-05-01"))
    for person in (tourist, without_visa, citizen):
        stay(person, day("2025-06-01"))
    AuthorizedStay.objects.update(unlawful_from=None)  # as the column was added
    import_module("orderly.stay.migrations.0002_unlawful_from").fill(connection)
    assert [only_stay_of(p).unlawful_from for p in (tourist, without_visa, citizen)] == [
        day("2025-07-01"),
        day("2025-06-01"),
        None,
    ]


def test_the_exit_closes_the_stay_it_ends(world: World) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-05-01"))
    stay(tourist, day("2025-06-01"), day("2025-06-20"))
    kept = only_stay_of(tourist)
    assert (kept.exited_on, kept.authorized_until) == (day("2025-06-20"), day("2025-06-30"))


def test_an_entry_whose_exit_was_never_recorded_is_closed_by_the_next_entry(
    world: World,
) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-01-01"), days_valid=365)
    cross(tourist, "entry", day("2025-02-01"))  # left unseen, somewhere before June
    cross(tourist, "entry", day("2025-06-01"))
    first, second = stays_of(tourist)
    # Decided as it stood before the next entry, with its own 30 days, not the next stay's;
    # and, as the engine counts it, present on its entry day only.
    assert (first.authorized_until, first.exited_on, first.exit_unrecorded) == (
        day("2025-03-02"),
        day("2025-02-01"),
        True,
    )
    assert (second.authorized_until, second.exited_on, second.exit_unrecorded) == (
        day("2025-06-30"),
        None,
        False,
    )


def test_an_exit_recorded_at_the_instant_of_the_entry_closes_a_lawful_stay(world: World) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-05-01"))
    cross(tourist, "entry", day("2025-06-01"), at=time(9))
    cross(tourist, "exit", day("2025-06-01"), at=time(9))
    kept = only_stay_of(tourist)
    # Decided as the stay stood once the entry was made, not a moment before it.
    assert (kept.basis, kept.authorized_until, kept.unlawful_from) == (
        "visa-tourism",
        day("2025-06-30"),
        day("2025-07-01"),
    )
    assert (kept.exited_on, kept.exit_unrecorded) == (day("2025-06-01"), False)


def test_two_entries_recorded_at_one_instant_each_keep_the_stay_the_entry_allowed(
    world: World,
) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-01-01"), days_valid=365)
    cross(tourist, "entry", day("2025-06-01"), at=time(9))
    cross(tourist, "entry", day("2025-06-01"), at=time(9))  # sent again by another post
    kept = stays_of(tourist)
    assert [(s.authorized_until, s.unlawful_from) for s in kept] == [
        (day("2025-06-30"), day("2025-07-01")),
        (day("2025-06-30"), day("2025-07-01")),
    ]
    assert sorted(s.exit_unrecorded for s in kept) == [False, True]


def test_the_upgrade_closes_the_stays_an_earlier_version_left_open_before_a_later_entry(
    world: World,
) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-01-01"), days_valid=365)
    cross(tourist, "entry", day("2025-02-01"))
    cross(tourist, "entry", day("2025-06-01"))
    AuthorizedStay.objects.update(exited_on=None, exit_unrecorded=False)  # as kept before
    close_stays_left_unseen(connection)
    assert [(s.exited_on, s.exit_unrecorded) for s in stays_of(tourist)] == [
        (day("2025-02-01"), True),
        (None, False),
    ]


def test_the_upgrade_leaves_alone_a_stay_an_exit_closed_before_the_next_entry(
    world: World,
) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-01-01"), days_valid=365)
    stay(tourist, day("2025-02-01"), day("2025-02-20"))
    cross(tourist, "entry", day("2025-06-01"))
    AuthorizedStay.objects.update(exited_on=None)  # kept open, as a stay not refreshed yet
    close_stays_left_unseen(connection)
    assert not any(s.exit_unrecorded for s in stays_of(tourist))


def test_the_upgrade_reads_an_exit_at_the_instant_of_its_entry_as_closing_it(
    world: World,
) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-01-01"), days_valid=365)
    cross(tourist, "entry", day("2025-02-01"), at=time(9))
    cross(tourist, "exit", day("2025-02-01"), at=time(9))
    cross(tourist, "entry", day("2025-06-01"))
    AuthorizedStay.objects.update(exited_on=None)
    close_stays_left_unseen(connection)
    assert not any(s.exit_unrecorded for s in stays_of(tourist))


def test_a_worker_of_the_version_before_the_upgrade_can_still_keep_a_stay(world: World) -> None:
    # During an upgrade, workers not restarted yet insert stays without the new column.
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-01-01"))
    cross(tourist, "entry", day("2025-02-01"))
    kept = only_stay_of(tourist)
    fields = [f for f in AuthorizedStay._meta.concrete_fields if f.name != "exit_unrecorded"]
    row = [f.get_db_prep_save(getattr(kept, f.attname), connection) for f in fields]
    kept.delete()
    columns = ", ".join(connection.ops.quote_name(cast(str, f.column)) for f in fields)  # concrete
    values = ", ".join(["%s"] * len(row))
    with connection.cursor() as cursor:  # names from the model, quoted; values as parameters
        cursor.execute(f"INSERT INTO stay_authorizedstay ({columns}) VALUES ({values})", row)  # noqa: S608
    assert only_stay_of(tourist).exit_unrecorded is False


def test_the_next_entry_leaves_the_stay_before_it_as_it_was_kept(world: World) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-01-01"), days_valid=365)
    cross(tourist, "entry", day("2025-02-01"))
    cross(tourist, "entry", day("2025-06-01"))
    first = stays_of(tourist)[0]
    cross(tourist, "entry", day("2025-09-01"))
    assert stays_of(tourist)[0].decided_at == first.decided_at


def test_recomputing_only_the_stays_a_new_crossing_can_change_misses_nothing(
    world: World,
) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-01-01"), days_valid=365)
    stay(tourist, day("2025-01-10"), day("2025-01-20"))
    stay(tourist, day("2025-03-01"), day("2025-04-15"))  # past the visa's 30 days
    cross(tourist, "entry", day("2025-06-01"))
    cross(tourist, "exit", day("2025-02-01"))  # an offline post's exit, sent late
    cross(tourist, "entry", day("2025-02-20"))  # and its entry, later still
    kept = [
        (s.entry_id, s.authorized_until, s.unlawful_from, s.exited_on) for s in stays_of(tourist)
    ]

    assert stays_refresh(actor=SYSTEM, person=tourist) == 0
    assert kept == [
        (s.entry_id, s.authorized_until, s.unlawful_from, s.exited_on) for s in stays_of(tourist)
    ]


def test_each_entry_keeps_its_own_stay(world: World) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-01-01"), days_valid=365)
    stay(tourist, day("2025-02-01"), day("2025-02-10"), port="NTH-LND")
    stay(tourist, day("2025-06-01"))
    first, second = stays_of(tourist)
    assert (first.region, first.authorized_until, first.exited_on) == (
        "north",
        day("2025-03-02"),
        day("2025-02-10"),
    )
    assert (second.region, second.authorized_until, second.exited_on) == (
        "capital",
        day("2025-06-30"),
        None,
    )


def test_a_stay_at_a_port_in_another_time_zone_counts_that_ports_calendar_day(
    world: World,
) -> None:
    # 00:30 on 2 June in Urumqi (UTC+6) is still 1 June in UTC and already 2 June in Shanghai.
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from orderly.border.services import CrossingRequest, crossing_record

    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-05-01"))
    when = datetime(2025, 6, 2, 0, 30, tzinfo=ZoneInfo("Asia/Urumqi"))
    request = CrossingRequest(
        port_code="NTH-LND", direction="entry", idempotency_key="urumqi-entry-1", occurred_at=when
    )
    crossing_record(actor=SYSTEM, document=tourist.documents.get(), request=request)
    assert only_stay_of(tourist).entered_on == day("2025-06-02")


def test_a_new_pack_version_decides_the_next_stays_and_earlier_ones_keep_theirs(
    world: World,
) -> None:
    before = traveller("V00000001", nationality="VNM")
    visa(before, valid_from=day("2025-05-01"))
    stay(before, day("2025-06-01"))
    old = only_stay_of(before).pack
    new = pack_load(
        actor=world.actor("admin.ada"),
        text=demo_host_version("2025.2", tourist_visa_days=60),
        source="host-2025.2.yaml",
    )
    after = traveller("V00000002", nationality="VNM")
    visa(after, valid_from=day("2025-05-01"))
    stay(after, day("2025-06-01"))
    assert (only_stay_of(after).pack, only_stay_of(after).authorized_until) == (
        new,
        day("2025-07-30"),
    )
    assert (only_stay_of(before).pack, only_stay_of(before).authorized_until) == (
        old,
        day("2025-06-30"),
    )
    assert old != new


def test_a_residence_permit_recorded_by_a_caseworker_makes_the_stay_lawful(world: World) -> None:
    newcomer = traveller("V00000001", nationality="VNM")
    stay(newcomer, day("2025-06-01"))
    assert (only_stay_of(newcomer).basis, only_stay_of(newcomer).authorized_until) == ("", None)
    recorded = authorization_record(
        actor=world.actor("caseworker.carl"),
        person=newcomer,
        request=permit(day("2025-06-10"), day("2027-06-09")),
    )
    kept = only_stay_of(newcomer)
    assert (kept.basis, kept.authorized_until) == ("residence-permit", day("2027-06-09"))
    assert AuditEvent.objects.filter(
        name="stay.authorization.recorded",
        object_id=str(recorded.pk),
        actor_label="caseworker.carl",
    ).exists()


def test_an_extension_granted_during_the_stay_moves_its_last_lawful_day(world: World) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-05-01"))
    stay(tourist, day("2025-06-01"))
    extension = AuthorizationRequest(
        kind=EXTENSION,
        category="tourism",
        reference="EXT-0001",
        valid_from=day("2025-07-01"),
        valid_until=day("2025-07-31"),
        granted_on=day("2025-06-25"),
    )
    authorization_record(actor=world.actor("caseworker.carl"), person=tourist, request=extension)
    assert only_stay_of(tourist).authorized_until == day("2025-07-31")


def test_an_application_filed_in_time_is_part_of_the_kept_evidence(world: World) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-05-01"))
    stay(tourist, day("2025-06-01"))
    application_record(
        actor=world.actor("caseworker.carl"),
        person=tourist,
        kind=EXTENSION,
        filed_on=day("2025-06-28"),
    )
    texts = " ".join(reason["text"] for reason in only_stay_of(tourist).reasons)
    assert "filed by the last lawful day" in texts
    assert AuditEvent.objects.filter(name="stay.application.recorded").count() == 1


def test_a_refused_entry_creates_no_stay(world: World) -> None:
    refused = traveller("V00000001", nationality="VNM")
    cross(refused, "entry", day("2025-06-01"), refused_because="No visa")
    assert Crossing.objects.filter(person=refused, outcome="refused").count() == 1
    assert stays_of(refused) == []


def test_a_citizen_is_kept_as_exempt(world: World) -> None:
    citizen = traveller("C00000001", nationality="UTO")
    stay(citizen, day("2025-06-01"))
    kept = only_stay_of(citizen)
    assert (kept.exempt, kept.authorized_until, kept.reasons[0]["rule"]) == (True, None, "citizens")
    assert kept.unlawful_from is None


@pytest.mark.parametrize(
    "username",
    ["officer.ana", "supervisor.sara", "analyst.alma", "admin.ada", "migrant.mia", "outsider.otto"],
)
def test_only_a_caseworker_records_an_authorization_or_an_application(
    world: World, username: str
) -> None:
    person = traveller("V00000001", nationality="VNM")
    actor = world.actor(username)
    with pytest.raises(NotPermitted):
        authorization_record(
            actor=actor, person=person, request=permit(day("2025-01-01"), day("2026-01-01"))
        )
    with pytest.raises(NotPermitted):
        application_record(actor=actor, person=person, kind=EXTENSION, filed_on=day("2025-01-01"))
    assert not Authorization.objects.exists()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (permit(day("2025-06-01"), day("2025-05-31")), "valid_until"),
        (permit(day("2025-06-01"), day("2026-06-01"), category=" "), "category"),
        (
            AuthorizationRequest(
                "passport", "L", "X1", day("2025-01-01"), day("2025-02-01"), day("2025-01-01")
            ),
            "kind",
        ),
        (
            AuthorizationRequest(
                "visa",
                "L",
                "X1",
                day("2025-01-01"),
                day("2025-02-01"),
                day("2025-01-01"),
                entries=0,
            ),
            "entries",
        ),
    ],
)
def test_a_bad_authorization_is_refused_naming_the_field_and_nothing_is_stored(
    world: World, request_: AuthorizationRequest, field: str
) -> None:
    person = traveller("V00000001", nationality="VNM")
    with pytest.raises(InvalidInput) as refused:
        authorization_record(actor=world.actor("caseworker.carl"), person=person, request=request_)
    assert refused.value.field == field
    assert not Authorization.objects.exists()


def test_an_application_decided_before_it_was_filed_is_refused(world: World) -> None:
    person = traveller("V00000001", nationality="VNM")
    filed = day("2025-06-10")
    with pytest.raises(InvalidInput) as refused:
        application_record(
            actor=world.actor("caseworker.carl"),
            person=person,
            kind=EXTENSION,
            filed_on=filed,
            decided_on=filed - timedelta(days=1),
        )
    assert refused.value.field == "decided_on"
