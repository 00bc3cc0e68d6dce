"""Function profiles shared in a network: a requirement profile becomes a template with the
network's items; a member adopts it (its items too) and may tighten it, never loosen it."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, give_role
from tests.networks.factories import give_network_role
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.models import CompetenceItem, ProfileItem, RequirementProfile
from zorgwijs.competences.network_catalogue import profile_template_revise
from zorgwijs.competences.services.catalogue import profile_save
from zorgwijs.networks.models import RoleKind
from zorgwijs.notifications.models import Notification
from zorgwijs.notifications.services import notify_people
from zorgwijs.organisations.models import JobFunction, NetworkMembership, Role

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"


@pytest.fixture
def region(world):
    """Organisation A and a neighbour in one network; the neighbour has a werkbegeleider
    profile of two items (one required, one recommended)."""
    with scopes_disabled():
        network = NetworkFactory(name="Zorgnetwerk Rivierenland")
        neighbour = OrganisationFactory(name="Buurziekenhuis", slug="buur")
        for organisation in (world.org_a, neighbour):
            NetworkMembership.objects.create(network=network, organisation=organisation)
        coordinator = MembershipFactory(organisation=neighbour)
        give_role(coordinator, Role.COORDINATOR)
        basic = DeviceFactory(organisation=neighbour, name="Basistraining werkbegeleiding")
        coach = DeviceFactory(organisation=neighbour, name="Coachend begeleiden")
        profile = profile_save(
            actor=coordinator.user,
            organisation=neighbour,
            profile=RequirementProfile(organisation=neighbour, name="Werkbegeleider"),
            functions=[JobFunction.objects.create(organisation=neighbour, name="Werkbegeleider")],
            departments=[],
            items={basic.pk: "required", coach.pk: "recommended"},
        )
    return network, neighbour, coordinator, profile


def _url(name, slug=SLUG, **kwargs):
    return reverse(f"competences:{name}", kwargs={"org_slug": slug, **kwargs})


def _share(client, region):
    network, neighbour, coordinator, profile = region
    sign_in(client, coordinator.user)
    return client.post(
        _url("profile_share", neighbour.slug, profile_id=profile.pk), {"network": network.pk}
    )


def _template(region) -> RequirementProfile:
    return RequirementProfile.network_templates.get(network=region[0])


def _adopt(client, world, region):
    _share(client, region)
    sign_in(client, world.admin_a.user)
    return client.post(_url("profile_template_adopt", profile_template_id=_template(region).pk))


def test_sharing_a_profile_shares_its_items_and_ties_the_original(client, region):
    assert _share(client, region).status_code == 302
    template = _template(region)
    with scopes_disabled():
        region[3].refresh_from_db()
        lines = {pi.item.name: pi.level for pi in ProfileItem.objects.filter(profile=template)}
        network_items = set(
            CompetenceItem.objects.filter(network=region[0]).values_list("name", flat=True)
        )
    assert template.organisation is None and region[3].adopted_from == template
    assert lines == {
        "Basistraining werkbegeleiding": "required",
        "Coachend begeleiden": "recommended",
    }
    assert network_items == set(lines)
    assert AuditEntry.objects.filter(action="competences.profile.shared").count() == 1
    again = _share(client, region)  # a tied profile offers no share form any more
    assert again.status_code == 404


def test_a_member_adopts_the_profile_with_its_items(client, world, region):
    response = _adopt(client, world, region)
    assert response.status_code == 302
    with scopes_disabled():
        adopted = RequirementProfile.objects.get(organisation=world.org_a)
        own = {
            pi.item.name: (pi.level, pi.item.adopted_from.network_id)
            for pi in adopted.profile_items.select_related("item__adopted_from")
        }
    assert adopted.adopted_from == _template(region) and adopted.name == "Werkbegeleider"
    assert own == {
        "Basistraining werkbegeleiding": ("required", region[0].pk),
        "Coachend begeleiden": ("recommended", region[0].pk),
    }
    assert response["Location"] == _url("profile_edit", profile_id=adopted.pk)
    page = client.get(_url("profiles")).content.decode()
    assert "Functieprofielen van je netwerken" in page and "Overgenomen" in page
    again = client.post(
        _url("profile_template_adopt", profile_template_id=_template(region).pk), follow=True
    )
    assert "al overgenomen" in again.content.decode()
    with scopes_disabled():
        assert RequirementProfile.objects.filter(organisation=world.org_a).count() == 1


def _form(profile, levels: dict[int, str]):
    data = {"name": profile.name, "description": "", "is_active": "on", "actie": "opslaan"}
    data.update({f"item_{item_id}": level for item_id, level in levels.items()})
    return data


def test_an_adopted_profile_can_be_tightened_not_loosened(client, world, region):
    _adopt(client, world, region)
    with scopes_disabled():
        adopted = RequirementProfile.objects.get(organisation=world.org_a)
        own = {i.name: i.pk for i in CompetenceItem.objects.filter(organisation=world.org_a)}
        extra = DeviceFactory(organisation=world.org_a, name="Eigen scholing")
    basic, coach = own["Basistraining werkbegeleiding"], own["Coachend begeleiden"]
    url = _url("profile_edit", profile_id=adopted.pk)
    dropped = client.post(url, _form(adopted, {coach: "recommended"}))
    assert dropped.status_code == 400
    assert "je mag het niet weglaten" in dropped.content.decode()
    looser = client.post(url, _form(adopted, {basic: "recommended", coach: "recommended"}))
    assert looser.status_code == 400
    assert "je mag het niet versoepelen" in looser.content.decode()
    with scopes_disabled():
        assert adopted.profile_items.get(item_id=basic).level == "required"
    stricter = client.post(
        url, _form(adopted, {basic: "required", coach: "required", extra.pk: "recommended"})
    )
    assert stricter.status_code == 302
    with scopes_disabled():
        levels = dict(adopted.profile_items.values_list("item_id", "level"))
    assert levels == {basic: "required", coach: "required", extra.pk: "recommended"}
    page = client.get(url).content.decode()
    assert "netwerkafspraak: minstens Verplicht" in page


def test_sharing_refuses_a_name_the_network_holds_and_keeps_nothing(client, world, region):
    with scopes_disabled():
        RequirementProfile.objects.create(network=region[0], name="werkbegeleider")
    response = _share(client, region)
    assert response.status_code == 400
    assert "al een functieprofiel met deze naam" in response.content.decode()
    with scopes_disabled():
        assert not CompetenceItem.objects.filter(network=region[0]).exists()
        region[3].refresh_from_db()
    assert region[3].adopted_from is None


def test_outsiders_cannot_see_or_adopt_a_network_profile(client, world, region):
    _share(client, region)
    with scopes_disabled():
        stranger = OrganisationFactory(slug="vreemd")
        admin = MembershipFactory(organisation=stranger)
        give_role(admin, Role.ADMIN)
    sign_in(client, admin.user)
    response = client.post(
        _url("profile_template_adopt", "vreemd", profile_template_id=_template(region).pk)
    )
    assert response.status_code == 404
    assert "Werkbegeleider" not in client.get(_url("profiles", "vreemd")).content.decode()
    with scopes_disabled():
        assert not RequirementProfile.objects.filter(organisation=stranger).exists()


def test_a_network_template_applies_to_no_one(world, region):
    """Templates have no organisation: the organisation's own lists never include them."""
    with scopes_disabled():
        RequirementProfile.objects.create(network=region[0], name="Leercoach")
    from django_scopes import scope

    with scope(organisation=world.org_a.pk):
        assert not RequirementProfile.objects.filter(name="Leercoach").exists()


