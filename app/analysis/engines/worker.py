"""The analysis worker of large imports (app/imports/services/sentiment.py), run as
`python -m app.analysis.engines.worker` from the project's root.

Reads pickled lists of (stripped text, declared language) from stdin and answers, for each,
(detected language, TextAnalysis without its evidence): exactly what
app.analysis.services.labels.item_analysis computes (evidence is not stored, so it is not
sent). Ends at end of input."""

import pickle
import sys

from app.analysis.engines import analyse
from app.analysis.engines.language import detect_language


def analysed(pairs):
    answers = []
    for text, declared in pairs:
        language = detect_language(text, declared)
        answers.append((language, analyse(text, language, evidence=False)))
    return answers


def serve(requests, answers):
    try:
        while True:
            pairs = pickle.load(requests)
            pickle.dump(analysed(pairs), answers, protocol=pickle.HIGHEST_PROTOCOL)
            answers.flush()
    except (EOFError, BrokenPipeError):
        return  # the import is over (or failed and stopped reading)


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
