"""The vocabulary's rules: who edits, no duplicate preferred label, no cycles, history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from zorgwijs.audit.models import AuditEntry
from zorgwijs.search.query import parse
from zorgwijs.vocabulary.glossary import import_entries
from zorgwijs.vocabulary.models import Concept, ConceptLabel, ConceptRevision
from zorgwijs.vocabulary.services import ConceptData, concept_create, concept_update

pytestmark = pytest.mark.django_db


def _concept(world, network, pref: str, **extra) -> Concept:
    return concept_create(
        actor=world.colleague_a.user,
        network=network,
        data=ConceptData(pref={"nl": pref}, **extra),
    )


def test_a_network_editor_adds_a_concept_with_labels_and_history(world, network):
    concept = _concept(
        world,
        network,
        "Situational awareness",
        alt={"nl": ["situationeel bewustzijn", "SA"]},
        hidden={"nl": ["situational awarenes"]},
        definition_nl="Weten wat er om je heen gebeurt en wat er gaat gebeuren.",
    )
    kinds = sorted(concept.labels.values_list("kind", "text"))
    assert ("hidden", "situational awarenes") in kinds and ("alt", "SA") in kinds
    assert concept.revisions.get().number == 1
    concept_update(
        actor=world.colleague_a.user,
        concept=concept,
        data=ConceptData(pref={"nl": "Situational awareness", "en": "Situational awareness"}),
    )
    assert [r.number for r in concept.revisions.all()] == [2, 1]
    assert AuditEntry.objects.filter(action__startswith="vocabulary.concept").count() == 2


def test_someone_who_is_no_editor_of_the_network_is_refused(world, network):
    for actor in (world.employee_a.user, world.outsider_b.user):
        with pytest.raises(ValidationError):
            concept_create(actor=actor, network=network, data=ConceptData(pref={"nl": "Briefing"}))
    assert not Concept.objects.exists()


def test_a_duplicate_preferred_label_in_one_language_is_refused(world, network):
    _concept(world, network, "Closed-loop communicatie")
    with pytest.raises(ValidationError) as refused:
        _concept(world, network, "closed-loop  Communicatie")
    assert "pref_nl" in refused.value.message_dict
    assert Concept.objects.count() == 1
    # The same word in another network's vocabulary is that network's business.
    concept_create(
        actor=None,
        network=None,
        data=ConceptData(pref={"nl": "Closed-loop communicatie"}),
        check_access=False,
    )


def test_a_cycle_of_broader_concepts_is_refused_and_nothing_changes(world, network):
    crm = _concept(world, network, "Crew resource management")
    communication = _concept(world, network, "Communicatie", broader=[crm])
    closed_loop = _concept(world, network, "Closed-loop", broader=[communication])
    for target, broader in ((crm, [closed_loop]), (crm, [crm]), (communication, [closed_loop])):
        with pytest.raises(ValidationError) as refused:
            concept_update(
                actor=world.colleague_a.user,
                concept=target,
                data=ConceptData(pref={"nl": target.pref_nl}, broader=broader),
            )
        assert "broader" in refused.value.message_dict
    crm.refresh_from_db()
    assert list(crm.broader.all()) == [] and crm.revision_number == 1
    assert list(communication.broader.all()) == [crm]


def test_the_glossary_moves_into_concepts_without_losing_a_synonym(world):
    entries = [
        ("VIM", ["veilig incident melden", "incidentmelding"], "Melden"),
        ("vim", ["VIM-melding"], ""),
        ("SEH", ["spoedeisende hulp"], ""),
    ]
    made = import_entries(
        entries,
        concept_model=Concept,
        label_model=ConceptLabel,
        revision_model=ConceptRevision,
    )
    assert made == 2
    vim = Concept.objects.get(pref_nl="VIM")
    assert sorted(vim.labels.values_list("text", flat=True)) == sorted(
        ["VIM", "veilig incident melden", "incidentmelding", "VIM-melding"]
    )
    assert vim.definition_nl == "Melden"
    # Search expands a synonym to every form of the concept.
    group = parse("spoedeisende hulp").groups[0]
    assert {"seh"} <= {a[0] for a in group.alternatives}
