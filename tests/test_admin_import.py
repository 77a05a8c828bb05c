"""Importing a spreadsheet in the admin: upload, preview, confirm."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from registry.choices import State
from registry.imports import COLUMN_NAMES
from registry.models import Monument, Source
from registry.workflow import CURATOR
from tests.factories import UserFactory, user_with_role
from tests.test_imports import csv_bytes, row, second_row, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/registry/monument/import/"


@pytest.fixture
def curator_client(client):
    client.force_login(user_with_role(CURATOR))
    return client


def upload(client, content: bytes, name: str = "new.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def test_the_list_of_monuments_links_to_the_import(curator_client):
    html = curator_client.get("/admin/registry/monument/").content.decode()
    assert f'href="{IMPORT_URL}"' in html


def test_an_upload_shows_a_preview_and_writes_nothing(curator_client):
    response = upload(curator_client, csv_bytes([row(), second_row()]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 rows: 2 to create, 0 to change, 0 unchanged; 0 errors" in html
    assert "Stalin bust, Nikolsk" in html and "Stalin statue, Bor" in html
    assert 'name="confirm"' in html
    assert Monument.objects.count() == 0 and Source.objects.count() == 0


def test_confirming_the_preview_imports_drafts_attributed_to_the_curator(curator_client):
    html = upload(curator_client, csv_bytes([row(), second_row()])).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    response = curator_client.post(IMPORT_URL, {"confirm": "1", "token": token}, follow=True)
    assert "Imported new.csv: 2 rows: 2 to create" in response.content.decode()
    assert set(Monument.objects.values_list("state", "created_by__username")) == {
        (State.DRAFT, CURATOR)}
    # The list it lands on shows exactly the imported records.
    assert response.redirect_chain[-1][0].startswith("/admin/registry/monument/?id__in=")
    # A preview can be confirmed once.
    curator_client.post(IMPORT_URL, {"confirm": "1", "token": token})
    assert Monument.objects.count() == 2


def test_an_xlsx_upload_previews_too(curator_client):
    html = upload(curator_client, xlsx_bytes([row()]), "new.xlsx").content.decode()
    assert "1 rows: 1 to create" in html


def test_a_file_with_errors_lists_them_by_row_and_column_and_offers_no_confirm(curator_client):
    content = csv_bytes([row(), second_row(region="Atlantis Oblast", year_unveiled="20x5")])
    html = upload(curator_client, content).content.decode()
    assert "Nothing was imported: the file has errors." in html
    assert "<td>3</td><td>region</td><td>Unknown region “Atlantis Oblast”" in html
    assert "<td>3</td><td>year_unveiled</td>" in html
    assert 'name="confirm"' not in html
    assert Monument.objects.count() == 0


def test_a_file_with_wrong_columns_is_refused_with_the_reason(curator_client):
    content = csv_bytes([row()], columns=[n for n in COLUMN_NAMES if n != "source_url"])
    html = upload(curator_client, content).content.decode()
    assert "This file cannot be imported:" in html
    assert "Missing columns: source_url." in html


def test_a_confirm_with_a_stale_token_imports_nothing(curator_client):
    upload(curator_client, csv_bytes([row()]))
    response = curator_client.post(IMPORT_URL, {"confirm": "1", "token": "forged"}, follow=True)
    assert "That preview has expired" in response.content.decode()
    assert Monument.objects.count() == 0


def test_the_templates_download(curator_client):
    csv_response = curator_client.get(IMPORT_URL + "template.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert csv_response.content.decode().strip() == ",".join(COLUMN_NAMES)
    xlsx_response = curator_client.get(IMPORT_URL + "template.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx_response.content))
    assert workbook.sheetnames == ["monuments", "columns"]


def test_the_import_page_documents_the_columns(curator_client):
    html = curator_client.get(IMPORT_URL).content.decode()
    for name in COLUMN_NAMES:
        assert f"<code>{name}</code>" in html


def test_staff_without_a_role_cannot_import(client):
    client.force_login(UserFactory(username="visitor", is_staff=True))
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, csv_bytes([row()])).status_code == 403
    assert Monument.objects.count() == 0
