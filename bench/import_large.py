"""Import a large network package: 10,000 people and 100,000 ties (issue 2's target).

Writes a synthetic package, then runs `olievlek import` on it as a whole process against a
fresh SQLite database (or DATABASE_URL when given), and reports wall time and peak memory.

    .venv/bin/python bench/import_large.py [--people 10000] [--ties 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=100_000)
    args = parser.parse_args()
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
