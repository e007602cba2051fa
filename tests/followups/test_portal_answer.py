"""A partner user answers a loop reply in the portal: the same resolved / not resolved
choice as the emailed link, who replied, and new replies on their home page (#15, 4)."""

from app.followups.models import ActivityKind, FollowUpStatus, ReplyState
from tests.followups.helpers import activities_of, make_follow_up, record_item, refreshed, replies_of


def _replied(world, login, text="Payouts now run weekly; your next one is on Friday."):
    org = world.a
    author = org.partner_members[0]
    item = record_item(org, author=author, text="Payouts take far too long to arrive.")
    follow_up = make_follow_up(org, item)
    response = login(org.manager).post(f"/followups/{follow_up.id}/resolve", data={"reply": text,
                                                                                   "expected": "open"})
    assert response.status_code == 302
    [reply] = replies_of(org)
    return item, follow_up, reply, author


def _answer(client, reply, answer, comment=""):
    prefix = f"reply-{reply.id}-"
    return client.post(f"/followups/replies/{reply.id}/answer",
                       data={prefix + "answer": answer, prefix + "comment": comment})


def test_the_recipient_sees_who_replied_and_the_choice_on_the_feedback_page(world, login):
    item, _, reply, author = _replied(world, login)
    page = login(author).get(f"/feedback/{item.id}").get_data(as_text=True)
    assert "from Manager A, Vendor A" in page
    assert "Awaiting confirmation" in page
    assert f'action="/followups/replies/{reply.id}/answer"' in page
    assert "Yes, it is resolved" in page and "No, not yet" in page


def test_the_recipient_confirms_in_the_portal_and_the_loop_closes(world, login):
    item, follow_up, reply, author = _replied(world, login)
    client = login(author)
    response = _answer(client, reply, "yes", "Arrived today, thanks.")
    assert response.status_code == 302 and response.location.endswith(f"/feedback/{item.id}")
    assert refreshed(world.a, reply).state == ReplyState.CONFIRMED
    assert refreshed(world.a, follow_up).loop_closed_at is not None
    confirmed = [a for a in activities_of(world.a, follow_up) if a.kind == ActivityKind.CUSTOMER_CONFIRMED]
    assert [(a.actor_id, a.body) for a in confirmed] == [(author.id, "Arrived today, thanks.")]
    page = client.get(f"/feedback/{item.id}").get_data(as_text=True)
    assert "Confirmed resolved" in page and "/answer" not in page


def test_not_resolved_in_the_portal_reopens_the_follow_up(world, login):
    _, follow_up, reply, author = _replied(world, login)
    assert _answer(login(author), reply, "no", "Still waiting.").status_code == 302
    assert refreshed(world.a, reply).state == ReplyState.UNHAPPY
    assert refreshed(world.a, follow_up).status == FollowUpStatus.OPEN


def test_a_colleague_cannot_answer_for_the_recipient(world, login):
    item, _, reply, _ = _replied(world, login)
    colleague = login(world.a.partner_admins[0])
    assert "/answer" not in colleague.get(f"/feedback/{item.id}").get_data(as_text=True)
    assert _answer(colleague, reply, "yes").status_code == 404
    assert refreshed(world.a, reply).state == ReplyState.AWAITING


def test_a_second_answer_changes_nothing(world, login):
    _, _, reply, author = _replied(world, login)
    client = login(author)
    _answer(client, reply, "yes")
    response = _answer(client, reply, "no")
    assert response.status_code == 302
    assert refreshed(world.a, reply).state == ReplyState.CONFIRMED


def test_new_replies_appear_on_the_recipients_home_page(world, login):
    item, _, _, author = _replied(world, login)
    home = login(author).get("/").get_data(as_text=True)
    assert "Replies to your feedback" in home
    assert "Payouts now run weekly" in home and "Manager A, Vendor A" in home
    assert f'href="/feedback/{item.id}"' in home
    assert "Replies to your feedback" not in login(world.a.partner_admins[1]).get("/").get_data(as_text=True)
