"""Automation rules: detractors (and other conditions) create owned follow-ups with an
alert email, the rule test counts existing matches, one follow-up per (rule, item),
and rules that cannot work are refused with clear messages."""

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.feedback.models import FeedbackCategory
from app.followups.models import AutomationRule, FollowUp
from app.followups.services.followups import today
from app.followups.services.rules import apply_rules_to_items
from app.mail.sender import deliver_all_due
from app.partners.models import Partner
from app.tenancy import scoped_to
from tests.followups.helpers import follow_ups_of, make_rule, outbox, record_item
from tests.smtp import text_part
from tests.surveys.helpers import full_answers, links_by_address, sent_campaign


def test_detractor_survey_answer_creates_an_owned_follow_up_and_emails_the_owner(world, client, smtp):
    rule = make_rule(world.a, name="Detractors", nps_detractor=True, due_in_days=2)
    campaign = sent_campaign(world.a, ["casey@customer.example.com"])
    token = links_by_address(smtp)["casey@customer.example.com"]
    smtp.clear()
    assert client.post(f"/s/{token}", data=full_answers(campaign.survey, nps="3")).status_code == 200
    [follow_up] = follow_ups_of(world.a)
    assert follow_up.owner_id == world.a.manager.id  # the partner's manager
    assert (follow_up.rule_id, follow_up.due_on) == (rule.id, today() + timedelta(days=2))
    deliver_all_due()
    [alert] = smtp.wait_for(1)
    assert alert["To"] == world.a.manager.email
    assert f"/followups/{follow_up.id}" in text_part(alert)


def test_partners_own_detractor_feedback_creates_a_vendor_follow_up_hidden_from_them(world, login):
    make_rule(world.a, nps_detractor=True)
    partner_client = login(world.a.partner_members[0])
    partner_client.post("/feedback/new", data={"text": "Approvals are far too slow", "nps": "2"})
    [follow_up] = follow_ups_of(world.a)
    assert follow_up.partner_id is None and follow_up.owner_id == world.a.manager.id
    assert partner_client.get(f"/followups/{follow_up.id}").status_code == 404


def test_items_that_miss_a_condition_get_no_follow_up(world):
    make_rule(world.a, nps_detractor=True)
    record_item(world.a, nps=9, text="Great program")
    record_item(world.a, nps=None, text="No score at all")
    assert follow_ups_of(world.a) == []


def test_paused_rule_creates_nothing(world):
    make_rule(world.a, nps_detractor=True, active=False)
    record_item(world.a, nps=1)
    assert follow_ups_of(world.a) == []


def test_partner_conditions_and_csat_threshold_combine(world):
    make_rule(world.a, csat_at_most=2, region="emea", tier_id=world.a.tier.id)
    with scoped_to(world.a.tenant.id):
        db.session.get(Partner, world.a.partners[1].id).region = "APAC"
        db.session.commit()
    matching = record_item(world.a, 0, csat=2, text="Low CSAT in EMEA")
    record_item(world.a, 0, csat=3, text="Average CSAT in EMEA")
    record_item(world.a, 1, csat=1, text="Low CSAT in APAC")
    assert [f.feedback_item_id for f in follow_ups_of(world.a)] == [matching.id]


def test_named_owner_gets_items_of_partners_without_a_manager(world):
    make_rule(world.a, nps_detractor=True, owner_id=world.a.admin.id)
    with scoped_to(world.a.tenant.id):
        db.session.get(Partner, world.a.partners[0].id).manager_id = None
        db.session.commit()
    record_item(world.a, 0, nps=4)
    [follow_up] = follow_ups_of(world.a)
    assert follow_up.owner_id == world.a.admin.id


def test_rule_test_counts_existing_matching_items_without_saving(world, login):
    for nps in (0, 3, 6, 7, 10):
        record_item(world.a, nps=nps, text=f"Score {nps}")
    record_item(world.b, nps=2, text="Other tenant")
    response = login(world.a.manager).post("/followups/rules/new", data={
        "name": "Detractors", "nps_detractor": "y", "assign_to": "partner_manager", "due_in_days": "2",
        "priority": "normal", "test": "Count matching feedback"})
    assert response.status_code == 200
    assert "would have matched <strong>3</strong> existing feedback items" in response.get_data(as_text=True)
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(AutomationRule)).all() == []


