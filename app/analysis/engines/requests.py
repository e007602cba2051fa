"""Does a text ask for something: a request, a suggestion, or a question to answer?

The loop response treats such a text as needing action even when its writer is happy
("Love the program. Please add SSO."). Asking to keep things as they are ("please keep
the quarterly calls") asks for no change and is not counted. Patterns are per language,
matched case-insensitively; `request_spans` gives where they are, so the scorer can
weigh the words of a request ("it would be great if ...") as no evaluation."""

import re

_PATTERNS = {
    "en": r"""\bplease\b(?!\s+(?:keep|continue|don'?t\s+change))|\bpls\b|\bkindly\b
        |\b(?:could|can|would|will)\s+(?:you|we|it|they|someone|somebody|the\s+\w+)\b[^.!?\n]{0,120}\?
        |\bit\s+would\s+(?:help|be\s+(?:great|nice|good|helpful|useful|better))\b
        |\bwould\s+(?:love|like)\s+(?:to\s+see|a|an|some|more|fewer|less)\b|\b(?:we|i)'?d\s+(?:love|like)\b
        |\b(?:we|i)\s+(?:need|want|would\s+need)\b|\bneeds?\s+to\s+be\b|\bwhy\s+not\b|\bany\s+chance\b
        |\b(?:i|we)\s+(?:suggest|propose|recommend\s+that)\b|\bsuggestion\b|\bshould\s+(?:be|have|add|offer|allow)\b
        |\bwish\s+(?:list|there\s+was|you|it)\b|\b(?:asks?|asked|asking|wants?|requests?|requested)\s+(?:for|us|to|that|a|an|whether|if|when|how|who|where)\b
        |\bhow\s+about\b|\bwhat\s+about\b|\b(?:add|allow|offer|provide|make)\s+(?:a|an|the|it|us|more|some)\b[^.!?\n]{0,60}\b(?:please|option)\b
        |\?""",
    "de": r"""\bbitte\b(?!\s+(?:beibehalten|so\s+lassen|weiter\s+so))|\b(?:könnt|könnten|kann|können)\s+(?:ihr|sie|man|wir)\b
        |\bwäre\s+(?:es\s+)?(?:schön|gut|toll|super|hilfreich|praktisch|besser|sinnvoll)\b|\b(?:schön|gut|toll|hilfreich|praktisch|super)\s+wäre\b|\bgerne?\s+mehr\b
        |\bwir\s+(?:brauchen|bräuchten|benötigen|wünschen)\b
        |\bich\s+(?:wünsche|hätte\s+gern|bräuchte)\b|\bwunsch\b|\bvorschlag\b|\bsollte[n]?\b|\bwarum\s+nicht\b
        |\b(?:bittet|fragt|wünscht|möchte)\b|\?""",
    "fr": r"""\bmerci\s+de\b|\bs'il\s+vous\s+pla[iî]t\b|\bsvp\b|\b(?:pourriez|pouvez|pourrait|pourrions|pourrais)[\s-]|\bserait\s+(?:bien|utile|pratique|top|génial|mieux)\b
        |\bil\s+faudrait\b|\bnous\s+(?:avons\s+besoin|aimerions|voudrions|souhaitons|souhaiterions)\b|\bj'aimerais\b|\bje\s+(?:voudrais|souhaite)\b
        |\bsuggestion\b|\bsuggère\b|\bproposons\b|\bdevrait\b|\bdevriez\b|\bpourquoi\s+pas\b|\b(?:demande|souhaite|voudrait)\b|\?""",
    "es": r"""\bpor\s+favor\b|\b(?:podrían|podrías|podéis|pueden|puedes|podemos|podría)\b|\bsería\s+(?:útil|bueno|genial|mejor|ideal|práctico|interesante)\b
        |\bnecesitamos\b|\bnecesitaríamos\b|\b(?:nos\s+gustaría|me\s+gustaría|quisiéramos|quisiera)\b|\bsugiero\b|\bsugerencia\b|\bpropongo\b
        |\bdeberían\b|\bdebería\b|\bpor\s+qué\s+no\b|\b(?:pide|pidió|solicita|solicitó|quiere|quieren)\b|[¿?]""",
}
# Words one of the language's patterns needs: most texts hold none, and then the costly
# pattern is not run (it would try its many branches at every position).
_TRIGGERS = {
    "en": ("pleas", "pls", "kindly", "would", "could", "can ", "will ", "we need", "i need", "we want", "i want",
           "needs to", "why not", "any chance", "suggest", "propose", "recommend", "should", "wish", "ask", "want",
           "request", "how about", "what about", "'d love", "'d like", "option", "?"),
    "de": ("bitte", "könn", "kann", "wäre", "brauch", "benötig", "bräuch", "wünsch", "gern", "wunsch", "vorschlag", "sollte",
           "warum nicht", "fragt", "möchte", "?"),
    "fr": ("merci de", "plaît", "plait", "svp", "pourr", "pouvez", "serait", "faudrait", "besoin", "aimer", "voudr",
           "souhait", "suggest", "suggère", "propos", "devr", "pourquoi pas", "demande", "?"),
    "es": ("favor", "podr", "pued", "podéis", "podemos", "sería", "necesit", "gustaría", "quisi", "sugi", "sugerencia",
           "propong", "deber", "por qué no", "pide", "pidió", "solicit", "quier", "?", "¿"),
}
_SENTENCE_END = re.compile(r"[.!?;\n]")
_COMPILED = {language: re.compile(pattern, re.IGNORECASE | re.VERBOSE) for language, pattern in _PATTERNS.items()}


def request_spans(text, language):
    """[(start, end)] of the requests and questions in a prepared text of a supported language."""
    pattern = _COMPILED.get(language)
    if pattern is None:
        return []
    lowered = text.lower()
    if not any(trigger in lowered for trigger in _TRIGGERS[language]):
        return []
    return [(match.start(), _sentence_end(text, match.end())) for match in pattern.finditer(text)]


def _sentence_end(text, position):
    # A request's clause runs to the end of its sentence ("it would help if payouts were weekly").
    end = _SENTENCE_END.search(text, position)
    return end.start() if end else len(text)
