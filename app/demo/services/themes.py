"""The demo tenant's themes."""

from app.analysis.models import Theme
from app.extensions import db

DEMO_THEMES = (
    ("Approval speed", ["approval", "approvals", "approved", "waiting", "too long", "slow"]),
    ("MDF & funding", ["MDF", "funds", "payout", "payouts", "paperwork", "claims"]),
    ("Training content", ["training", "certification", "videos", "enablement"]),
    ("Support escalations", ["support", "escalation", "escalations", "tickets"]),
    ("Portal usability", ["portal", "search", "timing out", "form", "price lists"]),
    ("Communication", ["communication", "update", "chase", "on time"]),
)


def seed_demo_themes():
    """The demo tenant's themes (before its feedback is recorded, which tags it)."""
    for position, (name, keywords) in enumerate(DEMO_THEMES):
        db.session.add(Theme(name=name, keywords=keywords, position=position))
    db.session.flush()
