"""The rollup triggers keep every grain equal to the feedback items, on every write path."""

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select, update

from app.extensions import db
from app.feedback.models import Channel, FeedbackItem, LoopResponse, ProgramElement, SentimentLabel, Source
from app.insights.models import FeedbackDailyRollup
from app.partners.models import Partner
from app.tenancy import scoped_to
from app.tenants.models import Tenant
from tests.insights.rollup_helpers import expected_rollups, stored_rollups

BASE = datetime(2026, 3, 2, 9, 30)  # a Monday


def _item(partner_id, days=0, **fields):
    values = dict(source=Source.CUSTOMER, channel=Channel.SURVEY, partner_id=partner_id,
                  given_at=BASE + timedelta(days=days))
    return FeedbackItem(**{**values, **fields})


def _assert_exact(tenant):
    with scoped_to(tenant.id):
        assert stored_rollups() == expected_rollups()


def test_orm_insert_update_and_delete_keep_every_grain_exact(world):
    a1, a2 = world.a.partners
    with scoped_to(world.a.tenant.id):
        first = _item(a1.id, nps=10, sentiment_score=0.5, sentiment_label=SentimentLabel.POSITIVE,
                      loop_response=LoopResponse.STATUS_QUO)
        second = _item(a1.id, nps=3, csat=2, loop_response=LoopResponse.ACTION_NEEDED)
        vendor_own = _item(None, days=1, source=Source.INTERNAL, channel=Channel.PORTAL, rating=4)
        db.session.add_all([first, second, vendor_own, _item(a2.id, anonymous=True, nps=7)])
        db.session.commit()
        [row] = db.session.scalars(select(FeedbackDailyRollup).where(FeedbackDailyRollup.partner_id == a1.id))
        assert (row.items, row.nps_count, row.promoters, row.detractors, row.csat_sum, row.action_needed) == (
            2, 2, 1, 1, 2, 1)
        second.loop_response_override = LoopResponse.STATUS_QUO  # staff override
        first.partner_id, first.given_at = a2.id, BASE + timedelta(days=8)  # another partner, another week
        vendor_own.nps = 9
        db.session.delete(second)
        db.session.commit()
    _assert_exact(world.a.tenant)


def test_core_statements_over_many_rows_keep_rollups_exact(world):
    a1, a2 = world.a.partners
    with scoped_to(world.a.tenant.id):
        rows = [dict(source=Source.PARTNER, channel=Channel.EMAIL, partner_id=(a1.id, a2.id, None)[n % 3],
                     given_at=BASE + timedelta(days=n % 4, hours=n), nps=n % 11, csat=1 + n % 5)
                for n in range(30)]
        db.session.execute(insert(FeedbackItem), rows)
        db.session.execute(update(FeedbackItem).where(FeedbackItem.nps >= 5)
                           .values(loop_response_override=LoopResponse.ACTION_NEEDED, csat=None))
        db.session.execute(update(FeedbackItem).where(FeedbackItem.partner_id == a2.id)
                           .values(given_at=BASE + timedelta(days=30)))
        db.session.execute(delete(FeedbackItem).where(FeedbackItem.nps < 2))
        db.session.commit()
        assert db.session.scalar(select(db.func.sum(FeedbackDailyRollup.items))) == 30 - 6
    _assert_exact(world.a.tenant)


def test_an_update_that_changes_no_measure_writes_no_rollup(world):
    with scoped_to(world.a.tenant.id):
        item = _item(world.a.partners[0].id, nps=8)
        db.session.add(item)
        db.session.commit()
        before = stored_rollups()
        db.session.execute(update(FeedbackItem).values(text="Edited", status="closed"))
        db.session.commit()
        assert stored_rollups() == before == expected_rollups()


def test_deleting_a_partner_or_an_element_moves_its_items_out(world):
    a1, a2 = world.a.partners
    with scoped_to(world.a.tenant.id):
        element = db.session.scalars(select(ProgramElement)).first()
        db.session.add_all([_item(a1.id, nps=9, program_element_id=element.id), _item(a2.id, nps=2),
                            _item(a2.id, days=2, program_element_id=element.id, csat=5)])
        db.session.commit()
        db.session.execute(delete(Partner).where(Partner.id == a1.id))  # cascades to its feedback
        db.session.execute(delete(ProgramElement).where(ProgramElement.id == element.id))  # SET NULL
        db.session.commit()
        db.session.expire_all()
        assert db.session.scalar(select(db.func.sum(FeedbackDailyRollup.items))) == 2
    _assert_exact(world.a.tenant)


def test_deleting_a_tenant_leaves_the_other_tenants_rollups(world):
    for org in (world.a, world.b):
        with scoped_to(org.tenant.id):
            db.session.add_all([_item(org.partners[0].id, nps=10), _item(None, days=3, csat=4)])
            db.session.commit()
    db.session.execute(delete(Tenant).where(Tenant.id == world.a.tenant.id))
    db.session.commit()
    with scoped_to(world.a.tenant.id):
        assert stored_rollups() == {"daily": {}, "program": {}, "weekly": {}}
    _assert_exact(world.b.tenant)


# --- random sequences of writes (hypothesis) ------------------------------------------

