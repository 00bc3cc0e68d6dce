"""The team matrix keeps its headline and its selection; pickers start from requirements."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import DeviceFactory, required_device
from tests.signin import sign_in
from zorgwijs.competences.forms import SignOffRequestForm
from zorgwijs.competences.models import EvidenceKind, ItemKind, RiskProfile
from zorgwijs.competences.services import qualification_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def pump(world):
    return required_device(world, "Infuuspomp Alaris", [world.cardiology], profile="Hart")


def _team(client, world, query=""):
    sign_in(client, world.manager_a.user, mfa=True)
    url = reverse("competences:team", kwargs={"org_slug": "rivierenland"})
    return client.get(url + query).content.decode()


def _headline(body: str) -> str:
    return re.search(r'zw-figure__value">([^<]+)<', body).group(1)


def test_problems_only_does_not_change_the_headline(client, world, pump):
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.manager_a,
            item=pump,
            occurred_on=timezone.localdate(),
            evidence_kind="practical",
        )
    everyone = _team(client, world)
    problems = _team(client, world, "?problemen=1")
    assert _headline(everyone) == _headline(problems) == "50%"
    assert "Mark Leiding" in everyone and "Mark Leiding" not in problems


def test_the_igj_link_keeps_the_selection(client, world, pump):
    body = _team(client, world, f"?afdeling={world.cardiology.pk}&risico=high&soort=device")
    export = reverse("competences:evidence_pack", kwargs={"org_slug": "rivierenland"})
    assert f"{export}?afdeling={world.cardiology.pk}&amp;soort=device&amp;risico=high" in body
    sign_in(client, world.manager_a.user, mfa=True)
    page = client.get(export + "?risico=high").content.decode()
    assert '<option value="high" selected>' in page


def test_evidence_export_filters_on_risk(client, world, pump):
    with scopes_disabled():
        low = DeviceFactory(organisation=world.org_a, name="Thermometer", risk_profile="low")
    from zorgwijs.competences.exports.evidence import evidence_pack_rows, selection_for
    from zorgwijs.organisations.access import org_access_for

    access = org_access_for(world.admin_a.user, "rivierenland")
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=low,
            occurred_on=timezone.localdate(),
            evidence_kind="practical",
        )
        selection = selection_for(
            access=access, department_id=None, item_id=None, on=timezone.localdate(), risk="high"
        )
        rows = evidence_pack_rows(access=access, selection=selection)
    assert rows and {r.item for r in rows} == {"Infuuspomp Alaris"}
    assert selection.item_label == str(RiskProfile.HIGH.label)


def test_sign_off_picker_puts_my_requirements_first_grouped_by_kind(world, pump):
    with scopes_disabled():
        DeviceFactory(organisation=world.org_a, name="Beademing")
        DeviceFactory(
            organisation=world.org_a,
            name="Alleen e-learning",
            evidence_kinds=[EvidenceKind.ELEARNING],
        )
    with scope(organisation=world.org_a.pk):
        form = SignOffRequestForm(organisation=world.org_a, first=[pump.pk])
        choices = list(form.fields["item"].choices)
    assert choices[1] == ("Jouw vereisten", [(pump.pk, "Infuuspomp Alaris")])
    groups = dict(choices[2:])
    assert [name for _pk, name in groups[str(ItemKind.DEVICE.label)]] == ["Beademing"]
    names = [name for group in groups.values() for _pk, name in group]
    assert "Alleen e-learning" not in names  # a practical sign-off cannot prove it
    assert form.initial["item"] == pump.pk
    assert 'optgroup label="Jouw vereisten"' in str(form["item"])


def test_roster_picker_starts_with_the_team_requirements(client, world, pump):
    with scopes_disabled():
        DeviceFactory(organisation=world.org_a, name="Beademing")
    sign_in(client, world.manager_a.user, mfa=True)
    body = client.get(
        reverse("competences:who_is_competent", kwargs={"org_slug": "rivierenland"})
    ).content.decode()
    first = body.index('optgroup label="Vereist in je team"')
    assert first < body.index("Infuuspomp Alaris") < body.index("Beademing")
