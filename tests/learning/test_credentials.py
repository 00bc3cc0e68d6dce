"""A completed learning route as an Open Badges credential: issued by the learner from his
route, in both forms, checked by the independent Node verifier and the public check page, and
nobody else's to issue or read."""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace

import jwt
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.competences.test_credentials_data_integrity import _node_verify
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.credentials.models import IssuedCredential
from zorgwijs.competences.credentials.verifying import credential_verify
from zorgwijs.learning.models import RouteState, RouteStep
from zorgwijs.lib.dates import calendar_day

from .factories import active_route, outline

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"
MY_ROUTE = reverse("learning:my_route", kwargs={"org_slug": SLUG})


@pytest.fixture
def route(world):
    plan = outline(world.org_a, world.admin_a.user)
    start = timezone.localdate() - datetime.timedelta(days=90)
    return active_route(world, plan.blueprint, start=start)


def _complete(route):
    """Every step done and the route completed (its credential names the outcomes covered)."""
    with scopes_disabled():
        RouteStep.objects.filter(route=route).update(done_on=timezone.localdate())
        route.state = RouteState.COMPLETED
        route.completed_at = timezone.now()
        route.save(update_fields=["state", "completed_at"])
    return route


def _issue_url(route):
    return reverse(
        "learning:my_route_credential", kwargs={"org_slug": SLUG, "completed_route_id": route.pk}
    )


def test_learner_issues_a_completed_route_and_both_verifiers_accept_it(world, client, route):
    sign_in(client, world.employee_a.user)
    assert _issue_url(route) not in client.get(MY_ROUTE).content.decode()  # not yet completed
    _complete(route)
    assert _issue_url(route) in client.get(MY_ROUTE).content.decode()
    response = client.post(_issue_url(route))
    with scopes_disabled():
        credential = IssuedCredential.objects.get(route=route)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/bewijs/{credential.pk}/"
    )
    assert client.post(_issue_url(route))["Location"] == response["Location"]  # issued once
    with scopes_disabled():
        assert IssuedCredential.objects.filter(route=route).count() == 1
        assert AuditEntry.objects.filter(action="learning.credential.issued").count() == 1
    document = credential.document
    subject = document["credentialSubject"]
    assert subject["achievement"]["name"] == "Interventiemedewerker"
    assert subject["achievement"]["achievementType"] == "LearningProgram"
    # What the route covered: its blueprint, and per outcome code, title, work process and
    # the level reached, as Open Badges alignments and results (signed in both forms).
    alignment = {a["targetName"]: a for a in subject["achievement"]["alignment"]}
    assert alignment["Interventiemedewerker"]["targetType"] == "ext:Blueprint"
    assert alignment["Interventiemedewerker"]["targetCode"] == "v1"
    assert alignment["Werkt steriel"]["targetCode"] == "IC-2"
    assert alignment["Werkt steriel"]["targetDescription"] == "WP1 Voorbereiden"
    assert len(subject["result"]) == len(subject["achievement"]["resultDescription"]) == 4
    assert {r["status"] for r in subject["result"]} == {"Completed"}
    assert subject["activityStartDate"] == route.start_date.isoformat()
    assert subject["activityEndDate"] == timezone.localdate().isoformat()
    valid_from = datetime.datetime.fromisoformat(document["validFrom"].replace("Z", "+00:00"))
    assert calendar_day(valid_from) == timezone.localdate()
    claims = jwt.decode(credential.token, options={"verify_signature": False})
    assert claims["credentialSubject"] == subject
    assert credential_verify(json.dumps(document)).ok
    assert credential_verify(credential.token).ok
    assert _node_verify(client, document) == {"verified": True, "revoked": False, "error": None}
    checked = client.post(reverse("credentials:verify"), {"bewijs": json.dumps(document)})
    body = checked.content.decode()
    assert checked.status_code == 200 and "Geldig bewijs" in body
    assert "Interventiemedewerker" in body
    # Labelled as what it is, never as a competence declaration.
    assert "<dt>Leerroute afgerond</dt>" in body and "<dt>Bekwaamheid</dt>" not in body
    wallet = client.get(response["Location"] + "?download=wallet")
    assert wallet["Content-Type"] == "application/vc"
    assert json.loads(wallet.content) == document
    # Listed among the learner's own credentials.
    mine = client.get(reverse("competences:credentials_mine", kwargs={"org_slug": SLUG}))
    assert "Interventiemedewerker" in mine.content.decode()
    assert "Leerroute afgerond" in mine.content.decode()


def test_an_unfinished_route_is_refused(world, client, route):
    sign_in(client, world.employee_a.user)
    response = client.post(_issue_url(route), follow=True)
    assert "Alleen een afgeronde leerroute" in response.content.decode()
    with scopes_disabled():
        assert not IssuedCredential.objects.exists()


