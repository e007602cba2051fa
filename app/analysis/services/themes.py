"""Themes: keyword rules that tag feedback items automatically, and manual tags.

How keywords match text is theme_matching.py's; keywords are stored NFC-normalised.

Tags have a source (auto, manual) and automatic tags staff removed stay as suppressed
rows. Analysis (on write, re-analysis, a changed theme) only ever adds or removes
unsuppressed automatic tags: manual tags and removals survive it.

Hooks: `record_feedback` calls `apply_themes(item)`; CSV imports call
`tag_imported_items(values)` once per chunk of rows after their bulk insert."""

import re
import unicodedata
from dataclasses import dataclass, replace

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.analysis.models import FeedbackTheme, TagSource, Theme
from app.analysis.services.theme_matching import compile_keywords, load_matcher, normalise
from app.core.errors import ServiceError
from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import FeedbackItem, SentimentLabel
from app.jobs.models import FINISHED_STATES, Job
from app.jobs.services.submit import cancel, submit
from app.tenancy import active_scope, scoped_to

MAX_KEYWORDS = 50
MAX_KEYWORD_LENGTH = 100
MAX_NAME_LENGTH = 80
CHUNK = 1000  # ids or rows per statement: under SQLite's bound-parameter limit, small transactions
TAG_KIND = "analysis.tag_theme"  # the job that applies a saved theme to the existing items


# --- writing tags ---------------------------------------------------------------------------


def vendor_scope():
    """Tags are the vendor's: written in the tenant's scope even when a partner user's
    feedback triggers them (partner scopes cannot write staff-only rows)."""
    scope = active_scope()
    return scoped_to(scope.tenant_id)


@dataclass(frozen=True)
class ItemFacts:
    """What a tag copies from its item (see FeedbackTheme), and the text to match."""

    id: int
    text: str
    given_at: object
    sentiment_label: object
    anonymous: bool

    @classmethod
    def of(cls, item, **changes):
        facts = cls(item.id, item.text or "", item.given_at, item.sentiment_label, bool(item.anonymous))
        return replace(facts, **changes) if changes else facts


FACT_COLUMNS = (FeedbackItem.id, FeedbackItem.text, FeedbackItem.given_at, FeedbackItem.sentiment_label,
                FeedbackItem.anonymous)


def link_values(item, theme_id, source=TagSource.AUTO):
    """The column values of the tag `theme_id` on `item` (an item or ItemFacts)."""
    return {"feedback_item_id": item.id, "theme_id": theme_id, "source": source, "given_at": item.given_at,
            "negative": item.sentiment_label == SentimentLabel.NEGATIVE, "anonymous": bool(item.anonymous)}


# PostgreSQL: a chunk of automatic tags as one statement over arrays (no per-row work).
UNNEST_INSERT = """
INSERT INTO feedback_themes (tenant_id, feedback_item_id, theme_id, source, suppressed, created_at, given_at,
                             negative, anonymous)
SELECT %(tenant_id)s, item_id, theme_id, source, false, %(created_at)s, given_at, negative, anonymous
FROM unnest(%(feedback_item_id)s::integer[], %(theme_id)s::integer[], %(source)s::varchar[],
            %(given_at)s::timestamp[], %(negative)s::boolean[], %(anonymous)s::boolean[])
     AS tag(item_id, theme_id, source, given_at, negative, anonymous)
ON CONFLICT (feedback_item_id, theme_id) DO NOTHING
"""
ARRAY_COLUMNS = ("feedback_item_id", "theme_id", "source", "given_at", "negative", "anonymous")


def _insert_chunk_postgresql(connection, rows, extra):
    columns = {name: [row[name].value if name == "source" else row[name] for row in rows] for name in ARRAY_COLUMNS}
    connection.exec_driver_sql(UNNEST_INSERT, {**extra, **columns})


def _insert_chunk_sqlite(connection, rows, extra):
    statement = sqlite_insert(FeedbackTheme.__table__).on_conflict_do_nothing(
        index_elements=["feedback_item_id", "theme_id"])
    connection.execute(statement, [{**row, **extra, "suppressed": False} for row in rows])


