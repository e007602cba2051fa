"""The fast VADER analyser (the baseline engine) scores exactly like the reference one, and
the import's analysis worker answers exactly what the in-process analysis computes."""

import random

import pytest
from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES, SentimentIntensityAnalyzer

from app.analysis.engines import vader_baseline
from app.analysis.engines.vader import FastSentimentIntensityAnalyzer
from app.analysis.services.labels import item_analysis, known_analyses, sentiment_of
from app.feedback.models import SentimentLabel
from app.imports.services import sentiment as import_sentiment

# Words that trigger every rule: negations, boosters, idioms, "but", "least", "no", "kind of".
RULE_WORDS = (
    list(NEGATE) + list(BOOSTER_DICT) + [w for phrase in SPECIAL_CASES for w in phrase.split()]
    + ["but", "BUT", "least", "at", "very", "no", "or", "nor", "never", "so", "this", "without", "doubt",
       "kind", "of", "isn't", "GOOD", "Bad", ":)", ":-(", "lol", "!!", "?", "??", "...", "💘", "😁", "é", "", "x"]
)

pytestmark = pytest.mark.pure  # no database: runs once, in the PostgreSQL pass


@pytest.fixture(scope="module")
def analysers():
    return SentimentIntensityAnalyzer(), FastSentimentIntensityAnalyzer()


def _random_text(rng, lexicon_words):
    words = [rng.choice(RULE_WORDS if rng.random() < 0.5 else lexicon_words) for _ in range(rng.randint(0, 25))]
    words = [w.upper() if rng.random() < 0.1 else w for w in words]
    joiners = [" ", "  ", ", ", "! ", "? ", ".", " \n"]
    return "".join(w + rng.choice(joiners) for w in words)


def test_fast_analyser_scores_random_texts_exactly_like_the_reference(analysers):
    reference, fast = analysers
    rng = random.Random(20260125)
    lexicon_words = list(reference.lexicon)
    for _ in range(2000):
        text = _random_text(rng, lexicon_words)
        expected = reference.polarity_scores(text)
        assert fast.polarity_scores(text) == expected, text
        assert fast.compound(text) == expected["compound"], text


@pytest.mark.parametrize("text", [
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "At least it isn't a horrible book.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today only kinda sux! But I'll get by, lol",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all", "no problem", "never so good", "without a doubt great", "the shit", "kind of good",
    "   ", "",
])
def test_fast_analyser_scores_vader_examples_exactly_like_the_reference(analysers, text):
    reference, fast = analysers
    assert fast.polarity_scores(text) == reference.polarity_scores(text)
    assert fast.compound(text) == reference.polarity_scores(text)["compound"]


def test_the_baseline_engine_is_the_fast_vader_with_its_usual_cut_offs():
    reference = SentimentIntensityAnalyzer()
    rng = random.Random(7)
    for _ in range(300):
        text = _random_text(rng, list(reference.lexicon)).strip()
        analysis = vader_baseline.analyse(text, "en")
        if not text:
            assert analysis.score is None
            continue
        assert analysis.score == round(reference.polarity_scores(text)["compound"], 4), text
        assert analysis.label == ("positive" if analysis.score >= 0.05 else
                                  "negative" if analysis.score <= -0.05 else "neutral")


def _chunks(texts, size):
    return iter([[text] for text in texts[i:i + size]] for i in range(0, len(texts), size))


def _texts_of(chunk):
    return [(row[0], "en") for row in chunk]


def _without_evidence(found):
    language, analysis = found
    return language, analysis.__class__(**{**analysis.__dict__, "evidence": ()})


