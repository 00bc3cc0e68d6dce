"""Comparable projects are computed when the corpus changes, not on every view: cached under
the index generation, so any change of the index shows at once."""

from __future__ import annotations

from unittest import mock

from django_scopes import scopes_disabled

from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import ANONYMOUS, viewer_for
from zorgwijs.projects import similar as similar_module
from zorgwijs.projects.services import project_create, project_update
from zorgwijs.search.selectors import index_generation


def _project(world, title, summary, visibility=Visibility.PUBLIC):
    with scopes_disabled():
        return project_create(
            actor=None,
            organisation=world.org_a,
            data={"title": title, "summary": summary, "visibility": visibility},
        )


def test_a_second_view_reuses_the_list_and_a_change_renews_it(world):
    source = _project(world, "Zelfroosteren op de afdeling", "Verpleegkundigen plannen zelf.")
    _project(world, "Zelfroosteren in het verpleeghuis", "Teams maken hun rooster.")
    ranked = mock.Mock(wraps=similar_module._rank)
    with mock.patch.object(similar_module, "_rank", ranked):
        first = similar_module.project_similar(viewer=ANONYMOUS, project=source)
        again = similar_module.project_similar(viewer=ANONYMOUS, project=source, limit=1)
        assert ranked.call_count == 1
        assert [s.project.title for s in first] == ["Zelfroosteren in het verpleeghuis"]
        assert [s.project.pk for s in again] == [first[0].project.pk]
        before = index_generation()
        _project(world, "Zelfroosteren op de IC", "Ook de IC plant zelf.")
        assert index_generation() > before
        renewed = similar_module.project_similar(viewer=ANONYMOUS, project=source)
        assert ranked.call_count == 2
        assert "Zelfroosteren op de IC" in [s.project.title for s in renewed]


def test_what_a_viewer_may_read_is_part_of_the_key(world):
    source = _project(world, "Valpreventie thuis", "Screening op valrisico.")
    _project(world, "Valpreventie intern", "Valrisico binnen de muren.", Visibility.ORGANISATION)
    member = viewer_for(world.employee_a.user)
    assert [s.project.title for s in similar_module.project_similar(viewer=member, project=source)]
    assert similar_module.project_similar(viewer=ANONYMOUS, project=source) == []
    outsider = viewer_for(world.outsider_b.user)
    assert similar_module.project_similar(viewer=outsider, project=source) == []


def test_an_edit_of_a_candidate_renews_the_list(world):
    source = _project(world, "Beeldbellen in de wijk", "Zorg op afstand met beeldbellen.")
    other = _project(world, "Nachtzorg thuis", "Een beeldscherm bij cliënten.")
    assert similar_module.project_similar(viewer=ANONYMOUS, project=source) == []
    with scopes_disabled():
        project_update(
            actor=None,
            project=other,
            data={"title": "Beeldbellen in de nacht", "summary": other.summary},
        )
    titles = [
        s.project.title for s in similar_module.project_similar(viewer=ANONYMOUS, project=source)
    ]
    assert titles == ["Beeldbellen in de nacht"]


def test_the_cache_keeps_plain_values_and_the_reasons_follow_the_readers_language(world):
    from django.core.cache import cache
    from django.utils import translation

    source = _project(world, "Zelfroosteren op de afdeling", "Verpleegkundigen plannen zelf.")
    _project(world, "Zelfroosteren in het verpleeghuis", "Teams maken hun rooster.")
    with translation.override("nl"):
        dutch = similar_module.project_similar(viewer=ANONYMOUS, project=source)
    cached = cache.get(similar_module._cache_key(ANONYMOUS, source))
    assert [hit.object_id for hit, _score in cached] == [s.project.pk for s in dutch]
    with translation.override("en"):
        english = similar_module.project_similar(viewer=ANONYMOUS, project=source)
    assert [s.project.pk for s in english] == [s.project.pk for s in dutch]
    assert dutch[0].reasons[-1].startswith("ook "), dutch[0].reasons  # the same status
    assert english[0].reasons[-1].startswith("also "), english[0].reasons
