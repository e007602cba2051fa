"""The partner page: scores over time, one feedback timeline, ideas and follow-ups."""

from datetime import datetime, timedelta

from app.extensions import db
from app.feedback.models import Channel, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.tenancy import scoped_to


def _record(tenant, partner, source, text, days_ago, **scores):
    with scoped_to(tenant.id):
        record_feedback(FeedbackInput(source=source, channel=Channel.SURVEY if source == Source.CUSTOMER else
                                      Channel.PORTAL, partner_id=partner.id, text=text,
                                      given_at=datetime.now() - timedelta(days=days_ago), **scores))
        db.session.commit()


def test_partner_page_shows_feedback_from_and_about_the_partner_in_one_timeline(world, login):
    a1, a2 = world.a.partners
    _record(world.a.tenant, a1, Source.PARTNER, "Partner says MDF is slow", 3, nps=4)
    _record(world.a.tenant, a1, Source.CUSTOMER, "Customer loved the rollout", 2, nps=10)
    _record(world.a.tenant, a1, Source.INTERNAL, "QBR notes: wants more leads", 1)
    _record(world.a.tenant, a2, Source.PARTNER, "Other partner's remark", 1)
    page = login(world.a.manager).get(f"/partners/{a1.id}").get_data(as_text=True)
    for text in ("Partner says MDF is slow", "Customer loved the rollout", "QBR notes: wants more leads"):
        assert text in page
    assert "Other partner&#39;s remark" not in page and "Other partner's remark" not in page
    assert page.index("QBR notes") < page.index("Customer loved") < page.index("Partner says MDF")  # newest first
    assert "Scores, last 12 months" in page and "NPS (2)" in page


def test_partner_page_lists_their_ideas(world, login):
    a1 = world.a.partners[0]
    login(world.a.partner_admins[0]).post("/ideas/new", data={"title": "Faster MDF payouts"})
    page = login(world.a.manager).get(f"/partners/{a1.id}").get_data(as_text=True)
    assert "Faster MDF payouts" in page


def test_empty_partner_page_invites_recording_feedback(world, login):
    page = login(world.a.manager).get(f"/partners/{world.a.partners[1].id}").get_data(as_text=True)
    assert "Record what they told you" in page and "No ideas from" in page
