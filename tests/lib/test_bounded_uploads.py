"""Uploads are bounded by what they declare: a tiny XLSX that claims row 20,000,000, a huge
dimension, thousands of columns or gigabytes once unpacked is refused at the upload field
before any row is built (finding 7 of the probe)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.signin import sign_in
from zorgwijs.lib import spreadsheets
from zorgwijs.lib.spreadsheets import TableLimits
from zorgwijs.organisations.models import HrImportJob

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="HR" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = (
    '<row r="1">'
    + _cell("A1", "personeelsnummer")
    + _cell("B1", "naam")
    + _cell("C1", "e-mail")
    + _cell("D1", "bekwaamheid")
    + _cell("E1", "datum behaald")
    + _cell("F1", "bewijs")
    + "</row>"
)


def _xlsx(sheet_data: str, *, dimension: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + f"<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


FAR_ROW = HEADER_ROW + '<row r="20000000">' + _cell("A20000000", "1001") + "</row>"
DIMENSION_ONLY = HEADER_ROW  # the dimension below claims what the rows do not hold
WIDE_ROW = HEADER_ROW + '<row r="2">' + _cell("ZZZ2", "x") + "</row>"

UPLOAD_PAGES = ["organisations:hr_import", "competences:qualification_import"]


@pytest.fixture
def row_numbers_seen(monkeypatch):
    """How many row numbers the readers looked at: the work done for a file."""
    seen = []
    check = spreadsheets.Bounds.row

    def counting(self, number):
        seen.append(number)
        return check(self, number)

    monkeypatch.setattr(spreadsheets.Bounds, "row", counting)
    return seen


def _upload(client, world, page: str, data: bytes):
    sign_in(client, world.admin_a.user)
    url = reverse(page, kwargs={"org_slug": world.org_a.slug})
    return client.post(url, {"file": SimpleUploadedFile("export.xlsx", data)})


def _field_errors(response) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get("file", [])]


@pytest.mark.parametrize("page", UPLOAD_PAGES)
def test_a_row_number_far_beyond_the_limit_is_refused_at_the_field(
    client, world, page, row_numbers_seen
):
    data = _xlsx(FAR_ROW)
    assert len(data) < 2048  # the probe's file: about 1.5 KB
    response = _upload(client, world, page, data)
    assert response.status_code == 400
    assert any("meer dan 100.000 rijen" in e for e in _field_errors(response))
    assert len(row_numbers_seen) < 50  # stopped at the far row, walked nothing in between
    with scopes_disabled():
        assert not HrImportJob.objects.exists()


@pytest.mark.parametrize("page", UPLOAD_PAGES)
def test_a_declared_dimension_beyond_the_limit_is_refused_at_the_field(client, world, page):
    response = _upload(client, world, page, _xlsx(DIMENSION_ONLY, dimension="A1:F20000000"))
    assert response.status_code == 400
    assert any("meer dan 100.000 rijen" in e for e in _field_errors(response))


@pytest.mark.parametrize("page", UPLOAD_PAGES)
def test_too_many_columns_are_refused_at_the_field(client, world, page):
    response = _upload(client, world, page, _xlsx(WIDE_ROW))
    assert response.status_code == 400
    assert any("meer dan 200 kolommen" in e for e in _field_errors(response))


def test_a_part_that_unpacks_beyond_the_limit_is_refused_at_the_field(client, world, monkeypatch):
    monkeypatch.setattr(
        "zorgwijs.organisations.hr_import.forms.LIMITS",
        TableLimits(rows=100_000, unpacked_bytes=1024 * 1024),
    )
    bomb = _xlsx(HEADER_ROW, extra={"xl/media/padding.bin": b"\0" * (2 * 1024 * 1024)})
    assert len(bomb) < 10_000
    response = _upload(client, world, "organisations:hr_import", bomb)
    assert response.status_code == 400
    assert any("uitgepakt groter dan 1 MB" in e for e in _field_errors(response))


def test_a_file_within_the_limits_still_passes(client, world):
    rows = HEADER_ROW + '<row r="5">' + _cell("A5", "1001") + _cell("B5", "Ann") + "</row>"
    response = _upload(client, world, "organisations:hr_import", _xlsx(rows, dimension="A1:F5"))
    assert response.status_code == 302
