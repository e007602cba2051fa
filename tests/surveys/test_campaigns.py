"""Customer campaigns: partner admins (or staff for a partner) add contacts by form or
CSV, send through the outbox with one unique link per recipient."""

import io

from sqlalchemy import select

from app.extensions import db
from app.feedback.models import CustomerContact
from app.mail.models import OutboxMessage
from app.surveys.models import SurveyCampaign
from app.tenancy import scoped_to
from tests.surveys.helpers import (
    fresh,
    links_by_address,
    make_campaign,
    make_survey,
    recipients,
    survey_messages,
)


def _campaign_id(response):
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def _upload(client, campaign_id, text, filename="contacts.csv"):
    data = {"file": (io.BytesIO(text.encode("utf-8") if isinstance(text, str) else text), filename)}
    return client.post(
        f"/surveys/campaigns/{campaign_id}/upload", data=data, content_type="multipart/form-data"
    )


def _emails(org):
    return [r.email for r in recipients(org)]


def test_partner_admin_creates_a_campaign_for_their_own_partner(world, login):
    survey = make_survey(world.a)
    client = login(world.a.partner_admins[0])
    campaign_id = _campaign_id(
        client.post(
            "/surveys/campaigns/new",
            data={"survey_id": survey.id, "name": "Q3 customers", "partner_id": world.a.partners[1].id},
        )
    )
    with scoped_to(world.a.tenant.id):
        campaign = db.session.scalars(select(SurveyCampaign).where(SurveyCampaign.id == campaign_id)).one()
    assert campaign.partner_id == world.a.partners[0].id  # the posted partner_id is ignored
    assert campaign.name == "Q3 customers"


def test_staff_create_a_campaign_on_a_partners_behalf(world, login):
    survey = make_survey(world.a)
    client = login(world.a.manager)
    campaign_id = _campaign_id(
        client.post(
            "/surveys/campaigns/new",
            data={"survey_id": survey.id, "partner_id": world.a.partners[1].id, "name": ""},
        )
    )
    with scoped_to(world.a.tenant.id):
        campaign = db.session.scalars(select(SurveyCampaign).where(SurveyCampaign.id == campaign_id)).one()
    assert campaign.partner_id == world.a.partners[1].id
    assert campaign.name == "Customer survey"  # defaults to the survey's title


def test_campaign_form_refuses_missing_survey_and_foreign_partner(world, login):
    survey_b = make_survey(world.b)
    response = login(world.a.manager).post(
        "/surveys/campaigns/new", data={"survey_id": survey_b.id, "partner_id": world.b.partners[0].id}
    )
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(SurveyCampaign)).all() == []


def test_partner_admin_adds_a_contact_by_form(world, login):
    campaign = make_campaign(world.a, make_survey(world.a))
    client = login(world.a.partner_admins[0])
    response = client.post(
        f"/surveys/campaigns/{campaign.id}/contacts",
        data={"email": " Dana@Customer.Example ", "name": "Dana", "company": "Acme"},
    )
    assert response.status_code == 302
    [recipient] = recipients(world.a)
    assert (recipient.email, recipient.name, recipient.contact.company) == (
        "dana@customer.example",
        "Dana",
        "Acme",
    )
    assert recipient.partner_id == world.a.partners[0].id


def test_invalid_or_duplicate_contact_rerenders_with_message(world, login):
    campaign = make_campaign(world.a, make_survey(world.a), ["dana@customer.example"])
    client = login(world.a.partner_admins[0])
    bad = client.post(
        f"/surveys/campaigns/{campaign.id}/contacts", data={"email": "not-an-email", "name": "X"}
    )
    assert bad.status_code == 422 and "Enter a valid email address." in bad.get_data(as_text=True)
    again = client.post(f"/surveys/campaigns/{campaign.id}/contacts", data={"email": "DANA@customer.example"})
    assert again.status_code == 422 and "already in the campaign" in again.get_data(as_text=True)
    assert _emails(world.a) == ["dana@customer.example"]


def test_csv_upload_adds_every_row(world, login):
    campaign = make_campaign(world.a, make_survey(world.a))
    client = login(world.a.partner_admins[0])
    csv_text = (
        'Email,Name,Company\nann@x.example,Ann,Acme\n\nbob@x.example,"Bob, Jr.",\nANN@x.example,Ann,Acme\n'
    )
    response = _upload(client, campaign.id, csv_text)
    assert response.status_code == 302
    page = client.get(f"/surveys/campaigns/{campaign.id}").get_data(as_text=True)
    assert "2 contacts added. 1 already in the campaign." in page
    assert _emails(world.a) == ["ann@x.example", "bob@x.example"]
    assert recipients(world.a)[1].name == "Bob, Jr."


def test_csv_with_bad_rows_reports_each_row_and_keeps_the_good_ones(world, login):
    campaign = make_campaign(world.a, make_survey(world.a))
    client = login(world.a.partner_admins[0])
    csv_text = "email,name,company\nok@x.example,Ok,\nbroken,Broke,\n,No email,\nfine@x.example,\x07Bell,\n"
    response = _upload(client, campaign.id, csv_text)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 contacts added." in page and "3 rows were left out" in page
    assert "Row 3: broken: Enter a valid email address." in page
    assert "Row 4: (no email): Enter a valid email address." in page
    assert "Row 5: fine@x.example: Remove control characters from the name." in page
    assert _emails(world.a) == ["ok@x.example"]


def test_csv_with_only_bad_rows_adds_nothing(world, login):
    campaign = make_campaign(world.a, make_survey(world.a))
    client = login(world.a.partner_admins[0])
    response = _upload(client, campaign.id, "email,name\nbroken,Broke\n")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "No contact could be added" in page and "Row 2: broken: Enter a valid email address." in page
    assert _emails(world.a) == []
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(CustomerContact)).all() == []


