from __future__ import annotations

from zorgwijs.needs.services import need_create
from zorgwijs.organisations.models import Visibility


def make_need(
    membership,
    title,
    *,
    visibility=Visibility.PUBLIC,
    themes=(),
    region="Rivierenland",
    kind="kennisvraag",
):
    return need_create(
        actor=membership.user,
        organisation=membership.organisation,
        themes=list(themes),
        data={
            "title": title,
            "kind": kind,
            "visibility": visibility,
            "region": region,
            "description": "Wie weet hoe dit moet?",
        },
    )