def test_staff_save_a_rule_from_the_form(world, login):
    response = login(world.a.manager).post("/followups/rules/new", data={
        "name": "Unhappy customers", "active": "y", "source": "customer", "negative_sentiment": "y",
        "assign_to": "user", "owner_id": world.a.admin.id, "due_in_days": "5", "priority": "high",
        "submit": "Save rule"})
    assert response.status_code == 302
    with scoped_to(world.a.tenant.id):
        [rule] = db.session.scalars(select(AutomationRule)).all()
    assert (rule.source.value, rule.negative_sentiment, rule.owner_id, rule.due_in_days) == (
        "customer", True, world.a.admin.id, 5)


def test_same_rule_never_creates_two_follow_ups_for_one_item(world):
    make_rule(world.a, nps_detractor=True)
    item = record_item(world.a, nps=2)
    with scoped_to(world.a.tenant.id):
        assert apply_rules_to_items([item.id, item.id]) == []
        db.session.commit()
    assert len(follow_ups_of(world.a)) == 1
    assert len(outbox("followup_assigned")) == 1


def test_database_refuses_a_second_follow_up_of_one_rule_for_one_item(world):
    rule = make_rule(world.a, nps_detractor=True)
    item = record_item(world.a, nps=2)
    with scoped_to(world.a.tenant.id), pytest.raises(IntegrityError):
        db.session.add(FollowUp(feedback_item_id=item.id, rule_id=rule.id, title="Twin", due_on=today()))
        db.session.flush()
    db.session.rollback()


def test_bulk_paths_apply_rules_to_items_inserted_without_record_feedback(world):
    items = [record_item(world.a, nps=nps, text=f"Imported {nps}") for nps in (1, 5, 9)]
    make_rule(world.a, nps_detractor=True)
    with scoped_to(world.a.tenant.id):
        created = apply_rules_to_items([item.id for item in items])
        db.session.commit()
    assert sorted(f.feedback_item_id for f in created) == [items[0].id, items[1].id]


def _rule_form(**overrides):
    data = {"name": "Rule", "assign_to": "partner_manager", "due_in_days": "2", "priority": "normal",
            "submit": "Save rule"}
    return {**data, **overrides}


def _foreign_category_id(world):
    with scoped_to(world.b.tenant.id):
        return db.session.scalars(select(FeedbackCategory.id)).first()


@pytest.mark.parametrize("overrides, message", [
    ({"csat_at_most": "0"}, "never matches"),
    ({"nps_detractor": "y", "nps_promoter": "y"}, "cannot be a detractor (0-6) and a promoter (9-10) at once"),
    ({}, "Add at least one condition"),
    ({"nps_detractor": "y", "assign_to": "user"}, "Choose the staff member who gets the follow-ups."),
    ({"nps_detractor": "y", "due_in_days": "-3"}, "Due in 1 to 365 days."),
])
def test_rules_that_cannot_work_are_refused(world, login, overrides, message):
    response = login(world.a.manager).post("/followups/rules/new", data=_rule_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_category_of_another_tenant_is_unknown(world, login):
    data = _rule_form(category_id=_foreign_category_id(world))
    response = login(world.a.manager).post("/followups/rules/new", data=data)
    assert response.status_code == 422 and "Unknown category." in response.get_data(as_text=True)


def test_owner_of_another_tenant_is_refused_for_a_rule(world, login):
    data = _rule_form(nps_detractor="y", assign_to="user", owner_id=world.b.admin.id)
    response = login(world.a.manager).post("/followups/rules/new", data=data)
    assert response.status_code == 422 and "Choose a member of your staff." in response.get_data(as_text=True)
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(AutomationRule)).all() == []


def test_rules_of_another_tenant_are_not_found(world, login):
    rule = make_rule(world.b, nps_detractor=True)
    client = login(world.a.admin)
    assert client.get(f"/followups/rules/{rule.id}").status_code == 404
    assert client.post(f"/followups/rules/{rule.id}/delete").status_code == 404


def test_rule_page_shows_the_saved_rule(world, login):
    rule = make_rule(world.a, name="Low CSAT in EMEA", csat_at_most=2, region="EMEA")
    page = login(world.a.manager).get(f"/followups/rules/{rule.id}").get_data(as_text=True)
    assert 'value="Low CSAT in EMEA"' in page and 'value="EMEA"' in page and 'value="2"' in page
