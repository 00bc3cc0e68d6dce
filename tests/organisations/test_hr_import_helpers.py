"""Helpers shared by the HR import tests: build upload files from rows."""

from __future__ import annotations

import io

from django_scopes import scopes_disabled

from zorgwijs.organisations.hr_import import hr_import_plan, parse_hr_file

HEADER = [
    "personeelsnummer",
    "naam",
    "e-mail",
    "functie",
    "afdeling",
    "leidinggevende",
    "in dienst",
    "uit dienst",
]


def csv_bytes(rows, *, header=HEADER, delimiter=";", bom=True) -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(str(c) for c in row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode()


def existing_rows(world) -> list[list[str]]:
    """The organisation's current members as file rows, so nobody is deactivated."""
    with scopes_disabled():
        members = [world.admin_a, world.manager_a, world.employee_a, world.colleague_a]
        return [
            [
                m.employee_number,
                m.user.full_name,
                m.user.email,
                m.job_function.name if m.job_function else "",
                _path(m.primary_department),
                "",
                "",
                "",
            ]
            for m in members
        ]


def _path(department) -> str:
    if department is None:
        return ""
    names = []
    while department is not None:
        names.insert(0, department.name)
        department = department.parent
    return "/".join(names)


def plan_for(organisation, data: bytes, filename: str = "hr.csv"):
    parsed = parse_hr_file(io.BytesIO(data), filename=filename)
    return hr_import_plan(organisation=organisation, parsed=parsed, source_name=filename)
