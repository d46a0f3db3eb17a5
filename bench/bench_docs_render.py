"""Benchmark (informational): one `docs render CASE --form ID --format pdf|docx -o OUT` process, as HQ scripts call it
once per document (../shared/CLI.md), against the floors measured in the same run.

- subject: a fresh ``python main.py --data-dir D docs render <case> --form penalty_decision --format pdf|docx -o OUT
  --force`` process on the demo data (``main.py demo`` runs untimed first);
- baseline "python": a fresh ``python -c "import workstation"`` process (the interpreter's own start);
- baseline "in-process": the same draft rendered again in one long-lived process (``draft_values`` + ``compose`` +
  ``render_document``, everything imported and the fonts registered): the work a document itself takes, without
  imports, the command line's parser and the first use of the fonts and of the forms.

Each process is timed from spawn to exit (wall) and by its CPU seconds (user + system, ``RUSAGE_CHILDREN``): on the
shared, noisy machine the CPU seconds move less than the wall time. One untimed warm-up each (it writes the bytecode,
kept under the workspace with PYTHONPYCACHEPREFIX, and warms the file cache), then R samples of each, interleaved
(A B A B ...); the median of each is printed with its ratio to the baselines. No target: exit 0 unless a command
fails.

    .venv/bin/python bench/bench_docs_render.py [--quick] [--repeat R] [--form ID] [--importtime] [--profile]

--importtime prints the 15 slowest imports (cumulative) of one PDF subject; --profile the top 25 cumulative
functions of one PDF and one DOCX subject under cProfile.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

PYTHON = sys.executable
MAIN = str(benchlib.ROOT / "main.py")
TIMEOUT = 120

# one long-lived process rendering the same draft again and again; prints the median seconds of one render
IN_PROCESS = """
import json, statistics, sys, time
from pathlib import Path
from workstation.db import open_database
from workstation.documents.drafts import draft_document, find_case_for, find_form, render_document
from workstation.paths import database_path
data_dir, case_ref, form_id, fmt, repeat = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
db = open_database(database_path(Path(data_dir)))
form = find_form(form_id)
case = find_case_for(db, case_ref, form)
def once():
    return render_document(draft_document(db, case, form, {}, None, []), fmt).data
once()  # imports, fonts, forms
samples = []
for _ in range(repeat):
    start = time.perf_counter()
    once()
    samples.append(time.perf_counter() - start)
print(json.dumps(statistics.median(samples)))
"""


class Failed(RuntimeError):
    pass


def run(argv: list[str], env: dict[str, str], what: str) -> tuple[float, float, bytes]:
    """(wall seconds, CPU seconds, stdout) of one process from spawn to exit; Failed when it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        proc = subprocess.run(argv, env=env, cwd=benchlib.ROOT, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failed(f"{what} did not end within {TIMEOUT} s") from None
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-12:]
        raise Failed(f"{what} exited with {proc.returncode}:\n    " + "\n    ".join(tail))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout


