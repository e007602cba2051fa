"""A rule's "Count matching feedback" (issue #15, item 12): the first 20 matching items
and a link to the feedback list filtered to exactly those items."""

import re
from html import unescape

from app.feedback.models import Source
from app.followups.services.rules import RuleInput, list_filters
from tests.followups.helpers import record_item

FORM = {"name": "Unhappy customers", "assign_to": "partner_manager", "due_in_days": "2", "priority": "normal",
        "test": "Count matching feedback"}


def _listed(page):
    return [int(i) for i in re.findall(r'href="/feedback/(\d+)"', page)]


def test_rule_test_shows_the_first_20_matches_and_links_to_the_same_list(world, login):
    matching = [record_item(world.a, index % 2, nps=index % 7, source=Source.CUSTOMER, text=f"Unhappy {index}").id
                for index in range(22)]
    record_item(world.a, nps=9, source=Source.CUSTOMER, text="A promoter")
    record_item(world.a, nps=2, source=Source.PARTNER, text="A partner's detractor score")
    record_item(world.b, nps=1, source=Source.CUSTOMER, text="Another tenant")
    client = login(world.a.manager)
    page = client.post("/followups/rules/new", data={**FORM, "source": "customer", "nps_detractor": "y"})\
        .get_data(as_text=True)
    assert "would have matched <strong>22</strong> existing feedback items" in page
    shown = _listed(re.search(r'<ul class="small mb-0" id="rule-matches">(.*?)</ul>', page, re.S).group(1))
    assert shown == sorted(matching, reverse=True)[:20] and "The newest 20:" in page
    link = unescape(re.search(r'<a href="([^"]+)">Open them in the feedback list</a>', page).group(1))
    assert link.startswith("/feedback/?")
    assert sorted(_listed(client.get(link).get_data(as_text=True))) == matching


def test_every_rule_condition_has_a_list_filter():
    rule = RuleInput(name="All", source="customer", channel="email", csat_at_most=2, negative_sentiment=True,
                     action_needed=True, category_id=4, tier_id=5, region=" EMEA ")
    assert list_filters(rule) == {
        "source": "customer", "channel": "email", "category_id": 4, "tier_id": 5, "region": "EMEA",
        "sentiment": "negative", "loop_response": "action_needed", "score_kind": "csat", "max_score": 2}
    assert list_filters(RuleInput(name="Promoters", nps_promoter=True)) == {"score_kind": "nps", "min_score": 9}
    # Two score ranges at once: the list cannot say it, so no link (the 20 items still show).
    assert list_filters(RuleInput(name="Both", nps_detractor=True, csat_at_most=2)) is None


def test_a_rule_on_region_tier_and_sentiment_links_to_a_list_with_the_same_items(world, login):
    angry = record_item(world.a, 0, text="This is terrible and broken, awful experience.")
    record_item(world.a, 1, text="Great, love it, wonderful support.")
    client = login(world.a.admin)
    page = client.post("/followups/rules/new", data={**FORM, "region": "emea", "tier_id": str(world.a.tier.id),
                                                     "negative_sentiment": "y"}).get_data(as_text=True)
    assert "would have matched <strong>1</strong> existing feedback item." in page
    link = unescape(re.search(r'<a href="([^"]+)">Open them in the feedback list</a>', page).group(1))
    assert _listed(client.get(link).get_data(as_text=True)) == [angry.id]


def _element(org, name):
    from app.extensions import db
    from app.feedback.models import ProgramElement
    from app.tenancy import scoped_to

    with scoped_to(org.tenant.id):
        element = ProgramElement(name=name, position=9)
        db.session.add(element)
        db.session.commit()
        return element.id


def test_rules_match_a_theme_a_program_element_and_a_named_partner(world, login):
    from tests.analysis.theme_helpers import make_theme, record

    payouts = make_theme(world.a.tenant, "Payouts", ["payout"])
    mdf = _element(world.a, "Co-marketing fund")
    partner = world.a.partners[1]
    wanted = record(world.a.tenant, "The payout for the MDF claim is late.", partner=partner, program_element_id=mdf)
    record(world.a.tenant, "The payout for the MDF claim is late.", partner=world.a.partners[0],
           program_element_id=mdf)  # another partner
    record(world.a.tenant, "The MDF portal is slow.", partner=partner, program_element_id=mdf)  # no payout theme
    record(world.a.tenant, "Payout late again.", partner=partner)  # no program element
    client = login(world.a.manager)
    conditions = {"theme_id": str(payouts), "program_element_id": str(mdf), "partner_id": str(partner.id)}
    page = client.post("/followups/rules/new", data={**FORM, **conditions}).get_data(as_text=True)
    assert "would have matched <strong>1</strong> existing feedback item." in page
    link = unescape(re.search(r'<a href="([^"]+)">Open them in the feedback list</a>', page).group(1))
    assert _listed(client.get(link).get_data(as_text=True)) == [wanted]

    saved = client.post("/followups/rules/new", data={**{k: v for k, v in FORM.items() if k != "test"},
                                                      **conditions, "active": "y", "submit": "Save rule"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    new = record(world.a.tenant, "Second payout missing for the MDF claim.", partner=partner,
                 program_element_id=mdf)
    from tests.followups.helpers import follow_ups_of
    assert [f.feedback_item_id for f in follow_ups_of(world.a)] == [new]  # a saved rule acts on new items


def test_a_rule_cannot_name_another_tenants_theme_element_or_partner(world, login):
    from tests.analysis.theme_helpers import make_theme

    foreign = {"theme_id": str(make_theme(world.b.tenant, "Theirs", ["x"])),
               "program_element_id": str(_element(world.b, "Their MDF")),
               "partner_id": str(world.b.partners[0].id)}
    client = login(world.a.admin)
    for field, value in foreign.items():
        response = client.post("/followups/rules/new", data={**FORM, field: value})
        assert response.status_code == 422, field
        assert "Unknown" in response.get_data(as_text=True)
