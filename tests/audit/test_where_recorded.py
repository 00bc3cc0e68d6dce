"""Audit entries are written by services and selectors, never by a view or an API operation.

A read that must be audited is a selector that reads and records (one function for the page
and the API operation); a write records inside its service's transaction. A view or API module
that imports the audit service would record its own entry beside them, and the page and the
API would drift apart.
"""

from __future__ import annotations

import ast
import pathlib

import zorgwijs

SRC = pathlib.Path(zorgwijs.__file__).parent
AUDIT_SERVICE = "zorgwijs.audit.services"


def _is_view_or_api(path: pathlib.Path) -> bool:
    """``views.py``, ``api.py``, anything in a ``views/`` or ``api/`` package, and any other
    module that declares a view with a decorator of ``core/access.py``."""
    parts = path.relative_to(SRC).with_suffix("").parts
    if any(part in ("views", "api") for part in parts):
        return True
    return "from zorgwijs.core.access import" in path.read_text(encoding="utf-8")


def _imported_modules(path: pathlib.Path) -> set[str]:
    package = ".".join(("zorgwijs", *path.relative_to(SRC).parent.parts))
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def test_no_view_or_api_module_writes_audit_entries():
    modules = [p for p in SRC.rglob("*.py") if "migrations" not in p.parts and _is_view_or_api(p)]
    scanned = {str(path.relative_to(SRC)) for path in modules}
    # The scan sees every kind of module it must: a views package, an API module, a module
    # that only declares a view, and relative imports inside the audit app.
    assert {"competences/views/team.py", "competences/api.py", "incidents/exports.py"} <= scanned
    assert AUDIT_SERVICE in _imported_modules(SRC / "audit" / "selectors.py")
    offenders = sorted(
        str(path.relative_to(SRC)) for path in modules if AUDIT_SERVICE in _imported_modules(path)
    )
    assert offenders == [], (
        "These view or API modules record audit entries themselves. Record an audited read in "
        "a selector that reads and records (the page and the API operation call the same one), "
        "and a write's entry in its service, inside its transaction; pass "
        "audit_context(request) (audit/context.py), not the request. docs/audit.md, "
        f"'Where entries are written': {offenders}"
    )


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    arguments = function.args
    return {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}


def test_services_and_selectors_take_an_audit_context_never_the_request():
    """Who acted and from where reach a service or selector as ``actor=`` and ``context=``
    (``audit_context(request)`` in the view): the same function then serves a page, an API
    operation, a task and a command alike."""
    modules = [
        path
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        and any(
            part.startswith(("services", "selectors"))
            for part in path.relative_to(SRC).with_suffix("").parts
        )
    ]
    assert {"audit/services.py", "knowledge/services/pages.py"} <= {
        str(path.relative_to(SRC)) for path in modules
    }
    offenders = sorted(
        f"{path.relative_to(SRC)}: {node.name}"
        for path in modules
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and "request" in _parameters(node)
    )
    assert offenders == [], f"These take the HTTP request; take context=AuditContext: {offenders}"
