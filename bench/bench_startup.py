"""Benchmark: cold start of the workstation to a painted main window against an empty QMainWindow start.

Target (issue 2, "Numbers"): cold start to a painted main window within 1.5x of an empty QMainWindow start.

- baseline: a fresh ``python -c`` process that imports PySide6.QtWidgets, creates the QApplication and an empty
  QMainWindow of the app's size (1280x800), shows it and quits right after its first Paint event (it compiles
  shiboken6's embedded support modules at every start, as any PySide6 program does; the app keeps their code
  as a .pyc is kept, ``ui.pyside_support`` — ~25 ms of a quiet start the baseline pays and the subject does not);
- subject: a fresh ``python main.py`` process with WORKSTATION_EXIT_AFTER_PAINT=1 (the app quits by itself
  right after its main window first paints: the home tab, i.e. the deadline board, whose deadlines are counted
  from the event loop right after that paint; the case list, the second tab, is built on its first visit) on a
  data directory holding the demo data
  (``main.py init`` and ``main.py demo`` run untimed first, with WORKSTATION_PLAINTEXT=1: the data directory
  is unencrypted on purpose, so the subject measures the window as issue 2 defined it);
- informational: ``python -c pass`` (the interpreter's own start), and the subject on an encrypted copy of the
  same data logged in with WORKSTATION_PASSPHRASE (no dialog): the window plus the unlock (Argon2id at the
  default cost) and SQLCipher.

Each measurement is the time from spawning the process to its first paint, which the process reports by
printing ``PAINTED <epoch seconds>`` (the app does so when WORKSTATION_EXIT_AFTER_PAINT is set); the wall time
to the process's exit is shown for information (closing is not part of starting).

Both run with QT_QPA_PLATFORM=offscreen, WORKSTATION_HOME, the XDG folders and the bytecode cache
(PYTHONPYCACHEPREFIX) in a temporary directory. Wall time of each process from spawn to exit; one untimed
warm-up each, which also writes the bytecode ("cold" = a new process, as an officer starts the app a second
time: .pyc files present, operating-system file cache warm), then best of R (default 7), interleaved.
Ratio = subject / baseline <= 1.5.

    .venv/bin/python bench/bench_startup.py [--quick] [--repeat R] [--importtime] [--profile]

--importtime prints the 15 slowest imports (cumulative) of the subject from ``python -X importtime``;
--profile prints the top 20 cumulative functions of one subject start under cProfile. Both stop at the first paint
(the ``PAINTED`` line): what the window does after it — the board's first count, the menus, the work queued for
right after the paint, run before the subject quits — is not the start's, and listed it hid what the paint waits
for (the document editor's imports, after the paint, topped the list).
Exit 0 when within target, 1 when not (or when the subject does not start and quit by itself).
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

TARGET = 1.5
PASSPHRASE = "bench passphrase 2026"
TIMEOUT = 60
PYTHON = sys.executable
MAIN = str(benchlib.ROOT / "main.py")

BASELINE = """
import sys
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not getattr(self, "seen", False):
            self.seen = True
            print("PAINTED", time.time(), flush=True)
            QTimer.singleShot(0, app.quit)
        return False


window = QMainWindow()
window.resize(1280, 800)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
QTimer.singleShot(TIMEOUT_MS, lambda: app.exit(3))
sys.exit(app.exec())
""".replace("TIMEOUT_MS", str(TIMEOUT * 1000))


class StartFailed(RuntimeError):
    pass


def run(argv: list[str], env: dict[str, str], what: str) -> float:
    """Wall seconds of one process from spawn to exit; StartFailed when it fails or hangs."""
    return spawn(argv, env, what)[1]


def spawn(argv: list[str], env: dict[str, str], what: str) -> tuple[float | None, float]:
    """Seconds from spawn to the first paint (the process prints ``PAINTED <epoch>``; None if it prints
    nothing) and to exit; StartFailed when it fails or hangs."""
    spawned, start = time.time(), time.perf_counter()
    try:
        proc = subprocess.run(argv, env=env, cwd=benchlib.ROOT, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise StartFailed(f"{what} did not quit within {TIMEOUT} s") from None
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-12:]
        raise StartFailed(f"{what} exited with {proc.returncode}:\n    " + "\n    ".join(tail))
    painted = [line.split()[1] for line in proc.stdout.decode().splitlines() if line.startswith("PAINTED ")]
    return (float(painted[0]) - spawned if painted else None), seconds


def import_times(env: dict[str, str], top: int = 15) -> None:
    # unbuffered, stderr into stdout: the import lines before the PAINTED line are those of the start
    proc = subprocess.run([PYTHON, "-u", "-X", "importtime", MAIN], env=env, cwd=benchlib.ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT)
    entries = []
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("PAINTED "):
            break
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|", 2)
        name = name.rstrip()[1:]  # one space after the bar, then two more per nesting level
        entries.append((int(cumulative), int(own), name))
    total = sum(c for c, _, name in entries if not name.startswith(" "))
    print(f"\npython -X importtime main.py, up to the first paint: {len(entries)} modules, top-level imports "
          f"{total / 1e3:.0f} ms cumulative. Top {top} by cumulative time:")
    rows = [[f"{c / 1e3:.1f} ms", f"{o / 1e3:.1f} ms", n.strip(), str((len(n) - len(n.lstrip())) // 2)]
            for c, o, n in sorted(entries, reverse=True)[:top]]
    benchlib.print_table(["cumulative", "self", "module", "depth"], rows)


# main.py under cProfile, the profile written and ended at the first paint (the app's PAINTED line)
PROFILED = """
import builtins, cProfile, runpy, sys
profiler, shown = cProfile.Profile(), builtins.print
def painted(*args, **kwargs):
    if args and args[0] == "PAINTED" and profiler is not None:
        profiler.disable()
        profiler.dump_stats(OUT)
    shown(*args, **kwargs)
