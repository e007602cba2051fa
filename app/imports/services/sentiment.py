"""Text analysis of a large import's texts in a second process, one chunk ahead.

An import's Python work runs under one GIL, and the analysis (language detection and
sentiment) is a large part of it; on two cores the second one is shared with the
PostgreSQL backend, which has time to spare. The worker is a child process running
app/analysis/engines/worker.py: it reads lists of (text, declared language) from a pipe
and answers their analyses. The answers only feed labels.known_analyses, a look-up by
exact text and language: item_analysis computes anything it does not find, so what is
stored is the same either way. If the worker cannot start or dies, the import carries
on analysing in process.

The worker need not take a whole chunk: it gets the first `share` of each chunk's texts and
the importing process analyses the rest as it stores the chunk. The share adapts to whichever
process is behind: down when the importing process finds the worker's answer not ready,
up when it is. (On PostgreSQL the importing process mostly waits for the database, so it has
time to analyse a third of the texts; on SQLite less. A fixed share that suits one loses on
the other.)"""

import logging
import math
import pickle
import select
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[3]  # the project's root: the worker imports app.analysis.engines


class SentimentWorker:
    """The child process; `send` a list of (text, language), then `receive` their analyses in order."""

    # bench/import_rate.py --engines swaps in a worker running another engine (bench/engine_baseline.py)
    COMMAND = (sys.executable, "-m", "app.analysis.engines.worker")

    def __init__(self):
        self.process = subprocess.Popen(self.COMMAND, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(self, texts):
        pickle.dump(texts, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        self.process.stdin.flush()

    def receive(self):
        return pickle.load(self.process.stdout)

    def answered(self):
        """Whether the answer to what was sent is there to read (the worker has finished it)."""
        return bool(select.select([self.process.stdout], [], [], 0)[0])

    def close(self):
        try:
            self.process.stdin.close()  # the worker ends at end of input,
            self.process.stdout.close()  # or at its next answer after a failed import
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


def scored_ahead(chunks, texts_of):
    """(chunk, {(text, language): analysis}) for each chunk, in order: `texts_of(chunk)`
    lists the chunk's (text, language) pairs; the worker analyses chunk k + 1 while
    the caller works on chunk k. The first chunk is scored in process (an import of one
    chunk does not start the worker); after a worker failure the mappings are empty."""
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None:
        yield first, {}
        return
    ahead = _Ahead(texts_of)
    try:
        ahead.send(second)  # scored while the caller works on the first chunk
        yield first, {}
        while ahead.pending is not None:
            chunk, scores = ahead.receive()
            following = next(chunks, None)
            if following is not None:
                ahead.send(following)
            yield chunk, scores
    finally:
        ahead.stop()


class _Ahead:
    """The worker and the one chunk it is scoring; a failure stops it for good."""

    MIN_SHARE, STEP_DOWN, STEP_UP = 0.5, 0.1, 0.05

    def __init__(self, texts_of):
        self.texts_of, self.pending, self.share = texts_of, None, 1.0
        try:
            self.worker = SentimentWorker()
        except OSError:
            log.warning("The sentiment worker did not start; analysing in process", exc_info=True)
            self.worker = None

    def send(self, chunk):
        texts = self.texts_of(chunk) if self.worker is not None else None
        if texts is not None:
            texts = texts[:math.ceil(len(texts) * self.share)]  # the importing process analyses the rest
        self.pending = chunk, texts
        if texts is not None:
            self._try(self.worker.send, texts)

    def receive(self):
        (chunk, texts), self.pending = self.pending, None
        if self.worker is None or texts is None:
            return chunk, {}
        ready = self._try(self.worker.answered)
        if self.worker is None:
            return chunk, {}
        self._adapt(ready)
        answers = self._try(self.worker.receive)
        return chunk, ({} if answers is None else dict(zip(texts, answers, strict=True)))

    def _adapt(self, ready):
        step = self.STEP_UP if ready else -self.STEP_DOWN
        self.share = min(1.0, max(self.MIN_SHARE, round(self.share + step, 2)))

    def _try(self, step, *args):
        try:
            return step(*args)
        except (OSError, EOFError, pickle.UnpicklingError):
            log.warning("The sentiment worker stopped; analysing in process", exc_info=True)
            self.stop()
            return None

    def stop(self):
        if self.worker is not None:
            self.worker.close()
            self.worker = None
