"""The register of issued documents and its 文号 (audit s63): a document confirmed just before New Year's midnight
and issued just after takes the 文号 it was shown (the year of the date it bears, ``numbering.number_year``), a
serial typed by hand too, and the values the documents list checked (its fine as checked); the numbers taken without
a document (a restore) are listed with their reason and counted apart, a serial chosen by hand and the serials it
passed over are noted (the skip said confirmed only when it was); the window's pages follow on from the last row
read, never by counting rows; the register is filtered by document type and agency; its export says its progress
and how many rows it wrote."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import types

import pytest

from tests.helpers import run, run_json
from workstation import records
from workstation.documents.drafts import find_form
from workstation.documents.issuing import NumberMoved, issue_document

SH = records.SHANGHAI


@pytest.fixture(autouse=True)
def _in_2026(monkeypatch):
    """The program's clock running from ten in the morning of 31 December 2026 (Beijing): the 文号 and dates these
    tests read are of 2026 whenever they run."""
    from tests.helpers import keep_year

    keep_year(monkeypatch, 2026, hour=10)


class _Clock:
    """The program's clock, moved by the test as it goes (``records.dt``)."""

    def __init__(self, monkeypatch, moment: dt.datetime):
        self.moment = moment
        clock = self

        class _Now(dt.datetime):
            @classmethod
            def now(cls, tz=None):
                return clock.moment.astimezone(tz) if tz else clock.moment.replace(tzinfo=None)

        monkeypatch.setattr(records, "dt", types.SimpleNamespace(datetime=_Now, date=dt.date, timedelta=dt.timedelta,
                                                                 timezone=dt.timezone, time=dt.time))


BEFORE_MIDNIGHT = dt.datetime(2026, 12, 31, 23, 59, 50, tzinfo=SH)
AFTER_MIDNIGHT = dt.datetime(2027, 1, 1, 0, 0, 10, tzinfo=SH)


@pytest.fixture
def midnight(monkeypatch):
    return _Clock(monkeypatch, BEFORE_MIDNIGHT)


@pytest.fixture
def case(make_case):
    """A Nanhai case under investigation (the demo's are closed)."""
    return make_case(status="investigating", filed_on="2026-12-01")


def _section(db, data_dir, case, prompts, qtbot, form_id: str):
    from ui.case_documents import CaseDocuments

    section = CaseDocuments(db, data_dir, case, prompts)
    qtbot.addWidget(section)
    row = section.form_choice.findData(form_id)
    assert row >= 0
    section.form_choice.setCurrentIndex(row)
    return section


class _MidnightPrompts:
    """Confirms the issue at 23:59:50 (``serial``: typed by hand) — the officer presses Issue at 00:00:10."""

    def __init__(self, clock, serial=None):
        self.clock, self.serial, self.shown, self.errors, self.infos = clock, serial, [], [], []

    def confirm_issue(self, parent, question, number, check):
        self.shown.append(check(self.serial)[0] if self.serial is not None else number)
        if len(self.shown) > 3:
            return False, None
        self.clock.moment = AFTER_MIDNIGHT
        return True, self.serial

    def confirm(self, parent, message, *args, **kwargs):
        return True

    def error(self, parent, message, details=None):
        self.errors.append(message)

    def info(self, parent, message, details=None):
        self.infos.append(message)


def _numbers(db, like: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT number FROM doc_numbers WHERE number LIKE ? ORDER BY rowid",
                                     [like]).fetchall()]


# ---- 1. across New Year's midnight ---------------------------------------------------------------------------------

def test_the_next_number_confirmed_before_midnight_is_the_one_issued_after_it(db, data_dir, case, qtbot, midnight):
    prompts = _MidnightPrompts(midnight)
    section = _section(db, data_dir, case, prompts, qtbot, "materials_order")
    section.issue()
    assert prompts.errors == [] and len(prompts.shown) == 1, (prompts.shown, prompts.errors)
    shown = prompts.shown[0]
    assert "〔2026〕" in shown
    issued = db.execute("SELECT number, values_json FROM documents WHERE number = ?", [shown]).fetchone()
    assert issued is not None  # the 文号 shown, of the year of the date the document bears (31 December)
    assert json.loads(issued[1])["_issued_as"]["date"] == "2026-12-31"
    assert not [n for n in _numbers(db, "%〔2027〕%")]