def test_csv_without_email_column_or_not_utf8_is_refused(world, login):
    campaign = make_campaign(world.a, make_survey(world.a))
    client = login(world.a.partner_admins[0])
    no_header = _upload(client, campaign.id, "ann@x.example,Ann,Acme\n")
    assert no_header.status_code == 422
    assert "The first row must name the columns" in no_header.get_data(as_text=True)
    latin1 = _upload(client, campaign.id, "email,name\nj@x.example,J\xe9r\xf4me\n".encode("latin-1"))
    assert "UTF-8" in latin1.get_data(as_text=True)
    empty = _upload(client, campaign.id, "email,name,company\n")
    assert "The file has no contacts." in empty.get_data(as_text=True)
    assert _emails(world.a) == []


def test_hostile_contact_name_is_stored_and_shown_escaped(world, login):
    campaign = make_campaign(world.a, make_survey(world.a))
    client = login(world.a.partner_admins[0])
    hostile = "<b onmouseover=alert(1)>Eve</b>"
    _upload(client, campaign.id, f"email,name\neve@x.example,{hostile}\n")
    assert recipients(world.a)[0].name == hostile
    page = client.get(f"/surveys/campaigns/{campaign.id}").get_data(as_text=True)
    assert "&lt;b onmouseover=alert(1)&gt;Eve&lt;/b&gt;" in page and hostile not in page


def test_sending_emails_each_contact_a_unique_link_through_the_outbox(world, login, smtp):
    campaign = make_campaign(world.a, make_survey(world.a), ["ann@x.example", "bob@x.example"])
    client = login(world.a.partner_admins[0])
    response = client.post(f"/surveys/campaigns/{campaign.id}/send")
    assert response.status_code == 302
    fresh()
    with scoped_to(world.a.tenant.id):
        kinds = db.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.kind.like("survey%"))).all()
    assert kinds == ["survey_invitation"] * 2
    links = links_by_address(smtp)
    assert set(links) == {"ann@x.example", "bob@x.example"}
    assert links["ann@x.example"] != links["bob@x.example"]
    page = client.get(f"/surveys/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Sent to 2 contacts." in page


def test_sending_again_only_sends_to_new_contacts(world, login, smtp):
    campaign = make_campaign(world.a, make_survey(world.a), ["ann@x.example"])
    client = login(world.a.partner_admins[0])
    client.post(f"/surveys/campaigns/{campaign.id}/send")
    client.post(f"/surveys/campaigns/{campaign.id}/contacts", data={"email": "bob@x.example"})
    client.post(f"/surveys/campaigns/{campaign.id}/send")
    assert sorted(links_by_address(smtp)) == ["ann@x.example", "bob@x.example"]
    assert len(survey_messages(smtp)) == 2
    client.post(f"/surveys/campaigns/{campaign.id}/send")
    page = client.get(f"/surveys/campaigns/{campaign.id}").get_data(as_text=True)
    assert "everyone in this campaign has already been handled" in page


def test_contact_is_removed_before_sending_only(world, login):
    campaign = make_campaign(world.a, make_survey(world.a), ["ann@x.example", "bob@x.example"])
    client = login(world.a.partner_admins[0])
    ann, bob = recipients(world.a)
    client.post(f"/surveys/campaigns/{campaign.id}/recipients/{ann.id}/remove")
    client.post(f"/surveys/campaigns/{campaign.id}/send")
    client.post(f"/surveys/campaigns/{campaign.id}/recipients/{bob.id}/remove")
    assert _emails(world.a) == ["bob@x.example"]


def test_partner_admin_cannot_reach_another_partners_campaign(world, login):
    campaign = make_campaign(world.a, make_survey(world.a), ["ann@x.example"], partner=world.a.partners[1])
    client = login(world.a.partner_admins[0])
    [recipient] = recipients(world.a)
    for url in (f"/surveys/campaigns/{campaign.id}", f"/surveys/campaigns/{campaign.id}/results"):
        assert client.get(url).status_code == 404
    for url in (
        f"/surveys/campaigns/{campaign.id}/send",
        f"/surveys/campaigns/{campaign.id}/contacts",
        f"/surveys/campaigns/{campaign.id}/recipients/{recipient.id}/remove",
    ):
        assert client.post(url, data={"email": "x@x.example"}).status_code == 404
    assert _emails(world.a) == ["ann@x.example"] and recipients(world.a)[0].sent_at is None
    assert "Spring survey" not in client.get("/surveys/").get_data(as_text=True)


def test_other_tenants_staff_cannot_reach_the_campaign(world, login):
    campaign = make_campaign(world.a, make_survey(world.a), ["ann@x.example"])
    client = login(world.b.admin)
    assert client.get(f"/surveys/campaigns/{campaign.id}").status_code == 404
    assert client.post(f"/surveys/campaigns/{campaign.id}/send").status_code == 404


def test_suspended_partner_cannot_send(world, login):
    from app.partners.models import PartnerStatus

    campaign = make_campaign(world.a, make_survey(world.a), ["ann@x.example"])
    with scoped_to(world.a.tenant.id):
        campaign.partner.status = PartnerStatus.SUSPENDED
        db.session.commit()
    client = login(world.a.admin)
    client.post(f"/surveys/campaigns/{campaign.id}/send")
    assert "suspended" in client.get(f"/surveys/campaigns/{campaign.id}").get_data(as_text=True)
    assert recipients(world.a)[0].sent_at is None
