"""Someone outside the member organisations joins the regional network (seeds 000 and 004
invite them): makes an account on the network's join page (passwords that differ first),
confirms the address with the mailed link, signs in, accepts the terms and is a participant;
then, in English, opens the network's pages a participant reads."""

from __future__ import annotations

import re
import time

NETWORK = "/netwerken/leren-is-altijd"
RUN = str(int(time.time()))[-6:]
EMAIL = f"anouk.{RUN}@mantelzorg.example"
PASSWORD = f"Leren-is-altijd-{RUN}!"


def test_an_outsider_joins_the_network_as_participant(new_visit):
    person = new_visit()
    person.go(f"{NETWORK}/meedoen/")
    person.expect_language("nl")
    form = "main form:has(input[name=email])"
    person.page.fill(f"{form} input[name=full_name]", "Anouk de Wit")
    person.page.fill(f"{form} input[name=email]", EMAIL)
    person.page.fill(f"{form} input[name=password1]", PASSWORD)
    person.page.fill(f"{form} input[name=password2]", PASSWORD + "x")
    person.submit_refused(form, "password2")
    person.page.fill(f"{form} input[name=password1]", PASSWORD)
    person.page.fill(f"{form} input[name=password2]", PASSWORD)
    person.submit(form)
    assert EMAIL in person.page.locator("main [role=status]").inner_text(), "told where to look"

    mail = person.wait_for_mail(EMAIL, "Bevestig je e-mailadres")
    body = mail.get_body(preferencelist=("plain", "html")).get_content()
    link = re.search(r"https?://\S+/meedoen/bevestigen/\S+", body)
    assert link, body
    assert link.group(0).startswith(person.base_url), "the link leads to this server"
    person.go(link.group(0).removeprefix(person.base_url))
    person.submit("main form:has(input[name=sleutel])")
    assert "/accounts/login/" in person.page.url, "on to signing in"

    login = "form:has(input[name=password])"
    person.page.fill(f"{login} input[name=login]", EMAIL)
    person.page.fill(f"{login} input[name=password]", PASSWORD)
    person.submit(login)
    assert person.page.url.endswith(f"{NETWORK}/meedoen/"), person.page.url
    join = "main form:has(input[name=accept_terms])"
    person.submit_refused(join, "accept_terms")
    person.page.check(f"{join} input[name=accept_terms]")
    person.submit(join)
    assert "/meedoen/" not in person.page.url, "welcomed on the network"

    person.switch_language("en")
    person.go(f"{NETWORK}/meedoen/")
    person.expect_language("en")
    assert person.page.locator("main form:has(input[name=accept_terms])").count() == 0
    person.go(f"{NETWORK}/")
    assert person.page.locator("main h1").count() == 1
    person.switch_language("nl")
