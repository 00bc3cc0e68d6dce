from __future__ import annotations

import datetime
import io

import pytest
from django_scopes import scopes_disabled
from openpyxl import Workbook

from tests.double_submit import token_in
from tests.factories import MembershipFactory, UserFactory
from tests.monitor.test_views import client_of, url, _csv
from zorgwijs.monitor.models import FigureRow, Submission

pytestmark = pytest.mark.django_db


def _counts():
    with scopes_disabled():
        return Submission.objects.count(), FigureRow.objects.count()


def test_xlsx_upload_and_reupload(monitor_world):
    client = client_of(monitor_world.adviser)
    org = monitor_world.orgs[0]
    book = Workbook()
    sheet = book.active
    sheet.append(["periode", "sector", "functiegroep", "medewerkers", "fte", "verzuimpercentage"])
    sheet.append(["2024-K1", "ziekenhuis", "", 400, 280.5, 6.1])
    sheet.append(["2024-K1", "ggz", "verpleging", 40, 28, 5])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "cijfers.xlsx"
    response = client.post(url("upload", org), {"file": data})
    print(response.status_code, response.get("Location"))
    page = client.get(response["Location"])
    print(page.context["errors"], page.context["job"].summary)
    token = token_in(page)
    print(client.post(response["Location"], {"submission_token": token}).status_code)
    print(_counts())
    # the same file again
    data.seek(0)
    r2 = client.post(url("upload", org), {"file": data})
    page2 = client.get(r2["Location"])
    print("again", page2.context["errors"])
    print(_counts())


def test_derived_numbers(monitor_world):
    org = monitor_world.orgs[0]
    with scopes_disabled():
        from zorgwijs.organisations.models import Membership
        base = Membership.objects.filter(organisation=org).count()
        print("existing memberships", base, list(Membership.objects.filter(organisation=org).values_list("start_date", "end_date")))
        MembershipFactory(organisation=org, user=UserFactory(), start_date=datetime.date(2024, 2, 1))
        MembershipFactory(organisation=org, user=UserFactory(), start_date=datetime.date(2020, 2, 1), end_date=datetime.date(2024, 3, 10))
        MembershipFactory(organisation=org, user=UserFactory(), start_date=datetime.date(2020, 2, 1), end_date=datetime.date(2023, 12, 31))
        MembershipFactory(organisation=org, user=UserFactory(), start_date=datetime.date(2020, 2, 1), end_date=datetime.date(2024, 3, 31))
        from zorgwijs.monitor.services import derived_rows
        print(derived_rows(org, "quarter", datetime.date(2024, 1, 1)))


def test_annual_report_years(region):
    client = client_of(region.adviser)
    org = region.orgs[0]
    for year in (1999, 2024, 9999):
        r = client.get(url("annual_report", org, network_slug=region.network.slug, year=year))
        print(year, r.status_code, r.get("Content-Type"))
    r = client.get(f"/api/v1/organisations/{org.slug}/monitor/networks/{region.network.slug}/aggregates?since=zzz")
    print("since", r.status_code, r.content[:200])
    r = client.get(f"/api/v1/organisations/{org.slug}/monitor/networks/{region.network.slug}/aggregates?period=week")
    print("period", r.status_code)
    r = client.get(url("new", org) + "?van=999999")
    print("van", r.status_code)
    r = client.get(url("network", org, network_slug=region.network.slug) + "?indicator=bogus&periode=maand")
    print("bogus", r.status_code)
    # employee of A without monitor.view
    r = client.get(url("export_csv", org, network_slug=region.network.slug))
    print("csv", r.status_code)
