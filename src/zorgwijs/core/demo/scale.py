"""`zorgwijs_demo --size N`: one large organisation for benchmarks, built the way a real one
would be: an HR import of N employees, then catalogue, profiles and years of history."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django_scopes import scope

from zorgwijs.organisations.hr_import import hr_import_apply, hr_import_plan, parse_hr_file
from zorgwijs.organisations.hr_import.synthetic import synthetic_rows, write_csv
from zorgwijs.organisations.models import Organisation, OrganisationKind


def scale_organisation_load(*, size: int, stdout=None, seed: int = 1) -> Organisation:
    slug = f"schaal-{size}"
    organisation, created = Organisation.objects.get_or_create(
        slug=slug,
        defaults={
            "name": f"Schaalziekenhuis ({size} medewerkers)",
            "kind": OrganisationKind.HOSPITAL,
            "province": "utrecht",
            "require_mfa_for_sensitive_roles": False,
        },
    )
    if not created:
        return organisation
    actor = get_user_model().objects.filter(is_platform_admin=True).first()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(
            synthetic_rows(size, seed=seed, domain=f"{slug}.example"), Path(tmp) / "hr.csv"
        )
        plan = hr_import_plan(organisation=organisation, parsed=parse_hr_file(path))
    hr_import_apply(actor=actor, organisation=organisation, plan=plan)
    from zorgwijs.competences.scale import competences_scale_load

    with scope(organisation=organisation.pk):
        figures = competences_scale_load(organisation=organisation, actor=actor, seed=seed)
    if stdout is not None:
        stdout.write(
            f"{figures['items']} bekwaamheden, {figures['lines']} paspoortregels, "
            f"{figures['records']} registraties."
        )
    return organisation
