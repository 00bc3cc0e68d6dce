"""Job functions: list, create, edit; names unique per organisation."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import JobFunctionFactory
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import JobFunction


def _url(world, name, **kwargs):
    return reverse(f"organisations:{name}", kwargs={"org_slug": world.org_a.slug, **kwargs})


@pytest.mark.django_db
def test_list_create_edit(client, world, django_assert_max_num_queries):
    sign_in(client, world.admin_a.user)
    with scopes_disabled():
        for i in range(20):
            JobFunctionFactory(organisation=world.org_a, name=f"Functie {i:02}")
        JobFunctionFactory(organisation=world.org_b, name="Alleen in B")
    with django_assert_max_num_queries(15):
        response = client.get(_url(world, "admin_job_functions"))
    html = response.content.decode()
    assert "Verpleegkundige" in html and "Functie 19" in html
    assert "Alleen in B" not in html

    response = client.post(
        _url(world, "admin_job_function_create"),
        {"name": "Anesthesiemedewerker", "code": "AM", "big_registered": "on"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        function = JobFunction.objects.get(organisation=world.org_a, name="Anesthesiemedewerker")
    assert function.big_registered

    response = client.post(
        _url(world, "admin_job_function_edit", job_function_id=function.pk),
        {"name": "Anesthesiemedewerker", "code": "AMW"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        function.refresh_from_db()
    assert function.code == "AMW" and not function.big_registered
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"organisations.job_function.created", "organisations.job_function.updated"} <= actions


@pytest.mark.django_db
def test_duplicate_name_is_a_field_error_and_keeps_input(client, world):
    sign_in(client, world.admin_a.user)
    response = client.post(
        _url(world, "admin_job_function_create"), {"name": "verpleegkundige", "code": "XYZ"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == ["Er bestaat al een functie met deze naam."]
    assert 'value="XYZ"' in response.content.decode()
