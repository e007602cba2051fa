"""The demo follow-ups: open, overdue and resolved ones, and one rule."""

import pytest
from sqlalchemy import select

from app.demo.services.seed import seed_demo
from app.extensions import db
from app.followups.models import AutomationRule, FollowUp, FollowUpStatus, ReplyState
from app.followups.services.followups import today
from app.tenancy import scoped_to
from tests.followups.helpers import outbox

pytestmark = pytest.mark.slow  # seeds the whole demo tenant


def test_demo_has_open_overdue_and_resolved_follow_ups_and_a_rule():
    tenant = seed_demo()  # calls seed_followups_demo among the sample content
    db.session.commit()
    with scoped_to(tenant.id):
        follow_ups = db.session.scalars(select(FollowUp).order_by(FollowUp.id)).all()
        rules = db.session.scalars(select(AutomationRule)).all()
        statuses = [f.status for f in follow_ups]
        assert FollowUpStatus.OPEN in statuses and FollowUpStatus.RESOLVED in statuses
        assert any(f.is_overdue(today()) for f in follow_ups)
        assert not all(f.is_overdue(today()) for f in follow_ups if f.status == FollowUpStatus.OPEN)
        resolved = next(f for f in follow_ups if f.status == FollowUpStatus.RESOLVED)
        assert resolved.replies[0].state == ReplyState.AWAITING
        assert [rule.nps_detractor for rule in rules] == [True]
    assert [m.to_address for m in outbox("followup_reply")] == ["casey@customer.example"]
