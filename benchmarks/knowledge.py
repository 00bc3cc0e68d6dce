"""Knowledge space budgets: the space page, a long history and the diff of big pages.

    .venv/bin/python benchmarks/knowledge.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zorgwijs_bench \
        .venv/bin/python benchmarks/knowledge.py

Builds (once) a space with 1,000 pages and 5,000 questions, a page with 500 revisions and a
100 KB page with two revisions, then prints queries and server time for the space page
(budget ≤ 20 queries), the history page of the 500-revision page, and the diff of the two
100 KB revisions (budget ≤ 200 ms), both the diff alone and the whole diff page.
"""

from __future__ import annotations

import random
import warnings

from _setup import database_label, django_setup, timed

SLUG = "bench-kennis"


def _text(size: int, seed: int) -> str:
    rnd = random.Random(seed)
    words = [
        "pomp",
        "lijn",
        "alarm",
        "vullen",
        "controleer",
        "patiënt",
        "infuus",
        "druk",
        "klem",
        "sensor",
        "accu",
        "reinigen",
        "deurtje",
        "cassette",
        "volume",
        "dosis",
        "occlusie",
    ]
    lines, total = [], 0
    while total < size:
        line = " ".join(rnd.choice(words) for _ in range(rnd.randint(6, 14)))
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)


def _edited(text: str, seed: int) -> str:
    """About one line in twenty changed, some removed, some paragraphs added."""
    rnd = random.Random(seed)
    out = []
    for line in text.split("\n"):
        roll = rnd.random()
        if roll < 0.03:
            out.append(line.replace("pomp", "infuuspomp", 1) + " (aangepast)")
        elif roll < 0.04:
            continue
        elif roll < 0.05:
            out += [line, "Nieuwe alinea: controleer de lijn opnieuw na elk alarm."]
        else:
            out.append(line)
    return "\n".join(out)


def build():
    from zorgwijs.accounts.models import User
    from zorgwijs.knowledge.markdown import render_markdown
    from zorgwijs.knowledge.models import Page, PageRevision, Question, Space, SpaceKind
    from zorgwijs.organisations.models import Membership, Organisation, Role, RoleAssignment

    space = Space.objects.filter(slug=SLUG).first()
    if space is not None:
        return space, space.created_by
    organisation = Organisation.objects.create(
        name="Benchziekenhuis", slug="bench-kennis", kind="ziekenhuis"
    )
    user = User.objects.create_user("redactie@bench.example", full_name="Bench Redactie")
    membership = Membership.objects.create(organisation=organisation, user=user)
    RoleAssignment.objects.create(
        organisation=organisation, membership=membership, role=Role.EDITOR
    )
    space = Space.objects.create(
        owner_organisation=organisation,
        name="Benchruimte",
        slug=SLUG,
        kind=SpaceKind.DEVICE,
        created_by=user,
    )
    roots = Page.objects.bulk_create(
        Page(space=space, title=f"Hoofdstuk {n}", position=n, owner=user) for n in range(100)
    )
    Page.objects.bulk_create(
        Page(space=space, parent=r, title=f"{r.title}.{k}", position=k, owner=user)
        for r in roots
        for k in range(9)
    )
    Question.objects.bulk_create(
        Question(space=space, title=f"Vraag {n} over de pomp", author=user, answer_count=n % 3)
        for n in range(5000)
    )
    for page in Page.objects.filter(space=space):
        revision = PageRevision.objects.create(
            page=page, number=1, title=page.title, body="Korte tekst.", author=user
        )
        Page.objects.filter(pk=page.pk).update(current_revision=revision)
    long = roots[0]
    PageRevision.objects.bulk_create(
        PageRevision(page=long, number=n, title=long.title, body=f"Versie {n}", author=user)
        for n in range(2, 501)
    )
    Page.objects.filter(pk=long.pk).update(
        current_revision=PageRevision.objects.get(page=long, number=500)
    )
    big, old = roots[1], _text(100_000, seed=1)
    new = _edited(old, seed=2)
    first = PageRevision.objects.get(page=big, number=1)
    first.body, first.body_html = old, render_markdown(old)
    first.save()
    second = PageRevision.objects.create(
        page=big, number=2, title=big.title, body=new, body_html=render_markdown(new), author=user
    )
    Page.objects.filter(pk=big.pk).update(current_revision=second)
    return space, user


def main() -> None:
    django_setup("knowledge")
    from django.conf import settings
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django_scopes import scopes_disabled

    from zorgwijs.knowledge.diff import text_diff
    from zorgwijs.knowledge.models import Page, PageRevision, Question

    setup_test_environment()
    # Each request would empty the query log at its start (and close the connection at its
    # end), so the count below would read 0: keep both out, as Django's TestCase does.
    request_started.disconnect(reset_queries)
    request_finished.disconnect(close_old_connections)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, no collectstatic
    with scopes_disabled():
        space, user = build()
        long = Page.objects.get(space=space, title="Hoofdstuk 0")
        big = Page.objects.get(space=space, title="Hoofdstuk 1")
        old, new = PageRevision.objects.filter(page=big).order_by("number")
    print(
        f"database: {database_label()}, pages: {Page.objects.filter(space=space).count()}, "
        f"questions: {Question.objects.filter(space=space).count()}, "
        f"revisions of the long page: {long.revisions.count()}, "
        f"big page: {len(old.body) // 1024} KB -> {len(new.body) // 1024} KB"
    )
    client = Client()
    client.force_login(user)
    pages = {
        "space page": f"/kennis/{SLUG}/",
        "history page (500 revisions, page 1)": f"/kennis/{SLUG}/pagina/{long.pk}/geschiedenis/",
        "history page (page 10)": f"/kennis/{SLUG}/pagina/{long.pk}/geschiedenis/?pagina=10",
        "diff page of two 100 KB revisions": (
            f"/kennis/{SLUG}/pagina/{big.pk}/verschil/?van={old.pk}&naar={new.pk}"
        ),
    }
    for label, url in pages.items():
        reset_queries()  # the log holds at most 9,000 queries; building filled it
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        count = len(queries)
        ms, best = timed(lambda url=url: client.get(url), repeat=5)
        print(f"{label}: HTTP {status}, {count} queries, median {ms:.0f} ms, best {best:.0f} ms")
    ms, best = timed(lambda: text_diff(old.body, new.body), repeat=5)
    rows = len(text_diff(old.body, new.body))
    print(
        f"diff of two 100 KB revisions (text_diff alone): {rows} rows, median {ms:.0f} ms, "
        f"best {best:.0f} ms  (budget 200 ms)"
    )


if __name__ == "__main__":
    main()