def import_times(argv: list[str], env: dict[str, str], top: int = 15) -> None:
    """The ``top`` slowest imports of one ``argv`` process under ``python -X importtime``; Failed when it fails."""
    what = "python -X importtime of the PDF render"
    try:
        proc = subprocess.run([PYTHON, "-X", "importtime", *argv[1:]], env=env, cwd=benchlib.ROOT,
                              capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failed(f"{what} did not end within {TIMEOUT} s") from None
    if proc.returncode != 0:  # its stderr is the import lines, then the error: the error's last lines
        tail = [line for line in proc.stderr.decode("utf-8", "replace").strip().splitlines()
                if not line.startswith("import time:")][-12:]
        raise Failed(f"{what} exited with {proc.returncode}:\n    " + "\n    ".join(tail))
    entries = []
    for line in proc.stderr.decode("utf-8", "replace").splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|", 2)
        name = name.rstrip()[1:]
        entries.append((int(cumulative), int(own), name))
    total = sum(c for c, _, name in entries if not name.startswith(" "))
    print(f"\npython -X importtime of one PDF render: {len(entries)} modules, top-level imports {total / 1e3:.0f} ms "
          f"cumulative. Top {top} by cumulative time:")
    rows = [[f"{c / 1e3:.1f} ms", f"{o / 1e3:.1f} ms", n.strip(), str((len(n) - len(n.lstrip())) // 2)]
            for c, o, n in sorted(entries, reverse=True)[:top]]
    benchlib.print_table(["cumulative", "self", "module", "depth"], rows)


def profile(argv: list[str], env: dict[str, str], work: Path, label: str, top: int = 25) -> None:
    out = work / f"{label}.prof"
    run([PYTHON, "-m", "cProfile", "-o", str(out), *argv[1:]], env, f"cProfile of the {label} render")
    text = io.StringIO()
    pstats.Stats(str(out), stream=text).sort_stats("cumulative").print_stats(top)
    print(f"\ncProfile of one {label} render (top {top} cumulative):")
    print("\n".join(line for line in text.getvalue().splitlines() if line.strip()))


def main() -> int:
    parser = argparse.ArgumentParser(description="one `docs render` process against its floors")
    parser.add_argument("--quick", action="store_true", help="smoke run: 2 samples each")
    parser.add_argument("--repeat", type=int, default=None, help="samples of each (default 7)")
    parser.add_argument("--form", default="penalty_decision", help="the form rendered (default penalty_decision)")
    parser.add_argument("--importtime", action="store_true", help="print the 15 slowest imports of a PDF render")
    parser.add_argument("--profile", action="store_true", help="cProfile one PDF and one DOCX render")
    args = parser.parse_args()
    repeat = args.repeat or (2 if args.quick else 7)

    with benchlib.workspace("docs-render") as work:
        env = dict(os.environ, PYTHONPYCACHEPREFIX=str(work / "pycache"), WORKSTATION_PLAINTEXT="1")
        for key in ("PYTHONDONTWRITEBYTECODE", "WORKSTATION_PASSPHRASE"):
            env.pop(key, None)
        data = str(work / "data")
        try:
            run([PYTHON, MAIN, "--data-dir", data, "demo"], env, "main.py demo")
            _wall, _cpu, out = run([PYTHON, MAIN, "--data-dir", data, "--json", "cases", "list"], env,
                                   "main.py cases list")
            case = json.loads(out)[0]["case_number"]
            renders = {fmt: [PYTHON, MAIN, "--data-dir", data, "--json", "docs", "render", case, "--form", args.form,
                             "--format", fmt, "-o", str(work / f"out.{fmt}"), "--force"] for fmt in ("pdf", "docx")}
            commands = {"python": [PYTHON, "-c", "import workstation"], **renders}
            for name, argv in commands.items():  # warm-up: bytecode, file cache
                run(argv, env, name)
            walls: dict[str, list[float]] = {name: [] for name in commands}
            cpus: dict[str, list[float]] = {name: [] for name in commands}
            for _round in range(repeat):
                for name, argv in commands.items():
                    wall, cpu, _out = run(argv, env, name)
                    walls[name].append(wall)
                    cpus[name].append(cpu)
            floors = {}
            for fmt in ("pdf", "docx"):
                _w, _c, out = run([PYTHON, "-c", IN_PROCESS, data, case, args.form, fmt, str(max(repeat, 5))], env,
                                  f"in-process {fmt} render")
                floors[fmt] = json.loads(out)
        except Failed as exc:
            print(f"ERROR: {exc}")
            return 1

        wall, cpu = benchlib.medians(walls), benchlib.medians(cpus)
        print(f"`docs render {case} --form {args.form}` on the demo data, median of {repeat} (interleaved):")
        rows = [["python -c 'import workstation'", benchlib.fmt_s(wall["python"]), benchlib.fmt_s(cpu["python"]),
                 "1.00", "", ""]]
        for fmt in ("pdf", "docx"):
            rows.append([f"docs render --format {fmt}", benchlib.fmt_s(wall[fmt]), benchlib.fmt_s(cpu[fmt]),
                         f"{wall[fmt] / wall['python']:.1f}", benchlib.fmt_s(floors[fmt]),
                         f"{wall[fmt] / floors[fmt]:.0f}"])
        benchlib.print_table(["process", "wall", "CPU", "wall / python", "in-process render",
                              "wall / in-process"], rows)
        print("(in-process render: the same draft rendered again in a warm process, median; informational)")
        try:
            if args.importtime:
                import_times(renders["pdf"], env)
            if args.profile:
                for fmt in ("pdf", "docx"):
                    profile(renders[fmt], env, work, fmt)
        except Failed as exc:
            print(f"ERROR: {exc}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
