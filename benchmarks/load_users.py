"""The simulated people of benchmarks/load.py (locust), run as a process of their own.

Locust patches the standard library for gevent, so it runs apart from the script that starts
the stack. Each simulated person signs in through the real form (with a TOTP code where the
account has two factors) as an account of their own, from a loopback address of their own
(127.0.0.0/8: as people in a hospital come from many machines, and sign-in attempts are limited
per address and account), keeps the session cookie, and then works: their passport, the team
matrix (managers), knowledge pages, search, projects, and now and then a question or a sign-off
request. Every write the server acknowledges (a redirect after the POST) is written to
``acknowledged.jsonl``, so a fault benchmark can count them in the database afterwards.

    python benchmarks/load_users.py CONFIG.json   (written by benchmarks/load.py)
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import datetime  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import gevent  # noqa: E402
import psutil  # noqa: E402
import pyotp  # noqa: E402
from locust import HttpUser, between, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from requests.adapters import HTTPAdapter  # noqa: E402

CONFIG = json.loads(Path(sys.argv[1]).read_text()) if __name__ == "__main__" else {}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["infuuspomp", "reanimatie", "valpreventie", "medicatie", "beademing", "delier"]
# Dates a person types are read in the server's time zone (settings.TIME_ZONE), not this machine's.
SERVER_ZONE = ZoneInfo("Europe/Amsterdam")
_accounts = iter(CONFIG.get("accounts", []))
_addresses = (f"127.0.{n // 250}.{n % 250 + 2}" for n in itertools.count())
_acknowledged = None
_signed_in = 0


class SourceAddressAdapter(HTTPAdapter):
    """Connect from one loopback address: each simulated person is a machine of its own."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


def acknowledge(kind: str, marker: str) -> None:
    _acknowledged.write(json.dumps({"kind": kind, "marker": marker, "at": time.time()}) + "\n")
    _acknowledged.flush()


@events.request.add_listener
def record_failure(request_type, name, response_time, response, exception, **_kwargs) -> None:
    """Every failed request with the wall-clock time it started, for the fault benchmarks."""
    status = getattr(response, "status_code", 0) if response is not None else 0
    if exception is None and status < 500:
        return
    with Path(CONFIG["failures"]).open("a") as failures:
        started = time.time() - (response_time or 0) / 1000
        line = {"at": started, "name": name, "status": status, "error": str(exception)[:200]}
        failures.write(json.dumps(line) + "\n")


class Person(HttpUser):
    wait_time = between(CONFIG.get("think_min", 1.0), CONFIG.get("think_max", 4.0))

    def on_start(self) -> None:
        account = next(_accounts)
        self.email, self.totp = account["email"], account.get("totp")
        self.client.mount("http://", SourceAddressAdapter(next(_addresses)))
        self.sign_in()
        home = self.client.get("/", name="home").text
        orgs = re.findall(r'href="/o/([^/"]+)/paspoort/"', home)
        self.org = orgs[0] if orgs else None
        self.is_manager = False
        if self.org:
            with self.client.get(
                f"/o/{self.org}/paspoort/team/", name="team matrix", catch_response=True
            ) as response:
                self.is_manager = response.status_code == 200
                if response.status_code in (403, 404):
                    response.success()  # not a manager: the page is not theirs
        spaces = self.client.get("/kennis/", name="knowledge index").text
        self.spaces = sorted(set(re.findall(r'href="/kennis/([a-z0-9-]+)/"', spaces)))
        self.pages: list[str] = []
        for space in self.spaces[:3]:
            text = self.client.get(f"/kennis/{space}/", name="knowledge space").text
            self.pages += re.findall(rf'href="(/kennis/{space}/pagina/\d+/)"', text)
        projects = self.client.get("/projecten/", name="projects").text
        self.projects = sorted(set(re.findall(r'href="(/projecten/\d+/)"', projects)))
        global _signed_in
        _signed_in += 1

    def sign_in(self) -> None:
        form = self.client.get("/accounts/login/", name="sign-in form").text
        data = {
            "login": self.email,
            "password": CONFIG["password"],
            "csrfmiddlewaretoken": CSRF.search(form)[1],
        }
        response = self.client.post("/accounts/login/", data=data, name="sign in")
        if "/2fa/" in response.url:
            totp = pyotp.TOTP(self.totp)
            if totp.interval - time.time() % totp.interval < 2:
                time.sleep(3)  # not a code that expires on the way
            data = {"code": totp.now(), "csrfmiddlewaretoken": CSRF.search(response.text)[1]}
            response = self.client.post(response.url, data=data, name="sign in: TOTP")
        if "/accounts/" in response.url:
            raise RuntimeError(f"{self.email} was not signed in: {response.url}")

    @task(20)
    def passport(self) -> None:
        if self.org:
            self.client.get(f"/o/{self.org}/paspoort/", name="passport")

    @task(10)
    def team(self) -> None:
        if self.is_manager:
            self.client.get(f"/o/{self.org}/paspoort/team/", name="team matrix")

    @task(20)
    def knowledge_page(self) -> None:
        if self.pages:
            self.client.get(random.choice(self.pages), name="knowledge page")

    @task(15)
    def search(self) -> None:
        self.client.get("/zoeken/", params={"q": random.choice(SEARCHES)}, name="search")

    @task(10)
    def project(self) -> None:
        if self.projects:
            self.client.get(random.choice(self.projects), name="project")

    @task(8)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(3)
    def ask_question(self) -> None:
        if not self.spaces:
            return
        url = f"/kennis/{random.choice(self.spaces)}/vragen/nieuw/"
        form = self.client.get(url, name="question form").text
        marker = f"Loadtest {CONFIG['run']} {uuid.uuid4().hex}"
        data = {
            "title": marker,
            "body": "Hoe doen jullie dit op de afdeling? (belastingtest)",
            "csrfmiddlewaretoken": CSRF.search(form)[1],
        }
        self.write(url, data, "question", marker)

    @task(3)
    def request_sign_off(self) -> None:
        if not self.org:
            return
        url = f"/o/{self.org}/paspoort/aftekenen/aanvragen/"
        form = self.client.get(url, name="sign-off form").text
        items = [v for v in re.findall(r'<option value="(\d+)"', form)]
        if not items:
            return
        marker = f"Loadtest {CONFIG['run']} {uuid.uuid4().hex}"
        data = {
            "item": random.choice(items),
            "performed_on": datetime.datetime.now(SERVER_ZONE).date().isoformat(),
            "note": marker,
            "csrfmiddlewaretoken": CSRF.search(form)[1],
        }
        self.write(url, data, "sign_off", marker)

    def write(self, url: str, data: dict, kind: str, marker: str) -> None:
        """A POST the server acknowledges with a redirect; anything else is an error."""
        with self.client.post(
            url, data=data, name=f"write: {kind}", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302:
                acknowledge(kind, marker)
            else:
                response.failure(f"not acknowledged: HTTP {response.status_code}")


class Health(HttpUser):
    """The floor: the cheapest request there is, /healthz (one SELECT 1), without pauses."""

    wait_time = between(0, 0)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="/healthz")