def _insert_links(rows, created_at=None):
    """Insert tags, skipping any that exist (a concurrent writer): CHUNK rows per statement,
    ON CONFLICT DO NOTHING, on the session's connection. Like the CSV import's insert this
    bypasses the session's tenant checks, which cost more than the insert (a SELECT of every
    referenced id): the tenant comes from the active scope, and every item and theme id was
    read in that scope by the caller. `created_at`: the tags' time (default now)."""
    rows = list(rows)
    if not rows:
        return
    extra = {"tenant_id": active_scope().tenant_id, "created_at": created_at or utcnow()}
    connection = db.session.connection()
    postgresql = connection.dialect.name == "postgresql"
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        if postgresql:
            _insert_chunk_postgresql(connection, chunk, extra)
        else:
            _insert_chunk_sqlite(connection, chunk, extra)


def _existing_links(item_ids):
    return db.session.execute(
        select(FeedbackTheme.id, FeedbackTheme.feedback_item_id, FeedbackTheme.theme_id, FeedbackTheme.source,
               FeedbackTheme.suppressed).where(FeedbackTheme.feedback_item_id.in_(item_ids))
    ).all()


def _delete_links(link_ids):
    for start in range(0, len(link_ids), CHUNK):
        db.session.execute(delete(FeedbackTheme).where(FeedbackTheme.id.in_(link_ids[start:start + CHUNK])),
                           execution_options={"synchronize_session": False})


def sync_auto_themes(items, matcher):
    """Make the automatic tags of `items` (ItemFacts) exactly the themes `matcher` finds in
    their text, leaving manual and suppressed tags as they are. Set-based: per CHUNK items
    one SELECT of their tags, one INSERT, one DELETE."""
    items = list(items)
    for start in range(0, len(items), CHUNK):
        chunk = {item.id: item for item in items[start:start + CHUNK]}
        matches = {item_id: matcher.themes_in(item.text) for item_id, item in chunk.items()}
        tagged, stale = set(), []
        for link in _existing_links(list(chunk)):
            tagged.add((link.feedback_item_id, link.theme_id))
            automatic = link.source == TagSource.AUTO and not link.suppressed
            if automatic and link.theme_id not in matches[link.feedback_item_id]:
                stale.append(link.id)
        wanted = sorted({(item_id, theme_id) for item_id, found in matches.items() for theme_id in found} - tagged)
        _insert_links(link_values(chunk[item_id], theme_id) for item_id, theme_id in wanted)
        _delete_links(stale)


def set_negative(item_ids, negative):
    """Re-analysis changed these items' sentiment: their tags' copy follows."""
    for start in range(0, len(item_ids), CHUNK):
        db.session.execute(update(FeedbackTheme).where(FeedbackTheme.feedback_item_id.in_(item_ids[start:start + CHUNK]))
                           .values(negative=negative), execution_options={"synchronize_session": False})


def active_matcher():
    """The tenant's matcher, read in the vendor's scope (callers may be partner users)."""
    with vendor_scope():
        return load_matcher()


def apply_themes(item, matcher=None):
    """The hook for record_feedback: automatic tags of one just-flushed, new item (an
    anonymous answer's tags are dated like the item: by its day, not by the answer's time)."""
    with vendor_scope():
        matcher = matcher if matcher is not None else load_matcher()
        _insert_links((link_values(item, theme_id) for theme_id in sorted(matcher.themes_in(item.text))),
                      created_at=item.recorded_at if item.anonymous else None)


def tag_imported_items(rows):
    """The hook for bulk imports: `rows` are the column values of a chunk of rows just
    inserted (or already stored: duplicates). One query for the themes, and only for
    rows whose text matches one, one query for their stored values."""
    with vendor_scope():
        matcher = load_matcher()
        wanted = [row["dedupe_key"] for row in rows if matcher.themes_in(row["text"])]
        if not wanted:
            return
        # A stored duplicate keeps its own text (and tags): match what is stored.
        stored = db.session.execute(select(*FACT_COLUMNS).where(FeedbackItem.dedupe_key.in_(wanted))).all()
        sync_auto_themes([ItemFacts.of(row) for row in stored], matcher)


# --- manual tags ----------------------------------------------------------------------------


def item_themes(item):
    """The themes shown on an item (suppressed ones are not), with their tag source."""
    return db.session.execute(
        select(Theme, FeedbackTheme.source).join(FeedbackTheme, FeedbackTheme.theme_id == Theme.id)
        .where(FeedbackTheme.feedback_item_id == item.id, FeedbackTheme.suppressed.is_(False))
        .order_by(Theme.position, Theme.name)
    ).all()


