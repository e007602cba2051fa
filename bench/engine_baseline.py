"""The analysis the product had before issue #14, for measuring imports against it in the
same run: VADER on every text, in every language, without language detection.

`use_vader()` makes it this process's analysis and the import's sentiment worker's (this file,
run as a script, is that worker); the function it returns puts the current engine back."""

import sys
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.analysis import engines  # noqa: E402
from app.analysis.engines import vader_baseline, worker  # noqa: E402

VADER = types.SimpleNamespace(ENGINE=vader_baseline.ENGINE,
                              analyse=lambda text, language, evidence=True: vader_baseline.analyse(text, language))


def _declared_language(text, declared_language="en"):
    return declared_language or "en"


def _serve_as_worker():
    # The worker imports only what the real one does (app.analysis.engines), so it starts as fast.
    engines.CURRENT = VADER
    worker.detect_language = _declared_language
    worker.serve(sys.stdin.buffer, sys.stdout.buffer)


def use_vader():
    from app.analysis.services import labels
    from app.imports.services import sentiment

    saved = engines.CURRENT, labels.detect_language, worker.detect_language, sentiment.SentimentWorker.COMMAND
    engines.CURRENT = VADER
    labels.detect_language = worker.detect_language = _declared_language
    sentiment.SentimentWorker.COMMAND = (sys.executable, str(Path(__file__).resolve()))

    def restore():
        (engines.CURRENT, labels.detect_language, worker.detect_language,
         sentiment.SentimentWorker.COMMAND) = saved

    return restore


if __name__ == "__main__":
    _serve_as_worker()
