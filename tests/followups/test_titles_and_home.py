"""Follow-ups where people look for them (#15, 10): rule-created follow-ups are titled by
the feedback's first words, staff see their own follow-ups on the home page, "Needing
action" leads to those items, and partner users without delegated follow-ups do not get
a staff-worded Follow-ups page."""

from datetime import timedelta

from sqlalchemy import update

from app.extensions import db
from app.feedback.models import FeedbackItem, LoopResponse
from app.followups.models import FollowUp
from app.followups.services.followups import today
from app.tenancy import scoped_to
from tests.followups.helpers import follow_ups_of, make_follow_up, make_rule, outbox, record_item

LONG_TEXT = "Deal registration approvals take two weeks and we lose deals to competitors every quarter."


def test_rule_created_follow_up_is_titled_by_the_feedbacks_first_words(world):
    make_rule(world.a, nps_detractor=True)
    record_item(world.a, nps=2, text=LONG_TEXT)
    [follow_up] = follow_ups_of(world.a)
    assert follow_up.title == "Deal registration approvals take two weeks and we…"
    [message] = outbox("followup_assigned")
    assert message.subject == "Follow-up for you: Deal registration approvals take two weeks and we…"


def test_a_short_text_is_the_whole_title_and_no_text_names_the_item(world):
    make_rule(world.a, nps_detractor=True)
    short = record_item(world.a, nps=1, text="Payouts are late.")
    scores_only = record_item(world.a, nps=0, text="")
    titles = {f.feedback_item_id: f.title for f in follow_ups_of(world.a)}
    assert titles[short.id] == "Payouts are late."
    assert titles[scores_only.id] == f"Feedback #{scores_only.id} from Partner A1"


def test_delegated_partner_sees_the_words_in_their_list(world, login):
    member = world.a.partner_members[0]
    make_follow_up(world.a, record_item(world.a, nps=3, text=LONG_TEXT), owner=member)
    page = login(member).get("/followups/mine").get_data(as_text=True)
    assert "Deal registration approvals take two weeks and we…" in page
    assert "Follow-ups delegated to you" in page and "What you owe partners" not in page


def test_staff_home_shows_my_follow_ups_and_the_overdue_ones(world, login):
    manager = world.a.manager
    due_soon = make_follow_up(world.a, record_item(world.a, text="Portal search misses partner names."))
    late = make_follow_up(world.a, record_item(world.a, text="MDF claims are stuck in review."))
    with scoped_to(world.a.tenant.id):
        db.session.execute(update(FollowUp).where(FollowUp.id == late.id).values(due_on=today() - timedelta(days=2)))
        db.session.commit()
    others = make_follow_up(world.a, record_item(world.a, text="Someone else's work."), owner=world.a.admin)
    page = login(manager).get("/").get_data(as_text=True)
    assert "My follow-ups" in page
    assert 'href="/followups/mine">2 open</a>' in page
    assert 'href="/followups/mine?due=overdue">1 overdue</a>' in page
    assert f'href="/followups/{due_soon.id}"' in page and f'href="/followups/{late.id}"' in page
    assert f'href="/followups/{others.id}"' not in page


def test_needing_action_links_to_the_feedback_list_filtered_by_loop_response(world, login):
    asks = record_item(world.a, text="Please add single sign-on to the portal.")
    fine = record_item(world.a, nps=10, text="Everything works well for us, thanks.")
    with scoped_to(world.a.tenant.id):
        db.session.execute(update(FeedbackItem).where(FeedbackItem.id == asks.id)
                           .values(loop_response=LoopResponse.ACTION_NEEDED))
        db.session.execute(update(FeedbackItem).where(FeedbackItem.id == fine.id)
                           .values(loop_response=LoopResponse.ACTION_NEEDED,
                                   loop_response_override=LoopResponse.STATUS_QUO))
        db.session.commit()
    client = login(world.a.manager)
    assert 'href="/feedback/?loop_response=action_needed"' in client.get("/").get_data(as_text=True)
    listed = client.get("/feedback/?loop_response=action_needed").get_data(as_text=True)
    assert f'href="/feedback/{asks.id}"' in listed and f'href="/feedback/{fine.id}"' not in listed
    quo = client.get("/feedback/?loop_response=status_quo").get_data(as_text=True)
    assert f'href="/feedback/{fine.id}"' in quo and f'href="/feedback/{asks.id}"' not in quo


def test_partner_users_without_delegated_follow_ups_get_no_follow_ups_link(world, login):
    member, colleague = world.a.partner_members[0], world.a.partner_admins[0]
    assert 'href="/followups/mine"' not in login(member).get("/").get_data(as_text=True)
    page = login(member).get("/followups/mine").get_data(as_text=True)
    assert "Nothing delegated to you" in page and "What you owe partners" not in page
    make_follow_up(world.a, record_item(world.a, text="Fix the partner logo upload."), owner=member)
    assert 'href="/followups/mine"' in login(member).get("/").get_data(as_text=True)
    assert 'href="/followups/mine"' not in login(colleague).get("/").get_data(as_text=True)
    assert 'href="/followups/mine"' in login(world.a.manager).get("/").get_data(as_text=True)
