"""Realistic volume for an existing tenant: partners and a year of feedback, fast.

`flask demo generate --tenant SLUG --partners 500 --feedback 1000000` fills a tenant
for demos and benchmarks. Partners get tiers, regions, verticals and a latent
"quality" that drives their scores, so dashboards show spread and trends. Texts come
from a small phrase bank whose sentiment is analysed once (with the same analyser
as real feedback), so a million rows need no per-row analysis. Items are written in
bulk (COPY via a staging table on PostgreSQL, executemany on SQLite), bypassing the ORM: this
is a generator of already-valid rows, not an input channel, so it skips
record_feedback's per-item checks, dedupe keys and automation rules on purpose.
"""

import itertools
import random
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import select, text

from app.analysis.services.labels import item_analysis, loop_response_of
from app.core.errors import ServiceError
from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import (
    Channel,
    FeedbackCategory,
    FeedbackItem,
    FeedbackStatus,
    ProgramElement,
    Source,
)
from app.ideas.models import Idea, IdeaStatus, IdeaVote
from app.insights.rollup_ddl import GRAINS
from app.partners.lists import ensure_entries
from app.partners.models import Partner, PartnerStatus, PartnerTier
from app.tenancy import scoped_to
from app.tenants.models import Membership, Role

REGIONS = ("EMEA", "North America", "LATAM", "APAC", "DACH", "Nordics")
VERTICALS = ("Manufacturing", "Healthcare", "Retail", "Financial services", "Public sector", "Education")
NAME_HEADS = ("North", "Blue", "Silver", "Cedar", "Bright", "Iron", "Summit", "Harbor", "Falcon", "Maple",
              "Atlas", "Nova", "Orbit", "Pioneer", "Quartz", "River", "Stone", "Vertex", "Willow", "Zenith")
NAME_TAILS = ("Systems", "IT", "Solutions", "Consulting", "Networks", "Cloud", "Data", "Partners",
              "Technologies", "Integrators")
OPENINGS = ("About", "Regarding", "Feedback on", "Re:", "Note on", "Quick word on", "Our experience with",
            "Comment on")
SUBJECTS = ("deal registration", "the MDF claim process", "the partner portal", "enablement training",
            "the certification exam", "renewal quotes", "lead distribution", "technical support",
            "the onboarding", "pricing updates", "co-marketing campaigns", "the new SKU list")
VERDICTS = {
    "positive": ("it works great and saves us a lot of time", "very helpful, thank you",
                 "excellent, our team loves it", "fast and easy, much better than last year",
                 "good experience overall, well done", "the support team was fantastic"),
    "neutral": ("we use it every week", "it is what we expected", "we have a question about the next release",
                "no changes since the last quarter", "we will review it with the team next month",
                "please send the updated document"),
    "negative": ("still broken after two weeks, very frustrating", "too slow and confusing",
                 "we lost a deal because of it, unacceptable", "nobody answered our tickets",
                 "the process is painful and badly documented", "terrible experience, please fix it"),
}
CUSTOMER_NAMES = ("Ana Ortiz", "Ben Clark", "Chloé Martin", "Dmitri Ivanov", "Eve Adams", "Farid Haddad",
                  "Grace Lee", "Hiro Tanaka", "Ines Costa", "Jon Berg")
# (source, weight, channels with weights)
SOURCES = (
    (Source.PARTNER, 45, ((Channel.PORTAL, 40), (Channel.SURVEY, 40), (Channel.EMAIL, 20))),
    (Source.CUSTOMER, 45, ((Channel.SURVEY, 35), (Channel.EMAIL, 15), (Channel.CALL_CENTER, 20),
                           (Channel.CHAT, 15), (Channel.SOCIAL, 10), (Channel.IMPORT, 5))),
    (Source.INTERNAL, 10, ((Channel.PORTAL, 60), (Channel.EMAIL, 40))),
)
COLUMNS = ("tenant_id", "partner_id", "source", "channel", "status", "submitter_name", "submitter_email",
           "program_element_id", "category_id", "nps", "csat", "rating", "text", "link_url", "language",
           "anonymous", "given_at", "recorded_at", "sentiment_score", "sentiment_label", "loop_response",
           "detected_language", "analysed_by")
CHUNK_ROWS = 20_000


@dataclass(frozen=True)
class GenerateResult:
    partners: int
    items: int
    ideas: int
    seconds: float
    insert_seconds: float

    @property
    def rows_per_second(self):
        return self.items / self.insert_seconds if self.insert_seconds else 0.0


@dataclass(frozen=True)
class Phrase:
    text: str
    score: float
    label: str
    language: str
    requests_change: bool
    engine: str


