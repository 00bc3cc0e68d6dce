"""Months: a quarter delivered by month by every organisation shows its months, with one
pattern of hidden cells for the quarter and its three months. An exact attacker over the
quarter and its months together (tests/monitor/attack.py's algebra, per month) learns nothing."""

from __future__ import annotations

import random

import pytest

from tests.monitor.attack import Span, classes_of
from zorgwijs.monitor import disclosure
from zorgwijs.monitor.disclosure import Rules, protect_cells, protect_months
from zorgwijs.monitor.indicators import FAMILIES, FIGURE_FIELDS, OUTFLOW_FIELDS, STOCK_FIELDS
from zorgwijs.monitor.quarters import combine_months, contributions_of

RULES = Rules()


def row(sector: str, group: str = "", **values) -> dict:
    out = {name: 0.0 for name in FIGURE_FIELDS}
    out.update({"sector": sector, "function_group": group, "headcount": 100, "fte": 70})
    out.update(values)
    return out


def protect_quarter(months_by_org: dict[int, list[list[dict]]]):
    quarter = [
        c
        for org, months in months_by_org.items()
        for c in contributions_of(combine_months(months), org)
    ]
    quarter_cells = protect_cells(quarter, RULES)
    month_contributions = [
        [c for org, months in months_by_org.items() for c in contributions_of(months[i], org)]
        for i in range(3)
    ]
    return (
        quarter,
        quarter_cells,
        month_contributions,
        protect_months(month_contributions, quarter_cells, RULES),
    )


def joint_recoverable(quarter, quarter_cells, month_contributions, month_cells) -> list[str]:
    """Hidden cells (of the quarter or a month) and classes of too few organisations (per month
    or over the quarter) in the span of everything published for the quarter and its months.
    Percentages are left out: a quarter's percentage is not a sum of its months'."""
    found: list[str] = []
    for family in FAMILIES:
        if family.kind == "ratio":
            continue
        stock = all(p in STOCK_FIELDS for p in family.parts)
        contributions = [c for month in month_contributions for c in month] + quarter
        classes = sorted({(c.sector, c.group, p) for c in contributions for p in family.parts})
        dims = [(m, *k) for m in range(3) for k in classes]
        span = Span(dims)

        def month_vector(key, m, family=family, classes=classes):
            return {(m, *k) for k in classes_of(key, family, classes)}

        def quarter_vector(key, family=family, classes=classes, stock=stock):
            members = classes_of(key, family, classes)
            months = [2] if stock else [0, 1, 2]
            return {(m, *k) for m in months for k in members}

        for key, cell in quarter_cells.items():
            if key[0] == family.key and not cell.hidden:
                span.add(quarter_vector(key))
        for m, cells in enumerate(month_cells):
            for key, cell in cells.items():
                if key[0] == family.key and not cell.hidden:
                    span.add(month_vector(key, m))
        for key, cell in quarter_cells.items():
            vector = quarter_vector(key)
            if key[0] == family.key and cell.hidden and vector and span.contains(vector):
                found.append(f"hidden quarter cell {key}")
        for m, cells in enumerate(month_cells):
            for key, cell in cells.items():
                vector = month_vector(key, m)
                if key[0] == family.key and cell.hidden and vector and span.contains(vector):
                    found.append(f"hidden month {m + 1} cell {key}")
        # As attack.py: a class of fewer than the minimum organisations with rows in it, when
        # its value is not zero.
        for m, month in enumerate(month_contributions):
            owners: dict = {}
            values: dict = {}
            for c in month:
                for p in family.parts:
                    klass = (c.sector, c.group, p)
                    owners.setdefault(klass, set()).add(c.organisation)
                    values[klass] = values.get(klass, 0) + c.values.get(p, 0)
            for klass, orgs in owners.items():
                if (
                    len(orgs) < RULES.min_organisations
                    and values[klass]
                    and span.contains({(m, *klass)})
                ):
                    found.append(f"month {m + 1} class {family.key} {klass} of {sorted(orgs)}")
        owners, values = {}, {}
        for c in quarter:
            for p in family.parts:
                klass = (c.sector, c.group, p)
                owners.setdefault(klass, set()).add(c.organisation)
                values[klass] = values.get(klass, 0) + c.values.get(p, 0)
        for klass, orgs in owners.items():
            months = [2] if stock else [0, 1, 2]
            if (
                len(orgs) < RULES.min_organisations
                and values[klass]
                and span.contains({(m, *klass) for m in months})
            ):
                found.append(f"quarter class {family.key} {klass} of {sorted(orgs)}")
    return found


