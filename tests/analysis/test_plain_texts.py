"""Plain, sincere texts whose label nobody would argue about, in the four languages.

Cross-validation cannot catch an engine that learns to distrust plain praise: hand-written
development texts are full of hard cases, and their held-out rows share that bias. 1.6 scored
better than 1.4 on them and still read "Great enablement, love the new portal." as sarcasm
(docs/text-analysis.md). These texts were written for this test, not taken from the labelled set;
a new engine version must label them as 1.7 does. The known misses are strict xfails, so
fixing one shows up too."""

import pytest

from app.analysis.engines import analyse

pytestmark = pytest.mark.pure  # no database: runs once, in the PostgreSQL pass

PLAIN = [
    ("en", "positive", "Great enablement, love the new portal."),
    ("en", "positive", "Great support, thanks!"),
    ("en", "positive", "Love the program."),
    ("en", "positive", "The onboarding was excellent and the team was really helpful."),
    ("en", "positive", "Really happy with how fast payouts are now."),
    ("en", "positive", "Thank you, the new quoting tool saves us hours every week."),
    ("en", "positive", "Our partner manager is fantastic."),
    ("en", "positive", "Awesome training session, very clear."),
    ("en", "positive", "The certification course was well organised and useful."),
    ("en", "positive", "Good job on the new pricing page."),
    ("en", "negative", "The portal is slow and confusing."),
    ("en", "negative", "Very disappointed with support this quarter."),
    ("en", "negative", "We waited ten days for a simple approval."),
    ("en", "negative", "Support tickets bounce between teams, nobody owns our escalations."),
    ("en", "negative", "The migration was two weeks late and nobody told us."),
    ("en", "negative", "Payouts are late again and nobody answers our emails."),
    ("en", "negative", "The training was a waste of time."),
    ("en", "neutral", "When is the next certification exam?"),
    ("en", "neutral", "Please send me the Q3 price list."),
    ("en", "neutral", "Partner asked about the new tier thresholds."),
    ("en", "neutral", "A promoter"),
    ("en", "neutral", "We registered two deals this week."),
    ("de", "positive", "Super Support, vielen Dank!"),
    ("de", "positive", "Das neue Portal ist toll."),
    ("de", "negative", "Das Portal ist langsam und umständlich."),
    ("de", "negative", "Wir warten seit drei Wochen auf die Auszahlung."),
    ("de", "neutral", "Wann kommt die nächste Auszahlung?"),
    ("fr", "positive", "Super formation, merci beaucoup !"),
    ("fr", "positive", "Le nouveau portail est très pratique."),
    ("fr", "negative", "Le portail est lent et compliqué."),
    ("fr", "neutral", "Quand aura lieu la prochaine formation ?"),
    ("es", "positive", "¡Muy buen soporte, gracias!"),
    ("es", "positive", "La nueva plataforma es muy fácil de usar."),
    ("es", "negative", "El portal es lento y confuso."),
    ("es", "neutral", "¿Cuándo es el próximo pago?"),
]

# Known weak spots (docs/text-analysis.md): the development texts' sarcasm about these topics.
KNOWN_MISSES = [
    ("en", "positive", "The new MDF form is great"),  # the veto: sarcastic dev texts about the MDF form
    ("en", "neutral", "Another tenant"),  # no evidence; "another" leans to complaints, the lean tips it
    ("de", "positive", "Die Schulung war sehr hilfreich."),  # "sehr hilfreich" is mostly ironic in the dev texts
]


@pytest.mark.parametrize(("language", "label", "text"), PLAIN)
def test_plain_texts_get_the_obvious_label(language, label, text):
    assert analyse(text, language).label == label


@pytest.mark.parametrize(("language", "label", "text"), KNOWN_MISSES)
@pytest.mark.xfail(strict=True, reason="known weak spot of partnerloop-linear 1.7")
def test_known_misses_are_still_missed(language, label, text):
    assert analyse(text, language).label == label