@lru_cache(maxsize=1)
def phrase_bank():
    """{label: [Phrase]}: every phrase analysed once, as a real item's text is (language,
    sentiment, request, engine), filed by its real label."""
    bank = {"positive": [], "neutral": [], "negative": []}
    for opening, subject, verdicts in itertools.product(OPENINGS, SUBJECTS, VERDICTS.values()):
        for verdict in verdicts:
            text = f"{opening} {subject}: {verdict}."
            language, analysis = item_analysis(text, "en")
            bank[analysis.label].append(Phrase(text, analysis.score, analysis.label, language,
                                               analysis.requests_change, analysis.engine))
    return bank


def _partner_name(rng, taken):
    while True:
        name = f"{rng.choice(NAME_HEADS)} {rng.choice(NAME_TAILS)} {rng.randint(1, 9999):04d}"
        if name not in taken:
            taken.add(name)
            return name


def _staff_ids():
    staff = select(Membership.user_id).where(Membership.role.in_([Role.ADMIN, Role.MANAGER]))
    return list(db.session.scalars(staff)) or [None]


def create_partners(count, rng):
    """`count` new active partners spread over the tenant's tiers, regions and verticals."""
    tiers = list(db.session.scalars(select(PartnerTier.id).order_by(PartnerTier.position))) or [None]
    taken = set(db.session.scalars(select(Partner.name)))
    managers = _staff_ids()
    regions = list(ensure_entries("region", REGIONS).values())  # the tenant's lists' spelling
    verticals = list(ensure_entries("vertical", VERTICALS).values())
    partners = [
        Partner(name=_partner_name(rng, taken), tier_id=rng.choices(tiers, weights=range(1, len(tiers) + 1))[0],
                region=rng.choice(regions), vertical=rng.choice(verticals), manager_id=rng.choice(managers),
                status=PartnerStatus.ACTIVE if rng.random() < 0.95 else PartnerStatus.SUSPENDED)
        for _ in range(count)
    ]
    db.session.add_all(partners)
    db.session.flush()
    return partners


class _RowMaker:
    """Draws one feedback row at a time; partner quality drives scores and wording."""

    def __init__(self, tenant_id, partner_ids, element_ids, category_ids, rng, now):
        self.tenant_id, self.rng, self.now = tenant_id, rng, now
        self.partner_ids = partner_ids
        self.quality = {pid: rng.gauss(0, 0.6) for pid in partner_ids}
        # Some partners talk much more than others (a long tail).
        self.partner_weights = list(itertools.accumulate(rng.paretovariate(1.5) for _ in partner_ids))
        self.elements = element_ids + [None]
        self.categories = category_ids + [None, None]
        self.bank = phrase_bank()
        self.sources = [s for s, _, _ in SOURCES]
        self.source_weights = [w for _, w, _ in SOURCES]
        self.channels = {s: ([c for c, _ in cs], [w for _, w in cs]) for s, _, cs in SOURCES}

    def _scores(self, quality):
        rng = self.rng
        nps = min(10, max(0, round(rng.gauss(7.3 + 2.2 * quality, 2.0)))) if rng.random() < 0.45 else None
        csat = min(5, max(1, round(rng.gauss(3.9 + 0.9 * quality, 0.9)))) if rng.random() < 0.35 else None
        rating = min(5, max(1, round(rng.gauss(3.7 + 0.9 * quality, 1.0)))) if rng.random() < 0.10 else None
        return nps, csat, rating

    def _mood(self, quality, nps, csat):
        signal = quality + self.rng.gauss(0, 0.7)
        if nps is not None:
            signal += (nps - 7) / 3
        if csat is not None:
            signal += (csat - 3.5) / 1.5
        return "positive" if signal > 0.5 else "negative" if signal < -0.4 else "neutral"

    def _status(self, age_days):
        roll = self.rng.random() * min(1.0, age_days / 120)
        return (FeedbackStatus.CLOSED if roll > 0.7 else FeedbackStatus.RESOLVED if roll > 0.45
                else FeedbackStatus.PLANNED if roll > 0.35 else FeedbackStatus.IN_REVIEW if roll > 0.2
                else FeedbackStatus.NEW)

    def row(self, partner_id):
        rng = self.rng
        quality = self.quality[partner_id]
        source = rng.choices(self.sources, self.source_weights)[0]
        channel = rng.choices(*self.channels[source])[0]
        nps, csat, rating = self._scores(quality)
        phrase = rng.choice(self.bank[self._mood(quality, nps, csat)])
        # Density grows towards now: a programme that gains traction over the year.
        age_days = 365 * (1 - rng.random() ** 0.5)
        given_at = (self.now - timedelta(days=age_days)).replace(microsecond=0)
        customer = rng.choice(CUSTOMER_NAMES) if source == Source.CUSTOMER else ""
        email = f"{customer.split()[0].lower()}{rng.randint(1, 99999)}@example.com" if customer else ""
        return (self.tenant_id, partner_id, source.value, channel.value, self._status(age_days).value,
                customer, email, rng.choice(self.elements), rng.choice(self.categories), nps, csat, rating,
                phrase.text, "", "en" if rng.random() < 0.85 else rng.choice(("de", "fr", "es")), False, given_at,
                given_at + timedelta(minutes=rng.randint(0, 600)), phrase.score, phrase.label,
                loop_response_of(nps, csat, rating, phrase.label, phrase.requests_change).value,
                phrase.language, phrase.engine)

    def rows(self, count):
        chosen = self.rng.choices(self.partner_ids, cum_weights=self.partner_weights, k=count)
        return [self.row(partner_id) for partner_id in chosen]


