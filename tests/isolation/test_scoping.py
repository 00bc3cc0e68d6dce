"""Every model that reaches an organisation is scoped by django-scopes, or says why not.

A ``ScopedManager`` makes a query without an active scope raise ``ScopeError`` instead of
returning another organisation's rows (docs/tenancy.md, layer 4). A new model with a foreign
key path to ``Organisation`` fails here until it is scoped or listed below with its reason.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django_scopes import ScopeError

from zorgwijs.organisations.models import Organisation

SHARED_CONTENT = (
    "shared content with a Visibility, read only through visible_to / get_*_for_viewer "
    "(docs/tenancy.md, 'Visibility of shared content'); a ScopedManager would hide a network "
    "or public object from the other organisations"
)
WITHIN_SHARED_CONTENT = (
    "part of shared content, always fetched within its parent that the viewer may read "
    "(e.g. selectors.get_page(access, …) within the space)"
)

NOT_SCOPED: dict[str, str] = {
    "knowledge.Space": SHARED_CONTENT,
    "knowledge.SpaceMembership": (
        "a person's own place in a space, honoured only through "
        "SpaceMembership.objects.standing_for(viewer); editors list them within their space"
    ),
    "knowledge.Page": WITHIN_SHARED_CONTENT,
    "knowledge.PageRevision": WITHIN_SHARED_CONTENT,
    "knowledge.Attachment": WITHIN_SHARED_CONTENT,
    "knowledge.Suggestion": WITHIN_SHARED_CONTENT,
    "knowledge.SuggestionComment": WITHIN_SHARED_CONTENT,
    "knowledge.Question": WITHIN_SHARED_CONTENT,
    "knowledge.Answer": WITHIN_SHARED_CONTENT,
    "knowledge.AnswerVote": WITHIN_SHARED_CONTENT,
    "knowledge.QuestionComment": WITHIN_SHARED_CONTENT,
    "knowledge.PostRevision": WITHIN_SHARED_CONTENT,
    "projects.Project": SHARED_CONTENT,
    "projects.ProjectRevision": WITHIN_SHARED_CONTENT,
    "projects.ProjectAttachment": WITHIN_SHARED_CONTENT,
    "projects.ProjectReaction": WITHIN_SHARED_CONTENT,
    "projects.ReactionReport": WITHIN_SHARED_CONTENT,
    "needs.Need": SHARED_CONTENT,
    "needs.MeToo": WITHIN_SHARED_CONTENT,
    "needs.NeedAnswer": WITHIN_SHARED_CONTENT,
    "needs.NeedRevision": WITHIN_SHARED_CONTENT,
    "competences.CompetenceItem": (
        "the catalogue is shared in networks: a template has no organisation and is read by "
        "every member organisation; organisation items are filtered on request.org_access"
    ),
    "competences.ProfileItem": (
        "a line of a RequirementProfile, which is scoped; read only through its profile"
    ),
    "competences.IssuerKey": (
        "the public halves are a public directory by design (the JWKS and issuer pages let "
        "anyone verify a credential of any organisation); the private half is encrypted and "
        "read only by credentials/keys.py for the organisation that issues"
    ),
    "learning.Blueprint": (
        "shared like catalogue items: a network's blueprint has no organisation and is read by "
        "every member organisation; every read goes through learning/access.py blueprints_for"
    ),
    "learning.WorkProcess": "a part of a Blueprint, read only through its blueprint",
    "learning.Outcome": "a part of a Blueprint, read only through its blueprint",
    "learning.Curriculum": (
        "a school publishes what its track covers (no personal data); read through "
        "learning/access.py curricula_for, which applies its visibility"
    ),
    "learning.CurriculumOutcome": "a line of a Curriculum, read only through its curriculum",
    "learning.RouteTemplate": (
        "a route's steps without any person's data, shared in networks; read through "
        "learning/access.py (own organisation) or shared_template (visibility)"
    ),
    "projects.ProjectImportJob": (
        "jobs of the platform collection have no organisation, which a ScopedManager cannot "
        "express; every read goes through views/imports.py ImportOwner.jobs(), which filters on "
        "the owner (the organisation of request.org_access, or none for platform admins)"
    ),
    "organisations.NetworkMembership": (
        "platform data: which organisations form a network is shown to the network's members "
        "and managed by platform admins (docs/tenancy.md, 'Platform data')"
    ),
    "organisations.OrganisationApplication": (
        "platform data read only by platform admins (docs/tenancy.md, 'Platform data')"
    ),
    "notifications.Follow": (
        "a person's own rows (user=request.user); what they point at is checked with "
        "notifications.targets.may_read at every use"
    ),
    "notifications.Notification": (
        "a person's own rows (recipient=request.user); shown and mailed only while "
        "notifications.targets.may_read allows the object"
    ),
    "networks.FormerMember": (
        "the history of a network's membership (which organisation took part from when to "
        "when), platform data like organisations.NetworkMembership; read only through "
        "networks.selectors.former_members_of on the network's management and platform pages"
    ),
    "networks.Action": (
        "a network's action; its owner organisation is a public fact of the network's plan, "
        "read only through networks.access (the network's home), never an organisation's data"
    ),
    "networks.Signatory": (
        "a signatory of a network's convenant, a public fact of the convenant, read only "
        "through networks.access (the network's home)"
    ),
    "networks.Poster": (
        "a poster presented at a network's event, shown with its organisation's name as a "
        "public fact of the event; read only through networks.access (the event)"
    ),
    "networks.PosterScore": (
        "a juror's score of a poster, shown only as an average to the event's organisers "
        "through networks.access"
    ),
    "networks.PosterVote": (
        "a visitor's vote for a poster, counted per poster and never listed; read only "
        "through networks.access (the event)"
    ),
    "networks.AgendaItem": (
        "a line of a network's published knowledge agenda: totals over all ballots, never one "
        "organisation's choice; its need is shown only as Need.objects.visible_to allows"
    ),
    "scenarios.Scenario": SHARED_CONTENT,
    "scenarios.ScenarioVersion": WITHIN_SHARED_CONTENT,
    "scenarios.ScenarioRun": WITHIN_SHARED_CONTENT,
    "scenarios.ReviewAssignment": WITHIN_SHARED_CONTENT,
    "scenarios.ScenarioReview": WITHIN_SHARED_CONTENT,
    "scenarios.ScenarioComment": WITHIN_SHARED_CONTENT,
    "scenarios.ScenarioMaterial": WITHIN_SHARED_CONTENT,
    "scenarios.StarterKit": (
        "marks a network's knowledge space as its starter kit: read with the space through "
        "knowledge.access, holds no one's personal data"
    ),
    "scenarios.StarterKitCopy": (
        "the provenance of a copied knowledge space (kit and version): shown only with that "
        "space, read through knowledge.access; no personal data"
    ),
    "scenarios.TrainerStandard": (
        "marks which competence template a network shares is its trainer standard: network "
        "data, no one's personal data; who holds it is read through experts' opt-in profiles"
    ),
}


def _path_to_organisation(model, seen=frozenset()) -> list[str] | None:
    """The first chain of foreign keys (or one-to-ones) from ``model`` to ``Organisation``."""
    if model in seen:
        return None
    for field in model._meta.get_fields():
        if not (field.concrete and (field.many_to_one or field.one_to_one)):
            continue
        target = field.related_model
        if target is Organisation:
            return [field.name]
        rest = _path_to_organisation(target, seen | {model})
        if rest:
            return [field.name, *rest]
    return None


def _reaching_models() -> dict[str, list[str]]:
    found = {}
    for model in apps.get_models():
        if model.__module__.startswith("zorgwijs.") and model is not Organisation:
            path = _path_to_organisation(model)
            if path:
                found[model._meta.label] = path
    return found


REACHING = _reaching_models()


def _is_scoped(model: type[models.Model]) -> bool:
    """Outside any scope a scoped manager refuses to query at all."""
    try:
        model._default_manager.filter(pk=0).exists()
    except ScopeError:
        return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(REACHING))
def test_every_model_reaching_an_organisation_is_scoped_or_says_why(label: str):
    model = apps.get_model(label)
    path = "__".join(REACHING[label])
    if label in NOT_SCOPED:
        assert not _is_scoped(model), f"{label} is scoped now: remove it from NOT_SCOPED"
        assert len(NOT_SCOPED[label]) > 40, f"{label}: give the reason it is safe unscoped"
        return
    assert _is_scoped(model), (
        f"{label} reaches an organisation ({path}) but has no ScopedManager: scope it "
        "(ScopedManager(organisation=…)) or add it to NOT_SCOPED in "
        "tests/isolation/test_scoping.py with the reason that is safe."
    )


def test_the_allow_list_names_only_models_that_exist_and_reach_an_organisation():
    assert set(NOT_SCOPED) <= set(REACHING), set(NOT_SCOPED) - set(REACHING)


@pytest.mark.django_db
def test_the_scoping_check_sees_the_known_cases():
    """Guards the check itself: Membership is scoped, Space (shared content) is not."""
    assert "organisations.Membership" in REACHING and "knowledge.Space" in REACHING
    assert _is_scoped(apps.get_model("organisations.Membership"))
    assert not _is_scoped(apps.get_model("knowledge.Space"))
