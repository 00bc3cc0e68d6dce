"""Scenario and vocabulary budgets: the diff of two versions of a 50 KB scenario and the
annotation of a 100 KB page with 5,000 concepts.

    .venv/bin/python benchmarks/scenarios.py

The diff (budget ≤ 200 ms) compares two snapshots of a scenario whose fourteen sections hold
50 KB together, with a change in every section; the annotation (budget ≤ 50 ms) links the
first mention of each concept in a 100 KB HTML page, against 5,000 concepts of one or two
words. Both run in memory: the database only sets Django up.
"""

from __future__ import annotations

import random

from _setup import django_setup, timed

WORDS = [
    "team",
    "leider",
    "briefing",
    "patiënt",
    "bloedverlies",
    "infuus",
    "trigger",
    "fase",
    "actie",
    "operator",
    "script",
    "debriefing",
    "vraag",
    "rol",
    "verpleegkundige",
    "arts",
    "monitor",
    "saturatie",
    "tensie",
    "opschalen",
    "melden",
]


def _text(size: int, rnd: random.Random) -> str:
    lines, total = [], 0
    while total < size:
        line = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 14)))
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)


def main() -> None:
    django_setup("scenarios")
    from zorgwijs.scenarios.diff import version_diff
    from zorgwijs.scenarios.models import SECTIONS
    from zorgwijs.vocabulary.annotate import Annotation, Matcher

    rnd = random.Random(14)
    per_section = 50_000 // len(SECTIONS)
    old = {name: _text(per_section, rnd) for name, _label in SECTIONS}
    new = {}
    for name, text in old.items():
        lines = text.splitlines()
        for _ in range(5):
            at = rnd.randrange(len(lines))
            lines[at] = lines[at].replace("fase", "stap", 1) + " aangepast"
        lines.insert(rnd.randrange(len(lines)), "een nieuwe regel met een verwachte actie")
        new[name] = "\n".join(lines)
    size = sum(len(t) for t in old.values())
    median, best = timed(lambda: version_diff(old, new))
    print(
        f"diff of two versions of a {size / 1000:.0f} KB scenario: "
        f"median {median:.1f} ms, best {best:.1f} ms (budget 200 ms)"
    )

    concepts = [(n, f"{rnd.choice(WORDS)}{n}" + (" team" if n % 3 else "")) for n in range(5000)]
    matcher = Matcher.of(concepts)
    mentions = [label for _n, label in concepts[::25]]
    paragraphs, total = [], 0
    while total < 100_000:
        sentence = _text(300, rnd).replace("\n", " ")
        paragraph = (
            f"<p>{sentence} {rnd.choice(mentions)} <a href='/x'>{rnd.choice(mentions)}</a></p>"
        )
        paragraphs.append(paragraph)
        total += len(paragraph)
    page = "<h2>Werkinstructie</h2>" + "".join(paragraphs)
    median, best = timed(lambda: Annotation().html(page, matcher))
    found = Annotation()
    found.html(page, matcher)
    print(
        f"annotating a {len(page) / 1000:.0f} KB page with {len(concepts)} concepts "
        f"({len(found.seen)} linked): median {median:.1f} ms, best {best:.1f} ms (budget 50 ms)"
    )
    median, best = timed(lambda: Matcher.of(concepts), repeat=3)
    print(
        f"building the matcher of {len(concepts)} concepts (once per vocabulary change): "
        f"median {median:.1f} ms"
    )


if __name__ == "__main__":
    main()
