"""Helpers shared by the tests of the command line, bundles, the exchange page and encryption."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

from workstation import records
from workstation.cli import main

CASE = "佛南市监立〔2026〕1号"


def beijing_today() -> dt.date:
    """The program's day, Beijing's (``records.today``), for a test's "today" or "this year": never the machine's
    ``date.today()``, which on a UTC machine from 16:00 to 24:00 on 31 December is still in the old year while a
    case number or 文号 taken then is of the new one. Read when called, so it follows a test's moved clock."""
    return dt.date.fromisoformat(records.today())


def beijing_year() -> int:
    """The year of ``beijing_today``: the year of a case number or 文号 taken now."""
    return beijing_today().year


def clock_at(moment: dt.datetime) -> type:
    """A ``datetime`` class whose ``now()`` reads ``moment`` (an aware time): set it as ``dt.datetime`` of a module
    that reads the clock as ``dt.datetime.now(...)`` — ``move_program_clock`` does so for ``workstation.records``."""

    class _Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return moment.astimezone(tz) if tz else moment.replace(tzinfo=None)

    return _Clock


def move_program_clock(monkeypatch, moment: dt.datetime, *modules) -> None:
    """The program's clock (``records.now``/``records.today``, and that of each of ``modules`` reading
    ``dt.datetime.now`` itself) reads ``moment`` until the test ends."""
    import types

    clock = types.SimpleNamespace(datetime=clock_at(moment))
    for module in (records, *modules):
        monkeypatch.setattr(module, "dt", clock)


def decided_today(folder: Path | None = None):
    """The 决定日期 of a 行政处罚决定书 issued for a demo case dated today, so that its 文号 is of this year (the
    demo's own decisions bear their 2026 days): the values to issue it with, or, given ``folder``, a values file
    holding them for ``docs issue --values``."""
    import json

    values = {"decided_on": records.today()}
    if folder is None:
        return values
    path = Path(folder) / "decided_today.json"
    path.write_text(json.dumps(values), encoding="utf-8")
    return path


def keep_year(monkeypatch, year: int, hour: int = 23) -> None:
    """The program's clock set back to ``hour`` o'clock on 31 December of ``year`` (Beijing) and running from there
    until the test ends: a run that began in ``year`` and crossed midnight into the next keeps the year its
    modules read when they were collected (``YEAR = beijing_year()``)."""
    import types

    start = dt.datetime(year, 12, 31, hour, tzinfo=records.SHANGHAI)
    real = records.dt.datetime
    behind = real.now(dt.UTC) - start

    class _Kept(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return real.now(tz) - behind

    monkeypatch.setattr(records, "dt", types.SimpleNamespace(datetime=_Kept))


def keep_the_runs_year(monkeypatch, year: int) -> None:
    """``keep_year(year)`` when the program's year is no longer ``year`` (the run crossed into the next)."""
    if int(records.today()[:4]) != year:
        keep_year(monkeypatch, year)


def program_day(monkeypatch, day: str) -> None:
    """``move_program_clock`` to ten in the morning of ``day`` (ISO, Beijing)."""
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(f"{day}T10:00:00+08:00"))


DEMO_YEAR = 2026  # the demo's cases and the test templates carry numbers and dates of 2026
#: the demo's evidence items, one stored file each: those of its 34 cases past their investigation, the 18 of calls and
#: messages holding a call log beside their SMS log (72 + 18)
DEMO_EVIDENCE_FILES = 90


def within_a_year_of_the_demo(monkeypatch) -> None:
    """From 2028 on, a number block of 2026 can no longer be entered (a block is of this year or the last): a
    test of blocks over the demo's case numbers runs on the last day of 2027 once the real year is later."""
    if beijing_year() > DEMO_YEAR + 1:
        program_day(monkeypatch, f"{DEMO_YEAR + 1}-12-31")


def beijing_qdate():
    """``beijing_today`` as the QDate a date field holds (the machine's ``QDate.currentDate()`` is not Beijing's)."""
    from PySide6.QtCore import QDate

    day = beijing_today()
    return QDate(day.year, day.month, day.day)


