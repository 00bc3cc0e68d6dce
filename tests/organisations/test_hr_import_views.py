"""HR import screens: upload → preview → apply, background processing, access, query count."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.organisations.test_hr_import_helpers import (
    csv_bytes,
    existing_rows,
)
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.hr_import.synthetic import synthetic_rows
from zorgwijs.organisations.models import HrImportJob, Membership

pytestmark = pytest.mark.django_db

NEW = [
    [
        "5001",
        "Sanne de Vries",
        "sanne@x.nl",
        "Cathlabverpleegkundige",
        "Hartcentrum/Cathlab",
        "",
        "2020-01-01",
        "",
    ],
    ["5002", "Bram Jansen", "bram@x.nl", "Verpleegkundige", "Hartcentrum/Nacht", "5001", "", ""],
]


@pytest.fixture(autouse=True)
def import_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def url(world, name="organisations:hr_import", **kwargs):
    return reverse(name, kwargs={"org_slug": world.org_a.slug, **kwargs})


def upload(client, world, data: bytes, name="hr.csv"):
    return client.post(url(world), {"file": SimpleUploadedFile(name, data)})


def only_job():
    with scopes_disabled():
        return HrImportJob.objects.get()


@pytest.fixture
def admin_client(client, world):
    sign_in(client, world.admin_a.user)
    return client


def test_upload_preview_apply(admin_client, world, settings):
    response = upload(admin_client, world, csv_bytes(existing_rows(world) + NEW))
    job = only_job()
    assert response.status_code == 302
    assert response["Location"] == url(world, "organisations:hr_import_job", job_id=job.pk)
    assert job.status == HrImportJob.Status.CHECKED
    with scopes_disabled():
        assert not Membership.objects.filter(employee_number="5001").exists()

    page = admin_client.get(response["Location"]).content.decode()
    assert "Sanne de Vries" in page and "Hartcentrum/Nacht" in page
    assert "Toepassen" in page

    response = admin_client.post(url(world, "organisations:hr_import_apply", job_id=job.pk))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == HrImportJob.Status.APPLIED
    assert job.applied_by == world.admin_a.user
    assert job.result["creates"] == 2
    assert not job.file  # the upload with personal data is not kept after applying
    assert not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))
    with scopes_disabled():
        bram = Membership.objects.get(organisation=world.org_a, employee_number="5002")
        assert bram.line_manager.employee_number == "5001"
    assert AuditEntry.objects.filter(action="organisations.hr_import.applied").count() == 1
    page = admin_client.get(url(world, "organisations:hr_import_job", job_id=job.pk))
    assert "De import is verwerkt" in page.content.decode()

    # Applying twice (a double click) does nothing more.
    admin_client.post(url(world, "organisations:hr_import_apply", job_id=job.pk))
    assert AuditEntry.objects.filter(action="organisations.hr_import.applied").count() == 1


def test_xlsx_upload_is_checked_like_csv(admin_client, world):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Personeelsnummer", "Naam", "E-mail", "Afdeling"])
    for row in existing_rows(world) + NEW:
        sheet.append([row[0], row[1], row[2], row[4]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(admin_client, world, buffer.getvalue(), name="Export HR.xlsx")
    job = only_job()
    assert job.status == HrImportJob.Status.CHECKED
    assert job.summary["counts"]["creates"] == 2
    assert job.summary["new_departments"] == ["Hartcentrum/Nacht"]


def test_preview_lists_every_bad_row_and_offers_no_apply(admin_client, world):
    rows = existing_rows(world) + [
        ["", "Jan", "jan@x.nl", "", "", "", "", ""],
        ["6", "Piet", "geen-mail", "", "", "", "", ""],
    ]
    upload(admin_client, world, csv_bytes(rows))
    job = only_job()
    assert job.error_count == 2
    page = admin_client.get(url(world, "organisations:hr_import_job", job_id=job.pk))
    html = page.content.decode()
    assert "Personeelsnummer ontbreekt." in html
    assert "Ongeldig e-mailadres: geen-mail." in html
    assert "Toepassen</button>" not in html
    response = admin_client.post(url(world, "organisations:hr_import_apply", job_id=job.pk))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == HrImportJob.Status.CHECKED


def test_large_file_is_processed_by_a_background_task_with_progress(admin_client, world, settings):
    settings.HR_IMPORT_INLINE_MAX_BYTES = 0  # everything goes through django-tasks
    upload(admin_client, world, csv_bytes(existing_rows(world) + NEW))
    job = only_job()
    assert job.status == HrImportJob.Status.CHECKED  # the immediate backend ran the task
    admin_client.post(url(world, "organisations:hr_import_apply", job_id=job.pk))
    job.refresh_from_db()
    assert job.status == HrImportJob.Status.APPLIED


def test_progress_partial_polls_while_busy_and_reloads_when_done(admin_client, world):
    upload(admin_client, world, csv_bytes(existing_rows(world) + NEW))
    job = only_job()
    with scopes_disabled():
        HrImportJob.objects.filter(pk=job.pk).update(
            status=HrImportJob.Status.CHECKING, rows_total=100, rows_done=40
        )
    progress_url = url(world, "organisations:hr_import_progress", job_id=job.pk)
    page = admin_client.get(url(world, "organisations:hr_import_job", job_id=job.pk))
    html = page.content.decode()
    assert f'hx-get="{progress_url}"' in html and 'hx-trigger="every 2s"' in html
    assert '<progress max="100" value="40"' in html
    assert "<script>" not in html
    with scopes_disabled():
        HrImportJob.objects.filter(pk=job.pk).update(status=HrImportJob.Status.CHECKED)
    response = admin_client.get(progress_url, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()
    response = admin_client.get(progress_url)  # without JavaScript: the job's page
    assert response.status_code == 302
    assert response["Location"] == url(world, "organisations:hr_import_job", job_id=job.pk)


def test_preview_warns_an_admin_who_would_end_their_own_membership(admin_client, world):
    rows = [r for r in existing_rows(world) if r[0] != world.admin_a.employee_number]
    upload(admin_client, world, csv_bytes(rows))
    html = admin_client.get(url(world, "organisations:hr_import_job", job_id=only_job().pk))
    assert "je eigen personeelsnummer staat niet in het bestand" in html.content.decode()
    upload(admin_client, world, csv_bytes(existing_rows(world) + NEW))
    html = admin_client.get(
        url(world, "organisations:hr_import_job", job_id=only_job_named("hr.csv", last=True).pk)
    )
    assert "je eigen personeelsnummer" not in html.content.decode()


def test_many_deactivations_need_a_confirmation(admin_client, world):
    from tests.factories import MembershipFactory

    with scopes_disabled():
        leavers = [MembershipFactory(organisation=world.org_a) for _ in range(10)]
    upload(admin_client, world, csv_bytes(existing_rows(world)))
    job = only_job()
    assert job.summary["counts"]["deactivations"] == 10
    html = admin_client.get(url(world, "organisations:hr_import_job", job_id=job.pk))
    assert "Ik begrijp dat 10 medewerkers vandaag uit dienst gaan." in html.content.decode()
    apply_url = url(world, "organisations:hr_import_apply", job_id=job.pk)
    admin_client.post(apply_url)
    job.refresh_from_db()
    assert job.status == HrImportJob.Status.CHECKED
    admin_client.post(apply_url, {"confirm": "1"})
    job.refresh_from_db()
    assert job.status == HrImportJob.Status.APPLIED
    with scopes_disabled():
        assert all(Membership.objects.get(pk=m.pk).end_date for m in leavers)


def test_history_lists_past_imports(admin_client, world):
    upload(admin_client, world, csv_bytes(existing_rows(world)), name="januari.csv")
    upload(admin_client, world, csv_bytes(existing_rows(world)), name="februari.csv")
    html = admin_client.get(url(world)).content.decode()
    assert "januari.csv" in html and "februari.csv" in html
    assert (
        "Er verandert niets"
        in admin_client.get(
            url(world, "organisations:hr_import_job", job_id=only_job_named("februari.csv").pk)
        ).content.decode()
    )


def only_job_named(name, last=False):
    with scopes_disabled():
        jobs = HrImportJob.objects.filter(original_name=name).order_by("pk")
        return jobs.last() if last else jobs.get()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("hr.pdf", b"%PDF", "Kies een bestand van het type .csv of .xlsx."),
        ("hr.xlsx", b"niet echt", "Dit is geen geldig XLSX-bestand."),
        ("hr.csv", b"", "leeg"),
    ],
)
def test_wrong_file_type_is_refused_with_a_message(admin_client, world, name, data, message):
    response = upload(admin_client, world, data, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    with scopes_disabled():
        assert not HrImportJob.objects.exists()


def test_too_large_file_is_refused(admin_client, world, monkeypatch):
    monkeypatch.setattr("zorgwijs.organisations.hr_import.forms.MAX_UPLOAD_BYTES", 10)
    response = upload(admin_client, world, csv_bytes(existing_rows(world)))
    assert response.status_code == 400
    assert "het maximum is 20 MB" in response.content.decode()


def test_unreadable_file_fails_with_a_clear_message(admin_client, world):
    upload(admin_client, world, b"naam;adres\nJan;Dorpsstraat 1\n")
    job = only_job()
    assert job.status == HrImportJob.Status.FAILED
    html = admin_client.get(url(world, "organisations:hr_import_job", job_id=job.pk)).content
    assert "Verplichte kolommen ontbreken" in html.decode()


def test_menu_shows_hr_import_to_admins_only(client, world):
    sign_in(client, world.admin_a.user)
    assert url(world).encode() in client.get(url(world, "organisations:dashboard")).content
    sign_in(client, world.employee_a.user)
    assert url(world).encode() not in client.get(url(world, "organisations:dashboard")).content


# --- access ----------------------------------------------------------------------------------


def job_for(world):
    with scopes_disabled():
        return HrImportJob.objects.create(
            organisation=world.org_a, original_name="x.csv", file="hr_import/x.csv"
        )


def all_urls(world, job):
    return [
        ("get", url(world)),
        ("post", url(world)),
        ("get", url(world, "organisations:hr_import_example")),
        ("get", url(world, "organisations:hr_import_job", job_id=job.pk)),
        ("get", url(world, "organisations:hr_import_progress", job_id=job.pk)),
        ("post", url(world, "organisations:hr_import_apply", job_id=job.pk)),
    ]


def test_plain_employee_gets_403(client, world):
    job = job_for(world)
    sign_in(client, world.employee_a.user)
    for method, address in all_urls(world, job):
        assert getattr(client, method)(address).status_code == 403, address


def test_member_of_another_organisation_gets_404(client, world):
    job = job_for(world)
    sign_in(client, world.outsider_b.user)
    for method, address in all_urls(world, job):
        assert getattr(client, method)(address).status_code == 404, address


def test_admin_of_another_organisation_cannot_see_this_organisations_jobs(client, world):
    from tests.factories import MembershipFactory, give_role
    from zorgwijs.organisations.models import Role

    job = job_for(world)
    with scopes_disabled():
        other_admin = MembershipFactory(organisation=world.org_b)
        give_role(other_admin, Role.ADMIN)
    sign_in(client, other_admin.user)
    address = reverse(
        "organisations:hr_import_job", kwargs={"org_slug": world.org_b.slug, "job_id": job.pk}
    )
    assert client.get(address).status_code == 404


# --- query count -----------------------------------------------------------------------------


def preview_queries(client, world, rows, django_assert_max_num_queries, limit):
    with scopes_disabled():
        HrImportJob.objects.all().delete()
    upload(client, world, csv_bytes(rows))
    job = only_job()
    address = url(world, "organisations:hr_import_job", job_id=job.pk)
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured)


def test_preview_query_count_does_not_grow_with_rows(
    admin_client, world, django_assert_max_num_queries
):
    def rows(n):
        return [
            [
                r["personeelsnummer"],
                r["naam"],
                r["e-mail"],
                r["functie"],
                r["afdeling"],
                r["leidinggevende"],
                r["in dienst"],
                r["uit dienst"],
            ]
            for r in synthetic_rows(n)
        ]

    small = preview_queries(admin_client, world, rows(5), django_assert_max_num_queries, 20)
    bad = rows(400) + [["", "X", "x@x.nl", "", "", "", "", ""]] * 150
    large = preview_queries(admin_client, world, bad, django_assert_max_num_queries, 20)
    assert large == small
