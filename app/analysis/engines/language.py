"""Which language a feedback text is in: en, de, fr, es, or another one (then "not analysed").

A text that plainly reads as one supported language (its common words, and hardly any other
language's) is taken as that; every other text is asked of lingua-language-detector,
built for the four supported languages only (all 75 would cost
~800 MB per process) and in its low-accuracy mode (trigrams: ~0.1 ms a text and ~30 MB,
against ~1 ms and ~60 MB; on the labelled set's texts of four words or more it agrees with
high-accuracy mode). A detector that knows four languages calls Italian "French", so its
answer is checked: a text mostly in another script, or whose words are hardly ever the
detected language's common words, is in another language. Texts too short to tell ("ok",
"n/a", fewer than MIN_WORDS words) take the declared language (the survey's, the
contact's or the person's)."""

import re
from functools import lru_cache

from app.analysis.engines.base import SUPPORTED_LANGUAGES, WORD, prepared

MIN_WORDS = 4
OTHER = "other"  # stored when the text is in none of the supported languages
_DETECTED_FROM = 200  # characters: enough for the detector, and it costs linear time
# How often the detected language's common words must occur among the text's words.
_MIN_COMMON_SHARE = 0.08
# A text of the declared language uses its common words this often, and twice as often as
# any other language's: then it is taken as declared without asking the detector.
_PLAIN_SHARE = 0.15
COMMON_WORDS = {
    "en": """the a an and or but of to in on at for with from by is are was were be been it its this that we up
        out every one two new last next still already while since about after before over more most
        our you your they their i my me he she his her not no have has had do does did will would can could
        so as if what who when there here all any just very our us them than then too also only""",
    "de": """der die das den dem des ein eine einen einem einer und oder aber nicht ist sind war waren wir
        uns unser unsere ihr ihre sie es ich mit von zu im in am auf für bei nach seit noch schon auch nur
        sehr wie was wer wenn dass kein keine hat haben wird werden kann können man so da""",
    "fr": """le la les un une des de du au aux et ou mais ne pas est sont était nous notre nos vous votre
        vos ils elle il on je en dans sur pour par avec sans que qui ce cette ces se sa son ses leur très
        plus tout tous déjà encore été avons avez ont fait même aussi""",
    "es": """el la los las un una unos unas y o pero no es son era fue de del al a en con por para sin que
        se su sus nos nuestro nuestra lo le les ya muy más todo todos está están hay ha han hemos
        esto este esta como cuando también solo""",
}
# Common words of languages the product does not analyse, that no supported language uses:
# what tells Italian, Portuguese or Dutch from the French, Spanish or German it resembles.
OTHER_COMMON_WORDS = """il lo gli della delle che non è per sono ancora anche nessuno molto grazie ci ha
    os um uma dos das não em foi muito ainda também nós obrigado você isso ao
    het een van niet zijn wij ons onze op voor met nog ook maar dat die er heeft kunnen
    och att det är ett inte vi har på för som av till kan ni
    i w z na nie się że jest do to jak już po
    ve bir bu çok için ile değil ama"""
COMMON = {language: frozenset(words.split()) for language, words in COMMON_WORDS.items()}
_OTHER_COMMON = frozenset(OTHER_COMMON_WORDS.split()) - frozenset().union(*COMMON.values())
_LANGUAGES_OF = {}  # word -> the languages (or OTHER) it is a common word of
for _language, _words in (*COMMON.items(), (OTHER, _OTHER_COMMON)):
    for _word in _words:
        _LANGUAGES_OF.setdefault(_word, []).append(_language)
_LATIN_LETTER = re.compile(r"[A-Za-zÀ-ɏ]")
# The supported languages in the order _plainly tries them: the declared one first.
_DECLARED_FIRST = {declared: tuple(sorted(SUPPORTED_LANGUAGES, key=lambda code: code != declared))
                   for declared in SUPPORTED_LANGUAGES}


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = (Language.ENGLISH, Language.GERMAN, Language.FRENCH, Language.SPANISH)
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def declared(language):
    """A declared language as stored ("en", "de-AT" -> "de"), or "" when there is none."""
    return language.strip().lower()[:2] if isinstance(language, str) else ""


def detect_language(text, declared_language="en"):
    """The language of `text`: "en", "de", "fr" or "es", OTHER for any other language,
    or the declared language when the text is too short (or has no words) to tell."""
    fallback = declared(declared_language) or "en"
    cleaned, _ = prepared(text)
    head = cleaned[:_DETECTED_FROM]
    if head.isascii():  # lower() keeps ASCII's length, and ASCII words are Latin letters
        words = WORD.findall(head.lower())
    else:
        words = [word.lower() for word in WORD.findall(head)]
        letters = "".join(words)
        if len(_LATIN_LETTER.findall(letters)) < len(letters) / 2:
            return OTHER  # mostly another script: Cyrillic, Japanese, Arabic ...
    if len(words) < MIN_WORDS:
        return fallback
    counts = _common_counts(words)
    plain = _plainly(counts, len(words), fallback)
    if plain is not None:
        return plain
    found = _detector().detect_language_of(" ".join(words))
    if found is None:
        return fallback
    return _checked(found.iso_code_639_1.name.lower(), counts, len(words), fallback)


def _common_counts(words):
    """{language or OTHER: how many of the words are its common words}, in one pass."""
    counts = dict.fromkeys((*SUPPORTED_LANGUAGES, OTHER), 0)
    for word in words:
        for language in _LANGUAGES_OF.get(word, ()):
            counts[language] += 1
    return counts


def _plainly(counts, total, fallback):
    """The language the text plainly is, by its common words (a quarter of its words, twice
    as many as any other language's, none of another language's), the declared one first;
    None when it is not plain. Then the detector (the costliest step) is not asked."""
    if counts[OTHER]:
        return None
    for language in _DECLARED_FIRST.get(fallback, SUPPORTED_LANGUAGES):
        own = counts[language]
        if own < _PLAIN_SHARE * total:
            continue  # most texts stop here, before the other languages' counts are compared
        if own >= 2 * max(count for code, count in counts.items() if code != language) + 1:
            return language
    return None


def _checked(language, counts, total, fallback):
    """The detector's answer, unless the text's words say otherwise: the declared language
    when the text uses its common words at least as much (a detector that knows four
    languages errs on short, plain texts); else the supported language whose common words
    the text uses most; else OTHER (or, for a short text, the fallback)."""
    shares = {code: counts[code] / total for code in SUPPORTED_LANGUAGES}
    other = counts[OTHER] / total
    if other >= _MIN_COMMON_SHARE and other > max(shares.values()):
        return OTHER
    if language == fallback:
        return language
    if fallback in shares and shares[fallback] >= max(shares[language], _MIN_COMMON_SHARE):
        return fallback
    if shares[language] >= _MIN_COMMON_SHARE:
        return language
    best = max(SUPPORTED_LANGUAGES, key=shares.get)
    if shares[best] >= _MIN_COMMON_SHARE:
        return best
    return OTHER if total >= 2 * MIN_WORDS else fallback


def supported(language):
    return language in SUPPORTED_LANGUAGES