SCORES = st.one_of(st.none(), st.integers(0, 10))
FIVE = st.one_of(st.none(), st.integers(1, 5))
MOODS = st.sampled_from([(None, None), (0.6, SentimentLabel.POSITIVE), (0.0, SentimentLabel.NEUTRAL),
                         (-0.45, SentimentLabel.NEGATIVE)])
LOOPS = st.sampled_from([None, LoopResponse.ACTION_NEEDED, LoopResponse.STATUS_QUO])
NEW_ITEM = st.fixed_dictionaries({
    "partner": st.integers(0, 2), "days": st.integers(-10, 10), "nps": SCORES, "csat": FIVE, "rating": FIVE,
    "mood": MOODS, "loop": LOOPS, "anonymous": st.booleans(), "element": st.integers(0, 1),
    "source": st.sampled_from(list(Source)), "channel": st.sampled_from([Channel.PORTAL, Channel.SURVEY]),
})
OPERATION = st.one_of(
    st.tuples(st.just("insert_orm"), NEW_ITEM),
    st.tuples(st.just("insert_core"), st.lists(NEW_ITEM, min_size=1, max_size=4)),
    st.tuples(st.just("scores"), st.integers(0, 50), SCORES, FIVE),
    st.tuples(st.just("text"), st.integers(0, 50), MOODS),
    st.tuples(st.just("override"), st.integers(0, 50), LOOPS),
    st.tuples(st.just("partner"), st.integers(0, 50), st.integers(0, 2)),
    st.tuples(st.just("day"), st.integers(0, 50), st.integers(-20, 20)),
    st.tuples(st.just("core_update"), st.integers(0, 10), st.integers(-3, 3)),
    st.tuples(st.just("delete_orm"), st.integers(0, 50)),
    st.tuples(st.just("delete_core"), st.integers(0, 10)),
)


class Writer:
    """Applies generated operations to tenant A's feedback, via the ORM and Core."""

    def __init__(self, world):
        self.partners = [None] + [p.id for p in world.a.partners]
        self.elements = [None, db.session.scalars(select(ProgramElement.id)).first()]

    def values(self, spec):
        score, label = spec["mood"]
        return dict(source=spec["source"], channel=spec["channel"], partner_id=self.partners[spec["partner"]],
                    given_at=BASE + timedelta(days=spec["days"], minutes=spec["days"] % 7),
                    nps=spec["nps"], csat=spec["csat"], rating=spec["rating"], sentiment_score=score,
                    sentiment_label=label, loop_response=spec["loop"], anonymous=spec["anonymous"],
                    program_element_id=self.elements[spec["element"]])

    def pick(self, index):
        items = db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)).all()
        return items[index % len(items)] if items else None

    def apply(self, operation):
        kind, *args = operation
        if kind == "insert_orm":
            db.session.add(FeedbackItem(**self.values(args[0])))
        elif kind == "insert_core":
            db.session.execute(insert(FeedbackItem), [self.values(spec) for spec in args[0]])
        elif kind in ("core_update", "delete_core"):
            self.apply_core(kind, args)
        else:
            self.apply_orm(kind, args)
        db.session.flush()

    def apply_orm(self, kind, args):
        item = self.pick(args[0])
        if item is None:
            return
        if kind == "scores":
            item.nps, item.csat = args[1], args[2]
        elif kind == "text":
            item.text, (item.sentiment_score, item.sentiment_label) = "changed", args[1]
        elif kind == "override":
            item.loop_response_override = args[1]
        elif kind == "partner":
            item.partner_id = self.partners[args[1]]
        elif kind == "day":
            item.given_at = item.given_at + timedelta(days=args[1])
        elif kind == "delete_orm":
            db.session.delete(item)

    def apply_core(self, kind, args):
        chosen = FeedbackItem.id % 11 == args[0]
        if kind == "delete_core":
            db.session.execute(delete(FeedbackItem).where(chosen))
        else:
            db.session.execute(update(FeedbackItem).where(chosen).values(
                given_at=BASE + timedelta(days=args[1]), anonymous=args[1] > 0, rating=None))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(OPERATION, min_size=1, max_size=12), commit_every=st.integers(1, 4))
@pytest.mark.slow
def test_random_writes_keep_rollups_equal_to_the_items(world, operations, commit_every):
    with scoped_to(world.a.tenant.id):
        db.session.execute(delete(FeedbackItem))  # each example starts empty (and deletes)
        writer = Writer(world)
        for number, operation in enumerate(operations, start=1):
            writer.apply(operation)
            if number % commit_every == 0:
                db.session.commit()
        db.session.commit()
        db.session.expire_all()
    _assert_exact(world.a.tenant)
    with scoped_to(world.b.tenant.id):
        assert stored_rollups() == {"daily": {}, "program": {}, "weekly": {}}


@pytest.fixture
def world_with_items(world):
    with scoped_to(world.a.tenant.id):
        db.session.add_all([_item(world.a.partners[n % 2].id, days=n, nps=n % 11) for n in range(12)])
        db.session.commit()
    return world


def test_world_with_items_fixture_is_exact(world_with_items):
    _assert_exact(world_with_items.a.tenant)