def cpu_seconds(pid: int) -> float:
    """CPU time of gunicorn: the master and its workers."""
    master = psutil.Process(pid)
    total = 0.0
    for process in [master, *master.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def ready() -> int:
    return _signed_in


def phase(user_class, *, users: int, spawn_rate: float, seconds: float, sign_in_wait: float):
    """Run ``users`` of ``user_class`` for ``seconds`` once all have started; stats of that part."""
    environment = Environment(user_classes=[user_class], host=CONFIG["url"], events=events)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=spawn_rate)
    deadline = time.monotonic() + sign_in_wait
    while ready() < users and time.monotonic() < deadline:
        gevent.sleep(0.5)
    sign_in_failures = environment.stats.total.num_failures
    sign_in_errors = [
        f"{e.method} {e.name}: {e.error} ({e.occurrences}x)"
        for e in environment.stats.errors.values()
    ]
    environment.stats.reset_all()  # measure the steady part, not the sign-in
    cpu_before, started = cpu_seconds(CONFIG["gunicorn_pid"]), time.monotonic()
    mark = CONFIG.get("mark_file")
    if mark:
        Path(mark).write_text("measuring")
    gevent.sleep(seconds)
    elapsed = time.monotonic() - started
    cpu = cpu_seconds(CONFIG["gunicorn_pid"]) - cpu_before
    signed_in = ready() if user_class is Person else users
    runner.quit()
    result = summary(environment, elapsed, cpu, users)
    result["failures"] += sign_in_failures + len(runner.exceptions)
    result["errors"] += sign_in_errors + [e["msg"] for e in runner.exceptions.values()]
    result["signed_in"] = signed_in
    return result


def summary(environment, elapsed: float, cpu: float, users: int) -> dict:
    pages = {}
    for (name, _method), entry in sorted(environment.stats.entries.items()):
        pages[name] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
        }
    total = environment.stats.total
    errors = [
        f"{e.method} {e.name}: {e.error} ({e.occurrences}x)"
        for e in environment.stats.errors.values()
    ]
    return {
        "users": users,
        "seconds": round(elapsed, 1),
        "requests": total.num_requests,
        "failures": total.num_failures,
        "p50": total.get_response_time_percentile(0.5),
        "p95": total.get_response_time_percentile(0.95),
        "rps": total.num_requests / elapsed,
        "server_cpu_seconds": round(cpu, 1),
        "requests_per_cpu_second": total.num_requests / cpu if cpu else 0.0,
        "pages": pages,
        "errors": errors,
    }


def main() -> None:
    global _acknowledged
    _acknowledged = Path(CONFIG["acknowledged"]).open("a")  # noqa: SIM115 - for the whole run
    results = {}
    if CONFIG.get("floor_seconds"):
        results["floor"] = phase(
            Health,
            users=CONFIG["floor_users"],
            spawn_rate=CONFIG["floor_users"],
            seconds=CONFIG["floor_seconds"],
            sign_in_wait=0,
        )
    results["mix"] = phase(
        Person,
        users=CONFIG["users"],
        spawn_rate=CONFIG["spawn_rate"],
        seconds=CONFIG["seconds"],
        sign_in_wait=CONFIG["users"] / CONFIG["spawn_rate"] + 120,
    )
    Path(CONFIG["results"]).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
