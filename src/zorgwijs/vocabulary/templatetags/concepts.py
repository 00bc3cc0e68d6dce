"""``{% annotate_concepts html as annotated %}``: any app's page shows the definitions of the
vocabulary's concepts it mentions (``annotated.html``, ``annotated.concepts``)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.safestring import SafeString

from ..annotate import annotate_html
from ..models import Concept

register = template.Library()


@dataclass(frozen=True)
class Annotated:
    html: SafeString
    concepts: list[Concept]


@register.simple_tag
def annotate_concepts(html: SafeString) -> Annotated:
    """``html`` must be safe already (a rendered, sanitised page body)."""
    shown, concepts = annotate_html(html)
    return Annotated(shown, concepts)
