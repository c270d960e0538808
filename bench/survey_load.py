"""Load test of the questionnaire: many respondents saving and submitting at once.

Starts a real server (Django's threaded WSGI server, ``olievlek manage runserver --noreload``)
on a fresh database, imports a network of N people, creates and opens a wave, then runs N
concurrent respondents (threads, plain urllib, no extra dependencies). Each respondent loads
the questionnaire, consents, saves answers every few seconds (``--saves`` times, each save
adding a colleague), and submits. Afterwards the database is checked against what the
server acknowledged: every respondent complete, one answer version each, stored answers equal
to the last acknowledged save, the save counter equal to the acknowledged saves, ties equal
to the answers. Reports p50/p95/max save latency, 5xx count and whether the server ever
logged "database is locked".

    .venv/bin/python bench/survey_load.py                    # SQLite, 200 respondents
    .venv/bin/python bench/survey_load.py --database postgres  # DATABASE_URL below
    .venv/bin/python bench/survey_load.py --database both --respondents 200 --saves 6

PostgreSQL: ``--postgres-url`` (default postgres://postgres@127.0.0.1:5432/bench_surveys);
the database is dropped and created again. Exit code 1 when a check fails or p95 >= target.

``--kill-after S`` kills the server (SIGKILL, no clean shutdown) S seconds into the load and
starts it again on the same port; respondents whose request got no answer send it again until
it is acknowledged. The same checks then hold, except that a save the server stored but could
not acknowledge before it died may be counted once more: stored saves lie between the
acknowledged saves and the saves sent.

    .venv/bin/python bench/survey_load.py --respondents 100 --saves 4 --kill-after 6
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
TARGET_P95_MS = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_package(folder: Path, n: int) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from olievlek.package import Package, frame, write_package

    pkg = Package.empty(network={"id": "bench", "name": "Bench network", "sector": "po"})
    pkg.people = frame("people", [{"id": f"p{i:04d}", "name": f"Persoon {i:04d}"} for i in range(n)])
    pkg.units = frame("units", [{"id": f"u{j}", "name": f"Team {j}"} for j in range(10)])
    pkg.memberships = frame("memberships", [{"person": f"p{i:04d}", "unit": f"u{i % 10}", "role": "leraar"}
                                            for i in range(n)])
    write_package(pkg, folder)


def recreate_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.save_ms: list[float] = []
        self.submit_ms: list[float] = []
        self.status: dict[int, int] = {}
        self.failures: list[str] = []
        self.unanswered = 0  # requests that got no answer (server down) and were sent again
        self.timeline: list[tuple[float, float]] = []  # (seconds since start, save ms)
        self.t0 = time.perf_counter()

    def note(self, kind: str, ms: float, status: int) -> None:
        with self.lock:
            (self.save_ms if kind == "save" else self.submit_ms).append(ms)
            if kind == "save":
                self.timeline.append((time.perf_counter() - self.t0, ms))
            self.status[status] = self.status.get(status, 0) + 1


def call(base: str, method: str, path: str, token: str, body=None, timeout: float = 60):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, payload = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, payload = e.code, e.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException):
        status, payload = 0, b"null"  # no answer: the server is down (see --kill-after)
    ms = (time.perf_counter() - start) * 1000
    try:
        payload = json.loads(payload or b"null")
    except ValueError:
        payload = None
    return status, payload, ms


def respondent(base, token, saves, interval, ramp, stats: Stats, acked: dict, start_gate: threading.Event,
               retry: bool = False):
    rnd = random.Random(token)
    sent = 0

    def call_until_answered(method, path, body=None):
        """A request without an answer is sent again (when the server may be restarting)."""
        nonlocal sent
        for _ in range(200 if retry else 1):
            sent += method == "PUT"
            status, payload, ms = call(base, method, path, token, body)
            if status:
                return status, payload, ms
            with stats.lock:
                stats.unanswered += 1
            time.sleep(0.25)
        return status, payload, ms

    start_gate.wait()
    time.sleep(rnd.uniform(0, ramp))  # everyone opens the link within the first `ramp` seconds
    status, q, _ms = call_until_answered("GET", "/api/v1/questionnaire")
    if status != 200:
        stats.failures.append(f"GET {status}")
        return
    roster = [p["id"] for g in q["roster"] for p in g["people"]]
    answers: dict = {"consent": True, "background": {"rol": "leraar"}, "advice": {}, "motivation": {}}
    acked_saves = 0
    last_acked = None
    for n in range(saves + 1):
        if n:
            time.sleep(rnd.uniform(interval * 0.5, interval * 1.5))
            who = rnd.choice(roster)
            answers["advice"][who] = {"frequency": rnd.randint(1, 5), "usefulness": rnd.randint(1, 5),
                                      "topic": f"onderwerp {n}"}
            if n % 3 == 0:
                answers["motivation"][rnd.choice(roster)] = {"frequency": rnd.randint(1, 5)}
            answers["background"]["expertise"] = f"stap {n}"
        body = json.loads(json.dumps(answers))
        status, payload, ms = call_until_answered("PUT", "/api/v1/questionnaire/answers", body)
        stats.note("save", ms, status)
        if status == 200:
            acked_saves += 1
            last_acked = body
        else:
            stats.failures.append(f"save {status} {payload}")
    status, payload, ms = call_until_answered("POST", "/api/v1/questionnaire/submit", {})
    stats.note("submit", ms, status)
    if status != 200:
        stats.failures.append(f"submit {status} {payload}")
    acked[token] = {"saves": acked_saves, "sent": sent, "answers": last_acked, "submitted": status == 200}


def verify(env: dict, acked: dict) -> list[str]:
    """Compare the database with what the server acknowledged (in a child process with the
    server's settings)."""
    script = r"""
import json, sys
from olievlek.cli import setup_django
setup_django()
from olievlek.surveys.models import AnswerVersion, Invitation, Response, Tie
acked = json.load(sys.stdin)
problems = []
for token, a in acked.items():
    inv = Invitation.objects.select_related("person", "wave").get(token=token)
    r = Response.objects.get(wave=inv.wave, person=inv.person)
    expect = {k: v for k, v in a["answers"].items() if k != "consent"}
    if not a["saves"] <= r.saves <= a["sent"]:
        problems.append(f"{inv.person.key}: {r.saves} saves stored, {a['saves']} acknowledged, {a['sent']} sent")
    if r.answers != expect:
        problems.append(f"{inv.person.key}: stored answers differ from the last acknowledged save")
    if a["submitted"] and r.status != "complete":
        problems.append(f"{inv.person.key}: status {r.status} after an acknowledged submit")
    versions = AnswerVersion.objects.filter(wave=inv.wave, person=inv.person).count()
    if a["submitted"] and versions != 1:
        problems.append(f"{inv.person.key}: {versions} versions")
    ties = Tie.objects.filter(wave=inv.wave, source=inv.person).count()
    if a["submitted"] and ties != len(expect["advice"]) + len(expect["motivation"]):
        problems.append(f"{inv.person.key}: {ties} ties for {len(expect['advice'])}+{len(expect['motivation'])} answers")
print(json.dumps({"problems": problems, "responses": Response.objects.filter(status="complete").count()}))
"""
    out = subprocess.run([PYTHON, "-c", script], input=json.dumps(acked), env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def serve(kind: str, port: int, threads: int) -> None:
    """Run the server in this process: Django's own threaded WSGI server (what `runserver`
    uses) with a listen backlog of 1024 instead of its 10 (which drops connections under a
    burst) and at most ``threads`` requests at once; or waitress with ``threads`` workers."""
    sys.path.insert(0, str(ROOT / "src"))
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    if kind == "waitress":
        import waitress

        waitress.serve(app, host="127.0.0.1", port=port, threads=threads, backlog=1024,
                       connection_limit=1000, channel_timeout=60, _quiet=False)
        return
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler, WSGIServer

    if kind == "pool":
        import queue

        class PoolServer(WSGIServer):
            """``threads`` long-lived workers take accepted connections from a queue, so each
            keeps its database connection between requests (with CONN_MAX_AGE > 0), like
            gunicorn's gthread workers."""

            request_queue_size = 1024

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.jobs: queue.Queue = queue.Queue()
                for _ in range(threads):
                    threading.Thread(target=self.work, daemon=True).start()

            def process_request(self, request, client_address):
                self.jobs.put((request, client_address))

            def work(self):
                while True:
                    request, client_address = self.jobs.get()
                    try:
                        self.finish_request(request, client_address)
                    except Exception:  # noqa: BLE001 - logged like socketserver does
                        self.handle_error(request, client_address)
                    finally:
                        self.shutdown_request(request)

        httpd = PoolServer(("127.0.0.1", port), WSGIRequestHandler, ipv6=False)
        httpd.set_app(app)
        httpd.serve_forever()
        return

    slots = threading.BoundedSemaphore(threads)

    class Server(ThreadedWSGIServer):
        """A thread per connection, at most ``threads`` at once (so at most that many database
        connections); the rest wait in the listen backlog."""

        request_queue_size = 1024

        def process_request(self, request, client_address):
            slots.acquire()
            try:
                super().process_request(request, client_address)
            except BaseException:
                slots.release()
                raise

        def process_request_thread(self, request, client_address):
            try:
                super().process_request_thread(request, client_address)
            finally:
                slots.release()

    httpd = Server(("127.0.0.1", port), WSGIRequestHandler, ipv6=False)
    httpd.set_app(app)
    httpd.serve_forever()


def run(database: str, n: int, saves: int, interval: float, postgres_url: str,
        server_kind: str = "pool", threads_n: int = 8, ramp: float = 10.0, kill_after: float = 0) -> dict:
    work = Path(tempfile.mkdtemp(prefix="olievlek-bench-"))
    env = {**os.environ, "SECRET_KEY": "bench-only", "OLIEVLEK_VAR": str(work), "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_SSL_REDIRECT": "0", "DJANGO_SETTINGS_MODULE": "olievlek.settings",
           "SITE_URL": "http://127.0.0.1",
           # the pool's workers keep their connection; the other servers start a thread per
           # request, so a connection could not be reused anyway
           "CONN_MAX_AGE": "60" if server_kind == "pool" else "0"}
    env.pop("DATABASE_URL", None)
    if database == "postgres":
        recreate_postgres(postgres_url)
        env["DATABASE_URL"] = postgres_url
    olievlek = [str(Path(PYTHON).parent / "olievlek")]  # the console script, as a user runs it
    make_package(work / "pkg", n)
    subprocess.run(olievlek + ["import", str(work / "pkg")], env=env, check=True, capture_output=True)
    subprocess.run(olievlek + ["wave", "create", "bench", "--label", "load", "--closes", "2099-12-31"],
                   env=env, check=True, capture_output=True)
    subprocess.run(olievlek + ["wave", "invite", "bench", "load"], env=env, check=True, capture_output=True)
    links = subprocess.run(olievlek + ["wave", "links", "bench", "load"], env=env, check=True,
                           capture_output=True, text=True).stdout.split()
    tokens = [line.rstrip("/").rsplit("/", 1)[1] for line in links[1::2]]

    port = free_port()
    log = open(work / "server.log", "w")  # noqa: SIM115 - open while the server runs
    base = f"http://127.0.0.1:{port}"

    def start_server():
        proc = subprocess.Popen([PYTHON, __file__, "--serve", server_kind, "--port", str(port),
                                 "--threads", str(threads_n)],
                                env=env, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        return proc

    servers = [start_server()]
    downtime = None
    try:
        stats, acked, gate = Stats(), {}, threading.Event()
        threads = [threading.Thread(target=respondent,
                                    args=(base, t, saves, interval, ramp, stats, acked, gate, bool(kill_after)))
                   for t in tokens]
        for t in threads:
            t.start()
        started = time.perf_counter()
        stats.t0 = started
        gate.set()
        if kill_after:
            time.sleep(kill_after)
            servers[-1].kill()  # SIGKILL: no clean shutdown, mid-transaction
            servers[-1].wait(10)
            down = time.perf_counter()
            servers.append(start_server())
            downtime = round(time.perf_counter() - down, 1)
        for t in threads:
            t.join(600)
        elapsed = time.perf_counter() - started
    finally:
        for server in servers:
            if server.poll() is None:
                server.terminate()
                server.wait(10)
        log.close()
    server_log = (work / "server.log").read_text(errors="replace")
    checked = verify(env, acked)
    result = {
        "database": database,
        "server": f"{server_kind} ({threads_n} threads)",
        "respondents": n,
        "ramp_seconds": ramp,
        "saves_per_respondent": saves + 1,
        "requests": len(stats.save_ms) + len(stats.submit_ms),
        "seconds": round(elapsed, 1),
        "save_p50_ms": round(pct(stats.save_ms, 50), 1),
        "save_p95_ms": round(pct(stats.save_ms, 95), 1),
        "save_max_ms": round(max(stats.save_ms or [0]), 1),
        "submit_p95_ms": round(pct(stats.submit_ms, 95), 1),
        "status": stats.status,
        "http_5xx": sum(v for k, v in stats.status.items() if k >= 500),
        "failures": stats.failures[:5],
        "save_p95_ms_per_5s": {
            f"{int(b)}-{int(b) + 5}s": round(pct([ms for t, ms in stats.timeline if b <= t < b + 5], 95), 1)
            for b in range(0, int(elapsed) + 1, 5)
            if any(b <= t < b + 5 for t, _ms in stats.timeline)
        },
        "database_is_locked": "database is locked" in server_log,
        "killed_after_seconds": kill_after or None,
        "down_seconds": downtime,
        "requests_sent_again": stats.unanswered,
        "complete_in_database": checked["responses"],
        "mismatches": checked["problems"][:5],
        "mismatch_count": len(checked["problems"]),
    }
    if result["http_5xx"] or result["failures"] or result["mismatch_count"]:  # 0 = no answer: not a 5xx
        errors = [ln for ln in server_log.splitlines() if "Error" in ln or "error" in ln]
        result["server_errors"] = sorted(set(errors))[:5]
        result["server_log"] = str(work / "server.log")  # kept for a look
    else:
        shutil.rmtree(work, ignore_errors=True)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--saves", type=int, default=6, help="saves after the first (consent) save")
    parser.add_argument("--interval", type=float, default=3.0, help="mean seconds between saves")
    parser.add_argument("--ramp", type=float, default=10.0,
                        help="everyone opens the link within this many seconds of the start")
    parser.add_argument("--postgres-url", default=os.environ.get(
        "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/bench_surveys"))
    parser.add_argument("--server", choices=["pool", "django", "waitress"], default="pool",
                        help="pool: Django's WSGI server with a fixed pool of worker threads and "
                        "persistent database connections (default); django: its thread per "
                        "connection (as runserver); waitress (pip install waitress)")
    parser.add_argument("--threads", type=int, default=8, help="requests handled at once")
    parser.add_argument("--kill-after", type=float, default=0, metavar="S",
                        help="kill the server (SIGKILL) S seconds into the load and start it again; "
                        "unanswered requests are sent again")
    parser.add_argument("--serve", choices=["pool", "waitress", "django"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.port, args.threads)
        return 0
    ok = True
    for database in (["sqlite", "postgres"] if args.database == "both" else [args.database]):
        result = run(database, args.respondents, args.saves, args.interval, args.postgres_url,
                     args.server, args.threads, args.ramp, args.kill_after)
        print(json.dumps(result, indent=2))
        good = (result["http_5xx"] == 0 and not result["failures"] and not result["database_is_locked"]
                and result["mismatch_count"] == 0 and result["complete_in_database"] == args.respondents)
        if database == "sqlite" and not args.kill_after:  # a restart is slow by design
            good = good and result["save_p95_ms"] < TARGET_P95_MS
        ok = ok and good
        print(f"{database}: {'OK' if good else 'FAILED'}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