def test_months_show_the_same_hidden_cells_as_their_quarter():
    """GGZ has two organisations: hidden in the quarter and in every month; a VVT organisation
    dominates one month only, so VVT's inflow is hidden in all three months, not just that one."""
    orgs = {}
    for org in range(1, 6):
        orgs[org] = [[row("vvt", inflow=10)] for _ in range(3)]
    orgs[1][1] = [row("vvt", inflow=60)]  # dominates the second month only
    orgs[6] = [[row("ggz", inflow=5)] for _ in range(3)]
    orgs[7] = [[row("ggz", inflow=7)] for _ in range(3)]
    for org in (8, 9, 10):  # the smallest sector: hidden with GGZ (secondary), not VVT
        orgs[org] = [[row("ziekenhuis", inflow=3)] for _ in range(3)]
    quarter, quarter_cells, month_contributions, month_cells = protect_quarter(orgs)
    key = ("inflow", "sector", "ggz", "")
    assert quarter_cells[key].hidden
    assert all(cells[key].hidden for cells in month_cells)
    vvt = ("inflow", "sector", "vvt", "")
    assert not quarter_cells[vvt].hidden  # over the quarter nobody dominates
    assert all(cells[vvt].hidden for cells in month_cells)
    for cells in month_cells:
        assert {k for k, c in cells.items() if c.hidden and k[0] == "inflow"} == {
            k for k, c in month_cells[0].items() if c.hidden and k[0] == "inflow"
        }
    assert joint_recoverable(quarter, quarter_cells, month_contributions, month_cells) == []


def test_a_month_hidden_alone_cannot_be_recomputed_from_the_quarter():
    """One organisation's month: if only that month's cell were hidden, the quarter minus the
    two visible months would give it."""
    orgs = {org: [[row("vvt", headcount=100, inflow=10)] for _ in range(3)] for org in range(1, 5)}
    orgs[1][0] = [row("vvt", headcount=100, inflow=400)]
    orgs[5] = [[row("ziekenhuis", inflow=20)] for _ in range(3)]
    orgs[6] = [[row("ziekenhuis", inflow=20)] for _ in range(3)]
    orgs[7] = [[row("ziekenhuis", inflow=20)] for _ in range(3)]
    quarter, quarter_cells, month_contributions, month_cells = protect_quarter(orgs)
    assert joint_recoverable(quarter, quarter_cells, month_contributions, month_cells) == []