def test_a_serial_typed_before_midnight_is_issued_as_confirmed_or_not_at_all(db, data_dir, case, qtbot, midnight):
    prompts = _MidnightPrompts(midnight, serial=5)
    section = _section(db, data_dir, case, prompts, qtbot, "materials_order")
    section.issue()
    assert prompts.errors == [], prompts.errors
    shown = prompts.shown[0]
    assert shown.endswith("〔2026〕5号")
    assert db.execute("SELECT 1 FROM documents WHERE number = ?", [shown]).fetchone() is not None
    assert not _numbers(db, "%〔2027〕%")


def test_a_number_confirmed_that_differs_from_the_one_taken_is_refused_saying_so_truthfully(db, data_dir, case,
                                                                                            english):
    """The core's guard, whoever calls it: a 文号 confirmed (next or typed by hand) that is not the one the issue
    would take is refused, nothing issued; said taken by another only when another holds it."""
    from workstation.documents.numbering import next_number

    form = find_form("materials_order")
    following = next_number(db, case.agency_id, "限供")
    other_year = following.replace("〔2026〕", "〔2025〕")
    before = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    with pytest.raises(NumberMoved) as moved:  # a serial typed: the number confirmed is compared too
        issue_document(db, data_dir, case, form, serial=7, number_shown=other_year.replace(
            following.split("〕")[1], "7号"))
    assert "taken meanwhile" not in moved.value.message and "7号" in moved.value.message
    with pytest.raises(NumberMoved) as moved:
        issue_document(db, data_dir, case, form, number_shown=other_year)
    assert "taken meanwhile" not in moved.value.message and following in moved.value.message
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == before
    first = issue_document(db, data_dir, case, form, number_shown=following)
    with pytest.raises(NumberMoved) as moved:  # really taken by another meanwhile
        issue_document(db, data_dir, case, form, number_shown=first.number)
    assert "taken meanwhile" in moved.value.message


# ---- 2. every 文号 taken accounted for --------------------------------------------------------------------------

RESTORED = "2026-12-06由恢复2026-12-06T21:16备份时被替换的数据取用，其文书不在恢复后的数据中"


def _issue(db, data_dir, case, serial=None):
    from workstation.documents.numbering import skip_confirmed

    with skip_confirmed(serial):
        return issue_document(db, data_dir, case, find_form("materials_order"), serial=serial)


def _lost_by_a_restore(db, case, serials):
    """The numbers of ``serials`` kept taken as a restore keeps them (``backup_restore._carry_numbers``): voided,
    with the reason, no document here."""
    from workstation.documents.numbering import numbering_agency
    from workstation.records import new_id, now

    owner, abbrev = numbering_agency(db, case.agency_id)
    for serial in serials:
        db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, issued_at, status, "
                   "void_reason, voided_at) VALUES (?, ?, '限供', 2026, ?, ?, ?, 'void', ?, ?)",
                   [new_id(), owner, serial, f"{abbrev}限供〔2026〕{serial}号", now(), RESTORED, now()])


@pytest.fixture
def restored(db, data_dir, case):
    """Two documents issued (1号, 2号), then 3号 and 4号 taken by data a restore replaced, then 5号 issued."""
    first, second = _issue(db, data_dir, case), _issue(db, data_dir, case)
    _lost_by_a_restore(db, case, (3, 4))
    last = _issue(db, data_dir, case, serial=5)
    return first, second, last


