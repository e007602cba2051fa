"""The tenant's time zone (admins, Settings) and a person's own (Your account): validated
against the known zones, stored as the name chosen (issue #15, item 1)."""

import re
from datetime import date, datetime

import pytest

from app.core import timezones
from app.extensions import db


def _reload(obj):
    db.session.expire_all()
    return obj


def test_admin_sets_the_organisations_time_zone(world, login):
    response = login(world.a.admin).post("/settings/time-zone", data={"time_zone": "Europe/Berlin"})
    assert response.status_code == 302
    assert _reload(world.a.tenant).time_zone == "Europe/Berlin"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "+02:00", "../etc/passwd"])
def test_an_unknown_zone_is_refused(world, login, zone):
    response = login(world.a.admin).post("/settings/time-zone", data={"time_zone": zone})
    assert response.status_code == 422
    assert _reload(world.a.tenant).time_zone == "UTC"


def test_a_manager_cannot_change_the_organisations_zone(world, login):
    response = login(world.a.manager).post("/settings/time-zone", data={"time_zone": "Asia/Tokyo"})
    assert response.status_code == 403
    assert _reload(world.a.tenant).time_zone == "UTC"


def test_a_person_chooses_their_own_zone_and_can_go_back_to_the_organisations(world, login):
    client = login(world.a.partner_members[0])
    assert client.post("/account/time-zone", data={"time_zone": "America/Sao_Paulo"}).status_code == 302
    assert _reload(world.a.partner_members[0]).time_zone == "America/Sao_Paulo"
    assert re.search(r'<option selected value="America/Sao_Paulo">', client.get("/account").get_data(as_text=True))
    assert client.post("/account/time-zone", data={"time_zone": ""}).status_code == 302
    assert _reload(world.a.partner_members[0]).time_zone is None
    assert client.post("/account/time-zone", data={"time_zone": "Nowhere/Land"}).status_code == 422


@pytest.mark.pure
def test_the_stored_moment_of_a_local_day_shows_that_day_back():
    now = datetime(2026, 12, 2, 11, 30)
    for name in ("UTC", "Pacific/Auckland", "Pacific/Kiritimati", "America/Los_Angeles", "Pacific/Pago_Pago"):
        zone = timezones.ZoneInfo(name)
        today = timezones.to_local(now, zone).date()
        for day in (today, date(2026, 11, 30)):
            stored = timezones.moment_of_local_day(day, zone, now=now)
            assert stored <= now
            assert timezones.to_local(stored, zone).date() == day, (name, day)
