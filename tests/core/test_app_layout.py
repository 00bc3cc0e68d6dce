"""Every app has one shape, and tests sign people in one way.

An app holds a module *or* a package of one name (``views.py`` or ``views/``), never sibling
modules with suffixes (``views_admin.py``, ``urls_signup.py``, ``public_urls.py``). What an app
renders lives in its own ``templates/<app>/``; the project's ``templates/`` folder keeps what
belongs to no app. Django searches that folder before the apps' folders, so a template there
with the path of an app's template silently replaces it: that must never happen.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "zorgwijs"
LAYOUT_NAMES = ("views", "urls", "selectors", "forms", "services", "models", "api")
# views_admin.py, urls_signup.py, selectors_admin.py ... and org_urls.py, public_urls.py.
SUFFIXED = re.compile(rf"^(?:(?:{'|'.join(LAYOUT_NAMES)})_\w+|\w+_urls)\.py$")


# What the project's templates folder may hold: the shell's base and error pages, the e-mail
# base layout, and overrides of third-party apps (allauth). The rest is an app's.
PROJECT_TEMPLATES = {
    "base.html",
    "400.html",
    "403.html",
    "404.html",
    "503.html",
    "500.html",
    "email",
    "account",
    "mfa",
    "socialaccount",
    "allauth",
}


def _own_apps():
    return [app for app in apps.get_app_configs() if app.name.startswith("zorgwijs.")]


def _python_files(app_path: Path):
    for path in app_path.rglob("*.py"):
        if "migrations" not in path.relative_to(app_path).parts:
            yield path


def test_no_sibling_modules_with_suffixes():
    found = {
        str(path.relative_to(SOURCE))
        for app in _own_apps()
        for path in _python_files(Path(app.path))
        if SUFFIXED.match(path.name)
    }
    assert found == set(), (
        "Make these modules of a package of the same name (views/admin.py, urls/public.py)"
    )


def test_no_module_next_to_a_package_of_the_same_name():
    both = [
        str(path.relative_to(SOURCE))
        for app in _own_apps()
        for path in _python_files(Path(app.path))
        if path.with_suffix("").is_dir() and (path.with_suffix("") / "__init__.py").exists()
    ]
    assert both == []


def test_project_templates_hold_only_what_belongs_to_no_app():
    entries = {path.name for path in (SOURCE / "templates").iterdir()}
    assert entries - PROJECT_TEMPLATES == set(), (
        "Move an app's templates into src/zorgwijs/<app>/templates/<app>/"
    )


def test_no_project_template_shadows_an_app_template():
    app_templates = {}
    for app in _own_apps():
        folder = Path(app.path) / "templates"
        for path in folder.rglob("*") if folder.is_dir() else ():
            if path.is_file():
                app_templates.setdefault(str(path.relative_to(folder)), []).append(app.label)
    shadowed = {}
    for folder in map(Path, settings.TEMPLATES[0]["DIRS"]):
        for path in folder.rglob("*"):
            name = str(path.relative_to(folder))
            if path.is_file() and name in app_templates:
                shadowed[name] = app_templates[name]
    twice = {name: labels for name, labels in app_templates.items() if len(labels) > 1}
    assert shadowed == {}, "the project folder wins over these apps' templates"
    assert twice == {}, "the first app in INSTALLED_APPS wins over the others"


def test_tests_sign_in_only_through_tests_signin():
    helper = ROOT / "tests" / "signin.py"
    by_hand = re.compile(r"\.force_login\(|authentication_methods|AUTHENTICATION_METHODS")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "tests").rglob("*.py")
        if path not in (helper, Path(__file__))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if by_hand.search(line)
    ]
    assert offenders == [], "use tests.signin.sign_in(client, user, mfa=...)"
