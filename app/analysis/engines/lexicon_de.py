"""German lexicon for the partnerloop-lexicon engine, written for this project (see lexicon_en.py).

Stems cover inflections and compounds' starts ("enttäusch" for enttäuscht, Enttäuschung).
German puts "nicht" after the verb ("funktioniert nicht"), hence the post-negations."""

from app.analysis.engines.scorer import Language

WORDS = {
    # praise
    "gut": 1.9, "gute": 1.9, "guter": 1.9, "gutes": 1.9, "guten": 1.9, "super": 2.5, "toll": 2.5, "tolle": 2.5,
    "toller": 2.5, "klasse": 2.5, "prima": 2.3, "spitze": 2.8, "top": 2.3, "perfekt": 2.8, "perfekte": 2.8,
    "ausgezeichnet": 3.0, "hervorragend": 3.0, "exzellent": 3.0, "großartig": 3.0, "vorbildlich": 2.8,
    "zufrieden": 2.0, "begeistert": 2.8, "danke": 1.5, "dank": 1.2, "vielen": 0.3, "lob": 2.0, "passt": 1.5,
    "schnell": 1.6, "schnelle": 1.6, "schneller": 1.2, "zügig": 1.6, "pünktlich": 1.8, "hilfreich": 2.0,
    "freundlich": 2.0, "kompetent": 2.0, "einfach": 1.0, "unkompliziert": 2.0, "praxisnah": 1.8,
    "stabil": 1.6, "zuverlässig": 2.0, "reibungslos": 2.2, "flüssiger": 1.6, "flüssig": 1.6, "besser": 1.6,
    "beste": 2.5, "besten": 2.5, "bestes": 2.5, "ideal": 2.2, "fair": 1.4, "fit": 1.5, "ratzfatz": 1.8,
    "gerettet": 1.8, "freut": 1.8, "gelöst": 1.5, "behoben": 1.0, "optimistisch": 1.5, "wert": 1.0,
    "ordentlich": 1.5, "gern": 0.8, "gerne": 0.8, "schön": 1.8, "übersichtlich": 1.8, "empfehlen": 2.0,
    "erspart": 1.5, "spart": 1.5, "lohnt": 1.8, "umsatzstärkstes": 2.0, "gelungen": 2.2, "gratulation": 2.0,
    # complaint
    "schlecht": -2.5, "schlechte": -2.5, "schlechter": -2.3, "mies": -2.8, "katastrophe": -3.2,
    "katastrophal": -3.2, "albtraum": -3.0, "ärgerlich": -2.3, "verärgert": -2.5, "verärgerter": -2.5,
    "langsam": -1.8, "langsamer": -1.6, "umständlich": -2.0, "kompliziert": -1.5, "unzuverlässig": -2.3,
    "fehlt": -1.5, "fehlen": -1.5, "fehler": -1.8, "falsch": -2.0, "falsche": -2.0, "kaputt": -2.3,
    "abgelehnt": -1.8, "abgesagt": -1.8, "verschoben": -1.5, "verspätet": -2.0, "verspätung": -2.0,
    "wartet": -0.6, "warten": -1.5, "gewartet": -1.2, "noch": -0.2, "immer": 0.0, "wieder": -0.8,
    "schon": -0.2, "ständig": -1.5, "dauernd": -1.5, "niemand": -1.8, "keiner": -1.6, "nichts": -1.0,
    "zweimal": -0.6, "dreimal": -1.0, "offline": -1.5, "abstürzt": -2.2, "stürzt": -2.2, "hängt": -1.5,
    "nervt": -2.0, "nervig": -2.0, "leider": -1.5, "unmöglich": -2.0, "chaos": -2.5, "teuer": -1.2,
    "enttäuscht": -2.5, "enttäuschend": -2.5, "unzumutbar": -3.0, "frechheit": -3.0, "ohne": 0.0, "innerhalb": 0.6, "unkompliziertes": 2.0,
    "zweifel": -1.0, "leer": -1.0, "doppelt": -1.0, "unklar": -1.5, "unverständlich": -2.0,
    "ärger": -2.0, "problem": -1.5, "probleme": -1.5, "problemen": -1.5, "schwierig": -1.5,
    # 1.3, from the hand-written dev rows' lexicon misses
    "einwandfrei": 2.5, "erledigt": 1.2, "startklar": 1.5, "kaufempfehlung": 2.5, "empfehlenswert": 2.2,
    "rausgeschmissen": -2.5, "rausgeschmissenes": -2.5, "weggenommen": -1.5, "ignoriert": -2.0,
    "weitergereicht": -1.5, "vertröstet": -2.0, "warteschleife": -1.8, "geschlampt": -2.5,
}
STEMS = {
    "enttäusch": -2.5, "verärger": -2.5, "katastroph": -3.0, "unzufried": -2.5, "zufried": 2.0,
    "begeister": 2.8, "hervorrag": 3.0, "verspät": -2.0, "verzöger": -1.8, "beschwer": -2.0,
    "reklamation": -1.8, "mangelhaft": -2.5, "unbrauchbar": -2.8, "fehlerhaft": -2.2, "bedank": 1.8,
    "zuverläss": 2.0, "unzuverläss": -2.3, "hilfreich": 2.0, "nachfrag": -0.3, "mahnung": -1.5,
    "ausfall": -1.8, "ausfäll": -1.8, "absturz": -2.2, "abstürz": -2.2, "verschwend": -2.0, "reibungslos": 2.2,
}
PHRASES = {
    ("nicht", "übel"): 1.8, ("keine", "probleme"): 1.5, ("kein", "problem"): 1.2, ("ohne", "rückmeldung"): -2.0,
    ("keine", "antwort"): -2.0, ("keine", "rückmeldung"): -2.0, ("nie", "wieder"): -2.8, ("so", "muss", "das"): 2.0,
    ("immer", "noch"): -1.5, ("noch", "immer"): -1.5, ("immer", "noch", "nicht"): -2.0, ("noch", "immer", "nicht"): -2.0,
    ("immer", "noch", "kein"): -2.0, ("immer", "noch", "keine"): -2.0, ("schon", "wieder"): -1.2, ("gold", "wert"): 2.5,
    ("tag", "und", "nacht"): 1.5, ("noch", "nicht"): -1.0, ("seit", "wochen"): -1.8, ("seit", "monaten"): -2.0,
    ("nicht", "mehr"): 0.0, ("kein", "einziges", "mal"): 0.0, ("weiter", "so"): 2.0, ("vielen", "dank"): 2.0,
}
NEGATIONS = frozenset({"nicht", "kein", "keine", "keinen", "keiner", "keinem", "nie", "niemals", "ohne", "kaum"})
CONCORD = frozenset({"nichts", "niemand", "keiner", "nie"})
BOOSTERS = {"sehr": 0.4, "echt": 0.3, "wirklich": 0.3, "extrem": 0.5, "total": 0.4, "absolut": 0.4,
            "richtig": 0.3, "super": 0.3, "besonders": 0.3, "äußerst": 0.5, "deutlich": 0.3, "etwas": -0.3,
            "bisschen": -0.3, "ziemlich": 0.2, "ganz": 0.1}
CONTRASTS = frozenset({"aber", "jedoch", "allerdings", "dennoch", "trotzdem", "leider", "sondern", "nur"})

GERMAN = Language("de", words=WORDS, stems=STEMS, phrases=PHRASES, negations=NEGATIONS, concord=CONCORD,
                  post_negations=frozenset({"nicht", "nie"}), boosters=BOOSTERS, contrasts=CONTRASTS)
