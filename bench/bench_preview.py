"""Benchmark: the document editor's preview of a 10-page 询问笔录 against rendering the same document through
the command line, and how free the GUI thread stays while the preview renders.

Target (issue 5, "Numbers"): preview refresh of a 10-page 询问笔录 within 1.5x of rendering the same document
through the command line, same run; keystrokes are never delayed by rendering (the GUI thread stays free).

- the document: the demo case 佛南市监立〔2026〕9号's 询问笔录 with a long question/answer list (generated here,
  the same values for both) that fills 10 pages;
- baseline: ``python main.py docs render CASE --form inquiry_record --values V.json --format pdf -o OUT`` in a
  fresh process, wall time (what an officer would otherwise run to see the document);
- subject: in a QApplication (offscreen), a ``FormEditor`` on the same case: one field changed, then the time
  until the new PDF is loaded into the preview (``refresh_preview`` → worker thread → ``_load_pdf``);
- informational: the same draft rendered in this process without the editor (what the command line spends
  once Python has started);
- GUI thread: while the preview renders, a 5 ms timer on the GUI thread records how late each tick fires; the
  largest delay is what a keystroke could wait at worst (informational with a stated limit of 50 ms).

Interleaved, best of R (default 5). Ratio = subject / baseline <= 1.5.

    .venv/bin/python bench/bench_preview.py [--quick] [--repeat R]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

TARGET = 1.5
GUI_LIMIT_MS = 50
CASE = "佛南市监立〔2026〕9号"
ROOT = Path(__file__).resolve().parent.parent


def long_interview(pairs: int) -> str:
    """A question/answer list of ``pairs`` pairs of realistic length."""
    lines = []
    for n in range(1, pairs + 1):
        lines.append(f"问：第{n}个问题，请你说明你单位于2026年{n % 12 + 1}月向消费者发送推广短信时所使用的号码来源、"
                     "发送平台、发送数量以及是否事先取得消费者的同意？")
        lines.append(f"答：我单位当月通过某短信平台发送了约{n * 37}条推广短信，号码来源于此前在售楼处登记的客户名单和"
                     "从他人处购买的业主名单，发送前没有逐一取得消费者的同意，具体数量以平台后台记录为准。")
    return "\n".join(lines)


def main() -> int:
    parser = benchlib.arg_parser("editor preview vs command-line render of a 10-page inquiry record", repeat=5)
    parser.add_argument("--pairs", type=int, default=26, help="question/answer pairs (default 26 = 10 pages)")
    args = parser.parse_args()
    _n, repeat = benchlib.rows_and_repeat(args)

    with benchlib.workspace("preview") as base:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([sys.argv[0]])
        from ui.form_editor import FormEditor
        from workstation.db import open_database
        from workstation.demo import load_demo
        from workstation.documents.drafts import find_form
        from workstation.paths import database_path
        from workstation.store import ensure_reference_data, find_case

        data_dir = Path(os.environ["WORKSTATION_HOME"])
        db = open_database(database_path(data_dir))
        ensure_reference_data(db)
        load_demo(db)
        values = {"questions_answers": long_interview(args.pairs), "place": "南海区市场监督管理局询问室"}
        values_file = base / "values.json"
        values_file.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
        out = base / "cli.pdf"
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(base / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        command = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), "docs", "render", CASE,
                   "--form", "inquiry_record", "--values", str(values_file), "--format", "pdf", "-o", str(out)]

        def baseline() -> float:
            start = time.perf_counter()
            subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return time.perf_counter() - start

        editor = FormEditor(db, data_dir, find_case(db, CASE), find_form("inquiry_record"), _Silent())
        for name, value in values.items():
            editor.set_field(name, value)
        editor.wait_for_preview()
        delays: list[float] = []
        flip = [0]

        def subject() -> float:
            ticks: list[float] = []
            timer = QTimer()
            timer.setInterval(5)
            timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
            flip[0] += 1
            editor.set_field("place", f"询问室{flip[0]}")  # a change, then what the preview does with it
            start = time.perf_counter()
            timer.start()
            editor.refresh_preview()
            while editor.rendering or editor.pending:
                app.processEvents()
                time.sleep(0.001)
            app.processEvents()
            elapsed = time.perf_counter() - start
            timer.stop()
            gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
            delays.append(max(gaps, default=0) - 0.005)
            return elapsed

        from workstation.documents.drafts import draft_document, render_document

        case = find_case(db, CASE)

        def in_process() -> float:
            start = time.perf_counter()
            render_document(draft_document(db, case, find_form("inquiry_record"), values), "pdf")
            return time.perf_counter() - start

        baseline()  # warm-up: bytecode, fonts, OS file cache
        subject()
        results = benchlib.interleaved({"baseline": baseline, "subject": subject, "in_process": in_process},
                                       repeat)
        best = {k: min(v) for k, v in results.items()}
        ratio = best["subject"] / best["baseline"]
        worst_gap_ms = max(delays) * 1000
        ok = ratio <= TARGET and worst_gap_ms <= GUI_LIMIT_MS
        print(f"\n{editor.pages} pages, {args.pairs} question/answer pairs; best of {repeat}, interleaved")
        benchlib.print_table(["measurement", "seconds", "× baseline", "samples (s)"], [
            ["docs render (command line)", benchlib.fmt_s(best["baseline"]), "1.00",
             " ".join(f"{s:.3f}" for s in results["baseline"])],
            ["editor preview refresh [target]", benchlib.fmt_s(best["subject"]), f"{ratio:.2f}",
             " ".join(f"{s:.3f}" for s in results["subject"])],
            ["draft + render_pdf in process [i]", benchlib.fmt_s(best["in_process"]),
             f"{best['in_process'] / best['baseline']:.2f}", " ".join(f"{s:.3f}" for s in results["in_process"])],
        ])
        print("[i] the same rendering without the editor and its worker thread: the part of the command line that "
              "is not\n    starting Python, importing and opening the database")
        print(f"largest delay of a 5 ms GUI timer while the preview rendered: {worst_gap_ms:.1f} ms "
              f"(limit {GUI_LIMIT_MS} ms)")
        editor.shutdown()
        db.conn.close()
        return benchlib.verdict(ok, args.quick)


class _Silent:
    """Prompts that answer nothing (the benchmark asks no questions)."""

    def __getattr__(self, name):
        return lambda *a, **k: None


if __name__ == "__main__":
    sys.exit(main())