def test_numbers_a_restore_kept_taken_are_listed_with_their_reason(db, data_dir, case, restored):
    from workstation.document_register import count_documents, register_csv, registered_documents

    first, second, last = restored
    rows = registered_documents(db)
    assert [r.number[-2:] for r in rows] == ["5号", "4号", "3号", "2号", "1号"]
    gap = rows[1]
    assert (gap.kind, gap.state, gap.note, gap.case_id, gap.dated) == ("number", "void", RESTORED, None, "")
    assert rows[0].kind == "document" and rows[0].id == last.id
    assert count_documents(db) == 5 and count_documents(db, state="void") == 2
    assert [r.number[-2:] for r in registered_documents(db, state="void")] == ["4号", "3号"]
    assert registered_documents(db, state="corrected") == [] and count_documents(db, state="corrected") == 0
    assert len(registered_documents(db, year="2026")) == 5 and registered_documents(db, year="2025") == []
    assert [r.number[-2:] for r in registered_documents(db, "恢复")] == ["4号", "3号"]
    assert [r.number[-2:] for r in registered_documents(db, form="materials_order")] == [
        "5号", "4号", "3号", "2号", "1号"]
    assert registered_documents(db, form="inquiry_record") == []
    table = list(csv.reader(io.StringIO(register_csv(rows).decode("utf-8-sig"))))
    assert [r[1][-2:] for r in table[1:]] == ["5号", "4号", "3号", "2号", "1号"]
    assert table[2][8] == RESTORED and table[2][6] == ""


def test_the_command_line_lists_the_numbers_kept_taken_and_counts_them_in_its_export(db, data_dir, case, restored,
                                                                                     capsys, tmp_path):
    listed = run_json(capsys, "--data-dir", data_dir, "docs", "register")
    assert [(d["number"][-2:], d["kind"], d["note"]) for d in listed][1:3] == [
        ("4号", "number", RESTORED), ("3号", "number", RESTORED)]
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "register", "--state", "void")
    assert code == 0 and len(out.splitlines()) == 2 and RESTORED in out
    target = tmp_path / "发文登记.csv"
    written = run_json(capsys, "--data-dir", data_dir, "docs", "register", "-o", target)
    assert written == {"path": str(target), "documents": 3, "numbers": 2}
    assert len(list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))) == 6


def test_a_serial_chosen_by_hand_is_noted_with_the_serials_it_skipped(db, data_dir, case, english):
    from workstation.document_register import registered_documents

    automatic = [_issue(db, data_dir, case) for _ in range(2)]
    skipping = _issue(db, data_dir, case, serial=40)  # 3–39 skipped, confirmed
    near = _issue(db, data_dir, case, serial=43)  # 41–42 skipped, within the margin
    filling = _issue(db, data_dir, case, serial=15)  # one of those skipped, typed later
    notes = {r.id: r.note for r in registered_documents(db)}
    assert [notes[d.id] for d in automatic] == ["", ""]
    assert notes[skipping.id] == "serial chosen by hand, skipping 3–39号 (the skip confirmed)"
    assert notes[near.id] == "serial chosen by hand, skipping 41–42号"
    assert notes[filling.id] == "serial chosen by hand"


def test_the_skip_refusal_does_not_say_the_serials_skipped_are_lost_for_ever(db, data_dir, case, english):
    from workstation.documents.numbering import serial_refusal

    refusal = serial_refusal(db, case.agency_id, "限供", 40, 2026)
    assert "never be issued" not in refusal and "only with their serial typed by hand" in refusal
    assert "numbering would continue from 41号" in refusal


# ---- 3. the window's pages follow on from the last row read -----------------------------------------------------

def _many(db, data_dir, case, count: int):
    """``count`` documents issued before today (copies of one issued, a second apart), for pages to scroll."""
    from workstation.records import new_id

    model = _issue(db, data_dir, case)
    row = db.execute("SELECT case_id, form_id, form_version, title, values_json, pdf_sha256, pages, issued_by FROM "
                     "documents WHERE id = ?", [model.id]).fetchone()
    start = dt.datetime(2026, 1, 5, 9, tzinfo=SH)
    db.conn.executemany(
        "INSERT INTO documents (id, case_id, form_id, form_version, title, values_json, pdf_sha256, pages, issued_by, "
        "number, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(new_id(), *row, f"佛南市监测〔2026〕{i + 1}号", (start + dt.timedelta(seconds=i)).isoformat())
         for i in range(count)])
    db.conn.commit()
    return model


def test_the_pages_read_follow_on_from_the_last_row_whatever_is_issued_meanwhile(db, data_dir, case):
    from workstation.document_register import PAGE, registered_documents

    _many(db, data_dir, case, PAGE + 50)
    whole = [r.id for r in registered_documents(db, limit=None)]
    first = registered_documents(db)
    newer = _issue(db, data_dir, case)  # issued while the first page is shown
    second = registered_documents(db, after=first[-1])
    assert [r.id for r in first + second] == whole
    assert newer.id not in [r.id for r in second]


