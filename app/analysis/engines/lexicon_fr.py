"""French lexicon for the partnerloop-lexicon engine, written for this project (see lexicon_en.py).

"ne ... pas" puts "pas" after the verb ("ne marche pas"), hence the post-negations;
accents are often left out in quick answers, so both spellings are listed where common."""

from app.analysis.engines.scorer import Language

WORDS = {
    # praise
    "bien": 1.5, "bon": 1.8, "bonne": 1.8, "bons": 1.8, "très": 0.0, "super": 2.5, "génial": 2.8,
    "geniale": 2.8, "géniale": 2.8, "excellent": 3.0, "excellente": 3.0, "parfait": 2.8, "parfaite": 2.8,
    "impeccable": 2.8, "bravo": 2.5, "merci": 1.2, "chapeau": 2.5, "top": 2.3, "satisfait": 2.0,
    "satisfaits": 2.0, "ravi": 2.5, "ravis": 2.5, "content": 2.0, "contents": 2.0, "efficace": 2.0,
    "rapide": 1.6, "rapidement": 1.6, "réactif": 2.0, "reactif": 2.0, "réactive": 2.0, "pro": 1.5,
    "professionnel": 1.8, "clair": 1.5, "claire": 1.5, "simple": 1.0, "concrète": 1.5, "concret": 1.5,
    "utile": 1.8, "pratique": 1.5, "agréable": 2.0, "fiable": 2.0, "meilleur": 2.2, "meilleure": 2.2,
    "mieux": 1.6, "amélioré": 1.8, "fiers": 2.0, "fier": 2.0, "sourire": 1.8, "recommande": 2.2,
    "recomande": 2.2, "patience": 1.2, "ça": 0.0, "va": 0.4, "juste": 0.5, "justes": 0.8, "idéal": 2.2,
    "formidable": 2.8, "remarquable": 2.8, "plaisir": 2.0, "félicitations": 2.5, "chaleureux": 2.0,
    # complaint
    "mauvais": -2.5, "mauvaise": -2.5, "nul": -2.8, "nulle": -2.8, "catastrophe": -3.2, "catastrophique": -3.2,
    "lent": -1.8, "lente": -1.8, "lenteur": -2.0, "compliqué": -1.5, "penible": -2.2, "pénible": -2.2,
    "inacceptable": -3.0, "insupportable": -2.8, "insupportables": -2.8, "décevant": -2.5, "déçu": -2.5,
    "déçus": -2.5, "énervé": -2.5, "enerve": -2.5, "agacé": -2.2, "problème": -1.5, "problèmes": -1.5,
    "bug": -1.8, "bloqué": -1.8, "plante": -2.0, "planté": -2.0, "impossible": -2.0, "erreur": -1.8,
    "annulée": -1.8, "annulé": -1.8, "refuse": -1.5, "refusé": -1.8, "refusée": -1.8, "retard": -2.0,
    "attente": -0.6, "attendons": -1.5, "attendu": -1.0, "encore": -0.6, "toujours": -0.3, "personne": -1.2, "nickel": 2.5, "correct": 1.2,
    "record": 1.5, "convaincu": 2.0, "gagner": 1.0, "rame": -1.8, "déconnecte": -1.5, "refus": -1.5,
    "drôle": 0.0, "prêt": 0.8, "défaut": -1.0,
    "aucun": -0.8, "aucune": -0.8, "rien": -0.8, "relance": -1.5, "relances": -1.5, "relancer": -1.2,
    "perdre": -1.5, "perdu": -1.8, "manque": -1.5, "manquent": -1.5, "cher": -1.0, "dommage": -1.8,
    "malheureusement": -1.8, "galère": -2.5, "honte": -2.8, "scandale": -3.0, "désastre": -3.0,
    "incompréhensible": -2.2, "confus": -1.5, "lourd": -1.5, "fastidieux": -2.0, "râlé": -1.0,
}
STEMS = {
    "décev": -2.5, "decev": -2.5, "mécontent": -2.5, "insatisf": -2.5, "satisf": 2.0, "inadmissib": -3.0,
    "catastroph": -3.0, "excellen": 3.0, "remerci": 1.8, "félicit": 2.5, "retard": -2.0, "plaint": -2.0,
    "amélior": 1.5, "efficac": 2.0, "inefficac": -2.2, "frustr": -2.3, "agaç": -2.2,
}
PHRASES = {
    ("pas", "mal"): 1.5, ("pas", "de", "souci"): 1.2, ("aucun", "souci"): 1.5, ("aucun", "problème"): 1.5,
    ("sans", "hésiter"): 1.8, ("sans", "réponse"): -2.0, ("pas", "de", "réponse"): -2.0, ("toujours", "pas"): -1.8,
    ("ce", "n'est", "pas", "sérieux"): -2.5, ("pas", "sérieux"): -2.2, ("ça", "va"): 1.2, ("à", "l'heure"): 1.5,
    ("personne", "ne"): -1.8, ("pas", "une", "seule", "fois"): 0.0, ("continuez", "comme", "ça"): 2.0,
    ("grand", "merci"): 2.2, ("merci", "de"): 0.0, ("merci", "d"): 0.0, ("bien", "reçu"): 0.0, ("bon", "de"): 0.0,
    ("le", "bon"): 0.0, ("temps", "fou"): 1.8, ("rien", "à", "redire"): 2.0, ("ne", "retrouve", "plus"): -1.5, ("pas", "de", "commentaire"): 0.0, ("trois", "relances"): -2.0,
}
NEGATIONS = frozenset({"pas", "jamais", "ne", "n'", "sans", "aucun", "aucune", "ni", "guère"})
CONCORD = frozenset({"rien", "personne", "aucun", "aucune", "jamais"})
BOOSTERS = {"très": 0.4, "tres": 0.4, "vraiment": 0.3, "trop": 0.3, "extrêmement": 0.5, "super": 0.3,
            "tellement": 0.4, "totalement": 0.4, "nettement": 0.3, "assez": 0.1, "peu": -0.3, "légèrement": -0.3}
CONTRASTS = frozenset({"mais", "cependant", "pourtant", "toutefois", "néanmoins", "malheureusement", "sauf"})

FRENCH = Language("fr", words=WORDS, stems=STEMS, phrases=PHRASES, negations=NEGATIONS, concord=CONCORD,
                  elisions=frozenset({"l", "d", "s", "n", "j", "c", "m", "t", "qu", "jusqu", "lorsqu", "puisqu"}),
                  post_negations=frozenset({"pas", "jamais", "plus"}), boosters=BOOSTERS, contrasts=CONTRASTS)