STAGING = "demo_feedback_staging"


def _copy_rows(rows):
    """PostgreSQL: COPY each chunk into a temporary table, then one INSERT ... SELECT.

    COPY FROM cannot target a table under row-level security, and one INSERT per chunk
    fires the rollup triggers once per chunk (app/insights/rollup_ddl.py)."""
    connection = db.session.connection().connection.driver_connection
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGING} "
                       f"(LIKE feedback_items INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
        with cursor.copy(f"COPY {STAGING} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO feedback_items ({columns}) SELECT {columns} FROM {STAGING}")


def _sqlite_value(value):
    # The text form SQLAlchemy writes for DateTime on SQLite, so range filters compare right.
    return value.isoformat(" ", "microseconds") if hasattr(value, "isoformat") else value


def _executemany_rows(rows):
    placeholders = ", ".join("?" for _ in COLUMNS)
    statement = f"INSERT INTO feedback_items ({', '.join(COLUMNS)}) VALUES ({placeholders})"
    cursor = db.session.connection().connection.driver_connection.cursor()
    try:
        cursor.executemany(statement, [tuple(_sqlite_value(v) for v in row) for row in rows])
    finally:
        cursor.close()


def insert_rows(rows):
    """Write feedback rows (tuples in COLUMNS order) in bulk in the current transaction."""
    if db.session.get_bind().dialect.name == "postgresql":
        _copy_rows(rows)
    else:
        _executemany_rows(rows)


def create_ideas(count, partner_ids, rng):
    """A board of `count` ideas with partner votes (a few popular, most not)."""
    statuses = list(db.session.scalars(select(IdeaStatus.id).order_by(IdeaStatus.position)))
    elements = list(db.session.scalars(select(ProgramElement.id))) + [None]
    ideas = [Idea(title=f"{rng.choice(OPENINGS)} {rng.choice(SUBJECTS)} #{number}", description="Generated.",
                  status_id=rng.choice(statuses), program_element_id=rng.choice(elements),
                  partner_id=rng.choice(partner_ids)) for number in range(1, count + 1)]
    db.session.add_all(ideas)
    db.session.flush()
    for idea in ideas:
        voters = rng.sample(partner_ids, min(len(partner_ids), int(rng.paretovariate(1.2))))
        db.session.add_all(IdeaVote(idea_id=idea.id, voter_key=f"partner:{pid}", partner_id=pid) for pid in voters)
    db.session.flush()
    return len(ideas)


def generate(tenant, partners=500, feedback=1_000_000, seed=42, progress=None):
    """Add `partners` partners, `feedback` items over the last 12 months and a few ideas
    to `tenant`, committing per chunk; `progress(done, total)` is called after each."""
    started, rng = time.perf_counter(), random.Random(seed)
    with scoped_to(tenant.id):
        new_partners = create_partners(partners, rng)
        if feedback and not new_partners and not db.session.scalar(select(Partner.id).limit(1)):
            raise ServiceError("The tenant has no partners: generate some with --partners.")
        idea_count = create_ideas(max(10, partners // 5), [p.id for p in new_partners], rng) if partners else 0
        partner_ids = [p.id for p in new_partners] or list(db.session.scalars(select(Partner.id)))
        elements = list(db.session.scalars(select(ProgramElement.id)))
        categories = list(db.session.scalars(select(FeedbackCategory.id)))
        db.session.commit()
        maker = _RowMaker(tenant.id, partner_ids, elements, categories, rng, utcnow())
        insert_seconds = _insert_feedback(maker, feedback, progress)
        _analyze_table()
    return GenerateResult(len(new_partners), feedback, idea_count, time.perf_counter() - started,
                          insert_seconds)


def _insert_feedback(maker, total, progress):
    """Generate and insert `total` rows chunk by chunk; returns the seconds spent writing."""
    spent, done = 0.0, 0
    while done < total:
        rows = maker.rows(min(CHUNK_ROWS, total - done))
        began = time.perf_counter()
        insert_rows(rows)
        db.session.commit()
        spent += time.perf_counter() - began
        done += len(rows)
        if progress:
            progress(done, total)
    return spent


def _analyze_table():
    # Fresh statistics, so the planner knows the tables are large now (autovacuum lags).
    if db.session.get_bind().dialect.name != "postgresql":
        db.session.execute(text("ANALYZE"))
    else:
        for table in (FeedbackItem.__tablename__, *(grain.table for grain in GRAINS)):
            db.session.execute(text(f"ANALYZE {table}"))
    db.session.commit()
