"""Shared plumbing of the benchmark scripts: a throw-away workspace (WORKSTATION_HOME and the XDG folders in a
temporary directory), interleaved best-of-N timing, and the short result table.

The machine is shared and noisy, so a script never compares against a stored number: it measures its baseline
in the same run, interleaves baseline and subject samples, keeps the best of each and prints the ratio."""

from __future__ import annotations

import argparse
import contextlib
import gc
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# a bench runs for minutes with its output often sent to a file or a pipe: each line shown when printed
if hasattr(sys.stdout, "reconfigure"):  # not where a test has put a StringIO in its place
    sys.stdout.reconfigure(line_buffering=True)

ENV_KEYS = ("WORKSTATION_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
            "QT_QPA_PLATFORM")


def arg_parser(description: str, *, quick_rows: int = 2_000, repeat: int = 5) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, default=None, help="register rows / cases (default 100000)")
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke run: {quick_rows} rows and fewer repetitions (the verdict is not meaningful)")
    parser.add_argument("--repeat", type=int, default=None, help=f"samples of each measurement (default {repeat})")
    parser.set_defaults(_quick_rows=quick_rows, _repeat=repeat)
    return parser


def rows_and_repeat(args) -> tuple[int, int]:
    rows = args.rows if args.rows is not None else (args._quick_rows if args.quick else 100_000)
    repeat = args.repeat if args.repeat is not None else (min(3, args._repeat) if args.quick else args._repeat)
    return max(rows, 1), max(repeat, 1)


@contextlib.contextmanager
def workspace(prefix: str) -> Iterator[Path]:
    """A temporary directory holding the data directory (WORKSTATION_HOME) and the XDG folders, so nothing is
    written into the user's data or settings; removed afterwards."""
    base = Path(tempfile.mkdtemp(prefix=f"wsbench-{prefix}-"))
    saved = {k: os.environ.get(k) for k in ENV_KEYS}
    os.environ["WORKSTATION_HOME"] = str(base / "home")
    for key, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "share"), ("XDG_CACHE_HOME", "cache"),
                     ("XDG_STATE_HOME", "state")):
        os.environ[key] = str(base / "xdg" / sub)
        (base / "xdg" / sub).mkdir(parents=True, exist_ok=True)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        yield base
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(base, ignore_errors=True)


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of ``fn`` takes (after a garbage collection, so earlier garbage is not billed)."""
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def per_call(fn: Callable[[], object], loops: int) -> Callable[[], float]:
    """A sampler returning the mean seconds of ``loops`` calls of ``fn`` (for operations of a few ms)."""

    def sample() -> float:
        gc.collect()
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        return (time.perf_counter() - start) / loops

    return sample


def calibrate(fns: list[Callable[[], object]], target: float = 0.05, cap: int = 200) -> int:
    """Loops per sample so that the slowest of ``fns`` runs about ``target`` seconds per sample."""
    for fn in fns:  # warm caches first
        fn()
    slowest = max(max(timed(fn) for fn in fns), 1e-6)
    return max(1, min(cap, int(target / slowest)))


def loops_for(fn: Callable[[], object], target: float = 0.25, cap: int = 1_000_000) -> int:
    """Loops per sample so that ``fn`` alone runs at least ``target`` seconds per sample: measured over growing runs of
    calls (a single call of a millisecond is too short to time on a noisy machine), not over one call as
    ``calibrate`` does. Each side of a comparison gets its own count, so that the faster side's samples are not the
    shorter, noisier ones."""
    fn()  # warm caches first
    loops = 1
    while True:
        gc.collect()
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        spent = time.perf_counter() - start
        if spent >= target / 5 or loops >= cap:
            break
        loops = min(cap, loops * 4 if spent <= 0 else max(loops * 2, int(loops * target / 5 / spent) + 1))
    return max(1, min(cap, math.ceil(target * loops / max(spent, 1e-9))))


def medians(results: dict[str, list[float]]) -> dict[str, float]:
    """The median of each sampler's samples (``interleaved``): robust to the odd sample a busy machine slows or the one
    that happens to run alone, where the best of a few short samples picks out noise."""
    return {name: statistics.median(samples) for name, samples in results.items() if samples}


def interleaved(samplers: dict[str, Callable[[], float]], repeat: int, *, budget: float | None = None,
                once: tuple[str, ...] = ()) -> dict[str, list[float]]:
    """Run each sampler ``repeat`` times, alternating between them (A B A B ...) so that load changes on the
    machine hit both; each sampler returns the seconds it measured. Samplers named in ``once`` run in the
    first round only (informational numbers). With ``budget`` (seconds), no new round starts after two
    rounds when it would likely end past the budget; the rounds run are printed."""
    results: dict[str, list[float]] = {name: [] for name in samplers}
    start = time.perf_counter()
    for round_no in range(repeat):
        round_start = time.perf_counter()
        for name, sampler in samplers.items():
            if name in once and round_no > 0:
                continue
            results[name].append(sampler())
        elapsed = time.perf_counter() - start
        if budget and round_no + 1 < repeat and round_no >= 1 \
                and elapsed + (time.perf_counter() - round_start) > budget:
            print(f"(time budget of {budget:.0f} s reached: {round_no + 1} rounds instead of {repeat})")
            break
    return results


def fmt_s(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.0f} µs"


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(_width(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]
    line = "  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(_pad(str(c), w) for c, w in zip(row, widths, strict=True)))


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal
    return sum(2 if ord(ch) >= 0x1100 and not 0xFF61 <= ord(ch) <= 0xFFDC else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def all_imported(result, expected: int, rows: int) -> str | None:
    """None when an import (``import_complaints``'s result) stored every one of the ``expected`` complaints of a
    generated file of ``rows`` rows; else what to print before stopping: a refused file, a row received after
    today, leaves nothing to time or search (a benchmark of an empty table gives no verdict)."""
    found = result.as_dict()
    if found["imported"] == expected:
        return None
    refused = "; ".join(f["refused"] for f in found["files"] if f.get("refused"))
    return (f"ERROR: {found['imported']:,} complaints imported instead of the file's {expected:,} ({rows:,} rows, "
            f"some repeated): {refused or 'the import refused rows'}; nothing is measured")


def verdict(ok: bool, quick: bool) -> int:
    """Print the verdict line; the exit code (0 within target, 1 not)."""
    note = " (quick smoke run: small N, not meaningful against the target)" if quick else ""
    print(("PASS: within target" if ok else "FAIL: target missed") + note)
    return 0 if ok else 1