def run(capsys, *argv):
    """Run the command line in this process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    """Run a command that must succeed, and return its --json result."""
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def figures(capsys, data_dir) -> dict:
    """``stats --json`` of ``data_dir`` without its ``stations`` (which stations' bundles the figures merge, as of
    when: headquarters names them, a station none), to compare a station's figures with headquarters'."""
    stats = run_json(capsys, "--data-dir", data_dir, "stats")
    stats.pop("stations")
    return stats


def open_db(data_dir: Path):
    from workstation.db import open_database
    from workstation.paths import database_path

    return open_database(database_path(data_dir))


def db_digest(data_dir: Path) -> str:
    """sha256 of the database file and its write-ahead log, with every connection closed."""
    gc.collect()
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        path = Path(data_dir) / f"workstation.db{suffix}"
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_station_and_hq(root: Path, *, issue_document: bool = False) -> Path:
    """A Nanhai station with the demo (and, if asked, one issued 立案审批表) and an empty headquarters, with both
    station cards, under ``root``; copied for each test by ``copy_station_and_hq``."""
    station, hq = root / "station", root / "hq"
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        assert main(["--data-dir", str(station), "init", "--agency", "440605", "--station-name", "南海区局"]) == 0
        assert main(["--data-dir", str(station), "demo", "--without-complaints"]) == 0
        if issue_document:
            assert main(["--data-dir", str(station), "docs", "issue", CASE, "--form", "filing_approval",
                         "-o", str(root / "issued.pdf")]) == 0
        assert main(["--data-dir", str(hq), "init", "--station-name", "佛山市局"]) == 0
        assert main(["--data-dir", str(hq), "station", "role", "headquarters"]) == 0
        assert main(["--data-dir", str(station), "station", "export", "-o", str(root / "station.card")]) == 0
        assert main(["--data-dir", str(hq), "station", "export", "-o", str(root / "hq.card")]) == 0
    gc.collect()
    return root


def copy_station_and_hq(template: Path, target: Path) -> Path:
    for name in ("station", "hq"):
        shutil.copytree(template / name, target / name)
    for name in ("station.card", "hq.card"):
        shutil.copy(template / name, target / name)
    return target


def trusting_station_and_hq(template: Path, target: Path, capsys) -> Path:
    """``copy_station_and_hq`` with headquarters trusting the station's card, ready to take its bundles."""
    copy_station_and_hq(template, target)
    run_json(capsys, "--data-dir", target / "hq", "station", "trust", target / "station.card")
    return target


def send_bundle(capsys, dirs: Path, name: str) -> dict:
    """The station's bundle exported to ``dirs``/``name`` and imported at headquarters: the import's JSON."""
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / name)
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / name)


def race(worker: str, argument_lists: list[list[str]], *, fields: int, timeout: float = 20) -> list[list[str]]:
    """Run the Python code ``worker`` in one process per argument list, started together: each prints "ready",
    waits for "go" on its stdin, works and prints one line of report; returns each line split into ``fields``
    fields (the last holding the rest). A process still running at the end is killed."""
    import os
    import subprocess
    import sys

    project = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(project), "WORKSTATION_LANG": "en"}
    workers = [subprocess.Popen([sys.executable, "-c", worker, *arguments], cwd=project, env=env, text=True,
                                encoding="utf-8", stdin=subprocess.PIPE, stdout=subprocess.PIPE)
               for arguments in argument_lists]
    try:
        for process in workers:
            assert process.stdout.readline().strip() == "ready"
        for process in workers:
            process.stdin.write("go\n")
            process.stdin.flush()
        return [process.communicate(timeout=timeout)[0].split(" ", fields - 1) for process in workers]
    finally:
        for process in workers:
            if process.poll() is None:
                process.kill()
                process.wait()


@contextlib.contextmanager
def statements_run(db):
    """The SQL statements ``db`` runs inside the block, in order (SQLite's trace callback)."""
    ran: list[str] = []
    db.conn.set_trace_callback(ran.append)
    try:
        yield ran
    finally:
        db.conn.set_trace_callback(None)