def test_the_register_window_lists_no_row_twice_and_the_one_issued_meanwhile(db, data_dir, case, other, prompts,
                                                                            qtbot):
    from ui.document_register import DocumentRegisterBox
    from workstation.document_register import PAGE

    _many(db, data_dir, case, PAGE + 50)
    box = DocumentRegisterBox(db, prompts)
    qtbot.addWidget(box)
    assert len(box.model.records) == PAGE
    # a colleague issues a document from the command line (another connection) meanwhile
    newer = _issue(other, data_dir, case)
    box.model.fetchMore()
    ids = [d.id for d in box.model.records]
    assert len(ids) == len(set(ids)) and len(ids) > PAGE
    qtbot.waitUntil(lambda: newer.id in [d.id for d in box.model.records])
    ids = [d.id for d in box.model.records]
    assert len(ids) == len(set(ids)) and ids[0] == newer.id


# ---- 4. filtered by document type and agency --------------------------------------------------------------------

SHUNDE = "440606"


@pytest.fixture
def two_agencies(db, data_dir, make_case):
    """A Nanhai case's 限期提供材料通知书 and 询问通知书, and a 限期提供材料通知书 of a case of the Shunde bureau (moved
    there once issued)."""
    from tests.helpers import beijing_today
    from workstation.store import agency_id_for_code

    nanhai = make_case(status="investigating", filed_on="2026-03-02")
    shunde = make_case(status="investigating", filed_on="2026-03-02")
    appearance = {"appear_on": (beijing_today() + dt.timedelta(days=30)).isoformat(), "appear_time": "上午9时30分",
                  "appear_place": "本局三楼询问室"}
    made = (_issue(db, data_dir, nanhai), _issue(db, data_dir, shunde),
            issue_document(db, data_dir, nanhai, find_form("inquiry_notice"), appearance))
    db.execute("UPDATE cases SET agency_id = ? WHERE id = ?", [agency_id_for_code(SHUNDE), shunde.id])
    return made


def test_the_register_is_filtered_by_document_type_and_agency_and_found_by_the_agency(db, two_agencies):
    from workstation.document_register import count_documents, registered_documents
    from workstation.store import agency_id_for_code

    order, other_order, notice = two_agencies
    nanhai, shunde = agency_id_for_code("440605"), agency_id_for_code(SHUNDE)

    def found(**filters):
        ids = [r.id for r in registered_documents(db, **filters)]
        assert count_documents(db, **filters) == len(ids)
        return ids

    assert found(form="materials_order") == [other_order.id, order.id]
    assert found(form="inquiry_notice") == [notice.id]
    assert found(agency=nanhai) == [notice.id, order.id]
    assert found(agency=shunde) == [other_order.id]
    assert found(form="materials_order", agency=shunde) == [other_order.id]
    assert found(search="顺德区局") == [other_order.id]  # the 办案机关 column is searched too
    assert found(agency=agency_id_for_code("440605001")) == []  # a town office of Nanhai: none of its own


def test_the_command_line_filters_the_register_by_form_and_agency(db, data_dir, two_agencies, capsys, tmp_path,
                                                                   english):
    order, other_order, notice = two_agencies
    assert [d["id"] for d in run_json(capsys, "--data-dir", data_dir, "docs", "register", "--form",
                                      "inquiry_notice")] == [notice.id]
    assert [d["id"] for d in run_json(capsys, "--data-dir", data_dir, "docs", "register", "--agency", SHUNDE)] == [
        other_order.id]
    assert [d["id"] for d in run_json(capsys, "--data-dir", data_dir, "docs", "register", "--search", "顺德区局")] == [
        other_order.id]
    target = tmp_path / "x.csv"
    for bad, option in ((("--form", "inquiry"), "--form"), (("--agency", "999"), "--agency")):
        code, out, err = run(capsys, "--data-dir", data_dir, "docs", "register", *bad, "-o", target)
        assert (code, out) == (1, "") and option in err and not target.exists(), err