builtins.print = painted
sys.argv = [MAIN]
profiler.enable()
runpy.run_path(MAIN, run_name="__main__")
"""


def profile(env: dict[str, str], work: Path, top: int = 20) -> None:
    out = work / "startup.prof"
    script = PROFILED.replace("OUT", repr(str(out))).replace("MAIN", repr(MAIN))
    subprocess.run([PYTHON, "-c", script], env=env, cwd=benchlib.ROOT, capture_output=True, timeout=TIMEOUT,
                   check=True)
    text = io.StringIO()
    stats = pstats.Stats(str(out), stream=text).sort_stats("cumulative")
    stats.print_stats(str(benchlib.ROOT / "(?:ui|workstation)/"), top)  # the project's own functions
    stats.print_stats(r"\{method|\{built-in", 8)  # and the slowest native calls
    print(f"\ncProfile of one subject start up to its first paint (top {top} cumulative of ui/ and workstation/, "
          "then native calls; import time is counted in the <module> lines):")
    print("\n".join(line for line in text.getvalue().splitlines() if line.strip()))


def main() -> int:
    parser = argparse.ArgumentParser(description="cold start to a painted main window vs an empty QMainWindow")
    parser.add_argument("--quick", action="store_true", help="smoke run: 2 samples each")
    parser.add_argument("--repeat", type=int, default=None, help="samples of each (default 7)")
    parser.add_argument("--rows", type=int, default=None, help="ignored (the subject opens the demo data)")
    parser.add_argument("--importtime", action="store_true", help="print the 15 slowest imports of the subject")
    parser.add_argument("--profile", action="store_true", help="cProfile one subject start")
    args = parser.parse_args()
    repeat = args.repeat or (2 if args.quick else 7)

    with benchlib.workspace("startup") as work:
        # bytecode is cached under the workspace (not in the project tree); the warm-up runs fill it
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(work / "pycache"))
        for key in ("PYTHONDONTWRITEBYTECODE", "WORKSTATION_EXIT_AFTER_PAINT", "WORKSTATION_PASSPHRASE"):
            env.pop(key, None)
        env["WORKSTATION_PLAINTEXT"] = "1"  # the default data directory: unencrypted on purpose
        secure = ["--data-dir", str(work / "secure")]
        secure_env = {k: v for k, v in env.items() if k != "WORKSTATION_PLAINTEXT"}
        secure_env["WORKSTATION_PASSPHRASE"] = PASSPHRASE
        try:
            for command in ("init", "demo"):
                run([PYTHON, MAIN, command], env, f"main.py {command}")
                run([PYTHON, MAIN, *secure, command], secure_env, f"main.py {command} (encrypted)")
        except StartFailed as exc:
            print(f"ERROR: preparing the demo data failed: {exc}")
            return 1
        subject_env = dict(env, WORKSTATION_EXIT_AFTER_PAINT="1")
        commands = {
            "baseline": ([PYTHON, "-c", BASELINE], env, "the empty QMainWindow script"),
            "subject": ([PYTHON, MAIN], subject_env, "main.py (WORKSTATION_EXIT_AFTER_PAINT=1)"),
            "encrypted": ([PYTHON, MAIN, *secure], dict(secure_env, WORKSTATION_EXIT_AFTER_PAINT="1"),
                          "main.py on encrypted data (WORKSTATION_PASSPHRASE)"),
            "python": ([PYTHON, "-c", "pass"], env, "python -c pass"),
        }
        try:
            for argv, run_env, what in commands.values():  # warm-up: file cache, .pyc files
                run(argv, run_env, what)
            walls: dict[str, list[float]] = {name: [] for name in commands}

            def to_paint(command, name):
                painted, wall = spawn(*command)
                walls[name].append(wall)
                return wall if painted is None else painted  # python -c pass paints nothing

            results = benchlib.interleaved(
                {name: (lambda c=c, n=name: to_paint(c, n)) for name, c in commands.items()}, repeat)
        except StartFailed as exc:
            print(f"ERROR: {exc}")
            print("The subject must quit by itself after its first paint when WORKSTATION_EXIT_AFTER_PAINT=1 "
                  "(ui/app.py).")
            return 1

        best = {k: min(v) for k, v in results.items()}
        ratio = best["subject"] / best["baseline"]
        labels = {"baseline": "empty QMainWindow (python -c)", "subject": "python main.py  [target]",
                  "encrypted": "main.py, encrypted, unlocked by env  [info]", "python": "python -c pass  [info]"}
        rows = [[labels[k], benchlib.fmt_s(s), f"{s / best['baseline']:.2f}", benchlib.fmt_s(min(walls[k])),
                 " ".join(f"{x:.3f}" for x in results[k])] for k, s in best.items()]
        print(f"cold start: from spawning the process to its first paint, best of {repeat}, interleaved "
              "(offscreen); wall = to the process's exit [i]")
        benchlib.print_table(["process", "to paint", "× baseline", "wall [i]", "samples (s)"], rows)
        qt_part = best["baseline"] - best["python"]
        app_part = best["subject"] - best["baseline"]
        print(f"\nratio subject/baseline = {ratio:.2f} (target ≤ {TARGET:.1f}); the app adds "
              f"{app_part * 1e3:.0f} ms to the {best['baseline'] * 1e3:.0f} ms of an empty window "
              f"(of which Python itself {best['python'] * 1e3:.0f} ms, Qt {qt_part * 1e3:.0f} ms)")
        if args.importtime:
            import_times(subject_env)
        if args.profile:
            profile(subject_env, work)
        return benchlib.verdict(ratio <= TARGET, args.quick)


if __name__ == "__main__":
    sys.exit(main())
