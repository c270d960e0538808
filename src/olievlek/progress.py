"""A small progress bar for long batch jobs, on stderr.

On a terminal it redraws one line; elsewhere (CI logs, pipes) it prints a line every 10%.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

Progress = Callable[[int, int, str], None]


def bar(stream=None, *, width: int = 30) -> Progress:
    stream = stream or sys.stderr
    tty = stream.isatty()
    state = {"last_pct": -10, "start": time.monotonic()}

    def report(done: int, total: int, label: str = "") -> None:
        total = max(total, 1)
        pct = min(100, int(done * 100 / total))
        if tty:
            filled = int(width * pct / 100)
            stream.write(f"\r{label:<12} [{'#' * filled}{' ' * (width - filled)}] {pct:3d}% {done}/{total}")
            if done >= total:
                stream.write(f"  {time.monotonic() - state['start']:.1f}s\n")
            stream.flush()
        elif pct >= state["last_pct"] + 10 or done >= total:
            state["last_pct"] = pct
            stream.write(f"{label}: {pct}% ({done}/{total})\n")
            stream.flush()

    return report


def silent(done: int, total: int, label: str = "") -> None:
    """A progress callback that says nothing (tests, library use)."""
