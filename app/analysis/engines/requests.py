"""Does a text ask for something: a request, a suggestion, or a question to answer?

The loop response treats such a text as needing action even when its writer is happy
("Love the program. Please add SSO."). Asking to keep things as they are ("please keep
the quarterly calls") asks for no change and is not counted. Patterns are per language,
matched case-insensitively; `request_spans` gives where they are, so the scorer can
weigh the words of a request ("it would be great if ...") as no evaluation."""

import re

# (a word the pattern needs, the pattern): a pattern is run only when its word is in the
# text, so most texts cost a few substring tests (a one-alternation pattern would try all
# its branches at every position of every text).
_RULES = {
    "en": (
        ("pleas", r"\bplease\b(?!\s+(?:keep|continue|don'?t\s+change))"), ("pls", r"\bpls\b"), ("kindly", r"\bkindly\b"),
        ("?", r"\?"),
        ("would", r"\bit\s+would\s+(?:help|be\s+(?:great|nice|good|helpful|useful|better))\b"),
        ("would", r"\bwould\s+(?:love|like)\s+(?:to\s+see|a|an|some|more|fewer|less)\b"),
        ("'d ", r"\b(?:we|i)'?d\s+(?:love|like)\b"),
        ("need", r"\b(?:we|i)\s+(?:need|would\s+need)\b|\bneeds?\s+to\s+be\b"),
        ("want", r"\b(?:we|i)\s+want\b|\bwants?\s+(?:a|an|to|us|the|more|fewer)\b"),
        ("why not", r"\bwhy\s+not\b"), ("any chance", r"\bany\s+chance\b"),
        ("suggest", r"\b(?:i|we)\s+suggest\b|\bsuggestion\b"), ("propose", r"\b(?:i|we)\s+propose\b"),
        ("should", r"\bshould\s+(?:be|have|add|offer|allow)\b"),
        ("wish", r"\bwish\s+(?:list|there\s+was|you|it)\b"),
        ("ask", r"\b(?:asks?|asked|asking)\s+(?:for|us|to|that|whether|if|when|how|who|where)\b"),
        ("request", r"\b(?:requests?|requested)\s+(?:for|a|an|that)\b"),
        ("about", r"\b(?:how|what)\s+about\b"),
    ),
    "de": (
        ("bitte", r"\bbitte\b(?!\s+(?:beibehalten|so\s+lassen|weiter\s+so))"), ("?", r"\?"),
        ("könn", r"\b(?:könnt|könnten|können)\s+(?:ihr|sie|man|wir)\b"), ("kann", r"\bkann\s+man\b"),
        ("wäre", r"\bwäre\s+(?:es\s+)?(?:schön|gut|toll|super|hilfreich|praktisch|besser|sinnvoll)\b"
                 r"|\b(?:schön|gut|toll|hilfreich|praktisch|super)\s+wäre\b"),
        ("gern", r"\bgerne?\s+mehr\b"), ("br", r"\bwir\s+(?:brauchen|bräuchten|benötigen)\b|\bich\s+bräuchte\b"),
        ("wünsch", r"\b(?:wir|ich)\s+wünsche[n]?\b|\bwünscht\b"), ("hätte", r"\bich\s+hätte\s+gern"),
        ("wunsch", r"\bwunsch\b"), ("vorschlag", r"\bvorschlag\b"), ("sollte", r"\bsollte[n]?\b"),
        ("warum nicht", r"\bwarum\s+nicht\b"), ("bittet", r"\bbittet\b"), ("fragt", r"\bfragt\b"),
        ("möchte", r"\bmöchte\b"),
    ),
    "fr": (
        ("merci d", r"\bmerci\s+d(?:e\b|')"), ("pla", r"\bs'il\s+vous\s+pla[iî]t\b"), ("svp", r"\bsvp\b"),
        ("?", r"\?"), ("pou", r"\b(?:pourriez|pouvez|pourrait|pourrions|pourrais)[\s-]"),
        ("serait", r"\bserait\s+(?:bien|utile|pratique|top|génial|mieux)\b"), ("faudrait", r"\bil\s+faudrait\b"),
        ("nous", r"\bnous\s+(?:avons\s+besoin|aimerions|voudrions|souhaitons|souhaiterions)\b"),
        ("aimerais", r"\bj'aimerais\b"), ("je ", r"\bje\s+(?:voudrais|souhaite)\b"),
        ("sugg", r"\bsuggestion\b|\bsuggère\b"), ("propos", r"\bproposons\b"), ("devr", r"\bdevr(?:ait|iez)\b"),
        ("pourquoi pas", r"\bpourquoi\s+pas\b"), ("demande", r"\bdemande\b"), ("voudrait", r"\bvoudrait\b"),
        ("souhaite", r"\bsouhaite\b"),
    ),
    "es": (
        ("favor", r"\bpor\s+favor\b"), ("?", r"[¿?]"), ("¿", r"¿"),
        ("pod", r"\b(?:podrían|podrías|podéis|podemos|podría)\b"), ("pued", r"\b(?:pueden|puedes)\b"),
        ("sería", r"\bsería\s+(?:útil|bueno|genial|mejor|ideal|práctico|interesante)\b"),
        ("necesit", r"\bnecesit(?:amos|aríamos)\b"),
        ("gustaría", r"\b(?:nos|me)\s+gustaría\b"), ("quisi", r"\bquisi(?:éramos|era)\b"),
        ("sug", r"\bsugiero\b|\bsugerencia\b"), ("propong", r"\bpropongo\b"), ("deber", r"\bdeber(?:ían|ía)\b"),
        ("por qué no", r"\bpor\s+qué\s+no\b"), ("pid", r"\bpid(?:e|ió)\b"), ("solicit", r"\bsolicit(?:a|ó)\b"),
        ("quier", r"\bquiere[n]?\b"),
    ),
}
_SENTENCE_END = re.compile(r"[.!?;\n]")
_COMPILED = {language: tuple((trigger, re.compile(pattern, re.IGNORECASE)) for trigger, pattern in rules)
             for language, rules in _RULES.items()}


def request_spans(text, language):
    """[(start, end)] of the requests and questions in a prepared text of a supported
    language, in order; each runs to the end of its sentence."""
    rules = _COMPILED.get(language)
    if rules is None:
        return []
    lowered = text.lower()
    starts = sorted({match.start() for trigger, pattern in rules if trigger in lowered
                     for match in pattern.finditer(text)})
    return [(start, _sentence_end(text, start)) for start in starts]


def _sentence_end(text, position):
    if text[position:position + 1] in ("?", "¿"):
        return position + 1
    # A request's clause runs to the end of its sentence ("it would help if payouts were weekly").
    end = _SENTENCE_END.search(text, position)
    return end.start() if end else len(text)
