"""Benchmark: one very large case (a leaked-customer-list case that grew big), and what an officer does with it.

The big case, built through the program's own store functions in a throw-away data directory: 40 parties (the
seller, resellers, call centres), 300 issued documents (询问笔录 of each party's representative and 送达回证 for
each), 1,500 evidence items (call logs, screenshots, list files, each registered as ``evidence add`` does) and
3,000 events on its timeline (the evidence's, then recorded edits). The same station holds a small case (one
party, three documents, five evidence items, built the same way): its numbers are the baseline measured in the
same run, so the ratio says how much the size of a case costs.

Timed on both cases, interleaved (small, big, small, big …), best of R:

- the case's workspace opened in an offscreen window (built, shown, laid out and painted), and each of its
  sections built again alone (parties, documents, evidence, deadlines, law, timeline: what its tab costs);
- a keystroke in a field of its document editor (询问笔录): the GUI thread's time for one character typed;
- one more document issued (a 送达回证);
- the 卷宗 (``docs casefile``), the evidence list (``evidence list``), the case's deadlines (``clocks --case``)
  and its row in the case list (``cases list --search``) through the command line in this process;
- ``bundle export --all`` of the station.

Targets (absolute, on the big case): workspace opened < 1 s, each section < 0.3 s, a keystroke < 50 ms; the 卷宗
within 2× of rendering its documents one by one (``render_pdf`` of each issued document composed again from its
frozen values, which is what printing them one at a time costs).

    .venv/bin/python bench/bench_big_case.py [--quick] [--repeat R] [--profile]

``--quick``: 8 parties, 30 documents, 150 evidence items, 300 events (seconds; the verdict is not meaningful).
``--profile``: cProfile of each action on the big case (top 12 by cumulative time) after the table.
Exit 0 when every target is met, 1 when not.
"""

from __future__ import annotations

import contextlib
import cProfile
import datetime as dt
import io
import os
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
from make_data import make_uscc  # noqa: E402

OPEN_LIMIT, SECTION_LIMIT, KEY_LIMIT, CASEFILE_RATIO = 1.0, 0.3, 0.050, 2.0
FULL = {"parties": 40, "documents": 300, "evidence": 1_500, "events": 3_000}
QUICK = {"parties": 8, "documents": 30, "evidence": 150, "events": 300}
SMALL = {"parties": 1, "documents": 3, "evidence": 5, "events": 0}
KINDS = (
    ("call_log", ".csv", "通话记录"),
    ("photo", ".png", "截图"),
    ("customer_list", ".xlsx", "客户名单"),
    ("sms_log", ".csv", "短信平台记录"),
    ("chat_export", ".txt", "聊天记录"),
)
FILED_ON, RECORDED_ON = "2026-03-02", "2026-03-05"


def _officers(db) -> list:
    from workstation.records import Officer
    from workstation.store import agency_by_code, save_officer

    agency = agency_by_code(db, "440605").id
    return [
        save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency))
        for name, cert in (("陈志强", "44060512001"), ("黄丽娟", "44060512002"))
    ]