def fixed_holidays_toml(year: int, but: tuple[str, ...] = ()) -> str:
    """The ``[[holiday]]`` tables, each after a blank line, of the holidays a yearly file must give for ``year``, each
    on the days the law gives it and no more, less those named in ``but`` (which the file they end gives itself): the
    holidays the law fixes by date (``FIXED_HOLIDAYS``: 元旦 1/1, 劳动节 5/1–2, 国庆节 10/1–3), which a file from 2025
    on must give; then the festivals on the days the festivals' data gives for ``year`` (``festival_days``: 春节 from
    除夕 to 正月初三, 清明节, 端午节 and 中秋节 on their day; none for a year it does not list), which a file must
    give too, one already inside a holiday (中秋节 on 10/3) left to that holiday. Make-up working days are the file's:
    none of these days may be one."""
    from workstation.workdays import FIXED_HOLIDAYS, festival_days

    tables = {name: (dt.date(year, month, first), dt.date(year, month, last))
              for name, month, first, last in FIXED_HOLIDAYS}
    for name, day in sorted(festival_days(year).items(), key=lambda item: item[1]):
        first, last = (day - dt.timedelta(days=1), day + dt.timedelta(days=2)) if name == "春节" else (day, day)
        if not any(start <= day <= end for start, end in tables.values()):
            tables[name] = (first, last)
    return "".join(f'\n[[holiday]]\nname = "{name}"\nfrom = {first}\nto = {last}\n'
                   for name, (first, last) in sorted(tables.items(), key=lambda item: item[1]) if name not in but)


@contextlib.contextmanager
def holiday_file_2027(data_dir: Path, name: str, first: str, last: str):
    """A 2027 holiday file (one holiday from ``first`` to ``last``, dates written as given, bad ones too, on lines
    3–6; then the other holidays a file must give, ``fixed_holidays_toml``: the holiday ``name`` must cover its own
    days) dropped into ``data_dir``/calendar as an officer would, the calendars read again, and read again
    without it after."""
    from workstation.workdays import reload_calendars

    folder = data_dir / "calendar"
    folder.mkdir(exist_ok=True)
    (folder / "2027.toml").write_text(f'year = 2027\nsource = "测试"\n[[holiday]]\nname = "{name}"\n'
                                      f'from = {first}\nto = {last}\n' + fixed_holidays_toml(2027, but=(name,)),
                                      encoding="utf-8")
    reload_calendars()
    try:
        yield
    finally:
        (folder / "2027.toml").unlink()
        reload_calendars()


def insert_complaint_texts(db, rows, month: str = "04") -> None:
    """12345 complaints from (work order, complainant number, text) rows, received on the first days of ``month``
    2026 from one file, stored as an import stores them before screening."""
    from workstation.store.complaints import insert_complaints

    insert_complaints(db, [(f"id-{n}", "12345", n, f"2026-{month}-0{i + 1} 09:00:00", text, "{}", "f.csv", i + 2,
                            f"2026-{month}-09T00:00:00+08:00", "12345", own, "", "", "", "", "", "", "", None)
                           for i, (n, own, text) in enumerate(rows)])


def all_parsers(parser):
    """``parser`` and every sub-command's parser below it, depth first."""
    import argparse

    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from all_parsers(sub)


