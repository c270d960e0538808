"""Import a large network package: 10,000 people and 100,000 ties (issue 2's target).

Writes a synthetic package, then runs `olievlek import` on it as a whole process against a
fresh SQLite database (or DATABASE_URL when given), and reports wall time and peak memory.

    .venv/bin/python bench/import_large.py [--people 10000] [--ties 100000]
    .venv/bin/python bench/import_large.py --floor [--repeat 3] [--database sqlite|postgres|both]

``--floor`` compares ``olievlek import`` with ``bench/import_floor.py`` (the same rows into the
same tables with plain ``sqlite3`` executemany, or psycopg's ``COPY`` on PostgreSQL): both as
whole processes on a fresh, already migrated database (SQLite: a copy of a migrated file;
PostgreSQL: a database made from a migrated template, at ``--postgres``), alternated
``--repeat`` times, reporting the medians of wall time, CPU time of the process (the
PostgreSQL server's is not in it) and peak memory, and their ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from olievlek.package import Package, frame, write_package


def synthetic(people: int, ties: int, seed: int = 1) -> Package:
    rng = random.Random(seed)
    pkg = Package.empty(network={"id": "bench-import", "name": "Bench import", "sector": "vo"})
    pkg.people = frame("people", [
        {"id": f"p{i}", "name": f"Persoon {i}", "education_level": rng.choice(["hbo", "universiteit", "phd"]),
         "involvement": rng.choice(["6-12m", "1-2y"])} for i in range(people)
    ])
    units = max(1, people // 25)
    pkg.units = frame("units", [{"id": f"u{u}", "name": f"Team {u}", "process": "praktijk"} for u in range(units)])
    pkg.memberships = frame("memberships", [
        {"person": f"p{i}", "unit": f"u{i % units}", "role": "leraar", "start": "2024-01-01"} for i in range(people)
    ])
    seen: set[tuple[int, int]] = set()
    rows = []
    while len(rows) < ties:
        s, t = rng.randrange(people), rng.randrange(people)
        if s != t and (s, t) not in seen:
            seen.add((s, t))
            rows.append({"wave": "2024", "source": f"p{s}", "target": f"p{t}", "relation": "advice",
                         "frequency": rng.randint(2, 5), "usefulness": rng.randint(1, 5)})
    pkg.ties = frame("ties", rows)
    return pkg


HERE = Path(__file__).resolve().parent
TEMPLATE, RUN = "olievlek_floor_template", "olievlek_floor_run"


def _timed(cmd: list[str], env: dict[str, str], log: Path) -> dict:
    """Run ``cmd``; its wall time, CPU time and peak memory (its own, from wait4)."""
    start = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{cmd[1:3]} failed: {log.read_text()[-2000:]}")
    return {"seconds": round(seconds, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_mb": round(usage.ru_maxrss / 1024), "load": round(os.getloadavg()[0], 2)}


def _psql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute(sql)


def floor_comparison(package: Path, tmp: Path, database: str, postgres: str, repeat: int) -> dict:
    """``olievlek import`` and the floor, alternated on fresh databases: medians and ratios."""
    base = dict(os.environ)
    base.pop("DATABASE_URL", None)
    if database == "sqlite":
        template = tmp / "template"
        template.mkdir(parents=True, exist_ok=True)
        env = dict(base, OLIEVLEK_VAR=str(template))
    else:
        _psql(postgres, f"DROP DATABASE IF EXISTS {RUN}")
        _psql(postgres, f"DROP DATABASE IF EXISTS {TEMPLATE}")
        _psql(postgres, f"CREATE DATABASE {TEMPLATE}")
        env = dict(base, DATABASE_URL=f"{postgres.rsplit('/', 1)[0]}/{TEMPLATE}")
    subprocess.run([sys.executable, "-m", "olievlek.cli", "manage", "migrate", "-v", "0"], env=env,
                   check=True)
    runs: dict[str, list[dict]] = {"olievlek": [], "floor": []}
    for i in range(repeat):
        for kind in (("olievlek", "floor") if i % 2 == 0 else ("floor", "olievlek")):
            if database == "sqlite":
                var = tmp / "run"
                shutil.rmtree(var, ignore_errors=True)
                shutil.copytree(template, var)
                env = dict(base, OLIEVLEK_VAR=str(var))
                url = f"sqlite:///{var / 'olievlek.sqlite3'}"
            else:
                _psql(postgres, f"DROP DATABASE IF EXISTS {RUN}")
                _psql(postgres, f"CREATE DATABASE {RUN} TEMPLATE {TEMPLATE}")
                url = f"{postgres.rsplit('/', 1)[0]}/{RUN}"
                env = dict(base, DATABASE_URL=url)
            if kind == "olievlek":
                cmd = [sys.executable, "-m", "olievlek.cli", "import", str(package)]
            else:
                cmd = [sys.executable, str(HERE / "import_floor.py"), str(package), "--database", url]
            r = _timed(cmd, env, tmp / f"{kind}.log")
            print(f"[{database}] {kind} run {i + 1}: {r}", flush=True)
            runs[kind].append(r)
    if database == "postgres":
        _psql(postgres, f"DROP DATABASE IF EXISTS {RUN}")
        _psql(postgres, f"DROP DATABASE IF EXISTS {TEMPLATE}")
    med = {kind: {key: statistics.median(r[key] for r in rs) for key in ("seconds", "cpu_seconds", "peak_mb")}
           for kind, rs in runs.items()}
    return {
        "runs": repeat, "median olievlek": med["olievlek"], "median floor": med["floor"],
        "ratio wall": round(med["olievlek"]["seconds"] / med["floor"]["seconds"], 2),
        "ratio cpu (client process)": round(med["olievlek"]["cpu_seconds"] / med["floor"]["cpu_seconds"], 2),
        "ratio peak memory": round(med["olievlek"]["peak_mb"] / med["floor"]["peak_mb"], 2),
        "load during runs": [r["load"] for rs in runs.values() for r in rs],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=100_000)
    parser.add_argument("--floor", action="store_true", help="compare with bench/import_floor.py")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--postgres", default=os.environ.get(
        "BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL URL whose user may create databases (default: %(default)s)")
    args = parser.parse_args()
    if args.floor:
        with tempfile.TemporaryDirectory() as tmp:
            package = write_package(synthetic(args.people, args.ties), Path(tmp) / "pkg")
            report: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                            "people": args.people, "ties": args.ties}
            for database in (("sqlite", "postgres") if args.database == "both" else (args.database,)):
                report[database] = floor_comparison(package, Path(tmp), database, args.postgres,
                                                    args.repeat)
                print(json.dumps(report[database]), flush=True)
            print(json.dumps(report, indent=2))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        package = write_package(synthetic(args.people, args.ties), Path(tmp) / "pkg")
        env = dict(os.environ, OLIEVLEK_VAR=str(Path(tmp) / "var"))
        cmd = [sys.executable, "-m", "olievlek.cli", "import", str(package)]
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if proc.returncode != 0:
            print(proc.stdout, proc.stderr, file=sys.stderr)
            return proc.returncode
        db = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
        print(proc.stdout.strip())
        print(f"import of {args.people} people / {args.ties} ties on {db}: "
              f"{elapsed:.1f} s wall, peak memory {peak:.0f} MB")
        print("progress lines:", sum(1 for line in proc.stderr.splitlines() if line.startswith("import:")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
