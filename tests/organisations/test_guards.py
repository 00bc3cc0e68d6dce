"""Two rules of the permission layer, read from the source: no database, no server.

1. Who may read shared content is asked of the one ``Viewer`` (organisations/visibility.py).
2. A role is named only in the capability table and the role management; the rest of the code
   asks for a capability.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from zorgwijs.organisations.models import Role

SOURCE = Path(__file__).resolve().parents[2] / "src" / "zorgwijs"
VISIBILITY = "organisations/visibility.py"
VIEWER_NAMES = {
    "Viewer",
    "viewer_for",
    "viewer_of_request",
    "request_viewer",
    "remember_viewer",
    "ANONYMOUS",
}

# Where a role may be named: the table, the model, granting and listing roles, the demo world.
ROLE_NAMING = (
    "organisations/capabilities.py",
    "organisations/models.py",
    "organisations/services/roles.py",
    "organisations/services/applications.py",  # an approved organisation's first admin
    "organisations/selectors/admin.py",
    "core/demo/",
    "demo.py",
)


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        name = path.relative_to(SOURCE).as_posix()
        if "/migrations/" not in name:
            yield name, ast.parse(path.read_text(encoding="utf-8"), filename=name)


def test_viewers_come_only_from_the_visibility_module():
    offences = []
    for name, module in _modules():
        if name == VISIBILITY:
            continue
        for node in ast.walk(module):
            if isinstance(node, ast.ClassDef | ast.FunctionDef) and (
                node.name.endswith("Viewer") or node.name in VIEWER_NAMES
            ):
                offences.append(f"{name}:{node.lineno} defines {node.name}")
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name in VIEWER_NAMES and alias.asname not in (None, alias.name):
                        offences.append(f"{name}:{node.lineno} renames {alias.name}")
    assert not offences, (
        "Shared content is read through the one viewer: import Viewer, viewer_for and "
        "viewer_of_request from zorgwijs.organisations.visibility and filter with the model's "
        ".visible_to(viewer) instead of defining or renaming another:\n" + "\n".join(offences)
    )


def _role_aliases(module: ast.Module) -> set[str]:
    """The names under which ``organisations.models.Role`` is imported."""
    return {
        alias.asname or alias.name
        for node in ast.walk(module)
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("models")
        for alias in node.names
        if alias.name == "Role" and ("organisations" in (node.module or "") or node.level > 0)
    }


def test_roles_are_named_only_in_the_capability_table():
    roles = set(Role.names)
    values = set(Role.values)
    offences = []
    for name, module in _modules():
        if any(name.endswith(allowed) or name.startswith(allowed) for allowed in ROLE_NAMING):
            continue
        aliases = _role_aliases(module)
        for node in ast.walk(module):
            named = (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr in roles
            )
            # "manager" in access.roles: a role's value tested against someone's roles.
            tested = (
                isinstance(node, ast.Compare)
                and isinstance(node.left, ast.Constant)
                and node.left.value in values
                and any(
                    isinstance(c, ast.Attribute) and c.attr in ("roles", "role")
                    for c in node.comparators
                )
            )
            if named or tested:
                offences.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    assert not offences, (
        "Ask for a capability instead of naming a role: OrgAccess.can(capability), or "
        "roles_with / members_with_capability / members_with_capability_over / "
        "department_roles from zorgwijs.organisations.capabilities; add the capability to "
        "the table there if none fits:\n" + "\n".join(offences)
    )
