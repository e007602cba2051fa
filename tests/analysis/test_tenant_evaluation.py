"""bench/analysis.py --tenant: a tenant's corrected items, exported with people masked."""

from app.analysis.services.corrections import corrected_items, masker
from app.extensions import db
from app.feedback.models import CustomerContact
from app.tenancy import scoped_to
from bench.analysis import by_group, print_table
from bench.analysis_tenant import tenant_rows
from tests.analysis.theme_helpers import record


def test_masking_hides_emails_phones_and_the_tenants_names():
    mask = masker({"Priya Raman", "Tom"})
    text = "Priya (priya.raman@example.com, +44 20 7946 0958) and tom fixed it; Tomorrow is fine."
    assert mask(text) == "[name] ([email], [phone]) and [name] fixed it; Tomorrow is fine."


def test_the_export_holds_only_corrected_items_with_their_people_masked(world, login, app):
    partner = world.a.partners[0]
    with scoped_to(world.a.tenant.id):
        db.session.add(CustomerContact(partner=partner, email="kim@customer.example", name="Kim Okafor"))
        db.session.commit()
    corrected = record(world.a.tenant, f"Kim Okafor says {world.a.manager.name} never called back, ring 0151 2345678.",
                       partner=partner)
    record(world.a.tenant, "Payouts arrive on time.")
    login(world.a.admin).post(f"/feedback/{corrected}/sentiment", data={"sentiment": "neutral"})
    with scoped_to(world.a.tenant.id):
        rows = corrected_items()
    assert [row["sentiment"] for row in rows] == ["neutral"]
    assert rows[0]["text"] == "[name] says [name] never called back, ring [phone]."
    assert tenant_rows(world.a.tenant.slug, app=app) == rows


def test_the_bench_prints_the_table_for_a_tenants_rows(world, login, capsys):
    item_id = record(world.a.tenant, "Support answered within the hour, great job!")
    login(world.a.admin).post(f"/feedback/{item_id}/sentiment", data={"sentiment": "neutral"})
    with scoped_to(world.a.tenant.id):
        rows = corrected_items()
    print_table("tenant", by_group(rows), ["vader", "partnerloop"])
    output = capsys.readouterr().out
    assert "| partnerloop | en | 1 |" in output and "| vader | en | 1 |" in output