def test_a_coordinator_revises_a_shared_profile_as_a_new_version(
    client, world, region, settings, django_capture_on_commit_callbacks
):
    """The network's coordinator edits a shared profile: a new version; the organisation that
    adopted the old one keeps its profile as it was and is told a newer version exists."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    network, _, coordinator, _ = region
    _adopt(client, world, region)
    old = _template(region)
    with scopes_disabled():
        adopted = RequirementProfile.objects.get(organisation=world.org_a)
        kept = set(adopted.profile_items.values_list("item_id", "level"))
    give_network_role(network, coordinator.user, RoleKind.COORDINATOR)
    url = reverse(
        "networks:function_profile_revise",
        kwargs={"network_slug": network.slug, "profile_template_id": old.pk},
    )
    assert client.get(url).status_code == 404  # admin A does not coordinate the network
    sign_in(client, coordinator.user)
    assert client.get(url).status_code == 200
    lines = {line.item.name: line.item_id for line in old.profile_items.select_related("item")}
    empty = client.post(url, {"name": "Werkbegeleider", "description": ""})
    assert empty.status_code == 400 and "minstens één" in empty.content.decode()
    assert RequirementProfile.network_templates.filter(network=network).count() == 1
    data = {
        "name": "Werkbegeleider",
        "description": "Met coaching",
        f"item_{lines['Basistraining werkbegeleiding']}": "required",
        f"item_{lines['Coachend begeleiden']}": "required",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    old.refresh_from_db()
    new = RequirementProfile.network_templates.get(network=network, is_active=True)
    assert not old.is_active and (new.version, new.previous_version_id) == (2, old.pk)
    assert set(new.profile_items.values_list("level", flat=True)) == {"required"}
    with scopes_disabled():
        adopted.refresh_from_db()
        assert adopted.adopted_from_id == old.pk
        assert set(adopted.profile_items.values_list("item_id", "level")) == kept
    [note] = Notification.objects.filter(recipient=world.admin_a.user)
    assert note.kind == "profile.template_revised" and note.profile == adopted
    assert AuditEntry.objects.filter(action="competences.profile_template.revised").count() == 1
    stale = client.post(url, data)  # a form opened on the old version
    assert stale.status_code == 400 and "nieuwere versie" in stale.content.decode()
    sign_in(client, world.admin_a.user)
    page = client.get(_url("profiles")).content.decode()
    assert "nieuwere versie beschikbaar" in page and "jij volgt versie 1" in page
    assert "Neem over" not in page  # the earlier adoption counts for the new version


def test_every_new_version_tells_the_adopters_once(
    client, world, region, settings, django_capture_on_commit_callbacks
):
    """Versions 2, 3 and 4 (a third revision) each notify the organisation that adopted
    version 1: the newest notification replaces the unread one before it, and a delivery that
    runs twice adds none."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    network, _, coordinator, _ = region
    _adopt(client, world, region)
    template = _template(region)
    items = dict(template.profile_items.values_list("item_id", "level"))
    for version in (2, 3, 4):
        with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
            template = profile_template_revise(
                actor=coordinator.user,
                network=network,
                template=template,
                name="Werkbegeleider",
                description=f"Versie {version}",
                items=items,
            )
    with scopes_disabled():
        adopted = RequirementProfile.objects.get(organisation=world.org_a)
    notes = list(
        Notification.objects.filter(
            recipient=world.admin_a.user, kind="profile.template_revised", profile=adopted
        ).order_by("last_event_at")
    )
    assert len(notes) == 3 and all(note.emailed_at for note in notes)
    assert [note.read_at is None for note in notes] == [False, False, True]
    again = notify_people(
        kind="profile.template_revised",
        target=adopted,
        actor=coordinator.user,
        recipient_ids=[world.admin_a.user.pk],
        at=notes[2].last_event_at,
    )
    assert again == 0
    assert Notification.objects.filter(recipient=world.admin_a.user).count() == 3
