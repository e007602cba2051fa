"""What the program view shows about themes: items and negative items per theme, and the
most frequent terms of negative feedback, for the same MetricFilters as the other figures.

"Negative" is the item's effective sentiment label (app/analysis/services/labels.py), the same
one the program view's sentiment mix counts."""

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import case, func, select

from app.analysis.models import FeedbackTheme, Theme
from app.analysis.services.labels import MAX_ANALYSED_CHARS
from app.extensions import db
from app.feedback.models import FeedbackItem, SentimentLabel
from app.insights.models import ThemeDailyRollup
from app.insights.services.metrics import item_conditions

# top_negative_terms reads at most this many negative items: the most recent of the period.
# The terms of 2,000 items are representative and cost ~50 ms, whatever the table's size.
NEGATIVE_SAMPLE = 2000
MIN_TERM_LENGTH = 3
# Letters only (any script), with inner apostrophes: "don't", "partner's".
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# English function words and fillers that say nothing about a theme. No maintained list is
# installed (scikit-learn and NLTK are not dependencies); this one follows the common core
# of scikit-learn's ENGLISH_STOP_WORDS, kept short because words of 1-2 letters are dropped anyway.
STOP_WORDS = frozenset((
    "about", "above", "after", "again", "against", "all", "almost", "along", "already", "also", "although", "always",
    "among", "and", "another", "any", "anybody", "anyone", "anything", "anyway", "are", "aren't", "around",
    "because", "been", "before", "being", "below", "between", "both", "but", "can", "can't", "cannot", "could",
    "couldn't", "did", "didn't", "does", "doesn't", "doing", "don't", "done", "down", "during", "each", "either",
    "else", "enough", "even", "ever", "every", "everyone", "everything", "few", "for", "from", "further", "get",
    "gets", "getting", "got", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "however", "i'm", "i've", "into", "isn't", "it's", "its", "itself",
    "just", "keep", "least", "less", "let", "like", "made", "make", "many", "may", "maybe", "might", "more", "most",
    "much", "must", "my", "myself", "neither", "never", "nor", "not", "nothing", "now", "off", "often", "once",
    "one", "only", "onto", "other", "others", "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps",
    "please", "quite", "rather", "really", "same", "see", "seem", "seems", "she", "should", "shouldn't", "since",
    "some", "something", "still", "such", "than", "that", "that's", "the", "their", "theirs", "them", "themselves",
    "then", "there", "there's", "these", "they", "they're", "this", "those", "though", "through", "thus", "too",
    "toward", "under", "until", "upon", "very", "via", "was", "wasn't", "way", "we'd", "we're", "we've", "well",
    "went", "were", "weren't", "what", "what's", "when", "where", "whether", "which", "while", "who", "whole",
    "whom", "whose", "why", "will", "with", "within", "without", "won't", "would", "wouldn't", "yet", "you", "you'd",
    "you're", "you've", "your", "yours", "yourself", "yourselves", "able", "across", "actually", "ago", "anyhow",
    "back", "became", "become", "becomes", "lot", "lots", "thing", "things", "us", "use", "used", "using", "want",
    "wants", "bit", "come", "comes", "going", "gone", "goes", "know", "new", "old", "two", "three",
))


def _period_only(filters):
    return not any((filters.tier_id, filters.region, filters.vertical, filters.partner_id,
                    filters.program_element_id, filters.source, filters.channel, filters.partner_ids))


@dataclass(frozen=True)
class ThemeFigures:
    theme: Theme
    items: int
    negative: int

    @property
    def negative_share(self):
        """Per cent of the theme's items that are negative (None without items)."""
        return round(100 * self.negative / self.items) if self.items else None


def _counts_from_rollup(filters, include_anonymous):
    """Period-only filters: the per-day theme rollup (kept by triggers from the tags' copies
    of the item values) suffices; its size does not grow with the number of tags."""
    conditions = [ThemeDailyRollup.day >= filters.start, ThemeDailyRollup.day <= filters.end]
    if not include_anonymous:
        conditions.append(ThemeDailyRollup.anonymous.is_(False))
    return (select(ThemeDailyRollup.theme_id, func.sum(ThemeDailyRollup.items), func.sum(ThemeDailyRollup.negative))
            .where(*conditions).group_by(ThemeDailyRollup.theme_id))


def counts_joined(filters, include_anonymous):
    """Other filters are the items' (and their partners'): join the tags to the items."""
    negative = func.sum(case((FeedbackItem.sentiment_label == SentimentLabel.NEGATIVE, 1), else_=0))
    return (select(FeedbackTheme.theme_id, func.count(), negative)
            .join(FeedbackItem, FeedbackItem.id == FeedbackTheme.feedback_item_id)
            .where(FeedbackTheme.suppressed.is_(False), *item_conditions(filters, include_anonymous))
            .group_by(FeedbackTheme.theme_id))


def theme_counts(filters, include_anonymous=True):
    """Every theme with its items and negative items in `filters`, most items first (one
    grouped query, plus the list of themes)."""
    query = _counts_from_rollup if _period_only(filters) else counts_joined
    rows = db.session.execute(query(filters, include_anonymous)).all()
    counts = {theme_id: (int(items), int(negative or 0)) for theme_id, items, negative in rows}
    themes = db.session.scalars(select(Theme).order_by(Theme.position, Theme.name)).all()
    figures = [ThemeFigures(theme, *counts.get(theme.id, (0, 0))) for theme in themes]
    return sorted(figures, key=lambda f: (-f.items, f.theme.position, f.theme.name.lower()))


@dataclass(frozen=True)
class NegativeTerms:
    terms: list  # (term, number of items using it), most frequent first
    sampled: int  # negative items read
    sample_limit: int  # NEGATIVE_SAMPLE: when sampled reaches it, older items were left out


def terms_of(text):
    """The distinct content words of a text, lower-cased."""
    words = set(WORD.findall(text[:MAX_ANALYSED_CHARS].casefold().replace("’", "'")))
    return {word for word in words - STOP_WORDS if len(word) >= MIN_TERM_LENGTH}


def top_negative_terms(filters, limit=15, include_anonymous=True, sample=NEGATIVE_SAMPLE):
    """The terms used by most negative items in `filters`, counted once per item, over the
    `sample` most recent negative items of the period (ties: alphabetical)."""
    texts = db.session.scalars(
        select(FeedbackItem.text)
        .where(FeedbackItem.sentiment_label == SentimentLabel.NEGATIVE, *item_conditions(filters, include_anonymous))
        .order_by(FeedbackItem.given_at.desc(), FeedbackItem.id.desc()).limit(sample)
    ).all()
    counts = Counter()
    for text in texts:
        counts.update(terms_of(text or ""))
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]
    return NegativeTerms(ranked, len(texts), sample)