def themes_of_items(item_ids):
    """{item id: [theme names]} for a page of items (one query)."""
    found = {}
    if not item_ids:
        return found
    rows = db.session.execute(
        select(FeedbackTheme.feedback_item_id, Theme.name).join(Theme, Theme.id == FeedbackTheme.theme_id)
        .where(FeedbackTheme.feedback_item_id.in_(item_ids), FeedbackTheme.suppressed.is_(False))
        .order_by(Theme.position, Theme.name)
    )
    for item_id, name in rows:
        found.setdefault(item_id, []).append(name)
    return found


def tagged_item_ids(theme_id):
    """A select of the ids of the items `theme_id` is shown on (for IN filters)."""
    return select(FeedbackTheme.feedback_item_id).where(FeedbackTheme.theme_id == theme_id,
                                                        FeedbackTheme.suppressed.is_(False))


def _link(item, theme):
    return db.session.scalars(select(FeedbackTheme).where(FeedbackTheme.feedback_item_id == item.id,
                                                          FeedbackTheme.theme_id == theme.id)).first()


def add_manual_theme(item, theme):
    """Tag `item` with `theme` by hand; a tag staff add is theirs, analysis keeps it."""
    link = _link(item, theme)
    if link is None:
        db.session.add(FeedbackTheme(**link_values(item, theme.id, TagSource.MANUAL)))
    else:
        link.source, link.suppressed = TagSource.MANUAL, False
    db.session.flush()


def remove_theme(item, theme):
    """Take `theme` off `item`. A manual tag is deleted; an automatic one is kept as
    suppressed, so re-analysis does not put it back."""
    link = _link(item, theme)
    if link is None:
        return
    if link.source == TagSource.MANUAL:
        db.session.delete(link)
    else:
        link.suppressed = True
    db.session.flush()


# --- theme definitions ----------------------------------------------------------------------


def parse_keywords(text):
    """Keywords from text with one per line or comma-separated: trimmed, single-spaced,
    NFC, without repeats (ignoring case). Raises ServiceError on the field `keywords`."""
    keywords, seen = [], set()
    for raw in re.split(r"[\n,]", text or ""):
        keyword = normalise(" ".join(raw.split()))
        if not keyword or keyword.casefold() in seen:
            continue
        if any(unicodedata.category(ch).startswith("C") for ch in keyword):
            raise ServiceError("Remove control characters from the keywords.", field="keywords")
        if len(keyword) > MAX_KEYWORD_LENGTH:
            raise ServiceError(f"Keep each keyword under {MAX_KEYWORD_LENGTH} characters.", field="keywords")
        if not re.search(r"\w", keyword):
            raise ServiceError(f"“{keyword}” has no letters or digits to match.", field="keywords")
        seen.add(keyword.casefold())
        keywords.append(keyword)
    if len(keywords) > MAX_KEYWORDS:
        raise ServiceError(f"Use at most {MAX_KEYWORDS} keywords per theme.", field="keywords")
    return keywords


def _clean_name(name, theme=None):
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError("Give the theme a name.", field="name")
    if len(name) > MAX_NAME_LENGTH or any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ServiceError(f"Use up to {MAX_NAME_LENGTH} printable characters.", field="name")
    clash = select(Theme.id).where(func.lower(Theme.name) == name.lower())
    if theme is not None:
        clash = clash.where(Theme.id != theme.id)
    if db.session.scalars(clash).first():
        raise ServiceError("A theme with this name exists already.", field="name")
    return name


def list_themes():
    return db.session.scalars(select(Theme).order_by(Theme.position, Theme.name)).all()


def tag_counts():
    """{theme id: items tagged} over all time (one grouped query on the links' index)."""
    return dict(db.session.execute(
        select(FeedbackTheme.theme_id, func.count()).where(FeedbackTheme.suppressed.is_(False))
        .group_by(FeedbackTheme.theme_id)
    ).all())


def create_theme(name, keywords_text, started_by=None):
    """Add a theme and ask for the job that tags the existing items its keywords match
    (analysis.tag_theme, app/analysis/tasks.py); returns (theme, job)."""
    theme = Theme(name=_clean_name(name), keywords=parse_keywords(keywords_text),
                  position=(db.session.scalar(select(func.max(Theme.position))) or 0) + 1)
    db.session.add(theme)
    db.session.flush()
    return theme, _tag_as_job(theme, started_by)