@pytest.mark.parametrize("seed", range(30))
def test_the_attacker_recovers_nothing_from_random_quarters_by_month(seed):
    rnd = random.Random(seed)
    sectors = ["vvt", "ziekenhuis", "ggz", "gehandicaptenzorg"][: rnd.randint(1, 4)]
    orgs: dict[int, list[list[dict]]] = {}
    for org in range(rnd.randint(3, 10)):
        sector = rnd.choice(sectors)
        groups = (
            rnd.sample(["verpleging", "medisch", "ondersteuning"], rnd.randint(1, 2))
            if rnd.random() < 0.3
            else [""]
        )
        headcount = rnd.choice([5, 30, 200, 1500])
        months = []
        for _month in range(3):
            rows = []
            for group in groups:
                outflow = {n: rnd.randint(0, max(1, headcount // 40)) for n in OUTFLOW_FIELDS}
                vacancies = rnd.randint(0, 20)
                rows.append(
                    row(
                        sector,
                        group,
                        headcount=headcount + rnd.randint(-3, 3),
                        fte=headcount * 0.7,
                        absence_percent=rnd.uniform(3, 9),
                        inflow=rnd.choice([0, rnd.randint(0, headcount // 8)]),
                        vacancies=vacancies,
                        vacancies_hard=rnd.randint(0, vacancies),
                        students=rnd.randint(0, 30),
                        temp_hours=rnd.randint(0, 2000),
                        absence_short=rnd.randint(0, headcount // 5),
                        **outflow,
                    )
                )
            months.append(rows)
        orgs[org] = months
    quarter, quarter_cells, month_contributions, month_cells = protect_quarter(orgs)
    assert joint_recoverable(quarter, quarter_cells, month_contributions, month_cells) == []
    flows = {f.key for f in FAMILIES if not all(p in STOCK_FIELDS for p in f.parts)}
    hidden = [{k for k, c in cells.items() if c.hidden and k[0] in flows} for cells in month_cells]
    assert hidden[0] == hidden[1] == hidden[2]  # one pattern for flows
    for key, cell in month_cells[2].items():  # a stock's last month is the quarter
        if key[0] not in flows:
            assert cell.hidden == quarter_cells[key].hidden, key
    for key, cell in quarter_cells.items():
        if cell.hidden and key[0] in flows:
            assert all(key not in cells or cells[key].hidden for cells in month_cells), key
    for cells in month_cells:
        for key, cell in cells.items():
            if not cell.hidden:
                assert len(cell.by_org) >= RULES.min_organisations, key
                assert disclosure.passes(
                    cell.by_org, cell.weight, RULES, ratio=key[0] == "absence"
                ), key


# Through the services and the page


@pytest.fixture
def by_month(monitor_world):
    """Q1 2024 delivered by month by five organisations (A with its secret headcount)."""
    import datetime

    import time_machine
    from django_scopes import scopes_disabled

    from tests.monitor.conftest import SECRET
    from tests.monitor.conftest import row as form_row
    from zorgwijs.monitor.services import releases_refresh, submission_create

    with time_machine.travel(datetime.date(2024, 4, 20)), scopes_disabled():
        for index, org in enumerate(monitor_world.orgs[:5]):
            for month in (1, 2, 3):
                submission_create(
                    actor=None,
                    organisation=org,
                    period_kind="month",
                    period_start=datetime.date(2024, month, 1),
                    rows=[
                        form_row(
                            headcount=SECRET if index == 0 else 200 + 10 * index,
                            inflow=3 + index + month,
                        )
                    ],
                )
    with scopes_disabled():
        releases_refresh(monitor_world.network)
    return monitor_world


@pytest.mark.django_db
def test_a_quarter_delivered_by_month_publishes_its_months(by_month):
    import datetime

    from zorgwijs.monitor.models import Release

    release = Release.objects.get(network=by_month.network, quarter=datetime.date(2024, 1, 1))
    assert sorted(release.months) == ["2024-01-01", "2024-02-01", "2024-03-01"]
    january = {tuple(c[:4]): c[4] for c in release.months["2024-01-01"]}
    assert january[("inflow", "total", "", "")] == 30  # 4+5+6+7+8 rounded to 5
    quarter = {tuple(c[:4]): c[4] for c in release.cells}
    assert quarter[("inflow", "total", "", "")] == 105  # 30+35+40 summed, rounded


@pytest.mark.django_db
def test_one_organisation_by_quarter_means_no_months(by_month):
    import datetime

    from tests.monitor.conftest import row as form_row
    from tests.monitor.conftest import submit_in_window
    from zorgwijs.monitor.models import Release

    submit_in_window(
        by_month.network, [(by_month.orgs[5], [form_row(headcount=300)], datetime.date(2024, 1, 1))]
    )
    release = Release.objects.get(network=by_month.network, quarter=datetime.date(2024, 1, 1))
    # The late quarter of one organisation waits (a change of one organisation alone).
    assert release.pending == 1
    assert len(release.months) == 3
    # Had it been published, the quarter would hold a quarterly organisation: no months.
    from zorgwijs.monitor.services import _month_cells

    snapshot = {**release.month_snapshot, str(by_month.orgs[5].pk): []}
    assert _month_cells(snapshot, release.month_snapshot, {}, RULES) is None


@pytest.mark.django_db
def test_the_page_and_exports_show_months_with_the_same_suppression(by_month, monkeypatch):
    import datetime

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from reportlab import rl_config

    from tests.monitor.conftest import SECRET
    from tests.signin import sign_in
    from zorgwijs.monitor.models import Release

    kwargs = {"org_slug": by_month.orgs[0].slug, "network_slug": by_month.network.slug}
    client = sign_in(Client(), by_month.adviser.user)
    page = client.get(reverse("monitor:network", kwargs=kwargs) + "?indicator=inflow&periode=maand")
    assert page.status_code == 200
    # Periods read as words, in Dutch by default ("mrt": the Dutch abbreviation).
    assert page.context["monitor"].labels == ["jan 2024", "feb 2024", "mrt 2024"]
    text = page.content.decode()
    assert "Per maand" in text and "Maand" in text
    quarter = client.get(reverse("monitor:network", kwargs=kwargs) + "?indicator=inflow")
    assert quarter.context["monitor"].labels == ["2024 K1"]
    csv = b"".join(client.get(reverse("monitor:export_csv", kwargs=kwargs)).streaming_content)
    assert b"jan 2024" in csv and b"2024 K1" in csv
    get_user_model().objects.filter(pk=by_month.adviser.user.pk).update(language="en")
    english = client.get(
        reverse("monitor:network", kwargs=kwargs) + "?indicator=inflow&periode=maand"
    )
    assert english.context["monitor"].labels == ["Jan 2024", "Feb 2024", "Mar 2024"]

    # The API serves the months on request, cell for cell as published (codes, not words).
    release = Release.objects.get(network=by_month.network, quarter=datetime.date(2024, 1, 1))
    published = {
        (datetime.date.fromisoformat(month).strftime("%Y-%m"), *item[:4]): item[4]
        for month, items in release.months.items()
        for item in items
    }
    api = f"/api/v1/organisations/{kwargs['org_slug']}/monitor/networks/{kwargs['network_slug']}"
    months = client.get(f"{api}/aggregates?period=month").json()
    assert len(months) == len(published)
    for cell in months:
        key = (cell["period"], cell["indicator"], cell["dimension"], cell["member"], cell["part"])
        assert cell["value"] == published[key], key
        assert cell["suppressed"] is (published[key] is None)
        assert cell["quarter"] == "2024-K1" and cell["period_kind"] == "month"
    assert any(c["suppressed"] for c in months)  # A dominates the headcount: hidden
    quarters = client.get(f"{api}/aggregates").json()
    assert {c["period"] for c in quarters} == {"2024-K1"}
    assert client.get(f"{api}/aggregates?period=week").status_code == 422

    # The annual report has a table per month too, with the same hidden cells (uncompressed
    # here, to read its text).
    monkeypatch.setattr(rl_config, "pageCompression", 0)
    pdf = client.get(reverse("monitor:annual_report", kwargs={**kwargs, "year": 2024}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"(Jan 2024)" in pdf.content and b"(2024 Q1)" in pdf.content
    assert b"(Region / sector, by month)" in pdf.content
    # The other organisation sees the months too, never A's own figure.
    other = sign_in(Client(), by_month.adviser_b.user)
    page_b = other.get(
        reverse(
            "monitor:network",
            kwargs={"org_slug": by_month.orgs[1].slug, "network_slug": by_month.network.slug},
        )
        + "?periode=maand"
    )
    assert str(SECRET) not in page_b.content.decode()
    csv_b = b"".join(
        other.get(
            reverse(
                "monitor:export_csv",
                kwargs={"org_slug": by_month.orgs[1].slug, "network_slug": by_month.network.slug},
            )
        ).streaming_content
    )
    assert str(SECRET).encode() not in csv_b
    api_b = other.get(
        f"/api/v1/organisations/{by_month.orgs[1].slug}/monitor/networks/"
        f"{by_month.network.slug}/aggregates?period=month"
    )
    assert api_b.status_code == 200 and str(SECRET) not in api_b.content.decode()
    pdf_b = other.get(
        reverse(
            "monitor:annual_report",
            kwargs={
                "org_slug": by_month.orgs[1].slug,
                "network_slug": by_month.network.slug,
                "year": 2024,
            },
        )
    )
    assert str(SECRET).encode() not in pdf_b.content
