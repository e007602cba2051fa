"""Imports are vendor-staff only and tenant-scoped: other tenants' batches and partner users get 404."""

import io

import pytest
from sqlalchemy import select

from app.extensions import db
from app.feedback.models import FeedbackItem
from app.tenancy import scoped_to

CONTENT = b"Comment,Partner,NPS\nGreat enablement,Partner A1,9\n"


def _upload(client, content=CONTENT):
    response = client.post("/imports/new", data={"file": (io.BytesIO(content), "x.csv"), "encoding": "utf-8"},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].split("/imports/")[1].split("/")[0])


def _batch_urls(batch_id):
    return [("get", f"/imports/{batch_id}/mapping"), ("post", f"/imports/{batch_id}/mapping"),
            ("post", f"/imports/{batch_id}/run"), ("get", f"/imports/{batch_id}"),
            ("get", f"/imports/{batch_id}/errors.csv")]


def _items(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(FeedbackItem)).all()


def test_admin_and_manager_can_open_the_import_pages(world, login):
    for user in (world.a.admin, world.a.manager):
        client = login(user)
        assert client.get("/imports/").status_code == 200
        assert client.get("/imports/new").status_code == 200


def test_another_tenants_batch_is_404_on_every_route(world, login):
    batch_id = _upload(login(world.a.admin))
    intruder = login(world.b.admin)
    for method, url in _batch_urls(batch_id):
        data = {"mode": "partial", "text": "0", "default_source": "customer", "date_format": "iso"}
        response = getattr(intruder, method)(url, data=data) if method == "post" else intruder.get(url)
        assert response.status_code == 404, url
    assert _items(world.a.tenant) == [] and _items(world.b.tenant) == []


def test_another_tenants_batches_are_not_listed(world, login):
    _upload(login(world.a.admin))
    assert "x.csv" not in login(world.b.admin).get("/imports/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["partner_admins", "partner_members"])
def test_partner_users_get_404_on_every_import_route(world, login, role):
    batch_id = _upload(login(world.a.admin))
    partner_user = login(getattr(world.a, role)[0])
    assert partner_user.get("/imports/").status_code == 404
    assert partner_user.get("/imports/new").status_code == 404
    upload = partner_user.post("/imports/new", data={"file": (io.BytesIO(CONTENT), "x.csv")},
                               content_type="multipart/form-data")
    assert upload.status_code == 404
    for method, url in _batch_urls(batch_id):
        assert getattr(partner_user, method)(url).status_code == 404, url
    assert _items(world.a.tenant) == []


def test_visitors_are_sent_to_log_in(app):
    response = app.test_client().get("/imports/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_imported_items_belong_to_the_importing_tenant_only(world, login):
    client = login(world.a.admin)
    client.post(f"/imports/{_upload(client)}/run", data={"mode": "partial"})
    [item] = _items(world.a.tenant)
    assert (item.tenant_id, item.partner_id) == (world.a.tenant.id, world.a.partners[0].id)
    assert _items(world.b.tenant) == []


def test_items_of_another_tenant_are_not_duplicates(world, login):
    content = b"Comment,NPS\nSame words in both tenants,8\n"
    first, second = login(world.a.admin), login(world.b.admin)
    first.post(f"/imports/{_upload(first, content)}/run", data={"mode": "partial"})
    second.post(f"/imports/{_upload(second, content)}/run", data={"mode": "partial"})
    assert len(_items(world.a.tenant)) == 1 and len(_items(world.b.tenant)) == 1


def test_partners_of_another_tenant_are_unknown_by_name_and_by_id(world, login):
    client = login(world.a.admin)
    other = world.b.partners[0]
    content = f"Comment,Partner\nBy name,{other.name}\nBy id,{other.id}\n".encode()
    batch_id = _upload(client, content)
    client.post(f"/imports/{batch_id}/run", data={"mode": "partial"})
    page = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert page.count("Unknown partner.") == 2
    assert _items(world.a.tenant) == [] and _items(world.b.tenant) == []
