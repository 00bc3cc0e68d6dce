"""The monitor's ten indicators fold behind one disclosure on a phone (the same folding list as
the section navigation), so the chart comes first; the summary names the indicator shown."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.fold_nav import current_link, folded_nav
from tests.monitor.test_links import _url
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_the_indicators_fold_and_the_current_one_is_named_and_marked(region):
    adviser = sign_in(Client(), region.adviser.user)
    html = adviser.get(_url("network", region) + "?indicator=outflow").content.decode()
    nav, details, order = folded_nav(html, "Indicator")
    assert details.find("summary").all_text() == "Indicator: Uitstroom"
    assert len(nav.find_all("a")) > 4
    current = current_link(nav)
    assert (current.all_text(), current.attrs["href"]) == ("Uitstroom", "?indicator=outflow")
    heading = next(e for e in order if e.tag == "h2" and e.all_text() == "Uitstroom")
    assert order.index(heading) > order.index(nav.find_all("a")[-1])
