"""Asking for a tenant export through the pages, as an admin does: the POST asks for the
job (run at once in the tests), its page shows the download link, the link gives the ZIP."""

import io
import re
import zipfile

DOWNLOAD_LINK = re.compile(r'href="(/settings/data/exports/\d+/download)"')


def download_link(client, page_url):
    match = DOWNLOAD_LINK.search(client.get(page_url).get_data(as_text=True))
    assert match, f"no download link on {page_url}"
    return match.group(1)


def export_response(client):
    """The download's response of a new export."""
    asked = client.post("/settings/data/export")
    assert asked.status_code == 302, asked.status_code
    return client.get(download_link(client, asked.headers["Location"]))


def exported_archive(client):
    response = export_response(client)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.get_data()))
