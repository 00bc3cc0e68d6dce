"""The trainer standard: a network's shared competence item, kept in the passport; runs count
as trainings given; "Trainer zoeken" lists who holds it today and chose to show it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import NetworkFactory
from tests.scenarios.conftest import make_scenario
from tests.signin import sign_in
from zorgwijs.competences.models import (
    CompetenceItem,
    CompetenceRecord,
    EvidenceKind,
    IndividualRequirement,
    PassportLine,
)
from zorgwijs.competences.network_catalogue import item_adopt
from zorgwijs.competences.requirements import requirements_refresh
from zorgwijs.competences.services import qualification_register
from zorgwijs.competences.status import line_status
from zorgwijs.experts.models import ExpertProfile, Reach
from zorgwijs.organisations.models import Network
from zorgwijs.scenarios.services import run_record
from zorgwijs.scenarios.trainers import trainer_standard_set

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def months_ago(months: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=int(months * 30.4))


@pytest.fixture
def standard(world, crm):
    """The CRM-trainer standard adopted by A, B and C; the trainers of A (Eva), B (Olaf) and
    C (Cor) are required to hold it and list it on their profiles."""
    with scopes_disabled():
        network = Network.objects.get(slug="crm")
        template = CompetenceItem.objects.create(
            network=network,
            kind="training",
            name="CRM-trainer",
            validity_months=24,
            warning_days=90,
            evidence_kinds=[EvidenceKind.CERTIFICATE, EvidenceKind.PRACTICAL],
            recency_count=2,
            recency_months=12,
        )
        standard = trainer_standard_set(actor=world.admin_a.user, network=network, item=template)
        items = {}
        for membership, months in (
            (world.employee_a, 3),
            (crm.trainer_b, 23),
            (crm.trainer_c, 30),
        ):
            organisation = membership.organisation
            items[organisation.pk] = item = item_adopt(
                actor=world.admin_a.user, organisation=organisation, template=template
            )
            IndividualRequirement.objects.create(
                organisation=organisation, membership=membership, item=item
            )
            requirements_refresh(organisation=organisation, memberships=[membership])
            qualification_register(
                actor=world.admin_a.user,
                membership=membership,
                item=item,
                occurred_on=months_ago(months),
                evidence_kind=EvidenceKind.PRACTICAL,
                backdate_reason="Trainersregister",
            )
            profile = ExpertProfile.objects.create(
                user=membership.user, listed=True, reach=Reach.NETWORK
            )
            profile.shown_items.add(item)
    standard.adopted = items
    return standard


def status_of(membership, item) -> str:
    with scopes_disabled():
        line = PassportLine.objects.get(membership=membership, item=item)
    return line_status(line, TODAY)


def test_a_run_counts_as_a_training_given_and_keeps_the_standard_valid(world, crm, standard):
    item = standard.adopted[world.org_a.pk]
    # Qualified 3 months ago, but the rule asks for two trainings in the last year.
    assert status_of(world.employee_a, item) == "supervised"
    scenario = make_scenario(world)
    run_record(
        actor=world.employee_a.user,
        scenario=scenario,
        organisation=world.org_a,
        held_on=TODAY,
        group_size=6,
    )
    with scopes_disabled():
        performed = CompetenceRecord.objects.filter(
            person=world.employee_a.user, item=item, kind="performed"
        )
        assert [r.occurred_on for r in performed] == [TODAY]
        assert scenario.title in performed[0].note
    assert status_of(world.employee_a, item) == "valid"


def test_a_run_of_someone_without_the_standard_logs_nothing(world, crm, standard):
    scenario = make_scenario(world)
    run_record(
        actor=world.colleague_a.user,
        scenario=scenario,
        organisation=world.org_a,
        held_on=TODAY,
        group_size=6,
    )
    with scopes_disabled():
        assert not CompetenceRecord.objects.filter(
            person=world.colleague_a.user, kind="performed"
        ).exists()


def test_trainer_search_lists_only_those_who_hold_the_standard_today(client, world, crm, standard):
    run_record(  # Eva's second training this year: her standard holds
        actor=world.employee_a.user,
        scenario=make_scenario(world),
        organisation=world.org_a,
        held_on=TODAY,
        group_size=6,
    )
    with scopes_disabled():  # Olaf qualified 23 months ago: expiring; he gave two trainings
        for days in (10, 20):
            run_record(
                actor=crm.trainer_b.user,
                scenario=make_scenario(world, title=f"Reanimatie {days}"),
                organisation=world.org_b,
                held_on=TODAY - datetime.timedelta(days=days),
                group_size=5,
            )
    assert status_of(crm.trainer_b, standard.adopted[world.org_b.pk]) == "expiring"
    assert status_of(crm.trainer_c, standard.adopted[crm.org_c.pk]) == "expired"
    sign_in(client, world.colleague_a.user)
    response = client.get(reverse("scenarios:trainers", kwargs={"network_slug": "crm"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Eva Medewerker" in page and "Olaf Buiten" in page
    assert "Cor Trainer" not in page  # expired
    assert "Noorderzorg" in page
    assert standard.adopted[world.org_b.pk].name in page
    filtered = client.get(
        reverse("scenarios:trainers", kwargs={"network_slug": "crm"}), {"q": "noorder"}
    )
    assert "Olaf Buiten" in filtered.content.decode()
    assert "Eva Medewerker" not in filtered.content.decode()
    long = client.get(
        reverse("scenarios:trainers", kwargs={"network_slug": "crm"}), {"q": "x" * 5000}
    )
    assert long.status_code == 200


def test_trainer_search_respects_the_profile_reach_and_opt_in(client, world, crm, standard):
    run_record(
        actor=world.employee_a.user,
        scenario=make_scenario(world),
        organisation=world.org_a,
        held_on=TODAY,
        group_size=6,
    )
    with scopes_disabled():
        profile = ExpertProfile.objects.get(user=world.employee_a.user)
        profile.reach = Reach.ORGANISATION
        profile.save()
    url = reverse("scenarios:trainers", kwargs={"network_slug": "crm"})
    sign_in(client, crm.trainer_c.user)
    assert "Eva Medewerker" not in client.get(url).content.decode()
    sign_in(client, world.colleague_a.user)
    assert "Eva Medewerker" in client.get(url).content.decode()
    with scopes_disabled():
        profile.listed = False
        profile.save()
    assert "Eva Medewerker" not in client.get(url).content.decode()


def test_trainer_search_is_for_members_of_the_network(client, world, crm, standard):
    NetworkFactory(name="Ander netwerk", slug="ander")
    sign_in(client, world.colleague_a.user)
    assert (
        client.get(reverse("scenarios:trainers", kwargs={"network_slug": "ander"})).status_code
        == 404
    )
    assert (
        client.get(
            reverse("scenarios:trainers", kwargs={"network_slug": "bestaat-niet"})
        ).status_code
        == 404
    )
    client.logout()
    response = client.get(reverse("scenarios:trainers", kwargs={"network_slug": "crm"}))
    assert response.status_code == 302


def test_the_index_links_to_trainer_search(client, world, crm, standard):
    sign_in(client, world.colleague_a.user)
    page = client.get(reverse("scenarios:index")).content.decode()
    assert reverse("scenarios:trainers", kwargs={"network_slug": "crm"}) in page


def test_a_standard_must_be_a_template_of_its_network(world, crm, standard):
    with scopes_disabled():
        other = NetworkFactory(name="Ander netwerk", slug="ander")
        item = CompetenceItem.objects.create(network=other, kind="training", name="Iets")
        with pytest.raises(ValidationError) as refused:
            trainer_standard_set(
                actor=world.admin_a.user, network=Network.objects.get(slug="crm"), item=item
            )
    assert "item" in refused.value.message_dict


def test_the_network_editors_choose_the_standard_in_the_browser(client, world, crm, standard):
    from zorgwijs.audit.models import AuditEntry
    from zorgwijs.scenarios.models import TrainerStandard

    url = reverse("scenarios:trainer_standard", kwargs={"network_slug": "crm"})
    search = reverse("scenarios:trainers", kwargs={"network_slug": "crm"})
    # A trainer of a member hospital reads "Trainer zoeken" but does not choose the standard.
    sign_in(client, world.colleague_a.user)
    assert url not in client.get(search).content.decode()
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "remove", "standard": standard.pk}).status_code == 404
    sign_in(client, world.admin_a.user, mfa=True)  # an administrator of a member edits for it
    assert url in client.get(search).content.decode()
    with scopes_disabled():
        network = Network.objects.get(slug="crm")
        other = NetworkFactory(name="Ander netwerk", slug="ander")
        foreign = CompetenceItem.objects.create(network=other, kind="training", name="Vreemd")
        second = CompetenceItem.objects.create(
            network=network, kind="training", name="CRM-instructeur"
        )
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "CRM-trainer" in html and "CRM-instructeur" in html and "Vreemd" not in html
    # Bad input: another network's item, a missing choice, a standard that is not there.
    for data in ({"item": foreign.pk}, {"item": ""}, {"item": "9" * 30}):
        refused = client.post(url, {"action": "add", **data})
        assert refused.status_code == 400 and refused.context["form"].errors["item"]
    refused = client.post(url, {"action": "remove", "standard": "nee"})
    assert refused.status_code == 400 and refused.context["remove_error"]
    assert list(TrainerStandard.objects.values_list("item__name", flat=True)) == ["CRM-trainer"]
    # Swap the standard: drop the old one (its passports stay), choose the new one.
    assert client.post(url, {"action": "remove", "standard": standard.pk}).status_code == 302
    assert client.post(url, {"action": "add", "item": second.pk}).status_code == 302
    assert list(TrainerStandard.objects.values_list("item__name", flat=True)) == ["CRM-instructeur"]
    with scopes_disabled():
        assert PassportLine.objects.filter(item__adopted_from__name="CRM-trainer").count() == 3
        actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"scenarios.trainer_standard.set", "scenarios.trainer_standard.removed"} <= actions
