"""An offline web scanner (wapiti, from Debian) against the production stack, signed in.

Starts the stack of benchmarks/load.py (prod-check's, on a PostgreSQL cluster of its own),
signs in through the real form as a demo employee, and lets wapiti crawl and attack everything
under her organisation's folder (/o/<org>/: passport, learning, knowledge, incidents) with that
session, plus an anonymous scan of the whole site, with no module that calls out of the machine.
Prints the findings per category and level; fails on any of high level.
docs/security.md lists what it reports and why the rest are false positives.

    apt-get install wapiti
    .venv/bin/python benchmarks/web_scan.py [--minutes 10] [--keep]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from collections import Counter
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _stack import Stack, stack, step  # noqa: E402

EMPLOYEE = "sophie@umc-zuidwest.demo"
ORGANISATION = "/o/umc-zuidwest/"  # her passport, learning, knowledge and incidents
LEVELS = {1: "low", 2: "medium", 3: "high", 4: "critical"}


def sign_in(stack: Stack) -> str:
    """A session through the real sign-in form; returns the Cookie header."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{stack.url}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    data = {"login": EMPLOYEE, "password": stack.logins["password"], "csrfmiddlewaretoken": token}
    response = opener.open(f"{stack.url}/accounts/login/", urllib.parse.urlencode(data).encode())
    if "/accounts/login/" in response.url:
        raise SystemExit("web-scan: the employee was not signed in")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


# wapiti's default modules except ssrf (and without xxe): those two ask wapiti's own server on
# the internet whether the attack arrived, and a scan here sends nothing beyond the loopback.
MODULES = (
    "blindsql,cookieflags,csp,exec,file,http_headers,permanentxss,redirect,sql,xss,"
    "csrf,crlf,methods,backup,htaccess"
)


def scan(stack: Stack, name: str, start: str, seconds: int, cookie: str | None) -> dict:
    """One wapiti run from ``start`` (folder scope). wapiti 3.0.4 (Debian 12) cannot exclude
    URLs (its ``-x`` builds an invalid regular expression on Python 3.11), so the signed-in
    scan starts in the organisation's folder, where the sign-out and language forms (under
    /accounts/ and /i18n/) are out of scope and the session lives to the end."""
    report = stack.tmp / f"wapiti-{name}.json"
    command = ["wapiti", "-u", f"{stack.url}{start}", "--scope", "folder", "-f", "json"]
    command += ["-o", str(report), "--flush-session", "--max-scan-time", str(seconds)]
    # wapiti 3.0.4 checks the scan time only between modules; each module gets its share.
    command += ["--max-attack-time", str(max(30, seconds // len(MODULES.split(","))))]
    command += ["-m", MODULES, "--max-links-per-page", "40", "-v", "0"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    step(f"wapiti, {name}, from {start}, at most {seconds} s")
    finished = subprocess.run(command, check=False, capture_output=True, text=True)  # noqa: S603
    if not report.exists():
        raise SystemExit(f"web-scan: wapiti wrote no report:\n{finished.stderr[-2000:]}")
    return json.loads(report.read_text())


def findings(report: dict) -> Counter:
    counts: Counter = Counter()
    for section in ("vulnerabilities", "anomalies", "additionals"):
        for category, items in report.get(section, {}).items():
            for item in items:
                counts[(section, category, LEVELS.get(item.get("level"), "?"))] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10, help="per scan")
    parser.add_argument("--keep", action="store_true", help="keep the reports")
    options = parser.parse_args()
    high = 0
    with stack(workers=4, prefix="zorgwijs-scan-", keep=options.keep) as running:
        seconds = int(options.minutes * 60)
        reports = {
            "signed in": scan(running, "signed-in", ORGANISATION, seconds, sign_in(running)),
            "anonymous": scan(running, "anonymous", "/", seconds, None),
        }
        for name, report in reports.items():
            print(f"\nwapiti, {name}: {len(report.get('infos', {}).get('crawled_pages', []))}")
            for (section, category, level), count in sorted(findings(report).items()):
                print(f"  {section:<16} {level:<8} {count:>4}  {category}")
                high += level in ("high", "critical")
            for section in ("vulnerabilities", "anomalies"):
                for category, items in report.get(section, {}).items():
                    for item in items[:5]:
                        print(f"    {category}: {item.get('path')} {item.get('info', '')[:160]}")
    print(f"web-scan: {'passed' if not high else 'FAILED'} ({high} high or critical)")
    return 0 if not high else 1


if __name__ == "__main__":
    sys.exit(main())
