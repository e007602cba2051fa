def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_world_builds(world, login):
    client = login(world.a.admin)
    page = client.get("/partners/").get_data(as_text=True)
    assert "Partner A1" in page and "Partner B1" not in page