@contextlib.contextmanager
def locked_by_another_copy(data_dir: Path):
    """The data directory's database held under an exclusive lock by another connection, as another running copy
    of the workstation would hold it, until the block ends."""
    import sqlite3

    from workstation.paths import database_path

    other = sqlite3.connect(database_path(data_dir), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def table_rows(db, sql: str, drop=(), keys=None) -> list[list]:
    """The rows ``sql`` returns as lists, without the columns in ``drop``, the ids in a column of ``keys``
    ({column: {id: name}}) replaced by the name that stands for them, sorted: a table dumped to compare with a
    reference dump, whatever ids and times the import gave."""
    cursor = db.execute(sql)
    columns = [d[0] for d in cursor.description]
    out = []
    for row in cursor:
        record = dict(zip(columns, row, strict=True))
        for column, names in (keys or {}).items():
            record[column] = names.get(record[column], record[column])
        out.append([record[c] for c in columns if c not in drop])
    return sorted(out, key=json.dumps)


def pdf_text(data: bytes) -> str:
    """The text of a PDF, its pages joined, without spaces and line breaks (as a search of the printed page)."""
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace(" ", "").replace("\n", "")


_UMASK = os.umask(0o022)
os.umask(_UMASK)
#: the stored files of each template folder as ``copy_template_files`` writes them again: (folder relative to
#: ``files``, its mode, [(name, mode, bytes)]) parents first. A template is never changed once built.
_TEMPLATE_FILES: dict[Path, list[tuple[str, int, list[tuple[str, int, bytes]]]]] = {}


def copy_template_files(template: Path, data_dir: Path) -> None:
    """The stored files of the template database ``template`` (conftest's ``database_template``: the demo's
    evidence files, kept in the file store of its folder) copied into ``data_dir``'s, as copying its data directory
    would: its evidence items then name files that are there. For every copy of the template's database file: the
    demo's files (``DEMO_EVIDENCE_FILES``) and their folders are read once and written from memory with their modes
    (half the time of ``shutil.copytree``, which asked each file's metadata again at every copy)."""
    files = Path(template).parent / "files"
    if files not in _TEMPLATE_FILES:
        if not files.is_dir():
            _TEMPLATE_FILES[files] = []
        else:
            _TEMPLATE_FILES[files] = [
                (os.path.relpath(folder, files), os.stat(folder).st_mode & 0o7777,
                 [(name, os.stat(os.path.join(folder, name)).st_mode & 0o7777,
                   Path(folder, name).read_bytes()) for name in sorted(names)])
                for folder, _folders, names in os.walk(files)]
    target = Path(data_dir) / "files"
    for relative, mode, names in _TEMPLATE_FILES[files]:
        folder = os.path.normpath(target / relative)
        os.makedirs(folder, exist_ok=True)
        if mode != 0o777 & ~_UMASK:
            os.chmod(folder, mode)
        for name, file_mode, data in names:
            path = os.path.join(folder, name)
            with open(path, "wb") as out:
                out.write(data)
            if file_mode != 0o666 & ~_UMASK:
                os.chmod(path, file_mode)


#: what ``register_evidence`` registers: the customer list an investigation found, as an officer describes it
TEST_EVIDENCE = {"kind": "customer_list", "source": "当事人办公电脑", "description": "当事人外呼平台导出的客户名单"}
#: the 证据 a 行政处罚决定书 of a company's case holding only that item lists (``formkit.proof.evidence_proof``)
TEST_EVIDENCE_LISTED = "当事人外呼平台导出的客户名单（电子数据，当事人办公电脑，{date}）"


def register_evidence(db, data_dir: Path, case, collected_on: str | None = None):
    """Register the case's evidence as an officer does (``evidence add``, the 证据 tab: a file kept in the data
    directory's store): a customer list (``TEST_EVIDENCE``), collected on ``collected_on`` (default: the day the case
    was filed, else its lead was received, else today). A 行政处罚决定书 states its evidence (行政处罚法 arts. 40, 59)
    and is refused without it: its 证据 is prefilled from this item. Registered once per case (the same content)."""
    from workstation.records import today
    from workstation.store.evidence import add_evidence, list_evidence

    held = [item for item in list_evidence(db, case.id) if item.description == TEST_EVIDENCE["description"]]
    if held:
        return held[0]
    folder = Path(data_dir).parent / "test-evidence"
    folder.mkdir(exist_ok=True)
    listing = folder / f"客户名单-{case.id}.xlsx"
    listing.write_bytes(f"customer list of case {case.id}".encode())
    day = collected_on or min(str(case.filed_on or case.lead_received_on or today())[:10], today())
    # a case made closed holds the evidence it was closed with
    return add_evidence(db, data_dir, case.id, listing, collected_on=day, after_closing=True, **TEST_EVIDENCE)


def numbers_taken(db) -> int:
    """How many document numbers (文号) the database has handed out."""
    return db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0]


