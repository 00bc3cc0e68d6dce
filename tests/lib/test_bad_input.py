"""Bad input gives a message at the field, never a 500 (finding 9 of the probe): ids beyond the
database's integer range, dates at the calendar's ends, unbounded search texts, and report
texts longer than the API accepts."""

from __future__ import annotations

import copy
import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

import zorgwijs
from tests.api.conftest import ApiClient, make_token
from tests.competences.factories import DeviceFactory
from tests.incidents.conftest import report_data
from tests.signin import sign_in
from zorgwijs.incidents.models import LONG_TEXT_MAX_LENGTH
from zorgwijs.lib import forms as lib_forms

pytestmark = pytest.mark.django_db

HUGE_ID = "12345678901234567890"  # 20 digits: more than any integer column holds


def _all_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(zorgwijs.__path__, "zorgwijs."):
        if ".migrations" not in module.name and not module.name.endswith(".wsgi"):
            importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("zorgwijs.") and hasattr(sub, "base_fields"):
                found.add(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORM_CLASSES = _all_form_classes()
CHOICE_FIELDS = [
    pytest.param(form, name, id=f"{form.__module__}.{form.__qualname__}.{name}")
    for form in FORM_CLASSES
    for name, field in form.base_fields.items()
    if isinstance(field, forms.ModelChoiceField)
]
DATE_FIELDS = [
    pytest.param(form, name, id=f"{form.__module__}.{form.__qualname__}.{name}")
    for form in FORM_CLASSES
    for name, field in form.base_fields.items()
    if isinstance(field, forms.DateField)
]


def test_the_walk_finds_the_forms():
    assert len(FORM_CLASSES) > 40 and len(CHOICE_FIELDS) > 20 and len(DATE_FIELDS) > 5


@pytest.mark.parametrize(("form", "name"), CHOICE_FIELDS)
def test_every_choice_field_over_a_model_refuses_a_20_digit_id_at_the_field(world, form, name):
    field = copy.deepcopy(form.base_fields[name])
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    # The project's fields check the id's range; a plain Django field would pass a 20-digit id
    # to the database (OverflowError on SQLite).
    bounded = lib_forms.ModelMultipleChoiceField if multiple else lib_forms.ModelChoiceField
    assert isinstance(field, bounded)
    if field.queryset is None:
        return  # set per request in the form's __init__; the class above is what counts
    with scopes_disabled():
        field.queryset = field.queryset.model._base_manager.all()  # a real query, not none()
        with pytest.raises(forms.ValidationError):
            field.clean([HUGE_ID] if multiple else HUGE_ID)
        with pytest.raises(forms.ValidationError):
            field.clean(["-" + HUGE_ID] if multiple else "-" + HUGE_ID)


@pytest.mark.parametrize(("form", "name"), DATE_FIELDS)
def test_every_date_field_refuses_the_calendars_ends_at_the_field(form, name):
    field = form.base_fields[name]
    for day in ("0001-01-01", "9999-12-31"):
        with pytest.raises(forms.ValidationError, match="Kies een datum tussen"):
            field.clean(day)
    assert field.clean("2026-03-01").isoformat() == "2026-03-01"


# The probe's requests, over HTTP.


def _client(membership) -> Client:
    return sign_in(Client(), membership.user, mfa=True)


def _org(world, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": world.org_a.slug, **kwargs})


def _assert_field_error(response, field: str) -> None:
    assert response.status_code in (200, 400), response.status_code  # the form page again
    assert field in response.context["form"].errors, response.context["form"].errors


@pytest.mark.parametrize(
    ("page", "field"),
    [
        ("projects_org:create", "themes"),
        ("needs_org:create", "themes"),
    ],
)
def test_a_20_digit_id_in_a_create_form_is_a_field_error(world, page, field):
    response = _client(world.employee_a).post(_org(world, page), {field: [HUGE_ID]})
    _assert_field_error(response, field)


def test_a_20_digit_id_in_the_expert_profile_is_a_field_error(world):
    client = _client(world.employee_a)
    for field in ("themes", "projects", "shown_items"):
        response = client.post(reverse("experts:profile_edit"), {field: [HUGE_ID]})
        _assert_field_error(response, field)


def test_a_20_digit_id_in_admin_member_add_is_a_field_error(world):
    client = _client(world.admin_a)
    data = {
        "email": "nieuw@example.org",
        "full_name": "Nina Nieuw",
        "employee_number": "900001",
        "job_function": HUGE_ID,
        "primary_department": HUGE_ID,
        "extra_departments": [HUGE_ID],
        "line_manager": HUGE_ID,
    }
    response = client.post(_org(world, "organisations:admin_member_add"), data)
    for field in ("job_function", "primary_department", "extra_departments", "line_manager"):
        _assert_field_error(response, field)
    assert response.context["form"]["full_name"].value() == "Nina Nieuw"  # nothing typed lost


def test_a_20_digit_id_in_admin_role_departments_is_a_field_error(world):
    url = _org(world, "organisations:admin_member_roles", membership_id=world.colleague_a.pk)
    response = _client(world.admin_a).post(url, {"role": "manager", "departments": [HUGE_ID]})
    _assert_field_error(response, "departments")


@pytest.mark.parametrize("params", [{"van": "0001-01-01"}, {"tot": "9999-12-31"}])
@pytest.mark.parametrize("page", ["organisations:audit:log", "organisations:audit:export"])
def test_audit_dates_at_the_calendars_ends_are_a_field_error(world, page, params):
    response = _client(world.admin_a).get(_org(world, page), params)
    _assert_field_error(response, next(iter(params)))


def test_an_enormous_member_search_is_bounded(world):
    client = _client(world.admin_a)
    huge = "a" * 50_001
    people = client.get(_org(world, "organisations:people"), {"q": huge})
    assert people.status_code == 200
    assert len(people.context["q"]) <= lib_forms.MAX_QUERY_LENGTH
    admin = client.get(_org(world, "organisations:admin_members"), {"q": huge})
    assert admin.status_code == 200  # the list, with the message at the search field
    assert "q" in admin.context["filters"].errors


@pytest.mark.parametrize("length", [LONG_TEXT_MAX_LENGTH, LONG_TEXT_MAX_LENGTH + 1])
def test_the_report_form_and_the_api_accept_the_same_lengths(world, pump, length):
    text = "x" * length
    accepted = length <= LONG_TEXT_MAX_LENGTH
    client = _client(world.employee_a)
    response = client.post(
        _org(world, "incidents:report"), report_data(world, pump, what_happened=text)
    )
    if accepted:
        assert response.status_code == 302
    else:
        _assert_field_error(response, "what_happened")
        assert response.context["form"]["what_happened"].value() == text  # nothing typed lost
    api = ApiClient(make_token(world.employee_a.user)).post(
        f"/organisations/{world.org_a.slug}/incidents",
        {
            "occurred_at": (timezone.now() - datetime.timedelta(hours=3)).isoformat(),
            "location": "Cathlab zaal 1",
            "category": "device",
            "outcome": "near_miss",
            "severity": "none",
            "what_happened": text,
        },
    )
    assert api.status_code == (201 if accepted else 422), api.content


def test_the_report_form_refuses_two_million_characters_at_the_field(world, pump):
    response = _client(world.employee_a).post(
        _org(world, "incidents:report"), report_data(world, pump, what_happened="x" * 2_000_000)
    )
    _assert_field_error(response, "what_happened")


@pytest.fixture
def pump(world):
    with scopes_disabled():
        return DeviceFactory(organisation=world.org_a, name="Infuuspomp Agilia")
