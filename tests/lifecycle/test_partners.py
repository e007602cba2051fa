"""Deleting a partner: keep its feedback anonymised, or delete everything."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import Channel, CustomerContact, FeedbackItem, InternalNote, Source
from app.feedback.services import add_internal_note
from app.followups.models import FollowUp
from app.ideas.models import Idea, IdeaComment, IdeaVote
from app.ideas.services import add_comment, post_idea, record_vote_for_partner
from app.jobs.models import Job, JobState
from app.jobs.services.runner import run_job
from app.lifecycle.services.partners import DELETION_STEPS
from app.partners.models import Partner
from app.tenancy import scoped_to
from app.tenants.models import Invitation, Membership
from tests.factories import membership_of
from tests.followups.helpers import customer_item, make_follow_up, record_item

EXPECTED_FOOTPRINT = {"members": 2, "pending_invitations": 1, "feedback_items": 3, "ideas": 1, "votes": 2,
                      "comments": 1, "follow_ups": 1, "survey_contacts": 1, "survey_campaigns": 0,
                      "survey_responses": 0}


@dataclass
class Ids:
    tenant: int
    partner: int
    other_partner: int
    person_item: int
    customer_item: int
    staff_item: int
    other_item: int
    own_idea: int
    other_idea: int
    follow_up: int


@pytest.fixture
def partner_world(world):
    """Partner A1 with people, feedback of every kind, an idea, votes, a comment and a
    delegated follow-up; partner A2 with an item and an idea of its own."""
    a = world.a
    padmin, pmember = a.partner_admins[0], a.partner_members[0]
    person_item = record_item(a, 0, author=padmin, nps=9, text="The portal works for us.")
    customer = customer_item(a, partner_index=0)
    staff_item = record_item(a, 0, author=a.admin, source=Source.INTERNAL, channel=Channel.CALL_CENTER,
                             text="Called them about the renewal.")
    other_item = record_item(a, 1, author=a.partner_admins[1], text="Training is too short.")
    with scoped_to(a.tenant.id):
        own_idea = post_idea(membership_of(pmember, a.tenant), "Faster MDF approvals")
        other_idea = post_idea(membership_of(a.partner_admins[1], a.tenant), "Longer training")
        record_vote_for_partner(other_idea, membership_of(a.admin, a.tenant), a.partners[0])
        add_comment(other_idea, membership_of(padmin, a.tenant), "We need this too.")
        add_internal_note(db.session.get(FeedbackItem, person_item.id), a.admin, "Call them back.")
        db.session.commit()
        ids = (own_idea.id, other_idea.id)
    follow_up = make_follow_up(a, person_item, owner=padmin)
    return Ids(a.tenant.id, a.partners[0].id, a.partners[1].id, person_item.id, customer.id, staff_item.id,
               other_item.id, *ids, follow_up.id)


def rows(model, *conditions):
    return db.session.scalars(select(model).where(*conditions).order_by(model.id)).all()


def count(model, *conditions):
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def delete_partner_as_admin(world, login, ids, choice):
    client = login(world.a.admin)
    page = client.get(f"/partners/{ids.partner}/delete")
    assert page.status_code == 200
    return client.post(f"/partners/{ids.partner}/delete", data={"choice": choice})


def test_confirmation_page_shows_what_the_partner_has(world, login, partner_world):
    from app.lifecycle.services.partners import partner_footprint

    with scoped_to(world.a.tenant.id):
        assert partner_footprint(db.session.get(Partner, partner_world.partner)) == EXPECTED_FOOTPRINT
    page = login(world.a.admin).get(f"/partners/{partner_world.partner}/delete").get_data(as_text=True)
    assert "Keep feedback, anonymised" in page and "Delete everything" in page
    assert "Survey contacts (customers)" in page


def test_keep_feedback_anonymised(world, login, partner_world):
    ids = partner_world
    response = delete_partner_as_admin(world, login, ids, "keep")
    assert response.status_code == 302
    with scoped_to(ids.tenant):
        assert count(Partner) == 1
        items = {item.id: item for item in rows(FeedbackItem)}
        assert set(items) == {ids.person_item, ids.customer_item, ids.staff_item, ids.other_item}
        for item_id in (ids.person_item, ids.customer_item, ids.staff_item):
            item = items[item_id]
            assert (item.partner_id, item.contact_id, item.submitter_email) == (None, None, "")
            assert item.submitter_name == "Former partner"
        assert items[ids.person_item].author_id is None
        assert items[ids.staff_item].author_id == world.a.admin.id  # staff are not the partner's people
        assert items[ids.other_item].partner_id == ids.other_partner
        assert count(InternalNote) == 1
        own_idea = rows(Idea, Idea.id == ids.own_idea)[0]
        assert (own_idea.partner_id, own_idea.author_id) == (None, None)
        votes = rows(IdeaVote)
        assert len(votes) == 3
        former = [vote for vote in votes if vote.voter_key.startswith("former:")]
        assert len(former) == 2
        assert all(vote.partner_id is None and vote.user_id is None for vote in former)
        comment = rows(IdeaComment)[0]
        assert (comment.author_id, comment.partner_id) == (None, None)
        follow_up = rows(FollowUp)[0]
        assert (follow_up.id, follow_up.partner_id, follow_up.owner_id, follow_up.about_partner_id) == (
            ids.follow_up, None, None, None)
        assert count(Membership, Membership.partner_id == ids.partner) == 0
        assert count(Membership) == 4  # admin, manager and partner A2's two people
        assert count(Invitation, Invitation.partner_id == ids.partner) == 0
        assert count(CustomerContact) == 0
        entry = rows(AuditEntry, AuditEntry.object_type == "partner_deletion")[0]
        assert entry.changes["choice"]["old"] == "keep"
        assert entry.changes["feedback_items"]["old"] == 3
        assert count(AuditEntry, AuditEntry.object_type == "membership", AuditEntry.action == "deleted") == 2
        assert count(AuditEntry, AuditEntry.object_type == "partner", AuditEntry.action == "deleted") == 1
    assert {u.email for u in rows(User, User.email.in_(["padmin1@a.test", "pmember1@a.test"]))} == {
        "padmin1@a.test", "pmember1@a.test"}  # their accounts stay


def test_delete_everything(world, login, partner_world):
    ids = partner_world
    response = delete_partner_as_admin(world, login, ids, "delete")
    assert response.status_code == 302
    with scoped_to(ids.tenant):
        assert [item.id for item in rows(FeedbackItem)] == [ids.other_item]
        assert count(InternalNote) == 0
        assert [idea.id for idea in rows(Idea)] == [ids.other_idea]
        assert [vote.partner_id for vote in rows(IdeaVote)] == [ids.other_partner]
        assert count(IdeaComment) == 0
        assert count(FollowUp) == 0
        assert count(Membership, Membership.partner_id == ids.partner) == 0
        assert count(CustomerContact) == 0
        assert count(Partner) == 1
        entry = rows(AuditEntry, AuditEntry.object_type == "partner_deletion")[0]
        assert entry.changes["choice"]["old"] == "delete"
        assert entry.changes["votes"]["old"] == 2


def test_tenant_b_is_untouched_by_a_partner_deletion(world, login, partner_world):
    from tests.lifecycle.test_tenant import all_rows

    before = all_rows(world.b.tenant.id)
    delete_partner_as_admin(world, login, partner_world, "delete")
    assert all_rows(world.b.tenant.id) == before


def test_a_choice_is_required(world, login, partner_world):
    response = login(world.a.admin).post(f"/partners/{partner_world.partner}/delete", data={})
    assert response.status_code == 422
    with scoped_to(world.a.tenant.id):
        assert count(Partner) == 2


@pytest.mark.parametrize("who, status", [("manager", 403), ("partner_admin", 404), ("other_admin", 404)])
def test_only_the_tenants_admins_delete_partners(world, login, partner_world, who, status):
    user = {"manager": world.a.manager, "partner_admin": world.a.partner_admins[0], "other_admin": world.b.admin}[who]
    client = login(user)
    assert client.get(f"/partners/{partner_world.partner}/delete").status_code == status
    assert client.post(f"/partners/{partner_world.partner}/delete", data={"choice": "delete"}).status_code == status
    with scoped_to(world.a.tenant.id):
        assert count(Partner) == 2


# --- as a background job ---------------------------------------------------------------------


def deletion_jobs(ids):
    with scoped_to(ids.tenant):
        db.session.expire_all()
        return rows(Job, Job.kind == "lifecycle.delete_partner")


def partner_deletion_entries(ids):
    with scoped_to(ids.tenant):
        return rows(AuditEntry, AuditEntry.object_type == "partner_deletion")


def test_a_deletion_is_a_job_done_as_the_admin_who_asked(world, login, partner_world):
    ids = partner_world
    response = delete_partner_as_admin(world, login, ids, "keep")
    [job] = deletion_jobs(ids)
    assert response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.state, job.started_by_id, job.payload) == (
        JobState.DONE, world.a.admin.id, {"partner_id": ids.partner, "choice": "keep"})
    assert (job.progress_done, job.progress_total) == (DELETION_STEPS, DELETION_STEPS)
    assert job.result == "Partner A1 is deleted; its 3 feedback items stay, anonymised."
    page = login(world.a.admin).get(response.headers["Location"]).get_data(as_text=True)
    assert job.result in page
    with scoped_to(ids.tenant):
        entries = rows(AuditEntry, AuditEntry.object_type.in_(["partner_deletion", "partner", "membership"]),
                       AuditEntry.action == "deleted")
    assert len(entries) == 4 and {entry.actor_id for entry in entries} == {world.a.admin.id}


def test_a_waiting_deletion_changes_nothing_and_is_not_asked_for_twice(world, login, partner_world, parked_jobs):
    ids = partner_world
    client = login(world.a.admin)
    response = client.post(f"/partners/{ids.partner}/delete", data={"choice": "delete"})
    [job] = deletion_jobs(ids)
    assert "Waiting for a worker" in client.get(response.headers["Location"]).get_data(as_text=True)
    with scoped_to(ids.tenant):
        assert count(Partner) == 2 and count(FeedbackItem) == 4
    for again in (client.get(f"/partners/{ids.partner}/delete"),
                  client.post(f"/partners/{ids.partner}/delete", data={"choice": "keep"})):
        assert again.headers["Location"].endswith(f"/jobs/{job.id}")
    assert len(deletion_jobs(ids)) == 1
    run_job(ids.tenant, job.id)  # a worker takes it
    with scoped_to(ids.tenant):
        assert count(Partner) == 1 and [item.id for item in rows(FeedbackItem)] == [ids.other_item]


def test_a_deletion_that_crashed_changed_nothing_and_running_it_again_finishes(
        world, login, partner_world, parked_jobs, monkeypatch):
    from app.lifecycle.services import partners as deletion

    ids = partner_world
    login(world.a.admin).post(f"/partners/{ids.partner}/delete", data={"choice": "delete"})
    [job] = deletion_jobs(ids)
    with scoped_to(ids.tenant):
        db.session.get(Job, job.id).max_attempts = 1  # fail at once (no retry scheduled)
        db.session.commit()
        before = (count(Partner), count(FeedbackItem), count(Membership), count(Idea), count(IdeaVote))

    def crash(pid):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(deletion, "_hand_back_and_delete_rest", crash)
    run_job(ids.tenant, job.id)
    [job] = deletion_jobs(ids)
    assert job.state == JobState.FAILED and "connection lost" in job.error
    with scoped_to(ids.tenant):  # one transaction: the people removed before the crash are back
        assert (count(Partner), count(FeedbackItem), count(Membership), count(Idea), count(IdeaVote)) == before
    assert not partner_deletion_entries(ids)
    monkeypatch.undo()
    assert login(world.a.admin).post(f"/jobs/{job.id}/retry").status_code == 302
    run_job(ids.tenant, job.id)
    assert deletion_jobs(ids)[0].state == JobState.DONE
    with scoped_to(ids.tenant):
        assert count(Partner) == 1 and [item.id for item in rows(FeedbackItem)] == [ids.other_item]
    assert len(partner_deletion_entries(ids)) == 1


def test_a_deletion_job_for_a_partner_already_gone_ends_cleanly(world, login, partner_world):
    from tests.lifecycle.test_tenant import all_rows

    ids = partner_world
    delete_partner_as_admin(world, login, ids, "delete")
    [job] = deletion_jobs(ids)
    after = all_rows(ids.tenant)
    with scoped_to(ids.tenant):  # its worker died after the deletion's commit: the job runs again
        stored = db.session.get(Job, job.id)
        stored.state, stored.lease_expires_at = JobState.RUNNING, utcnow() - timedelta(minutes=1)
        db.session.commit()
    run_job(ids.tenant, job.id)
    [job] = deletion_jobs(ids)
    assert (job.state, job.result) == (JobState.DONE, "The partner was already deleted.")
    del after["jobs"]
    now = all_rows(ids.tenant)
    del now["jobs"]
    assert now == after  # nothing more changed, no second audit entry


def test_a_cancelled_deletion_deletes_nothing(world, login, partner_world, parked_jobs):
    ids = partner_world
    client = login(world.a.admin)
    client.post(f"/partners/{ids.partner}/delete", data={"choice": "delete"})
    [job] = deletion_jobs(ids)
    client.post(f"/jobs/{job.id}/cancel")
    run_job(ids.tenant, job.id)  # a late queue message finds it cancelled
    assert deletion_jobs(ids)[0].state == JobState.CANCELLED
    with scoped_to(ids.tenant):
        assert count(Partner) == 2
    assert client.get(f"/partners/{ids.partner}/delete").status_code == 200  # may be asked for again
