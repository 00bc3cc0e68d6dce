"""HR import: reading CSV (BOM, semicolons, commas, Windows-1252) and XLSX files."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import Workbook

from tests.organisations.test_hr_import_helpers import csv_bytes
from zorgwijs.lib.spreadsheets import TableLimits
from zorgwijs.organisations.hr_import import HrImportFileError, parse_hr_file
from zorgwijs.organisations.hr_import.synthetic import synthetic_rows, write_csv
from zorgwijs.organisations.hr_import.validation import parse_date, validate_rows

ROW = [
    "1001",
    "Anna de Vries",
    "anna@x.nl",
    "Verpleegkundige",
    "Hartcentrum/Cathlab",
    "",
    "2020-01-31",
    "",
]


def parse(data: bytes, name: str = "hr.csv"):
    return parse_hr_file(io.BytesIO(data), filename=name)


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(";", True), (";", False), (",", True), (",", False), ("\t", False)]
)
def test_csv_with_or_without_bom_and_any_delimiter(delimiter, bom):
    parsed = parse(csv_bytes([ROW], delimiter=delimiter, bom=bom))
    assert [
        (r.number, r.values["employee_number"], r.values["department"]) for r in parsed.rows
    ] == [(2, "1001", "Hartcentrum/Cathlab")]
    assert parsed.columns == {
        "employee_number",
        "name",
        "email",
        "function",
        "department",
        "manager",
        "start_date",
        "end_date",
    }


def test_english_headers_in_any_case_and_unknown_columns_ignored():
    header = [
        "Employee Number",
        "NAME",
        "E-Mail",
        "Job title",
        "Department",
        "Manager",
        "Start date",
        "End_Date",
        "Shoe size",
    ]
    parsed = parse(csv_bytes([ROW + ["44"]], header=header, delimiter=","))
    assert parsed.rows[0].values == {
        "employee_number": "1001",
        "name": "Anna de Vries",
        "email": "anna@x.nl",
        "function": "Verpleegkundige",
        "department": "Hartcentrum/Cathlab",
        "manager": "",
        "start_date": "2020-01-31",
        "end_date": "",
    }


def test_blank_lines_are_skipped_but_row_numbers_stay_those_of_the_file():
    data = csv_bytes([ROW, ["", "", "", "", "", "", "", ""], ["1002", "B", "b@x.nl"]])
    assert [r.number for r in parse(data).rows] == [2, 4]


def test_windows_1252_csv_is_read():
    data = "personeelsnummer;naam;e-mail\r\n1;Zoë Müller;zoe@x.nl\r\n".encode("cp1252")
    assert parse(data).rows[0].values["name"] == "Zoë Müller"


def test_quoted_fields_with_delimiters_inside():
    data = b'personeelsnummer;naam;e-mail\r\n1;"Vries; de, Anna";a@x.nl\r\n'
    assert parse(data).rows[0].values["name"] == "Vries; de, Anna"


def test_missing_required_columns_is_a_clear_file_error():
    with pytest.raises(HrImportFileError, match="Verplichte kolommen ontbreken: e-mail"):
        parse(csv_bytes([["1", "Anna"]], header=["personeelsnummer", "naam"]))


@pytest.mark.parametrize(
    ("data", "name"), [(b"", "hr.csv"), (b"PK\x03\x04broken", "hr.xlsx"), (b"%PDF-1.4", "hr.pdf")]
)
def test_unreadable_files_are_file_errors(data, name):
    with pytest.raises(HrImportFileError):
        parse(data, name)


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_real_dates_and_numeric_employee_numbers():
    data = xlsx_bytes(
        [
            [
                "Personeelsnummer",
                "Naam",
                "E-mail",
                "Afdeling",
                "Leidinggevende",
                "In dienst",
                "Uit dienst",
            ],
            [1001, "Anna", "anna@x.nl", "Hartcentrum", None, datetime.datetime(2020, 1, 31), None],
            [None, None, None, None, None, None, None],
            [
                1002.0,
                "Bram",
                "bram@x.nl",
                "Hartcentrum/Cathlab",
                1001,
                "01-02-2021",
                datetime.date(2022, 3, 4),
            ],
        ]
    )
    parsed = parse(data, "Export.XLSX")
    assert [
        (
            r.number,
            r.values["employee_number"],
            r.values["manager"],
            r.values["start_date"],
            r.values["end_date"],
        )
        for r in parsed.rows
    ] == [
        (2, "1001", "", "2020-01-31", ""),
        (4, "1002", "1001", "01-02-2021", "2022-03-04"),
    ]
    rows, errors = validate_rows(parsed)
    assert errors == []
    assert rows[1].start_date == datetime.date(2021, 2, 1)
    assert rows[1].department == ("Hartcentrum", "Cathlab")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-15", datetime.date(2021, 3, 15)),
        ("15-03-2021", datetime.date(2021, 3, 15)),
        ("5-3-2021", datetime.date(2021, 3, 5)),
        ("15/03/2021", datetime.date(2021, 3, 15)),
        ("", None),
    ],
)
def test_dates_iso_or_dutch(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2021-02-30", "03/15/2021x", "gisteren", "15-03-21"])
def test_wrong_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_synthetic_rows_round_trip_through_csv(tmp_path):
    rows = synthetic_rows(300, seed=3)
    assert rows == synthetic_rows(300, seed=3)
    path = write_csv(rows, tmp_path / "hr.csv")
    assert path.read_bytes().startswith("\ufeff".encode())
    typed, errors = validate_rows(parse_hr_file(path))
    assert errors == []
    assert len(typed) == 300
    numbers = {r.employee_number for r in typed}
    assert all(r.manager in numbers for r in typed if r.manager)


def test_fast_xlsx_reader_reads_what_openpyxl_reads():
    from zorgwijs.lib.spreadsheets import Bounds, openpyxl_rows
    from zorgwijs.lib.xlsx import xlsx_rows
    from zorgwijs.organisations.hr_import.parsing import LIMITS

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Personeelsnummer", "Naam", "Actief", "In dienst", "Uren"])
    sheet.append([1001, "Zoë ’t Hart", True, datetime.datetime(2020, 1, 31), 32.5])
    sheet.append([])
    sheet["A4"] = 1002
    sheet["D4"] = datetime.date(1999, 12, 31)
    sheet["D4"].number_format = "dd-mm-yyyy"
    sheet["C5"] = "=1+1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    fast = [tuple(row) for row in xlsx_rows(io.BytesIO(buffer.getvalue()), bounds=Bounds(LIMITS))]
    slow = [tuple(row) for row in openpyxl_rows(io.BytesIO(buffer.getvalue()), Bounds(LIMITS))]

    def trimmed(rows):
        return [tuple(v for v in row if v is not None) for row in rows]

    assert trimmed(fast) == trimmed(slow)
    assert fast[1][3] == datetime.datetime(2020, 1, 31)
    assert fast[2] == ()


def test_too_many_rows_is_a_file_error(monkeypatch):
    monkeypatch.setattr("zorgwijs.organisations.hr_import.parsing.LIMITS", TableLimits(rows=2))
    rows = [[str(n), "Naam", f"p{n}@x.nl"] for n in range(3)]
    with pytest.raises(HrImportFileError, match="meer dan 2 rijen"):
        parse(csv_bytes(rows, header=["personeelsnummer", "naam", "e-mail"]))