def update_theme(theme, name, keywords_text, started_by=None):
    """Rename a theme and change its keywords; when the keywords changed, ask for the job
    that re-tags the existing items and return it (None: keywords unchanged)."""
    theme.name = _clean_name(name, theme)
    keywords = parse_keywords(keywords_text)
    if keywords == list(theme.keywords or []):
        return None
    theme.keywords = keywords
    db.session.flush()
    return _tag_as_job(theme, started_by)


def _tag_as_job(theme, started_by):
    for job in tagging_jobs():  # an earlier save's job is superseded: this one tags everything again
        if job.payload.get("theme_id") == theme.id:
            cancel(job)
    return submit(TAG_KIND, f"Apply the theme “{theme.name}”", {"theme_id": theme.id}, started_by=started_by)


def tagging_jobs():
    """The tagging jobs of the tenant that have not finished (for the themes page)."""
    return db.session.scalars(select(Job).where(Job.kind == TAG_KIND, Job.state.notin_(FINISHED_STATES))
                              .order_by(Job.id)).all()


def delete_theme(theme):
    db.session.execute(delete(FeedbackTheme).where(FeedbackTheme.theme_id == theme.id),
                       execution_options={"synchronize_session": False})
    db.session.delete(theme)
    db.session.flush()


def _prefilter(keywords):
    """A SQL condition every item matching `keywords` meets (None: no cheap one): each
    keyword's longest word as a case-insensitive substring. Non-ASCII words are left to
    Python, because SQLite's LIKE folds the case of ASCII letters only."""
    words = [max(keyword.split(), key=len) for keyword in keywords]
    if not all(word.isascii() for word in words):
        return None
    return or_(*[FeedbackItem.text.icontains(word, autoescape=True) for word in words])


def item_windows():
    """(after id, up to id) ranges of CHUNK items each, by id; the last one is open (None)."""
    last_id = 0
    while True:
        upper = db.session.scalar(select(FeedbackItem.id).where(FeedbackItem.id > last_id)
                                  .order_by(FeedbackItem.id).offset(CHUNK - 1).limit(1))
        yield last_id, upper
        if upper is None:
            return
        last_id = upper


def _within(column, low, high):
    return column > low if high is None else and_(column > low, column <= high)


def _matching(keywords, pattern, low, high):
    """{id: ItemFacts} of the items in the id range whose text matches: the database narrows
    them to those containing a keyword's longest word, Python checks whole words."""
    statement = select(*FACT_COLUMNS).where(_within(FeedbackItem.id, low, high))
    condition = _prefilter(keywords)
    if condition is not None:
        statement = statement.where(condition)
    rows = db.session.execute(statement).all()
    return {row.id: ItemFacts.of(row) for row in rows if row.text and pattern.search(normalise(row.text))}


def retag_window(theme_id, keywords, low, high):
    """Make the theme's automatic tags of the items with ids in (low, high] exactly those
    its keywords match; manual and removed (suppressed) tags stay. Returns how many of
    those items match. Idempotent."""
    pattern = compile_keywords(tuple(keywords or ()))
    matched = _matching(keywords, pattern, low, high) if pattern is not None else {}
    links = db.session.execute(
        select(FeedbackTheme.feedback_item_id, FeedbackTheme.id, FeedbackTheme.source, FeedbackTheme.suppressed)
        .where(FeedbackTheme.theme_id == theme_id, _within(FeedbackTheme.feedback_item_id, low, high))).all()
    _delete_links([link.id for link in links if link.source == TagSource.AUTO and not link.suppressed
                   and link.feedback_item_id not in matched])
    tagged = {link.feedback_item_id for link in links}
    _insert_links(link_values(matched[item_id], theme_id) for item_id in sorted(set(matched) - tagged))
    return len(matched)


def retag_theme(theme):
    """Re-apply one theme's keywords to every item of the tenant, in one transaction (the
    caller commits); returns how many items' texts match it. The analysis.tag_theme job
    does the same a window at a time, committing each."""
    return sum(retag_window(theme.id, theme.keywords, low, high) for low, high in item_windows())
