"""Spanish lexicon for the partnerloop-lexicon engine, written for this project (see lexicon_en.py).

Covers Spain and Latin America ("re bien", "q"); accents are often left out, so both
spellings are listed where common."""

from app.analysis.engines.scorer import Language

WORDS = {
    # praise
    "bien": 1.5, "bueno": 1.8, "buena": 1.8, "buenos": 1.8, "buenas": 1.8, "genial": 2.8, "excelente": 3.0,
    "perfecto": 2.8, "perfecta": 2.8, "estupendo": 2.8, "fantástico": 3.0, "maravilla": 2.8, "gracias": 1.5,
    "útil": 1.8, "util": 1.8, "rápido": 1.6, "rapido": 1.6, "rápida": 1.6, "rápidamente": 1.6, "ágil": 1.6,
    "fácil": 1.5, "facil": 1.5, "contento": 2.0, "contentos": 2.0, "satisfecho": 2.0, "satisfechos": 2.0,
    "encantado": 2.5, "encanta": 2.5, "encantó": 2.5, "mejor": 1.8, "mejoró": 1.8, "mejorado": 1.8,
    "claro": 1.2, "clara": 1.2, "amable": 2.0, "atento": 1.8, "profesional": 1.8, "ordenada": 1.5,
    "ordenado": 1.5, "participativo": 1.5, "recomiendo": 2.2, "impecable": 2.8, "fiable": 2.0,
    "ideal": 2.2, "oro": 0.0, "puntual": 1.8, "puntuales": 1.8, "paciencia": 1.2, "felicidades": 2.5,
    "enhorabuena": 2.5, "bravo": 2.5, "cómodo": 1.5, "práctico": 1.5, "concretas": 0.8, "aprobaron": 1.0,
    # complaint
    "malo": -2.5, "mala": -2.5, "mal": -2.0, "pésimo": -3.2, "pesimo": -3.2, "peor": -2.5, "terrible": -3.0,
    "horrible": -3.0, "lento": -1.8, "lenta": -1.8, "decepcionante": -2.8, "decepcionado": -2.5,
    "enfadado": -2.5, "enojado": -2.5, "molesto": -2.2, "problema": -1.5, "problemas": -1.5, "error": -1.8,
    "errores": -1.8, "falla": -2.0, "fallo": -2.0, "cuelga": -2.0, "cae": -1.2, "caído": -1.8, "corte": -1.0,
    "corta": -1.0, "imposible": -2.0, "rechazaron": -1.8, "rechazado": -1.8, "esperando": -1.6,
    "espera": -0.8, "esperar": -1.2, "todavía": -0.4, "aún": -0.4, "ahorra": 1.5, "encantada": 2.5, "instantánea": 1.8,
    "profesionales": 1.8, "cumplidores": 1.8, "decente": 1.2, "gusto": 1.5, "cuesta": -0.8, "tarda": -1.2,
    "tardaba": -1.2, "pierde": -1.5, "menos": -0.4, "pendiente": -1.0, "cumplen": 1.0, "cumple": 1.0,
    "doble": -0.4, "corregirla": -0.5, "moderno": 1.2, "convenció": 2.0, "otra": -0.2, "nadie": -1.8,
    "nada": -0.5, "ningún": -0.8, "ninguna": -0.8, "tarde": -1.5, "retraso": -2.0, "retrasos": -2.0,
    "complicado": -1.5, "confuso": -1.5, "caro": -1.2, "lamentable": -2.8, "vergüenza": -2.8,
    "desastre": -3.0, "protesta": -2.0, "queja": -2.0, "reclamo": -2.0, "perdemos": -1.5, "perdido": -1.8,
    "solo": -0.3, "sin": 0.0, "cancelado": -1.8, "cancelaron": -1.8, "deja": 0.0, "lástima": -1.8,
}
STEMS = {
    "decepcion": -2.8, "frustr": -2.3, "insatisf": -2.5, "satisf": 2.0, "excelen": 3.0, "agradec": 1.8,
    "retras": -2.0, "molest": -2.2, "fantást": 3.0, "reclam": -1.8, "inaceptab": -3.0, "lament": -2.5,
}
PHRASES = {
    ("no", "está", "mal"): 1.5, ("sin", "problemas"): 1.5, ("ningún", "problema"): 1.5, ("sin", "respuesta"): -2.0,
    ("ni", "un"): 0.0, ("re", "bien"): 2.2, ("todavía", "no"): -1.5, ("aún", "no"): -1.5, ("otra", "vez"): -1.2,
    ("de", "nuevo"): -0.8, ("valen", "oro"): 2.5, ("vamos", "por", "buen", "camino"): 1.8, ("por", "fin"): 1.5,
    ("mil", "gracias"): 2.5, ("muchas", "gracias"): 2.2, ("a", "tiempo"): 1.5, ("nadie", "responde"): -2.5,
    ("nadie", "contesta"): -2.5, ("de", "cero"): -1.0, ("da", "gusto"): 2.0, ("a", "mano"): -0.8, ("nada", "que", "añadir"): 0.0,
    ("muchísimo", "tiempo"): 1.2,
}
NEGATIONS = frozenset({"no", "nunca", "jamás", "sin", "ni", "tampoco", "ningún", "ninguna", "nadie"})
CONCORD = frozenset({"nada", "nadie", "ningún", "ninguna", "nunca"})
BOOSTERS = {"muy": 0.4, "re": 0.3, "super": 0.3, "súper": 0.3, "realmente": 0.3, "tan": 0.3, "bastante": 0.2,
            "extremadamente": 0.5, "totalmente": 0.4, "demasiado": 0.3, "poco": -0.3, "algo": -0.2}
CONTRASTS = frozenset({"pero", "aunque", "sin embargo", "embargo", "lamentablemente", "salvo", "excepto"})

SPANISH = Language("es", words=WORDS, stems=STEMS, phrases=PHRASES, negations=NEGATIONS, concord=CONCORD,
                   boosters=BOOSTERS, contrasts=CONTRASTS)
