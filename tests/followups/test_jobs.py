"""Scheduled work and figures: escalation (once), the daily digest, the CLI, the
tenant policy, service-level figures computed by hand, and partner health."""

from datetime import date, datetime, timedelta

from app.core.models import utcnow
from app.extensions import db
from app.followups.models import ActivityKind, FollowUp, FollowUpPolicy, FollowUpStatus
from app.followups.services.followups import today
from app.followups.services.jobs import digest_all, escalate_all
from app.followups.services.service_levels import overdue_by_partner, service_level_figures
from app.insights.services.health import partner_health
from app.insights.services.metrics import MetricFilters
from app.mail.sender import deliver_all_due
from app.tenancy import scoped_to
from tests.followups.helpers import activities_of, make_follow_up, outbox, record_item, refreshed
from tests.smtp import text_part


def _overdue(org, title="Late", owner=None, partner_index=0, days_late=1):
    follow_up = make_follow_up(org, record_item(org, partner_index), owner=owner, title=title)
    with scoped_to(org.tenant.id):
        follow_up.due_on = today() - timedelta(days=days_late)
        follow_up.created_at = utcnow() - timedelta(days=5)
        db.session.commit()
    return follow_up


def test_overdue_follow_up_is_escalated_once_to_the_admins(world):
    follow_up = _overdue(world.a)
    assert escalate_all() == 1
    assert escalate_all() == 0
    [mail] = outbox("followup_escalated")
    assert mail.to_address == world.a.admin.email and "Late" in mail.subject
    assert refreshed(world.a, follow_up).escalated_at is not None
    [entry] = [a for a in activities_of(world.a, follow_up) if a.kind == ActivityKind.ESCALATED]
    assert entry.internal


def test_follow_ups_not_past_due_or_no_longer_active_are_not_escalated(world, login):
    make_follow_up(world.a, record_item(world.a), due_in=0, title="Due today")
    done = _overdue(world.a, title="Done late")
    login(world.a.manager).post(f"/followups/{done.id}/status", data={"status": "closed_no_action"})
    assert escalate_all() == 0 and outbox("followup_escalated") == []


def test_escalation_goes_to_the_policys_escalation_person(world, login):
    response = login(world.a.admin).post("/followups/policy", data={
        "escalation_user_id": world.a.manager.id, "first_response_days": "2", "resolution_days": "14",
        "confirmation_days": "14"})
    assert response.status_code == 302
    _overdue(world.a)
    escalate_all()
    assert [m.to_address for m in outbox("followup_escalated")] == [world.a.manager.email]


def test_policy_refuses_impossible_values_and_foreign_people(world, login):
    client = login(world.a.admin)
    bad_days = client.post("/followups/policy", data={"first_response_days": "0", "resolution_days": "14",
                                                      "confirmation_days": "14"})
    assert bad_days.status_code == 422 and "from 1 to 365" in bad_days.get_data(as_text=True)
    foreign = client.post("/followups/policy", data={"escalation_user_id": world.b.admin.id,
                                                     "first_response_days": "2", "resolution_days": "14",
                                                     "confirmation_days": "14"})
    assert foreign.status_code == 422 and "Choose a member of your staff." in foreign.get_data(as_text=True)
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(db.select(FollowUpPolicy)).all() == []


def test_policy_page_is_for_admins_only(world, login):
    assert login(world.a.manager).get("/followups/policy").status_code == 403


def test_digest_lists_each_owners_new_and_overdue_follow_ups(world, smtp):
    make_follow_up(world.a, record_item(world.a), title="Fresh one")
    _overdue(world.a, title="Old and late")
    quiet = make_follow_up(world.a, record_item(world.a), owner=world.a.admin, title="Old, not due")
    with scoped_to(world.a.tenant.id):
        quiet.created_at = utcnow() - timedelta(days=5)
        db.session.commit()
    smtp.clear()
    assert digest_all() == 1
    deliver_all_due()
    [digest] = [m for m in smtp.wait_for(1) if m["X-Partnerloop-Kind"] == "followup_digest"]
    body = text_part(digest)
    assert digest["To"] == world.a.manager.email and digest["Subject"] == "Your follow-ups: 1 new, 1 overdue"
    assert body.index("Fresh one") < body.index("Overdue:") < body.index("Old and late")


def test_cli_commands_escalate_and_send_digests(app, world):
    _overdue(world.a)
    runner = app.test_cli_runner()
    escalated = runner.invoke(args=["followups", "escalate"])
    assert escalated.exit_code == 0 and "Escalated 1 overdue follow-up(s)" in escalated.output
    digest = runner.invoke(args=["followups", "digest"])
    assert digest.exit_code == 0 and "Queued 1 digest email(s)" in digest.output


NOW = datetime(2026, 3, 31, 12, 0)


def _timed(org, item, created, response_after=None, resolved_after=None, due=date(2026, 4, 30),
           status=FollowUpStatus.OPEN):
    follow_up = FollowUp(
        feedback_item_id=item.id, title="Timed", due_on=due, status=status, created_at=created,
        first_response_at=created + response_after if response_after else None,
        resolved_at=created + resolved_after if resolved_after else None,
    )
    db.session.add(follow_up)


def test_service_level_figures_match_a_hand_computation(world):
    org = world.a
    item = record_item(org)
    hours, days, resolved = timedelta(hours=1), timedelta(days=1), FollowUpStatus.RESOLVED
    with scoped_to(org.tenant.id):
        _timed(org, item, datetime(2026, 3, 1), 12 * hours, 4 * days, status=resolved)  # in time, both
        _timed(org, item, datetime(2026, 3, 2), 72 * hours, 20 * days, status=resolved)  # late, both
        _timed(org, item, datetime(2026, 3, 3), 24 * hours, due=date(2026, 3, 10))  # open 28 days: late, overdue
        _timed(org, item, datetime(2026, 3, 30))  # 1.5 days old, no answer yet: not decided
        _timed(org, item, datetime(2026, 2, 10), 1 * hours, 1 * days, status=resolved)  # before the period
        db.session.commit()
        figures = service_level_figures(MetricFilters(start=date(2026, 3, 1), end=date(2026, 3, 31)), now=NOW)
    assert figures == {
        "created": 4, "first_response_target_days": 2, "resolution_target_days": 14,
        "median_first_response_hours": 24.0,  # of 12, 24 and 72 hours
        "first_response_within_target": 67,  # 2 of the 3 decided
        "median_resolution_days": 12.0,  # of 4 and 20 days
        "resolution_within_target": 33,  # 1 of 3 decided (the third is open past 14 days)
        "open": 2, "overdue": 1,
        "median_first_response_text": "24 h", "median_resolution_text": "12 days",
    }


def test_health_counts_overdue_follow_ups_about_each_partner(world):
    _overdue(world.a, partner_index=0)
    _overdue(world.a, partner_index=0, title="Second")
    make_follow_up(world.a, record_item(world.a, 1))
    _overdue(world.b, partner_index=0)
    with scoped_to(world.a.tenant.id):
        assert overdue_by_partner() == {world.a.partners[0].id: 2}
        health = {h.partner.id: h for h in partner_health(world.a.partners)}
    assert health[world.a.partners[0].id].components["follow_ups"] == 50
    assert health[world.a.partners[1].id].components["follow_ups"] == 100


def test_program_view_shows_service_levels_to_staff_only(world, login):
    make_follow_up(world.a, record_item(world.a))
    assert "Follow-up service levels" in login(world.a.admin).get("/insights/").get_data(as_text=True)
    assert "Follow-up service levels" not in login(world.a.partner_admins[0]).get("/insights/").get_data(as_text=True)