def test_the_register_window_filters_by_document_type_and_agency(db, two_agencies, prompts, qtbot, tmp_path,
                                                                  english):
    from ui.document_register import DocumentRegisterBox
    from workstation.store import agency_id_for_code

    order, other_order, notice = two_agencies
    box = DocumentRegisterBox(db, prompts)
    qtbot.addWidget(box)
    assert (box.form.currentData(), box.agency.currentData()) == ("", "")  # all, by default
    assert box.form.findData("inquiry_notice") > 0 and box.agency.findData(agency_id_for_code(SHUNDE)) > 0
    assert len(box.model.records) == 3
    box.form.setCurrentIndex(box.form.findData("materials_order"))
    assert [d.id for d in box.model.records] == [other_order.id, order.id]
    box.agency.setCurrentIndex(box.agency.findData(agency_id_for_code(SHUNDE)))
    assert [d.id for d in box.model.records] == [other_order.id]
    assert box.count_label.text() == "1 document issued"
    target = tmp_path / "filtered.csv"
    box.export(str(target))  # the export takes the filters shown
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == [other_order.number]


# ---- 5. the export's progress and its count -------------------------------------------------------------------

def test_the_command_line_export_says_its_progress_and_the_rows_it_wrote(db, data_dir, case, capsys, tmp_path,
                                                                        monkeypatch, english):
    import workstation.cli
    import workstation.document_register

    _many(db, data_dir, case, 1200)
    ticks = iter(range(0, 100000, 2))
    monkeypatch.setattr(workstation.cli, "_progress_clock", lambda: next(ticks))
    target = tmp_path / "发文登记.csv"
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "register", "-o", target)
    assert code == 0 and "It holds 1201 documents." in out, out
    assert "Writing 发文登记.csv: " in err and err.rstrip().endswith("100%"), err

    def recounted(*args, **kwargs):
        raise AssertionError("counted again after writing")

    monkeypatch.setattr(workstation.document_register, "count_documents", recounted)
    written = run_json(capsys, "--data-dir", data_dir, "docs", "register", "-o", target, "--force")
    assert written["documents"] == 1201
    assert len(target.read_text(encoding="utf-8-sig").splitlines()) == 1202


# ---- 6. the values the window checked are those issued, never read again as typed (fr_docregister 1) -----------

def _demo_case(db, number: str):
    from workstation.store import get_case

    return get_case(db, db.execute("SELECT id FROM cases WHERE case_number = ?", [number]).fetchone()[0])


def test_a_penalty_decision_issued_from_the_documents_list_keeps_the_fine_checked(demo_db, data_dir, prompts, qtbot):
    """The 行政处罚决定书 the documents list checks and shows is issued with that fine, not a hundred times it (the fine
    checked, in fen, read again as yuan typed)."""
    from workstation.documents.issuing import check_issue

    db = demo_db
    case = _demo_case(db, "佛三市监立〔2026〕4号")
    form = find_form("penalty_decision")
    checked, _context = check_issue(db, case, form)
    assert checked["fine_fen"] > 0
    section = _section(db, data_dir, case, prompts, qtbot, "penalty_decision")
    prompts.confirm_answer = True
    section.issue()
    assert prompts.errors == [], prompts.errors
    row = db.execute("SELECT values_json FROM documents WHERE case_id = ? AND form_id = 'penalty_decision' "
                     "AND status = 'issued' ORDER BY issued_at DESC LIMIT 1", [case.id]).fetchone()
    issued = json.loads(row[0])
    assert (issued["fine_fen"], issued["total_fen"]) == (checked["fine_fen"], checked["total_fen"])