def count_in_dialog(workspace, row: int, category: str = "other") -> str:
    """Count the evidence item of ``row`` in the case workspace's register through its count dialog, as an officer
    does: choose ``category``, read what the dialog says it will count, then Apply. Returns that text."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

    workspace.evidence.view.selectRow(row)
    shown = {}

    def read_and_apply():
        dialog = QApplication.activeModalWidget()
        dialog.category.setCurrentIndex(dialog.category.findData(category))
        shown["result"] = dialog.result.text()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).click()

    QTimer.singleShot(0, read_and_apply)
    workspace.evidence.findChild(QPushButton, "count_records").click()
    return shown["result"]


#: the answer ``answered`` writes to a question left without one
ANSWER = "（被询问人的回答）"


def answered(questions: str) -> str:
    """The 问：/答： lines of an inquiry record (its template's questions) with each question left unanswered given
    an answer (``ANSWER``), as the officer records what was said: a record is issued only with every question
    answered. Questions and answers given are kept as they are."""
    from workstation.formkit.qa import format_pairs, parse_pairs

    return format_pairs([(question, answer if answer.strip() else ANSWER)
                         for question, answer in parse_pairs(questions)])


def _template_answered() -> str:
    from workstation.documents.drafts import find_form

    return answered(find_form("inquiry_record").field("questions_answers").default)


#: what an inquiry record needs besides its defaults to be issued (its ``required_to_issue``: the end of the
#: interview, the place, the interviewee's sex and ID number; and an answer to each question: the template's
#: questions to a company's representative, answered)
INQUIRY_TO_ISSUE = {"time_to": "2026-11-20 11:05", "place": "佛山市南海区市场监督管理局询问室", "sex": "男",
                    "id_number": "440602198506150019", "recusal_answer": "听清楚了，不申请回避。",
                    "questions_answers": _template_answered()}


def fill_inquiry_to_issue(editor) -> None:
    """Give an inquiry record open in ``editor`` what it needs to be issued (``INQUIRY_TO_ISSUE``), its end time
    the start it shows, and an answer to each question it holds (its own questions, for the case's party, kept)."""
    for name, value in {**INQUIRY_TO_ISSUE, "time_to": editor.fields["time_from"].value(),
                        "questions_answers": answered(editor.fields["questions_answers"].value())}.items():
        editor.set_field(name, value)


#: the 案件来源 a 立案审批表 of a case without a lead (the demo's cases, ``make_case``'s) is drafted and issued with:
#: nothing is ticked for such a case by default — the officer chooses, and the sheet is refused without one (a case
#: from a lead ticks its lead's source)
FILING_SOURCE = {"source": "依据监督检查职权"}


def with_source(form_id: str, values: dict | None = None) -> dict:
    """``values`` typed in a document of ``form_id``, with, for a 立案审批表 or a 案件来源登记表, the 案件来源 the
    officer chose (``FILING_SOURCE``) unless they give one; any other form's as given."""
    values = dict(values or {})
    return {**FILING_SOURCE, **values} if form_id in ("filing_approval", "case_source_register") else values


def filed_from_lead(db, case, source: str = "inspection", received_on: str = "2026-02-19"):
    """``case`` (``make_case``'s) as filed from a lead of ``source`` (``leads_workflow.SOURCE_CHOICES``: inspection
    ticks 依据监督检查职权), received on ``received_on``: its 立案审批表 ticks that source without the officer
    choosing one, as issued straight from the case's documents list. Returns the lead."""
    from workstation.records import Lead
    from workstation.store import save_lead

    return save_lead(db, Lead(source=source, received_at=f"{received_on}T09:00:00+08:00", status="filed",
                              case_id=case.id, decided_on=received_on, description=case.facts or "检查发现"))


def undecided_lead(db, lead_id: str, *, agency_code: str | None = None, assigned_on: str | None = None) -> str:
    """A demo lead as it stood before its bureau decided it (the demo's bureaus decided all but the leads received
    last): registered, with no assignment, decision or case; assigned to ``agency_code`` on ``assigned_on``
    through ``assign_lead`` when given, for a test that acts on an open lead of the demo's."""
    from workstation.leads_workflow import assign_lead
    from workstation.store import agency_id_for_code

    with db.atomic():
        db.execute("UPDATE leads SET status = 'registered', agency_id = NULL, assigned_on = NULL, decision = '', "
                   "decided_on = NULL, decision_reason = '', referred_to = '', case_id = NULL WHERE id = ?",
                   [lead_id])
    if agency_code:
        assign_lead(db, lead_id, agency_id_for_code(agency_code), on=assigned_on)
    return lead_id


def legal_review(db, data_dir, case, *, reviewed_on: str, kind: str = "法制审核", party_id=None, **values):
    """Issue the 案件审核表 of ``case`` recording a 法制审核 (``kind``) dated ``reviewed_on``, all its questions answered
    是: a case that held a hearing is decided only after it (Penalty Law art. 58, ``decision_review``). In a case
    with several parties the sheet is ``party_id``'s (None: the first party's); ``values`` the sheet's other fields."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.store import get_case

    answers = dict.fromkeys(("facts_clear", "evidence_sufficient", "procedure_lawful", "basis_correct",
                             "discretion_proper"), "是")
    return issue_document(db, data_dir, get_case(db, case.id), find_form("legal_review"),
                          {**answers, "review_kind": kind, "opinion": "同意办案机构的处理意见。",
                           "reviewed_on": reviewed_on, **values}, party_id=party_id)


def hearing_notice(db, data_dir, case, party_id=None, *, issued_on: str, hearing_date: str):
    """Issue the 行政处罚听证通知书 of ``case`` to ``party_id`` (None: the case's party) dated ``issued_on`` for a
    hearing on ``hearing_date`` (at least seven working days later, Penalty Law art. 64 (2))."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.store import get_case

    return issue_document(db, data_dir, get_case(db, case.id), find_form("hearing_notice"),
                          {"issued_on": issued_on, "hearing_date": hearing_date, "hearing_time": "上午9时30分",
                           "hearing_place": "本局听证室", "chair": "李主持", "clerk": "王记录"},
                          party_id=party_id)


#: two stations of the same agency (Nanhai, 440605), as ``hq_and_two_nanhai_stations`` makes them
NANHAI_STATIONS = {"a": "南海甲", "b": "南海乙"}


def hq_and_two_nanhai_stations(root: Path, *, demo: bool = False) -> Path:
    """Headquarters at ``root / "hq"`` trusting stations a and b of Nanhai (``NANHAI_STATIONS``), each naming
    headquarters and trusting its card; with ``demo``, each holding the demo cases (without complaints)."""
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        assert main(["--data-dir", str(root / "hq"), "init", "--station-name", "佛山市局"]) == 0
        assert main(["--data-dir", str(root / "hq"), "station", "export", "-o", str(root / "hq.card")]) == 0
        assert main(["--data-dir", str(root / "hq"), "station", "role", "headquarters"]) == 0
        for folder, name in NANHAI_STATIONS.items():
            station = str(root / folder)
            assert main(["--data-dir", station, "init", "--agency", "440605", "--station-name", name]) == 0
            if demo:
                assert main(["--data-dir", station, "demo", "--without-complaints"]) == 0
            assert main(["--data-dir", station, "station", "export", "-o", str(root / f"{folder}.card")]) == 0
            assert main(["--data-dir", str(root / "hq"), "station", "trust", str(root / f"{folder}.card")]) == 0
            assert main(["--data-dir", station, "station", "headquarters", str(root / "hq.card")]) == 0
            assert main(["--data-dir", station, "station", "trust", str(root / "hq.card")]) == 0
    gc.collect()
    return root


def without_font_note(err: str) -> str:
    """``err`` (a command's stderr) without the warning that a style prints in a stand-in face
    (``cli._stand_in_fonts_warning``, said of every PDF issued or drafted on a machine without 仿宋, as this one)."""
    return "".join(line for line in err.splitlines(keepends=True) if not line.startswith("Warning: No official "))


def copy_of(template: Path, target: Path) -> Path:
    """``target`` holding a copy of every folder and file of ``template`` (a network of data folders built once a
    module), for one test to change as it likes."""
    import shutil

    for item in template.iterdir():
        (shutil.copytree if item.is_dir() else shutil.copy)(item, target / item.name)
    return target


def merge_preview(data_dir, bundle) -> list[list[str]]:
    """The lines of the merge preview (``preview_rows``) of the bundle at ``bundle`` as the data directory
    ``data_dir`` would merge it, planned without merging."""
    from workstation.bundle.merge import plan_merge
    from workstation.bundle.reader import open_bundle

    db = open_db(data_dir)
    try:
        with open_bundle(bundle) as opened:
            plan = plan_merge(db, opened)
    finally:
        db.conn.close()
    return preview_rows(plan)


def preview_rows(plan) -> list[list[str]]:
    """Every line of the merge preview of ``plan`` (``ui.merge_plan_model``) under its tables and records, each cell
    in full (its tooltip): label, action, the value here, the bundle's."""
    from PySide6.QtCore import Qt

    from ui.merge_plan_model import MergePlanModel

    model = MergePlanModel(plan)
    rows = []
    for table_row in range(model.rowCount()):
        table = model.index(table_row, 0)
        for record_row in range(model.rowCount(table)):
            record = model.index(record_row, 0, table)
            rows += [[model.index(r, c, record).data(Qt.ItemDataRole.ToolTipRole)
                      for c in range(model.columnCount())] for r in range(model.rowCount(record))]
    return rows


def full_2027(source: str = "测试：2027年放假安排（假设）") -> str:
    """A whole, plausible 2027 holiday year file (fictional: the festivals on the days resources/calendar/unofficial/
    festivals.toml gives, make-up working days on weekends), its ``source`` line as given."""
    return FULL_2027_TEXT.format(source=source)


FULL_2027_TEXT = """\
year = 2027
source = "{source}"
workdays = [2027-02-20, 2027-09-26, 2027-10-09]

[[holiday]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03

[[holiday]]
name = "春节"
from = 2027-02-05
to = 2027-02-13

[[holiday]]
name = "清明节"
from = 2027-04-03
to = 2027-04-05

[[holiday]]
name = "劳动节"
from = 2027-05-01
to = 2027-05-05

[[holiday]]
name = "端午节"
from = 2027-06-09
to = 2027-06-11

[[holiday]]
name = "中秋节"
from = 2027-09-15
to = 2027-09-17

[[holiday]]
name = "国庆节"
from = 2027-10-01
to = 2027-10-07"""


def approve_transfer(db, case, reported_on: str, approved_on: str, by: str = "张局长") -> None:
    """The written transfer report and the head's approval of it recorded (transfer rules art. 5), so that a transfer
    to the police, and its 涉嫌犯罪案件移送书, are told only of what a test weighs, not of a missing approval."""
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    record_clock_event(db, ClockEvent(case_id=case.id, kind="transfer_report", starts_on=reported_on))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="transfer_approved", starts_on=approved_on,
                                      approved_by=by))


def figure_kept_by(db, data_dir: Path, case, rule: int) -> int:
    """The case's "other" records as ``evidence_count.distinct_records`` works them out once its kept figure
    (``evidence_count.FIGURE_KEY``) says 123, kept by counting rule ``rule``: 123 when that rule is still the
    current one, else what its files, read again, hold."""
    from workstation import evidence_count
    from workstation.store import get_case
    from workstation.store.evidence import list_evidence

    key = evidence_count.FIGURE_KEY.format(case=case.id, category="other")
    kept = json.loads(db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()[0])
    items = list_evidence(db, case.id)
    db.execute("UPDATE settings SET value = ? WHERE key = ?", [json.dumps({**kept, "rule": rule, "figure": 123}), key])
    evidence_count._DISTINCT.clear()
    return evidence_count.distinct_records(data_dir, items, get_case(db, case.id), items, db)


def run_in_env(capsys, env: dict, *commands: list) -> None:
    """Run each of ``commands`` (a command line's arguments) in this process as ``main.py`` started with ``env`` would
    (the workstation's and XDG variables of ``env`` set meanwhile), each required to succeed: a test's data
    directory made by ``init`` or ``backup create`` before the program it is about starts, without a program started
    for each (a third of a second each)."""
    import pytest

    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            if name.startswith(("WORKSTATION_", "XDG_")):
                patch.setenv(name, value)
        for command in commands:
            code, _out, err = run(capsys, *command)
            assert code == 0, err


def refusals_read(qtbot, section) -> None:
    """Wait until a case's documents section (``ui.case_documents``) has read in the background which forms the case
    refuses: a test waiting on a real task runner's ``task_finished`` for its own task must not catch that read's."""
    qtbot.waitUntil(lambda: section.refused is not None, timeout=30000)


def sql_matching(ran: list[str], pattern) -> int:
    """How many of the statements ``ran`` (``statements_run``, their parameters written in) ``pattern`` (a compiled
    regular expression) is found in: how often a query was run."""
    return sum(pattern.search(sql) is not None for sql in ran)


def rewrite_issued(db, doc_id: str, version: int, values: dict) -> None:
    """Rewrite an issued document as an earlier form version kept it (``form_version`` and ``values_json``):
    issued documents are frozen, so their guard triggers are dropped for this rewrite only and made again."""
    guards = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'documents' AND "
                        "sql LIKE '%cannot be changed%'").fetchall()
    with db.atomic():
        for name, _sql in guards:
            db.execute(f"DROP TRIGGER {name}")
        db.execute("UPDATE documents SET form_version = ?, values_json = ? WHERE id = ?",
                   [version, json.dumps(values, ensure_ascii=False), doc_id])
        for _name, sql in guards:
            db.execute(sql)