def test_the_worker_process_analyses_every_chunk_after_the_first_like_the_app():
    texts = ["Great support, thanks!", "The portal is SLOW and broken", "not bad at all", "ok",
             "Der Support antwortet seit zwei Wochen nicht mehr.", "Terrible 😁 :("]
    scored = list(import_sentiment.scored_ahead(_chunks(texts, 2), _texts_of))
    assert [chunk for chunk, _ in scored] == [[[t] for t in texts[i:i + 2]] for i in (0, 2, 4)]
    assert scored[0][1] == {}  # the first chunk is analysed in process
    expected = {(text, "en"): _without_evidence(item_analysis(text, "en")) for text in texts[2:]}
    assert scored[1][1] | scored[2][1] == expected


def test_an_import_analyses_in_process_when_the_worker_cannot_start(monkeypatch):
    def no_worker():
        raise OSError("no processes left")

    monkeypatch.setattr(import_sentiment, "SentimentWorker", no_worker)
    scored = list(import_sentiment.scored_ahead(_chunks(["good", "bad", "fine"], 1), _texts_of))
    assert [scores for _, scores in scored] == [{}, {}, {}]


def test_an_import_analyses_in_process_when_the_worker_dies(monkeypatch):
    started = []

    class DyingWorker(import_sentiment.SentimentWorker):
        def __init__(self):
            super().__init__()
            started.append(self)
            self.process.kill()

    monkeypatch.setattr(import_sentiment, "SentimentWorker", DyingWorker)
    scored = list(import_sentiment.scored_ahead(_chunks(["good", "bad", "fine"], 1), _texts_of))
    assert [scores for _, scores in scored] == [{}, {}, {}]
    assert started[0].process.poll() is not None  # ended, not left behind


def test_the_workers_share_falls_while_it_is_behind_and_rises_while_it_is_ahead():
    ahead = import_sentiment._Ahead(_texts_of)
    try:
        shares = []
        for ready in [False] * 7 + [True] * 12:
            ahead._adapt(ready)
            shares.append(ahead.share)
        ahead.send([[f"text {n}"] for n in range(10)])
        sent = ahead.pending[1]
    finally:
        ahead.stop()
    assert shares == [0.9, 0.8, 0.7, 0.6, 0.5, 0.5, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95,
                      1.0, 1.0, 1.0]
    assert sent == [(f"text {n}", "en") for n in range(10)]
    ahead = import_sentiment._Ahead(_texts_of)
    try:
        for _ in range(3):
            ahead._adapt(False)  # 1.0 -> 0.7
        ahead.send([[f"text {n}"] for n in range(10)])
        assert ahead.pending[1] == [(f"text {n}", "en") for n in range(7)]  # the importing process does 3
        assert len(ahead.receive()[1]) == 7
    finally:
        ahead.stop()


def test_sentiment_of_takes_a_known_analysis_and_computes_unknown_texts():
    planted = ("en", vader_baseline.analyse("good", "en").__class__(0.9, "positive", engine="planted"))
    with known_analyses({("good", "en"): planted}):  # a planted answer shows the look-up was used
        assert sentiment_of("  good ") == (0.9, SentimentLabel.POSITIVE)
        assert item_analysis("bad")[1].engine != "planted"
    assert sentiment_of("good")[0] != 0.9


def test_the_import_benchs_baseline_is_vader_in_process_and_in_its_worker():
    # bench/import_rate.py --engines vader,partnerloop compares against this: it must be VADER
    # everywhere (no language detection), and put the current engine back after.
    from bench.engine_baseline import use_vader

    texts = ["We waited ten days for a simple approval.", "Der Support antwortet seit zwei Wochen nicht.",
             "Great support, thanks!", "ok"]
    current = item_analysis(texts[0], "en")
    restore = use_vader()
    try:
        in_process = {(text, "en"): item_analysis(text, "en") for text in texts}
        scored = list(import_sentiment.scored_ahead(_chunks(texts, 2), _texts_of))
    finally:
        restore()
    expected = {(text, "en"): ("en", vader_baseline.analyse(text, "en")) for text in texts}
    assert in_process == expected
    assert scored[1][1] == {key: expected[key] for key in list(expected)[2:]}  # answered by the VADER worker
    assert item_analysis(texts[0], "en") == current != expected[(texts[0], "en")]