def test_every_document_the_list_offers_in_the_demo_is_issued_as_a_direct_issue_would(demo_db, data_dir,
                                                                                       monkeypatch):
    """Every demo case × form the documents list offers that its check lets through: what the window's way of
    issuing (checked, then issued with the day checked) would issue — values and date — is what issuing it directly
    would (``issue_values``, which renders and stores it, stands in by keeping what it is given)."""
    import workstation.documents.issuing as issuing
    from workstation.errors import WorkstationError
    from workstation.formkit.spec import load_forms
    from workstation.formkit.values import document_date
    from workstation.store import get_case

    db = demo_db
    given = []

    def kept(db, data_dir, form, values, **kwargs):
        given.append((values, kwargs["date"]))

    monkeypatch.setattr(issuing, "issue_values", kept)
    forms, _broken = load_forms()
    offered = [f for f in forms.values() if f.kind != "interview" and f.id != "report_result_notice"]
    compared, differing = 0, []
    for (case_id,) in db.execute("SELECT id FROM cases ORDER BY case_number").fetchall():
        case = get_case(db, case_id)
        for form in offered:
            try:  # the window's check before asking (also what a direct issue checks and issues)
                values, context = issuing.check_issue(db, case, form)
            except WorkstationError:
                continue
            direct = (values, document_date(form, values, str(context["today"])))
            given.clear()
            try:
                issuing.issue_document(db, data_dir, case, form, today=str(context["today"]))
            except WorkstationError as exc:
                differing.append((case.case_number, form.id, exc.message))
                continue
            compared += 1
            if given != [direct]:
                differing.append((case.case_number, form.id))
    assert compared > 300 and differing == []


# ---- 7. "the skip confirmed" only when it was (fr_docregister 4) -----------------------------------------------

def _numbered_copy(db, model, serial: int, year: int, confirmed: int | None = None):
    """A copy of the issued ``model`` numbered by hand with ``serial`` of ``year`` (``confirmed``: the serial whose
    skip the officer confirmed), as a document dated that year takes it."""
    from workstation.db.connection import immediate
    from workstation.documents.numbering import skip_confirmed, take_number
    from workstation.records import new_id

    document_id = new_id()
    with immediate(db), skip_confirmed(confirmed):
        number = take_number(db, _agency(db, model.case_id), "限供", year, document_id=document_id,
                             serial=serial).number
        db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, values_json, pdf_sha256, pages, "
                   "issued_by, number, issued_at) SELECT ?, case_id, form_id, form_version, title, values_json, "
                   "pdf_sha256, pages, issued_by, ?, issued_at FROM documents WHERE id = ?",
                   [document_id, number, model.id])
    return document_id


def _agency(db, case_id):
    return db.execute("SELECT agency_id FROM cases WHERE id = ?", [case_id]).fetchone()[0]


def test_a_skip_no_one_was_asked_to_confirm_is_not_said_confirmed(db, data_dir, case, english):
    """A year before last asks no confirmation of a serial far past the next (the paper's number): its note says
    the serials passed over, not that their skip was confirmed; one confirmed says so."""
    from workstation.document_register import registered_documents

    model = _issue(db, data_dir, case)
    past = _numbered_copy(db, model, 80, 2024)  # no confirmation asked, none given
    past_confirmed = _numbered_copy(db, model, 90, 2023, confirmed=90)  # given, though not asked: not needed
    confirmed = _numbered_copy(db, model, 60, 2026, confirmed=60)
    notes = {r.id: r.note for r in registered_documents(db)}
    assert notes[past] == "serial chosen by hand, skipping 1–79号"
    assert notes[past_confirmed] == "serial chosen by hand, skipping 1–89号"
    assert notes[confirmed] == "serial chosen by hand, skipping 2–59号 (the skip confirmed)"


# ---- 8. the count says documents and numbers apart (fr_docregister 6) ------------------------------------------

def test_the_window_counts_the_numbers_taken_without_a_document_apart_from_the_documents(db, data_dir, case,
                                                                                         restored, prompts, qtbot,
                                                                                         english):
    from ui.document_register import DocumentRegisterBox
    from workstation.document_register import count_found

    assert count_found(db) == (3, 2) and count_found(db, state="void") == (0, 2)
    box = DocumentRegisterBox(db, prompts)
    qtbot.addWidget(box)
    assert len(box.model.records) == 5
    assert box.count_label.text() == "3 documents issued; 2 文号 taken without a document here"
    box.state.setCurrentIndex(box.state.findData("void"))
    assert box.count_label.text() == "0 documents issued; 2 文号 taken without a document here"
    box.state.setCurrentIndex(box.state.findData("issued"))
    assert box.count_label.text() == "3 documents issued"
