"""Two people edit one need: the second save gets a conflict with both texts, nothing is lost,
and every saved change keeps the stored state before it and an audit entry of what changed."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.edit_forms import form_data, load_form
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.needs.models import Need, NeedRevision

from .helpers import make_need

pytestmark = pytest.mark.django_db


def test_web_edit_keeps_the_state_before_and_audits_the_changed_fields(world, themes):
    need = make_need(world.employee_a, "Nachtdiensten met minder mensen", themes=[themes.falls])
    url = f"/kennisbehoeften/{need.pk}/bewerken/"
    client = sign_in(Client(), world.employee_a.user)
    data = load_form(client, url)
    data["description"] = "Hoe doen anderen dat in de nacht?"
    data["status"] = "beantwoord"
    assert client.post(url, data).status_code == 302
    revision = NeedRevision.objects.get(need=need)
    assert revision.data["description"] == "Wie weet hoe dit moet?"
    assert revision.data["status"] == "open" and revision.data["themes"] == ["valpreventie"]
    assert revision.replaced_by == world.employee_a.user
    entry = AuditEntry.objects.filter(action="needs.need.updated").get()
    assert entry.data["changed"] == ["description", "status"]


def test_second_edit_of_a_need_gets_a_conflict_with_both_texts(world, themes):
    need = make_need(world.employee_a, "Nachtdiensten met minder mensen")
    url = f"/kennisbehoeften/{need.pk}/bewerken/"
    first, second = (
        sign_in(Client(), world.employee_a.user),
        sign_in(Client(), world.employee_a.user),
    )
    first_form, second_form = load_form(first, url), load_form(second, url)
    first_form["description"] = "Eerste tab: hoe roosteren anderen de nacht?"
    assert first.post(url, first_form).status_code == 302
    second_form["description"] = "Tweede tab: wie heeft een slim nachtrooster?"
    response = second.post(url, second_form)

    assert response.status_code == 409
    body = response.content.decode()
    assert "Eerste tab: hoe roosteren anderen de nacht?" in body
    assert "Tweede tab: wie heeft een slim nachtrooster?" in body
    assert Need.objects.get(pk=need.pk).description == "Eerste tab: hoe roosteren anderen de nacht?"
    merged = form_data(body)
    assert merged["description"] == "Tweede tab: wie heeft een slim nachtrooster?"
    merged["description"] = "Hoe roosteren anderen de nacht, en wie heeft een slim rooster?"
    assert second.post(url, merged).status_code == 302
    assert [r.data["description"] for r in NeedRevision.objects.order_by("id")] == [
        "Wie weet hoe dit moet?",
        "Eerste tab: hoe roosteren anderen de nacht?",
    ]
