"""What the route isolation walk (tests/tenancy/test_isolation.py) needs to know about routes.

Adding a route needs no change here unless it has a URL argument of a new kind or is
public. Then:
- a new URL argument: one line in KINDS, naming the table of the row it identifies
  ("survey_id": Kind("surveys")); the walk finds (or builds) such a row in tenant B and,
  for partner users, one belonging to their tenant's other partner;
- a page anyone may open: one line in PUBLIC with the reason it shows nothing private.
The meta-tests fail until one of these is done, so no route escapes the walk.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """What a URL argument names: a row of `table` (its `column` goes into the URL),
    or, for values that are not rows, whatever `value(walk, target)` returns."""

    table: str | None = None
    column: str = "id"
    value: Callable | None = None


def secret_token(walk, target):
    """A raw token that is a live invitation link and a password-reset link of the target."""
    return walk.plant_token(target)


# URL argument name -> kind of object. One line per kind.
KINDS = {
    "partner_id": Kind("partners"),
    "membership_id": Kind("memberships"),
    "invitation_id": Kind("invitations"),
    "message_id": Kind("outbox_messages"),
    "tier_id": Kind("partner_tiers"),
    "region_id": Kind("partner_regions"),
    "vertical_id": Kind("partner_verticals"),
    "feedback_id": Kind("feedback_items"),
    "category_id": Kind("feedback_categories"),
    "element_id": Kind("program_elements"),
    "idea_id": Kind("ideas"),
    "status_id": Kind("idea_statuses"),
    "survey_id": Kind("surveys"),
    "question_id": Kind("survey_questions"),
    "campaign_id": Kind("survey_campaigns"),
    "recipient_id": Kind("survey_recipients"),
    "api_token_id": Kind("api_tokens"),
    "webhook_endpoint_id": Kind("webhook_endpoints"),
    "followup_id": Kind("follow_ups"),
    "rule_id": Kind("automation_rules"),
    "action_id": Kind("program_actions"),
    "batch_id": Kind("import_batches"),
    "theme_id": Kind("themes"),
    "job_id": Kind("jobs"),
    "export_id": Kind("tenant_exports"),
    "reply_id": Kind("loop_replies"),
    "slug": Kind("tenants", column="slug"),
    "token": Kind(value=secret_token),
    "version": Kind(value=lambda walk, target: "0.0.0"),
}

# Endpoints anyone may open, and why that is safe. Members still walk them (no 5xx, no
# change to tenant B), but their pages are not expected to hide what a token reveals.
PUBLIC = {
    "static": "the app's static files",
    "bootstrap.static": "Bootstrap's static files",
    "home.index": "the landing page for visitors; members get their home page (walked as members too)",
    "home.healthz": "reports whether the database and the job queue answer, and one count of waiting jobs over all tenants",
    "auth.login": "log-in form",
    "auth.signup": "sign-up form for a new tenant",
    "auth.logout": "ends the session",
    "auth.request_reset": "answers the same whether or not the address has an account",
    "auth.reset_password": "the secret token is the credential; it names a person, not tenant data",
    "auth.signup_sent": "the same \"check your email\" page for everyone",
    "auth.verification_pending": "shows only the unconfirmed account whose password this browser gave",
    "auth.resend_verification": "acts only for the unconfirmed account whose password this browser gave",
    # The walk plants no confirmation link: using one signs the walking client in as its owner.
    "auth.verify_email": "the secret token is the credential; it names a person, not tenant data",
    "invitations.accept": "the secret token is the credential: its holder may see and accept that invitation",
    "survey_public.respond": "the secret token is the credential of one survey recipient",
    "survey_public.opt_out_page": "the secret token is the credential of one survey recipient",
    "loop.confirm": "the secret token is the credential of one loop reply's recipient",
    "roadmap.public_roadmap": "a tenant's roadmap, shown only when the tenant made it public",
    "api.openapi_document": "the API's description, the same for everyone",
}

# Public endpoints the walk skips (they serve files only).
NOT_WALKED = {"static", "bootstrap.static"}

# Public endpoints that still show a member their own tenant's data: the walk checks
# them for other tenants' strings like any member page.
MEMBER_PAGES = {"home.index"}

# Where anonymous requests are answered 401 (bearer-token API) instead of a log-in redirect.
TOKEN_AUTHENTICATED_PREFIXES = ("/api/",)

# Form fields sent with every POST of the walk (besides one field per kind above, named
# like the URL argument and holding the foreign object, e.g. partner_id=<tenant B's>).
FORM_DATA = {
    "name": "Isolation walk",
    "title": "Isolation walk",
    "email": "isolation.walk@a.test",
    "text": "Isolation walk",
    "body": "Isolation walk",
    "description": "Isolation walk",
    "prompt": "Isolation walk",
    "role": "partner_member",
    "status": "closed",
    "region": "EMEA",
    "weight": "1",
    "nps": "9",
    "rating": "4",
    "url": "https://hooks.a.test/walk",
    "next": "/",
}
# Form fields that name an object under another name than the URL argument does.
FORM_FIELD_KINDS = {"target_id": "idea_id", "item_id": "feedback_id"}