SPARED_ON = "2026-03-21"  # the employee's 不予行政处罚决定书 in the fixture ``spared_performed``


def employee_line(db, case) -> str:
    """The employee's line on the case page of a case of ``tests.test_party_case10``'s parties."""
    from tests.test_party_case10 import EMPLOYEE
    from workstation import party_decisions
    from workstation.store import get_case

    return dict(party_decisions.party_steps(db, get_case(db, case.id)))[EMPLOYEE]


def issue(db, data_dir, case, form: str, values: dict, party_id=None, **kwargs):
    """Issue ``form`` for ``case`` as it is stored now (``issue_document``), for ``party_id`` (None: the first party)."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.store import get_case

    return issue_document(db, data_dir, get_case(db, case.id), find_form(form), values, party_id=party_id, **kwargs)


# a 法制审核 sheet (案件审核表) that passes, and one answering 否 (its problems stated), without their 审核日期
REVIEW_PASSED = {**dict.fromkeys(("facts_clear", "evidence_sufficient", "procedure_lawful", "basis_correct",
                                  "discretion_proper"), "是"),
                 "review_kind": "法制审核", "opinion": "同意办案机构的处理意见。", "reviewers": "罗建华、杨伟明"}
REVIEW_FAILED = {**REVIEW_PASSED, "facts_clear": "否", "evidence_sufficient": "否", "opinion": "退回办案机构补充调查",
                 "problems": "事实不清，证据不足，建议补充调查。"}


def failed_warnings(db, case, form: str, values: dict) -> list[str]:
    """The warnings at issue of ``form`` with ``values`` naming a 法制审核 that did not pass."""
    from workstation.documents.stage_rules import stage_warnings
    from workstation.store import get_case

    return [w for w in stage_warnings(db, get_case(db, case.id), form, values) if "did not pass" in w]


SOLD_INFO_REPORT = "来信举报某中介倒卖业主信息，号码13911112222多次来电推销"


def registered_lead(db, received_at: str | None = None, *, source: str = "report", description: str = SOLD_INFO_REPORT,
                    target_phone: str = "13911112222", **fields) -> str:
    """Register a lead (``register_lead``) received at ``received_at`` (None: today at 00:00, program time) with
    ``fields`` of its ``LeadEntry``; its id."""
    from workstation.leads_register import LeadEntry, register_lead
    from workstation.records import program_time

    received_at = received_at or program_time().strftime("%Y-%m-%d 00:00")
    return register_lead(db, LeadEntry(source=source, received_at=received_at, description=description,
                                       target_phone=target_phone, **fields)).id


def closing_rows(text: str) -> tuple[str, str]:
    """The first party's rows and the second party's rows of a printed 结案审批表 of two parties (spaces and line
    breaks taken out), up to its 罚款合计 (or its 结案理由, without one)."""
    flat = text.replace(" ", "").replace("\n", "")
    first, second = flat.split("当事人一", 1)[1].split("当事人二", 1)
    return first, second.split("罚款合计", 1)[0].split("结案理由", 1)[0]