def test_nobody_else_issues_or_reads_it(world, client, route, coordinator):
    _complete(route)
    sign_in(client, world.employee_a.user)
    detail = client.post(_issue_url(route))["Location"]
    for member in (world.manager_a, coordinator, world.admin_a, world.outsider_b):
        other = sign_in(Client(), member.user)
        assert other.post(_issue_url(route)).status_code == 404, member
        assert other.get(detail).status_code == 404, member
        assert other.get(detail + "?download=wallet").status_code == 404, member
    with scopes_disabled():
        assert IssuedCredential.objects.count() == 1


def test_revoked_by_the_learner_or_a_reopened_route_shows_in_the_status_list(world, client, route):
    _complete(route)
    sign_in(client, world.employee_a.user)
    detail = client.post(_issue_url(route))["Location"]
    with scopes_disabled():
        credential = IssuedCredential.objects.get(route=route)
        route.state = RouteState.ACTIVE  # reopened: no longer completed
        route.save(update_fields=["state"])
    assert credential_verify(json.dumps(credential.document)).revoked is True
    with scopes_disabled():
        route.state = RouteState.COMPLETED
        route.save(update_fields=["state"])
    assert credential_verify(json.dumps(credential.document)).revoked is False
    response = client.post(detail, {"reason": "Niet meer nodig"})
    assert response.status_code == 302
    assert credential_verify(json.dumps(credential.document)).revoked is True
    assert _node_verify(client, credential.document)["revoked"] is True
    # A revoked credential is not handed out again: a new one is made.
    assert client.post(_issue_url(route))["Location"] != detail


def test_a_completed_route_taken_over_elsewhere_is_prior_learning(world, route):
    """At another organisation a completed route is competence gained elsewhere (prior
    learning), never an external certificate; an achievement of another kind is refused."""
    from django.core.exceptions import ValidationError
    from django_scopes import scope

    from tests.competences.factories import DeviceFactory
    from zorgwijs.competences.credentials.importing import credential_import, evidence_kind_of
    from zorgwijs.competences.credentials.verifying import Verification
    from zorgwijs.learning.services.credentials import route_credential

    _complete(route)
    with scopes_disabled():
        credential = route_credential(actor=world.employee_a.user, route=route)
        role = DeviceFactory(organisation=world.org_b, evidence_kinds=["prior", "certificate"])
        certificate_only = DeviceFactory(organisation=world.org_b, evidence_kinds=["certificate"])
    verification = credential_verify(credential.token)
    take_over = {"actor": world.outsider_b.user, "membership": world.outsider_b}
    with scope(organisation=world.org_b.pk):
        with pytest.raises(ValidationError, match="elders afgeronde leerroute"):
            credential_import(item=certificate_only, verification=verification, **take_over)
        record = credential_import(item=role, verification=verification, **take_over)
    assert record.evidence_kind == "prior" and "Leerroute afgerond" in record.note
    badge = Verification(
        token="", credential={"credentialSubject": {"achievement": {"achievementType": "Badge"}}}
    )
    with pytest.raises(ValidationError, match="kan niet worden overgenomen"):
        evidence_kind_of(badge, role)


@pytest.fixture
def taken_over(world):
    """A network template (shared by a third hospital) adopted by A, which adds an outcome of
    its own, and by B, whose IC-1 has another title and asks a level more; Eva completes her
    route at A and takes its credential along."""
    from tests.factories import NetworkFactory, OrganisationFactory
    from zorgwijs.learning.models import Level, ProofKind
    from zorgwijs.learning.services.blueprints import (
        blueprint_adopt,
        blueprint_publish,
        blueprint_share,
        outcome_add,
    )
    from zorgwijs.learning.services.credentials import route_credential
    from zorgwijs.organisations.models import NetworkMembership

    with scopes_disabled():
        network = NetworkFactory(name="Regio Zuidwest", slug="regio-zuidwest")
        first = OrganisationFactory(name="Regioziekenhuis", slug="regioziekenhuis")
        for org in (first, world.org_a, world.org_b):
            NetworkMembership.objects.create(network=network, organisation=org)
    plan = outline(first, None)
    with scopes_disabled():
        template = blueprint_share(
            actor=None, organisation=first, blueprint=plan.blueprint, network=network
        )
        at_a = blueprint_adopt(actor=None, organisation=world.org_a, template=template)
        outcome_add(
            actor=None,
            blueprint=at_a,
            process=at_a.processes.get(code="WP2"),
            data={
                "code": "IC-5",
                "title": "Legt een drukverband aan",
                "indicators": "Controleert de lies",
                "proof": ProofKind.PRACTICAL,
                "level": Level.DOES,
                "learn_by": "internship",
                "learn_hours": 8,
                "assess_hours": 1,
            },
        )
        at_a = blueprint_publish(actor=None, blueprint=at_a)
        at_b = blueprint_adopt(actor=None, organisation=world.org_b, template=template)
        at_b.outcomes.filter(code="IC-1").update(title="Kent de coronairanatomie", level=3)
        at_b = blueprint_publish(actor=None, blueprint=at_b)
    route = _complete(active_route(world, at_a))
    with scopes_disabled():
        credential = route_credential(actor=world.employee_a.user, route=route)
    return SimpleNamespace(credential=credential, at_b=at_b)


