"""B4: anju under gunicorn, driven over HTTP by 32 concurrent clients.

On a throw-away PostgreSQL database (created, migrated, loaded with the demo and the national
data set, dropped at the end) anju is started as an operator starts it (``anju serve`` on
loopback, 2 workers per core, persistent database connections), and 32 clients (threads, each
with its own connection and, for pages, its own logged-in session) send requests for a fixed
time per scenario:

a. the prefecture dashboard ``/u/533400/2017-06/``, logged in as the demo ``leader``;
b. a province's tables through the API, ``GET /api/tables/530000/2017-06``, with a token;
c. a report write through the API, ``PUT /api/reports/<county>/2017-12``: each client owns
   its own counties (spread over the whole country), sends the version its last write
   returned and raises the year's investment a little, so no write conflicts with another.

For each: requests per second, p50/p95/p99 latency and errors (any answer but 200, or no
answer); the goal is p95 under 150 ms with no errors. A short run with one client first
gives each scenario's latency without queueing. The clients run on the same machine as the
server and the database: their CPU share is printed with the figures.

The national set is generated with eleven months and December opened, as in B3: the
generator's months are approved, and an approved report refuses writes.

    python -m bench.http [--seconds S] [--warmup S] [--clients N] [--workers N]
                         [--server postgres://USER@HOST:PORT] [--keep] [--profile]

Run it as a module: its name would hide the standard ``http`` package if run as a file.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import http.client
import io
import json
import os
import pstats
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from bench.common import recreate_database

GOAL_P95_MS = 150.0
HOST = "127.0.0.1"
DATABASE = f"anju_bench_b4_{os.getpid()}"  # two runs on one server never meet
# The server the test suite's second run uses (``ANJU_TEST_DATABASE_URL``), minus its database.
DEFAULT_SERVER = os.environ.get(
    "ANJU_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anju"
).rsplit("/", 1)[0]
DASHBOARD = "/u/533400/2017-06/"
PROVINCE = "530000"  # 云南省, in the national set with approved figures for every month
READ_MONTH = "2017-06"
WRITE_MONTH = 12  # opened after eleven generated months; its reports start as drafts
LEADER = ("leader", "anju-demo")
COUNTIES_PER_CLIENT = 10
STEP = Decimal("0.01")  # 万元 added to the year's investment by each write


# --- the database and the server -------------------------------------------------------------


def reachable(server: str) -> bool:
    import psycopg

    try:
        psycopg.connect(f"{server}/postgres", connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    port: int
    pid: int  # ``anju serve``; gunicorn's master and workers are its descendants


@contextmanager
def served(env: dict[str, str], workers: int, log: Path) -> Iterator[Server]:
    """``anju serve`` in its own process group (it runs gunicorn as a child, which must stop
    with it); yields once the login page answers."""
    port = free_port()
    # As an operator does once per release: migrate (done already) and collect static files.
    with log.open("ab") as out:
        subprocess.run(
            [sys.executable, "-m", "anju.cli", "deploy"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )
    command = [
        *(sys.executable, "-m", "anju.cli", "serve"),
        *("--addr", f"{HOST}:{port}", "--workers", str(workers)),
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_up(port, process, log)
        yield Server(port, process.pid)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # gunicorn stops its workers gracefully
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_until_up(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120  # migrate and collectstatic run first
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped; see {log}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/login/")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"the server did not answer within two minutes; see {log}")


# --- the data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Writes:
    """The counties one client writes and their November figures (the December start)."""

    counties: list[str]
    figures: dict[str, dict[str, Decimal]]


def load_data(clients: int) -> tuple[str, list[Writes], str]:
    """Migrate, load the demo and the national set, open December; a national admin's token,
    each client's counties and the database's version line."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from anju.accounts.models import Role
    from anju.api.tokens import token_create
    from anju.demo.loader import demo_load
    from anju.national import NATION_CODE, generate_national
    from anju.programmes.models import Programme, Unit
    from anju.reporting.models import ReportValue
    from anju.reporting.services import period_open

    call_command("migrate", verbosity=0)
    demo_load()
    summary = generate_national(months=WRITE_MONTH - 1)
    print(f"  {summary.line()}", file=sys.stderr)
    programme = Programme.objects.get(code=summary.programme)
    period_open(programme=programme, month=WRITE_MONTH)
    nation = Unit.objects.get(code=NATION_CODE)
    user = get_user_model().objects.create_user(username="bench-api", password=None)
    Role.objects.create(user=user, kind=Role.Kind.ADMIN, unit=nation)
    token = token_create(user=user, name="B4")

    # Every n-th county, so that the writes reach every province, dealt to the clients in turn.
    counties = list(
        Unit.objects.filter(path__startswith=nation.path, kind=Unit.Kind.COUNTY)
        .order_by("path")
        .values_list("code", flat=True)
    )
    wanted = clients * COUNTIES_PER_CLIENT
    chosen = counties[:: max(1, len(counties) // wanted)][:wanted]
    figures: dict[str, dict[str, Decimal]] = {code: {} for code in chosen}
    for unit, element, value in ReportValue.objects.filter(
        report__period__programme=programme,
        report__period__month=WRITE_MONTH - 1,
        report__unit__code__in=chosen,
    ).values_list("report__unit__code", "element__code", "value"):
        figures[unit][element] = value
    writes = [
        Writes(chosen[n::clients], {code: figures[code] for code in chosen[n::clients]})
        for n in range(clients)
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = str(cursor.fetchone()[0])
    return token, writes, version


# --- the clients -----------------------------------------------------------------------------


class Failed(Exception):
    """An answer that does not count as served: any status but 200, or no answer."""


class Client:
    """One user's connection. gunicorn's sync workers close it after every answer; http.client
    then opens a new one for the next request, as a browser would."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies: dict[str, str] = {}

    def send(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()  # a fresh connection for the next request
            raise Failed(type(error).__name__) from None
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def login(self, username: str, password: str) -> None:
        """Through the login page, as a person does: its CSRF token, then the form."""
        status, page = self.send("GET", "/login/")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or found is None:
            raise Failed(f"login page: {status}")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": found[1].decode()}
        ).encode()
        status, _ = self.send(
            "POST",
            "/login/",
            form,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.url("/login/")},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise Failed(f"login: {status}")

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"


def expect_ok(status: int, data: bytes) -> bytes:
    if status != 200:
        raise Failed(str(status))
    return data


@dataclass
class Scenario:
    """What one client does: ``prepare`` once, untimed; then ``act`` again and again."""

    name: str
    prepare: Callable[[Client, int], object]
    act: Callable[[Client, int], object]


def dashboard() -> Scenario:
    def prepare(client: Client, _n: int) -> None:
        client.login(*LEADER)

    def act(client: Client, _n: int) -> None:
        expect_ok(*client.send("GET", DASHBOARD))

    return Scenario(f"(a) dashboard GET {DASHBOARD} (leader, session)", prepare, act)


def tables(token: str) -> Scenario:
    path = f"/api/tables/{PROVINCE}/{READ_MONTH}"
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    def act(client: Client, _n: int) -> None:
        expect_ok(*client.send("GET", path, headers=headers))

    return Scenario(f"(b) API GET {path} (token)", lambda _c, _n: None, act)


def writes(token: str, plans: list[Writes]) -> Scenario:
    """Each client cycles through its own counties. Untimed, it reads each one's version and
    writes it once (the first write creates the December draft with November's figures); each
    timed write then raises the investment by ``STEP`` at the version the last one returned."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    key = f"2017-{WRITE_MONTH:02d}"
    versions: list[dict[str, int]] = [{} for _ in plans]
    turns = [0] * len(plans)

    def put(client: Client, n: int, county: str, figures: dict[str, Decimal]) -> None:
        body = {
            "version": versions[n][county],
            "figures": {code: str(value) for code, value in figures.items()},
            "comment": "B4",
        }
        path = f"/api/reports/{county}/{key}"
        status, data = client.send("PUT", path, json.dumps(body).encode(), headers)
        if status == 409:  # someone else wrote it: take their version, count an error
            versions[n][county] = int(json.loads(data)["current"]["version"])
        versions[n][county] = int(json.loads(expect_ok(status, data))["version"])

    def prepare(client: Client, n: int) -> None:
        for county in plans[n].counties:
            # The version as it stands (an earlier run may have written the county), then
            # the county's first write.
            status, data = client.send("GET", f"/api/reports/{county}/{key}", headers=headers)
            versions[n][county] = int(json.loads(expect_ok(status, data))["version"])
            put(client, n, county, plans[n].figures[county])

    def act(client: Client, n: int) -> None:
        plan = plans[n]
        county = plan.counties[turns[n] % len(plan.counties)]
        turns[n] += 1
        figures = plan.figures[county]
        figures["invest"] = figures.get("invest", Decimal(0)) + STEP
        put(client, n, county, figures)

    counted = sum(len(plan.counties) for plan in plans)
    noun = "county" if counted == 1 else "counties"
    return Scenario(
        f"(c) API PUT /api/reports/<county>/{key} ({counted} {noun}, token)", prepare, act
    )


@dataclass
class Result:
    name: str
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    usage: Usage | None = None  # cores used in the timed window, by whom

    @property
    def rate(self) -> float:
        return (len(self.latencies) + self.errors.total()) / self.seconds

    def percentile(self, share: float) -> float:
        """Nearest rank, in ms: the smallest latency with at least ``share`` at or below it."""
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        rank = max(1, -(-len(ordered) * share // 1))
        return ordered[int(rank) - 1] * 1000


def drive(
    scenario: Scenario, server: Server, clients: int, warmup: float, seconds: float
) -> Result:
    """Every client prepares, then all start together; requests started in the first
    ``warmup`` seconds are not counted, nor any started after the window."""
    result = Result(scenario.name, clients, seconds)
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)
    window: list[float] = []
    setup_errors: list[str] = []

    def run(n: int) -> None:
        client = Client(server.port)
        try:
            scenario.prepare(client, n)
        except Exception as error:  # reported below; the others must not wait for this one
            setup_errors.append(f"{type(error).__name__}: {error}")
        ready.wait()
        start, end = window
        latencies: list[float] = []
        errors: Counter[str] = Counter()
        while (began := time.perf_counter()) < end:
            try:
                scenario.act(client, n)
                failed = None
            except Failed as error:
                failed = str(error)
            if began >= start:
                if failed is None:
                    latencies.append(time.perf_counter() - began)
                else:
                    errors[failed] += 1
        client.connection.close()
        with lock:
            result.latencies += latencies
            result.errors += errors

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    # The window is fixed once everyone is ready, so preparing (logins) is never timed.
    while ready.n_waiting < clients and any(t.is_alive() for t in threads):
        time.sleep(0.01)
    now = time.perf_counter()
    window += [now + warmup, now + warmup + seconds]
    ready.wait()
    time.sleep(warmup)
    before = snapshot(server.pid)
    for thread in threads:
        thread.join()
    result.usage = usage_between(before, snapshot(server.pid))
    if setup_errors:
        raise RuntimeError(f"{scenario.name}: preparing failed: {setup_errors[:3]}")
    return result


@dataclass(frozen=True)
class Snapshot:
    """CPU seconds used so far: by this process (the clients), by the server's processes and
    by the whole machine (busy, and in all, over every core); and the clock."""

    at: float
    clients: float
    server: float
    machine_busy: float
    machine_all: float


@dataclass(frozen=True)
class Usage:
    """Cores in use over a window (2.0 is all of a two-core machine)."""

    clients: float
    server: float
    machine: float
    cores: int

    def line(self) -> str:
        others = max(0.0, self.machine - self.server - self.clients)
        return (
            f"cores busy {self.machine:.2f} of {self.cores}: server {self.server:.2f}, "
            f"clients {self.clients:.2f}, PostgreSQL and the rest {others:.2f}"
        )


TICK = os.sysconf("SC_CLK_TCK")


def snapshot(server_pid: int) -> Snapshot:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    busy, total = machine_ticks()
    return Snapshot(
        time.perf_counter(),
        usage.ru_utime + usage.ru_stime,
        tree_ticks(server_pid) / TICK,
        busy / TICK,
        total / TICK,
    )


def usage_between(start: Snapshot, end: Snapshot) -> Usage:
    elapsed = end.at - start.at
    cores = len(os.sched_getaffinity(0))
    # The machine's counters add up every core: their busy share times the cores.
    share = (end.machine_busy - start.machine_busy) / max(end.machine_all - start.machine_all, 1e-9)
    return Usage(
        clients=(end.clients - start.clients) / elapsed,
        server=(end.server - start.server) / elapsed,
        machine=share * cores,
        cores=cores,
    )


def machine_ticks() -> tuple[int, int]:
    """(busy, all) CPU ticks of the whole machine since boot, every core added up."""
    with open("/proc/stat", encoding="ascii") as stat:
        ticks = [int(number) for number in stat.readline().split()[1:9]]
    idle = ticks[3] + ticks[4]  # idle and waiting for I/O
    return sum(ticks) - idle, sum(ticks)


def tree_ticks(root: int) -> int:
    """User and system CPU ticks of a process and all its descendants (from /proc), the ended
    ones included: a recycled worker's ticks move to its parent's count of reaped children."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                text = stat.read()
        except OSError:
            continue  # ended meanwhile
        fields = text[text.rindex(")") + 2 :].split()  # after the command, which may hold spaces
        pid = int(entry)
        parents[pid] = int(fields[1])
        # utime, stime, then cutime, cstime: the children it has waited for
        ticks[pid] = sum(int(field) for field in fields[11:15])
    total = 0
    for pid, used in ticks.items():
        ancestor = pid
        while ancestor > 1 and ancestor != root:
            ancestor = parents.get(ancestor, 1)
        if ancestor == root:
            total += used
    return total


# --- reporting -------------------------------------------------------------------------------


def show(result: Result) -> bool:
    p95 = result.percentile(0.95)
    met = p95 < GOAL_P95_MS and not result.errors
    errors = sum(result.errors.values())
    detail = f" {dict(result.errors)}" if result.errors else ""
    print(f"  {result.name}")
    print(
        f"    {result.clients:>2} clients {result.seconds:4.0f} s: "
        f"{result.rate:7.1f} req/s  p50 {result.percentile(0.5):6.1f}  "
        f"p95 {p95:6.1f}  p99 {result.percentile(0.99):6.1f} ms  errors {errors}{detail}"
    )
    if result.usage is not None:
        print(f"    {result.usage.line()}")
    if result.clients > 1:
        print(f"    goal p95 < {GOAL_P95_MS:.0f} ms and 0 errors: {'met' if met else 'NOT met'}")
    return met


def profile_in_process(label: str, request: Callable[[], object], count: int = 20) -> None:
    """Where a request's time goes inside anju: ``count`` requests through Django's test
    client in this process, against the same database, under cProfile."""
    request()  # warm-up: imports, templates
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        request()
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    print(f"  profile of {count} × {label} in process (cumulative, anju's own functions):")
    stats.sort_stats("cumulative").print_stats(r"/anju/", 16)
    for line in text.getvalue().splitlines():
        if ("/anju/" in line or "ncalls" in line) and not line.strip().startswith("List"):
            print(f"    {short_paths(line.strip())}")


def short_paths(line: str) -> str:
    """A profile line with its paths from the package on, the same on every machine."""
    return re.sub(r"[^ ]*/(anju/)", r"\1", line)


def profile_failures(results: list[Result], token: str, plans: list[Writes]) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client as TestClient

    browser = TestClient()
    browser.force_login(get_user_model().objects.get(username=LEADER[0]))
    api = TestClient(headers={"Authorization": f"Bearer {token}"})
    county = plans[0].counties[0]

    def put() -> object:
        current = api.get(f"/api/reports/{county}/2017-{WRITE_MONTH:02d}").json()
        body = {"version": current["version"], "figures": {"invest": current["figures"]["invest"]}}
        return api.put(
            f"/api/reports/{county}/2017-{WRITE_MONTH:02d}",
            json.dumps(body),
            content_type="application/json",
        )

    requests: list[tuple[str, Callable[[], object]]] = [
        ("dashboard", lambda: browser.get(DASHBOARD)),
        ("API tables", lambda: api.get(f"/api/tables/{PROVINCE}/{READ_MONTH}")),
        ("API report GET + PUT", put),
    ]
    for result, (label, request) in zip(results, requests, strict=True):
        if result.percentile(0.95) >= GOAL_P95_MS or result.errors:
            profile_in_process(label, request)


# --- the run ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20, help="timed window per scenario")
    parser.add_argument("--warmup", type=float, default=3, help="untimed start per scenario")
    parser.add_argument("--single", type=float, default=4, help="one-client run per scenario")
    parser.add_argument("--clients", type=int, default=32)
    cores = len(os.sched_getaffinity(0))
    parser.add_argument("--workers", type=int, default=2 * cores)
    parser.add_argument("--server", default=DEFAULT_SERVER, help="PostgreSQL URL, no database")
    parser.add_argument("--keep", action="store_true", help="keep the database and the logs")
    parser.add_argument("--profile", action="store_true", help="profile where a goal is missed")
    run(**vars(parser.parse_args()))


def run(
    *,
    seconds: float = 20,
    warmup: float = 3,
    single: float = 4,
    clients: int = 32,
    workers: int | None = None,
    server: str = DEFAULT_SERVER,
    keep: bool = False,
    profile: bool = False,
) -> dict[str, float]:
    """Prints the report; returns the 32-client p95 of each scenario and their errors in all
    (nothing when PostgreSQL is not reachable)."""
    cores = len(os.sched_getaffinity(0))
    args = argparse.Namespace(
        seconds=seconds,
        warmup=warmup,
        single=single,
        clients=clients,
        workers=workers or 2 * cores,
        server=server,
        keep=keep,
        profile=profile,
    )
    if not reachable(args.server):
        print(f"B4: PostgreSQL not reachable at {args.server}: skipped")
        return {}
    started = time.perf_counter()
    url = recreate_database(args.server, DATABASE)
    folder = Path(tempfile.mkdtemp(prefix="anju-bench-b4-"))
    env = {
        **os.environ,
        "ANJU_DATABASE_URL": url,
        "ANJU_DB_CONN_MAX_AGE": "60",
        "ANJU_ALLOWED_HOSTS": HOST,
        "ANJU_VAR_DIR": str(folder),  # collectstatic's output, the logs: all thrown away
        "DJANGO_SETTINGS_MODULE": "anju.settings",
        "ANJU_SECRET_KEY": "anju-bench-only-" + secrets.token_urlsafe(32),
    }
    os.environ.update({k: env[k] for k in ("ANJU_DATABASE_URL", "ANJU_VAR_DIR", "ANJU_SECRET_KEY")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anju.settings")
    import django

    django.setup()
    from django.db import connections

    try:
        print("B4 setting up: migrate, demo, national set…", file=sys.stderr)
        token, plans, version = load_data(args.clients)
        connections.close_all()
        log = folder / "server.log"
        with served(env, args.workers, log) as running:
            results = run_scenarios(args, running, token, plans, cores, version)
        if args.profile or any(r.percentile(0.95) >= GOAL_P95_MS or r.errors for r in results):
            profile_failures(results, token, plans)
        print(f"  whole run {time.perf_counter() - started:.0f} s")
        dashboard_result, tables_result, writes_result = results
        return {
            "B4_dashboard_p95_ms": round(dashboard_result.percentile(0.95), 1),
            "B4_api_table_p95_ms": round(tables_result.percentile(0.95), 1),
            "B4_write_p95_ms": round(writes_result.percentile(0.95), 1),
            "B4_errors": float(sum(r.errors.total() for r in results)),
        }
    finally:
        connections.close_all()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
            recreate_database(args.server, DATABASE, drop_only=True)
        else:
            print(f"  kept: database {DATABASE}, logs in {folder}", file=sys.stderr)


def run_scenarios(
    args: argparse.Namespace,
    server: Server,
    token: str,
    plans: list[Writes],
    cores: int,
    version: str,
) -> list[Result]:
    print(
        f"B4 anju over HTTP, {datetime.date.today()}: gunicorn, {args.workers} sync workers, "
        f"{HOST}:{server.port}"
    )
    print(f"  database   {version.split(' on ')[0]} (loopback, persistent connections)")
    print(
        f"  machine    {cores} cores, shared by the server, PostgreSQL and the clients "
        f"({args.clients} threads, one connection each)"
    )
    single_plans = [Writes(p.counties[:1], p.figures) for p in plans[:1]]
    print(f"  one client, {args.single:.0f} s each (latency without queueing):")
    for scenario in (dashboard(), tables(token), writes(token, single_plans)):
        show(drive(scenario, server, 1, args.warmup, args.single))
    print(f"  {args.clients} clients, {args.seconds:.0f} s each after {args.warmup:.0f} s warm-up:")
    results = []
    for scenario in (dashboard(), tables(token), writes(token, plans)):
        result = drive(scenario, server, args.clients, args.warmup, args.seconds)
        show(result)
        results.append(result)
    return results


if __name__ == "__main__":
    main()
