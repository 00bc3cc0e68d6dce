"""Sections that other apps add to a space's page, without the knowledge app knowing them.

An app registers ``SpaceSection(template, load)`` in its ``AppConfig.ready``; ``load(access)``
returns what the template shows for that space and viewer, or nothing to leave the section out.
Incidents use it to list the lessons published to a space.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .access import SpaceAccess


@dataclass(frozen=True)
class SpaceSection:
    template: str
    load: Callable[[SpaceAccess], object]


@dataclass(frozen=True)
class LoadedSection:
    template: str
    content: object


_SECTIONS: list[SpaceSection] = []


def register_space_section(section: SpaceSection) -> None:
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def space_sections(access: SpaceAccess) -> list[LoadedSection]:
    loaded = (LoadedSection(s.template, s.load(access)) for s in _SECTIONS)
    return [section for section in loaded if section.content]