def test_a_route_taken_over_elsewhere_credits_its_outcomes_in_the_gap(world, client, taken_over):
    """B's coordinator sees which outcomes the route counts for (by the network template,
    whatever B titled them) and which have no counterpart; importing records them as prior
    learning, so B's gap analysis credits them at the level reached. A tampered credential
    is refused, the same one twice adds nothing, and nothing of A shows beyond the
    credential's own contents."""
    from tests.competences.factories import DeviceFactory
    from tests.factories import OrganisationFactory, give_role
    from zorgwijs.competences.models import CompetenceRecord
    from zorgwijs.learning.gap import analyse
    from zorgwijs.learning.models import PriorLearning
    from zorgwijs.learning.prior_credit import matches
    from zorgwijs.organisations.models import Role

    credential = taken_over.credential
    achievement = credential.document["credentialSubject"]["achievement"]
    kinds = {a["targetType"] for a in achievement["alignment"]}
    assert kinds == {"ext:Blueprint", "ext:BlueprintTemplate", "ceasn:Competency"}
    private = ("Mark Leiding", "Anna Beheer", "Cathlab", "Hartcentrum")
    assert not any(p in json.dumps(credential.document, ensure_ascii=False) for p in private)
    with scopes_disabled():
        role = DeviceFactory(
            organisation=world.org_b, name="Interventiemedewerker", evidence_kinds=["prior"]
        )
        give_role(world.outsider_b, Role.COORDINATOR)
    world.org_b.require_mfa_for_sensitive_roles = False
    world.org_b.save()
    sign_in(client, world.outsider_b.user)
    url = reverse(
        "competences:credential_import",
        kwargs={"org_slug": "noorderzorg", "membership_id": world.outsider_b.pk},
    )
    take_over = {"action": "import", "item": role.pk, "name_checked": "on"}

    tampered = json.loads(json.dumps(credential.document))
    level = tampered["credentialSubject"]["achievement"]["resultDescription"][0]
    level["rubricCriterionLevel"][0]["level"] = "4"  # IC-1 was level 2
    body = client.post(url, {"token": json.dumps(tampered), **take_over}).content.decode()
    assert "Niet geldig" in body and "Leeruitkomsten als eerder leren" not in body

    body = client.post(url, {"token": credential.token, "action": "check"}).content.decode()
    assert "Geldig bewijs" in body and f'value="{role.pk}" selected' in body
    assert (
        "IC-1 Kent de anatomie van de kransvaten (niveau 2): telt voor IC-1 in "
        "Interventiemedewerker (v1)"
    ) in body
    unmatched = body.split("data-unmatched>")[1].split("</ul>")[0]
    assert "IC-5 Legt een drukverband aan" in unmatched and "IC-1" not in unmatched
    assert not any(p in body for p in private)

    with scopes_disabled():
        assert not PriorLearning.objects.exists()
        entries = AuditEntry.objects.filter(organisation_id=world.org_b.pk).count()
    assert client.post(url, {"token": credential.token, **take_over}).status_code == 302
    with scopes_disabled():
        priors = list(PriorLearning.objects.filter(membership=world.outsider_b))
        levels = {code: p.level for p in priors for code in p.codes}
        assert levels == {"IC-1": 2, "IC-2": 3, "IC-3": 4, "IC-4": 4}
        assert {(p.kind, p.state) for p in priors} == {("credential", "accepted")}
        record = CompetenceRecord.objects.get(organisation=world.org_b, source="credential")
        assert record.item == role and record.evidence_kind == "prior"
        assert "IC-1, IC-2, IC-3, IC-4" in record.note
        assert AuditEntry.objects.filter(organisation_id=world.org_b.pk).count() == entries + 1
        gap = analyse(taken_over.at_b, [world.outsider_b])[0]
    assert {row.outcome.code: row.status for row in gap.rows} == {
        "IC-1": "partly",  # B asks level 3
        "IC-2": "covered",
        "IC-3": "covered",
        "IC-4": "covered",
    }
    evidence = gap.by_outcome()[gap.outcomes[1].pk].evidence[0]
    assert "Leerroute Interventiemedewerker afgerond bij Rivierenland Ziekenhuis" in evidence

    again = client.post(url, {"token": credential.token, **take_over})
    assert "al overgenomen" in again.content.decode()
    with scopes_disabled():
        assert PriorLearning.objects.count() == len(priors)

    # Without a shared template: the same code and title in a blueprint of the same role.
    with scopes_disabled():
        elsewhere = OrganisationFactory(name="Elders", slug="elders")
    outline(elsewhere, None)
    found, missing = matches(elsewhere, credential_verify(credential.token))
    assert sorted(outcome.code for _covered, outcome in found) == ["IC-1", "IC-2", "IC-3", "IC-4"]
    assert [str(covered) for covered in missing] == ["IC-5 Legt een drukverband aan"]