def build_case(
    db, data_dir: Path, officers: list, size: dict, tag: str, files: Path, first_day: str = RECORDED_ON
) -> str:
    """A case of ``size`` (parties, issued documents, evidence items, events) built through the store, as the
    window and the command line build one; returns its id."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.records import Case, CaseEvent, Party, now
    from workstation.store import create_case, get_case, save_party
    from workstation.store.cases import add_event
    from workstation.store.evidence import add_evidence

    roles = ("信息科技有限公司", "电话营销服务部", "数据咨询有限公司", "房地产代理有限公司")
    parties = [
        save_party(
            db,
            Party(
                name=f"佛山市南海区{tag}{k:02d}{roles[k % len(roles)]}",
                uscc=make_uscc(
                    "2" if k % len(roles) == 1 else "1", "440605", 30_000_000 + k * 37 + sum(map(ord, tag)) * 7919
                ),
                legal_rep=f"负责人{k:02d}",
                address=f"佛山市南海区桂城街道{tag}路{k + 1}号",
                phone="0757-86280000",
            ),
        )
        for k in range(size["parties"])
    ]
    case = create_case(
        db,
        Case(
            case_number="",
            cause="涉嫌非法提供消费者个人信息案",
            sector="real_estate",
            agency_id=officers[0].agency_id,
            status="investigating",
            lead_received_on="2026-03-01",
            filed_on=FILED_ON,
            party_ids=[p.id for p in parties],
            officer_ids=[o.id for o in officers],
            facts="经查，当事人将其掌握的业主名单提供给多家电话营销服务机构。",
        ),
    )
    folder = files / tag
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(size["evidence"]):
        kind, suffix, what = KINDS[n % len(KINDS)]
        path = folder / f"{what}{n + 1:04d}{suffix}"
        path.write_bytes(f"{tag} evidence {n}\n".encode() * 8)
        add_evidence(
            db,
            data_dir,
            case.id,
            path,
            kind=kind,
            source=f"{parties[n % len(parties)].name}电脑",
            collected_on=RECORDED_ON,
            description=f"{what}（第{n + 1}份）",
        )
        path.unlink()
    inquiry, receipt = find_form("inquiry_record"), find_form("delivery_receipt")
    # a record is issued only with every question of its template answered
    from workstation.formkit.qa import format_pairs, parse_pairs

    answers = format_pairs([(question, answer.strip() or "如实回答。")
                            for question, answer in parse_pairs(inquiry.field("questions_answers").default)])
    for n in range(size["documents"]):
        party = parties[(n // 2) % len(parties)]
        # one interview an hour, eight a day from ``first_day``: the same officers never question two people at once
        day = (dt.date.fromisoformat(first_day) + dt.timedelta(days=n // 16)).isoformat()
        hour = 9 + (n // 2) % 8
        if n % 2 == 0:
            issue_document(
                db,
                data_dir,
                get_case(db, case.id),
                inquiry,
                {
                    "time_from": f"{day} {hour:02d}:00",
                    "time_to": f"{day} {hour:02d}:50",
                    "place": "南海区局询问室",
                    "session": n // (2 * len(parties)) + 1,
                    "sex": "男",
                    "id_number": "110101199003074477",
                    "recusal_answer": "不申请回避。",
                    "questions_answers": answers,
                },
                party_id=party.id,
            )
        else:
            issue_document(
                db,
                data_dir,
                get_case(db, case.id),
                receipt,
                {"served_document": "询问通知书", "place": "当事人住所", "served_on": RECORDED_ON},
                party_id=party.id,
            )
    held = db.execute("SELECT COUNT(*) FROM case_events WHERE case_id = ?", [case.id]).fetchone()[0]
    with db.atomic():
        for n in range(max(0, size["events"] - held)):
            add_event(
                db,
                CaseEvent(
                    case_id=case.id,
                    kind="edited",
                    at=now(),
                    on_date=RECORDED_ON,
                    note="facts",
                    actor=officers[n % 2].name,
                ),
            )
    return case.id


def build_station(base: Path, size: dict) -> tuple[Path, str, str]:
    """A station data directory holding the small case and the big one: (data dir, small id, big id)."""
    from workstation.db import open_database
    from workstation.paths import database_path
    from workstation.station import ensure_station
    from workstation.store import ensure_reference_data

    data_dir = Path(os.environ["WORKSTATION_HOME"])
    data_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(database_path(data_dir))
    try:
        ensure_reference_data(db)
        ensure_station(db, data_dir, name="南海区局一号机")
        officers = _officers(db)
        small = build_case(db, data_dir, officers, SMALL, "小案", base / "files", "2026-06-01")
        big = build_case(db, data_dir, officers, size, "大案", base / "files")
        db.execute("PRAGMA optimize")
    finally:
        db.conn.close()
    return data_dir, small, big


class _Silent:
    """Prompts that answer nothing (the benchmark asks no questions)."""

    def __getattr__(self, name):
        return lambda *a, **k: None


def _cli(*argv: str) -> None:
    """The command line in this process, its output thrown away; a refusal is an error of the benchmark."""
    from workstation.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main([str(a) for a in argv])
    if code != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))}: exit {code}: {err.getvalue().strip()}")


class Actions:
    """The officer's actions on one case of the station, each a callable timed the same way for both cases."""

    def __init__(self, app, db, data_dir: Path, base: Path, case_id: str, tag: str):
        self.app, self.db, self.data_dir, self.base, self.case_id, self.tag = (
            app,
            db,
            data_dir,
            base,
            case_id,
            tag,
        )
        from workstation.store import get_case

        self.case = get_case(db, case_id)
        self.workspace = None
        self.issued = 0

    # the window ------------------------------------------------------------------------------------------------
    def open_workspace(self) -> None:
        from ui.case_workspace import CaseWorkspace

        if self.workspace is not None:
            self.workspace.close()
            self.workspace.deleteLater()
            self.app.processEvents()
        self.workspace = CaseWorkspace(
            self.db, self.case_id, _Silent(), lambda *a, **k: None, data_dir=self.data_dir
        )
        self.workspace.resize(1280, 800)
        self.workspace.show()
        self.workspace.repaint()
        self.app.processEvents()

    def section(self, name: str) -> Callable[[], None]:
        """Build one section of the workspace again, laid out and painted (what switching to its tab costs)."""

        def build() -> None:
            from ui.case_clocks import CaseClocks
            from ui.case_documents import CaseDocuments
            from ui.case_evidence import CaseEvidence
            from ui.case_law import CaseLawBox

            if self.workspace is None:
                self.open_workspace()
            ws, case, prompts = self.workspace, self.workspace.case, _Silent()
            widget = {
                "parties": lambda: ws._parties_box(),
                "documents": lambda: CaseDocuments(self.db, self.data_dir, case, prompts),
                "evidence": lambda: CaseEvidence(self.db, self.data_dir, case, prompts),
                "deadlines": lambda: CaseClocks(self.db, case, prompts),
                "law": lambda: CaseLawBox(self.db, case, prompts),
                "timeline": lambda: ws._timeline_box(),
            }[name]()
            widget.resize(1200, 700)
            widget.show()
            widget.repaint()
            self.app.processEvents()
            widget.close()
            widget.deleteLater()

        return build

    def editor(self):
        from ui.form_editor import FormEditor
        from workstation.documents.drafts import find_form

        if getattr(self, "_editor", None) is None:
            self._editor = FormEditor(
                self.db, self.data_dir, self.case, find_form("inquiry_record"), _Silent()
            )
            self._editor.show()
            self._editor.wait_for_preview()
        return self._editor

    def keystroke(self) -> float:
        """Seconds the GUI thread spends on one character typed into the editor's 地点 field (the preview's render
        runs in its worker thread, not counted; what the GUI thread does on the way is)."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        editor = self.editor()
        target = editor.fields["place"].focus_widget
        target.setFocus()
        start = time.perf_counter()
        QTest.keyClick(target, Qt.Key.Key_A)
        self.app.processEvents()
        elapsed = time.perf_counter() - start
        editor.wait_for_preview()
        return elapsed

    # the core -------------------------------------------------------------------------------------------------
    def issue(self) -> None:
        from workstation.documents.drafts import find_form
        from workstation.documents.issuing import issue_document
        from workstation.store import get_case

        self.issued += 1
        issue_document(
            self.db,
            self.data_dir,
            get_case(self.db, self.case_id),
            find_form("delivery_receipt"),
            {
                "served_document": f"询问通知书（第{self.issued}份）",
                "place": "当事人住所",
                "served_on": RECORDED_ON,
            },
        )

    def casefile(self) -> None:
        _cli(
            "--data-dir",
            self.data_dir,
            "docs",
            "casefile",
            self.case.case_number,
            "-o",
            self.base / f"{self.tag}-卷宗.pdf",
            "--force",
        )

    def documents_one_by_one(self) -> None:
        """Baseline of the 卷宗: each issued document rendered to PDF again, one at a time."""
        from workstation.documents.compose import compose
        from workstation.documents.drafts import find_form
        from workstation.documents.issuing import case_documents
        from workstation.documents.pdf_writer import render_pdf

        for document in case_documents(self.db, self.case_id):
            issued_as = document.issued_as
            render_pdf(
                compose(
                    find_form(document.form_id),
                    document.values,
                    agency=issued_as.get("agency", ""),
                    case_number=issued_as.get("case_number", ""),
                    number=document.number,
                    date=issued_as.get("date", RECORDED_ON),
                )
            )

    def evidence_list(self) -> None:
        _cli("--data-dir", self.data_dir, "evidence", "list", self.case.case_number)

    def deadlines(self) -> None:
        _cli("--data-dir", self.data_dir, "clocks", "--case", self.case.case_number)

    def list_row(self) -> None:
        _cli("--data-dir", self.data_dir, "cases", "list", "--search", self.case.case_number)


def _profile(name: str, fn: Callable[[], object]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(12)
    print(f"\n--- {name} ---")
    print("\n".join(out.getvalue().splitlines()[4:]))


def main() -> int:
    parser = benchlib.arg_parser(
        "one very large case: workspace, editor, issuing, 卷宗, evidence, bundle", repeat=3
    )
    parser.add_argument("--profile", action="store_true", help="cProfile of each action on the big case")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    repeat = args.repeat if args.repeat is not None else (2 if args.quick else 3)

    with benchlib.workspace("bigcase") as base:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([sys.argv[0]])
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(lambda *_args: None)  # the offscreen platform's notes about window hints
        started = time.perf_counter()
        data_dir, small_id, big_id = build_station(base, size)
        print(
            f"built in {time.perf_counter() - started:.1f} s: big case of {size['parties']} parties, "
            f"{size['documents']} documents, {size['evidence']:,} evidence items, {size['events']:,} events; "
            f"small case {SMALL['parties']} / {SMALL['documents']} / {SMALL['evidence']}"
        )
        from workstation.db import open_database
        from workstation.paths import database_path

        db = open_database(database_path(data_dir))
        small = Actions(app, db, data_dir, base, small_id, "small")
        big = Actions(app, db, data_dir, base, big_id, "big")
        sections = ("parties", "documents", "evidence", "deadlines", "law", "timeline")
        plan: list[tuple[str, Callable[[Actions], Callable[[], object]]]] = [
            ("open the workspace", lambda a: a.open_workspace),
            *[(f"section: {name}", lambda a, n=name: a.section(n)) for name in sections],
            ("issue one more document", lambda a: a.issue),
            ("docs casefile (卷宗)", lambda a: a.casefile),
            ("evidence list", lambda a: a.evidence_list),
            ("clocks --case (deadlines)", lambda a: a.deadlines),
            ("cases list row", lambda a: a.list_row),
        ]
        rows, ok = [], True
        for name, action in plan:
            for actions in (small, big):  # warm-up: imports, fonts, caches
                action(actions)()
            on_small, on_big = action(small), action(big)
            results = benchlib.interleaved(
                {"small": lambda f=on_small: benchlib.timed(f), "big": lambda f=on_big: benchlib.timed(f)},
                repeat,
            )
            best_small, best_big = min(results["small"]), min(results["big"])
            limit = (
                OPEN_LIMIT
                if name.startswith("open")
                else SECTION_LIMIT
                if name.startswith("section")
                else None
            )
            met = "" if limit is None else ("ok" if best_big < limit else "MISSED")
            ok &= met != "MISSED"
            rows.append(
                [
                    name,
                    benchlib.fmt_s(best_small),
                    benchlib.fmt_s(best_big),
                    f"{best_big / best_small:.1f}",
                    f"< {benchlib.fmt_s(limit)} {met}" if limit else "",
                ]
            )
        # the keystroke: the GUI thread's time for one character, whatever the preview does meanwhile
        for actions in (small, big):
            actions.keystroke()
        keys = benchlib.interleaved({"small": small.keystroke, "big": big.keystroke}, max(repeat, 5))
        key_big = max(keys["big"])
        ok &= key_big < KEY_LIMIT
        rows.append(
            [
                "keystroke in the editor (worst)",
                benchlib.fmt_s(max(keys["small"])),
                benchlib.fmt_s(key_big),
                f"{key_big / max(keys['small']):.1f}",
                f"< {benchlib.fmt_s(KEY_LIMIT)} {'ok' if key_big < KEY_LIMIT else 'MISSED'}",
            ]
        )
        # the 卷宗 against its documents rendered one by one, on the big case
        one_by_one = benchlib.interleaved(
            {
                "one": lambda: benchlib.timed(big.documents_one_by_one),
                "file": lambda: benchlib.timed(big.casefile),
            },
            repeat,
        )
        ratio = min(one_by_one["file"]) / min(one_by_one["one"])
        ok &= ratio <= CASEFILE_RATIO
        rows.append(
            [
                "卷宗 / its documents rendered one by one",
                benchlib.fmt_s(min(one_by_one["one"])),
                benchlib.fmt_s(min(one_by_one["file"])),
                f"{ratio:.2f}",
                f"≤ {CASEFILE_RATIO} {'ok' if ratio <= CASEFILE_RATIO else 'MISSED'}",
            ]
        )
        # the station's bundle (both cases) against the small case's alone
        bundle = benchlib.interleaved(
            {
                "small": lambda: benchlib.timed(
                    lambda: _cli(
                        "--data-dir",
                        data_dir,
                        "bundle",
                        "export",
                        "--case",
                        small.case.case_number,
                        "-o",
                        base / "small.wsb",
                        "--force",
                    )
                ),
                "all": lambda: benchlib.timed(
                    lambda: _cli(
                        "--data-dir", data_dir, "bundle", "export", "--all", "-o", base / "all.wsb", "--force"
                    )
                ),
            },
            repeat,
        )
        rows.append(
            [
                "bundle export (small case / --all)",
                benchlib.fmt_s(min(bundle["small"])),
                benchlib.fmt_s(min(bundle["all"])),
                f"{min(bundle['all']) / min(bundle['small']):.1f}",
                "",
            ]
        )
        print(f"\nbest of {repeat}, interleaved; ratio = big / small (baseline: the small case, same run)")
        benchlib.print_table(["action", "small case", "big case", "ratio", "target (big case)"], rows)
        if args.profile:
            for name, action in plan:
                _profile(name, action(big))
            _profile("keystroke in the editor", big.keystroke)
            _profile(
                "bundle export --all",
                lambda: _cli(
                    "--data-dir", data_dir, "bundle", "export", "--all", "-o", base / "all.wsb", "--force"
                ),
            )
        for actions in (small, big):
            if getattr(actions, "_editor", None) is not None:
                actions._editor.shutdown()
        db.conn.close()
        return benchlib.verdict(ok, args.quick)


if __name__ == "__main__":
    sys.exit(main())
