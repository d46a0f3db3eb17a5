"""Session 67, the search audit: the complaint list highlights the word found after an emoji or a rare (Ext-B) CJK
character (Qt counts the places in UTF-16 units); a short search word found rarely or nowhere reads the table once
instead of walking the receipt-time index with a test for every way of writing it, its results the very ones of the
earlier search; the benchmarks' generated complaints end before today, however many."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from workstation.store import complaints

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402

# ---- 1. the highlight in the list, in UTF-16 units ------------------------------------------------------------------


def _highlighted(qtbot, text: str, query: str) -> list[str]:
    """The pieces of ``text`` the list cell's layout highlights when the search marks ``query``'s places."""
    from PySide6.QtGui import QFont

    from ui.marked_text import MarkedTextDelegate
    from workstation.store.complaints import MARK_END, MARK_START, marked_pieces

    marked = text.replace(query, f"{MARK_START}{query}{MARK_END}")
    shown, marks = marked_pieces(marked)
    assert shown == text and marks
    layout = MarkedTextDelegate.marked_layout(shown, QFont(), marks, len(shown))
    units = shown.encode("utf-16-le")
    return [units[2 * r.start:2 * (r.start + r.length)].decode("utf-16-le") for r in layout.formats()]


@pytest.mark.parametrize("text", [
    "😀表情开头的投诉：𠀀生僻字 楼盘 推销电话",  # an emoji and an Ext-B character before the word
    "楼盘推销电话😀𠀀表情在后",  # after it
    "没有表情的楼盘推销电话",  # none
    "😀😀𠀀𠀁楼盘😀楼盘𠀀",  # several, and between two places of the word
])
def test_the_list_highlights_the_word_after_an_emoji_or_ext_b_character(qtbot, text):
    assert set(_highlighted(qtbot, text, "楼盘")) == {"楼盘"}


def test_an_astral_word_itself_is_highlighted_whole(qtbot):
    assert _highlighted(qtbot, "投诉😀𠀀内容", "𠀀") == ["𠀀"]


def test_the_kept_marks_are_counted_in_utf16_units_too(qtbot):
    """The cell's marks as far as the ellipsis (``kept``): after two Ext-B characters the piece highlighted is the
    word itself, not the two units before it (places counted in characters)."""
    from PySide6.QtGui import QFont

    from ui.marked_text import MarkedTextDelegate

    shown = "𠀀𠀀楼盘x…"
    layout = MarkedTextDelegate.marked_layout(shown, QFont(), [(2, 4), (5, 9)], 5)
    units = shown.encode("utf-16-le")
    pieces = [units[2 * r.start:2 * (r.start + r.length)].decode("utf-16-le") for r in layout.formats()]
    assert pieces == ["楼盘"]  # the mark after the ellipsis is left out


def test_one_helper_counts_utf16_units():
    from ui.marked_text import utf16_units

    assert [utf16_units(t) for t in ("", "楼盘", "😀", "𠀀楼", "a😀𠀀b")] == [0, 2, 2, 3, 6]


def test_the_publication_preview_marks_a_processed_name_after_an_ext_b_character(qtbot):
    """The preview marks what was processed at the places Qt counts (UTF-16 units): after 𠀀 or an emoji the mark
    no longer slides one unit to the left."""
    from types import SimpleNamespace

    from PySide6.QtWidgets import QTextEdit

    from ui.publication_dialog import PublicationDialog

    preview = QTextEdit()
    qtbot.addWidget(preview)
    dialog = SimpleNamespace(preview=preview)
    PublicationDialog._show(dialog, "当事人𠀀😀王某某，电话138****8000。")
    assert PublicationDialog.processed(dialog) == ["王某某", "138****8000"]


def test_the_caret_after_an_undo_is_placed_after_an_ext_b_character(qtbot):
    """``QAField.set_value`` puts the caret where the answer changed, in UTF-16 units (after 𠀀 one unit more)."""
    from ui.field_widgets import field_widget
    from workstation.formkit.spec import FieldSpec

    field = field_widget(FieldSpec(name="qa", label="询问内容", type="qa"))
    qtbot.addWidget(field.widget)
    field.set_value("问：姓名\n答：𠀀𠀀张三")
    field.set_value("问：姓名\n答：𠀀𠀀张三丰")
    answer = field.list.pairs[0].answer
    assert field.focus_widget is answer
    assert answer.textCursor().position() == 7  # after 丰: two units for each 𠀀
    field.set_value("问：𠀀姓名\n答：𠀀𠀀张三丰")
    field.set_value("问：𠀀姓名吗\n答：𠀀𠀀张三丰")
    question = field.list.pairs[0].question
    assert field.focus_widget is question and question.cursorPosition() == 5  # after 吗: 2 + 3 units


# ---- 2. short search words: one scan of the table, the results unchanged --------------------------------------------


def _old_search_clause(words, rules=None):
    """``_search_clause`` as it was before session 67 (the reference of the results)."""
    if not words:
        return "", []
    clauses, params = [], []
    for word in words:
        if (masked := complaints.masked_word(word)) is not None:
            ways = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                    for w in complaints._written_ways(max(complaints._masked_parts(masked), key=len))]
            clauses.append("(" + " OR ".join(["c.text LIKE ? ESCAPE '\\'"] * len(ways)) + " OR c.rowid IN (SELECT "
                           "complaint_rowid FROM complaint_numbers WHERE numbers GLOB ?))")
            params += [f"%{w}%" for w in ways] + [complaints._masked_glob(masked)]
            continue
        ways = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in dict.fromkeys(
            form for way in complaints._word_ways(word, rules) for form in (way, way.lower(), way.upper()))]
        tests = ["c.text LIKE ? ESCAPE '\\'"] * len(ways) + ["c.target_name LIKE ? ESCAPE '\\'"] * len(ways)
        params += [f"%{w}%" for w in ways] * 2
        if number := complaints._number_word(word, rules):
            tests.append("c.rowid IN (SELECT complaint_rowid FROM complaint_numbers WHERE numbers LIKE ?)")
            params.append(f"%{number}%")
        clauses.append("(" + " OR ".join(tests) + ")")
    return "WHERE " + " AND ".join(clauses), params


def _old_search(db, text, limit=200, offset=0):
    """``search_complaints`` as it was before session 67 for a search with a short word (the index walk)."""
    words = complaints.checked_words(text)
    rules = complaints._rules_in_force(db) if complaints._has_digit(words) else None
    numbered = complaints._numbered(db, text)
    head = complaints._hits(db, "WHERE c.rowid IN (SELECT value FROM json_each(?))",
                            [json.dumps(numbered[offset:offset + limit])], "", words, rules,
                            len(numbered[offset:offset + limit]), 0) if offset < len(numbered) else []
    limit, offset = limit - len(head), max(offset - len(numbered), 0)
    if limit <= 0:
        return head
    shown = complaints._shown_filter(db, words, rules)
    where, params = _old_search_clause(words, rules)
    if shown:
        where = f"{where} AND {shown}" if where else f"WHERE {shown}"
    if numbered:
        where = f"{where} AND " if where else "WHERE "
        where += "c.rowid NOT IN (SELECT value FROM json_each(?))"
        params = [*params, json.dumps(numbered)]
    return head + complaints._hits(db, where, params, "", words, rules, limit, offset)


TEXTS = [
    ("ab推销电话", ""), ("AB推销电话", ""), ("Ab和aB", ""), ("ａｂ全角小写", ""), ("ＡＢ全角大写", ""), ("Ａｂ全角混写", ""),
    ("ａＢ全角混写", ""), ("xyz没有", ""), ("只在被投诉方", "ZZ科技有限公司"), ("只在被投诉方全角", "ｚｚ公司"),
    ("罚息太高", ""), ("罚 息分开", ""), ("折扣50%了", ""), ("百分号%和_下划线", ""), ("反斜杠\\在此", ""),
    ("a_b下划线", ""), ("a%b百分", ""), ("😀表情开头：𠀀生僻字 楼盘", ""), ("楼盘😀在后", "😀公司"), ("𠀀", ""),
    ("数字12345和１２", ""), ("１２３全角数字", ""), ("Ü大写变音ü", ""), ("ÜNÏCODE", ""), ("ß和SS和ss", ""),
    ("İstanbul土耳其", ""), ("ﬁ连字", ""), ("ǅ标题字母", ""), ("Ωmega希腊", "ω公司"), ("楼", None), ("", "楼盘公司"),
    ("来电13800138000推销", ""), ("号码138 0013 8000", ""), ("K12教育", "K12"), ("ｋ１２全角", ""), ("TD退订", "ＴＤ"),
    ("tdtd", ""), ("制表\t符", ""), ("中文，标点！", "（括号）"), ("zz", "")]
QUERIES = ["a", "A", "ab", "AB", "Ab", "aB", "ａ", "Ａ", "ａｂ", "ＡＢ", "Ａｂ", "ａＢ", "b", "zz", "ZZ", "ｚｚ", "Ｚz", "1",
           "12", "１２", "１", "5", "%", "_", "\\", "%_", "a_", "a%", "_b", "😀", "𠀀", "😀楼", "ü", "Ü", "ß", "ss", "SS",
           "İ", "i", "ﬁ", "FI", "ǅ", "ǆ", "ω", "Ω", "楼", "楼盘", "罚息", "罚", "td", "ＴＤ", "k1", "Ｋ１", "，", "（", "ab 楼",
           "12 ab", "ab 推销电话", "1 13800138000", "楼 ＡＢ", "qq", "不存在", "a b"]


@pytest.fixture
def tricky(db):
    rows = []
    for i, (text, target) in enumerate(TEXTS * 3):
        day = f"2026-03-{1 + i % 20:02d} {8 + i % 3:02d}:00:00"  # the same time more than once: the rowid orders
        rows.append((f"id-{i}", "12345", f"W{i:04d}", day, text, "{}", "f.csv", i + 2, "2026-04-09T00:00:00+08:00",
                     "12345", "", target, "", "", "", "", "", "", "", None))
    complaints.insert_complaints(db, rows)
    complaints.index_numbers_after(db)
    return db


def _ids(hits) -> list[str]:
    return [h.id for h in hits]


@pytest.mark.parametrize("many", [complaints.MANY_MATCHES, 2])
def test_a_short_search_finds_what_it_found_before(tricky, monkeypatch, many):
    """Every query, whole and by pages, finds the very complaints, in the very order, the earlier search found;
    with few matches allowed (``MANY_MATCHES`` 2) the index walk of many matches is compared too."""
    monkeypatch.setattr(complaints, "MANY_MATCHES", many)
    for query in QUERIES:
        expected = _ids(_old_search(tricky, query, limit=1000))
        assert _ids(complaints.search_complaints(tricky, query, limit=1000)) == expected, query
        for offset in (0, 2, 5):
            assert _ids(complaints.search_complaints(tricky, query, limit=3, offset=offset)) == \
                _ids(_old_search(tricky, query, limit=3, offset=offset)), (query, offset)
        assert complaints.count_complaints(tricky, query) == len(expected), query
        with monkeypatch.context() as patched:
            patched.setattr(complaints, "_search_clause", _old_search_clause)
            assert complaints.count_complaints(tricky, query) == len(expected), query
            assert complaints.count_complaints(tricky, query, limit=2) == min(len(expected), 3), query


def test_the_expected_matches_are_there(tricky):
    """A check of the reference itself: full-width, case, target names and LIKE's wildcards read as typed."""
    def texts(query):
        return {h.text for h in complaints.search_complaints(tricky, query, limit=1000)}

    assert texts("ab") == {"ab推销电话", "AB推销电话", "Ab和aB", "ａｂ全角小写", "ＡＢ全角大写"}
    assert texts("zz") == {"只在被投诉方", "只在被投诉方全角", "zz"}
    assert texts("%") == {"折扣50%了", "百分号%和_下划线", "a%b百分"}
    assert texts("_") == {"百分号%和_下划线", "a_b下划线"}
    assert texts("𠀀") == {"😀表情开头：𠀀生僻字 楼盘", "𠀀"}


def _plans(db, action) -> list[str]:
    """The query plans of the statements on the complaints ``action`` runs."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        action()
    finally:
        db.conn.set_trace_callback(None)
    plans = []
    for sql in statements:
        if "FROM complaints AS c" in sql and sql.lstrip().upper().startswith("SELECT"):
            plans.append(" / ".join(r[3] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()))
    return plans


@pytest.mark.parametrize("query", ["zz", "罚息", "𠀀", "qq"])
def test_a_rare_short_word_reads_the_table_once_without_walking_the_receipt_index(tricky, query):
    """A word found rarely or nowhere was looked for by walking the receipt-time index, a table row looked up for
    each entry (5-6 times a scan of the table over 198,000 complaints): its matches are now collected by one scan of
    the table, and only those few sorted."""
    plans = _plans(tricky, lambda: complaints.search_complaints(tricky, query))
    assert plans and not any("complaints_received" in plan for plan in plans), plans


def test_a_common_short_word_still_walks_the_receipt_index(tricky, monkeypatch):
    monkeypatch.setattr(complaints, "MANY_MATCHES", 2)
    plans = _plans(tricky, lambda: complaints.search_complaints(tricky, "楼", limit=3))
    assert any("complaints_received" in plan for plan in plans), plans


# ---- 3. the benchmarks' complaints end before today ----------------------------------------------------------------


def _received(path: Path) -> list[dt.datetime]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[3:]
    times = []
    for row in rows:
        cell = row[1].replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-")
        day, clock = cell.split()
        y, m, d = (int(x) for x in day.split("-"))
        hh, mm = (int(x) for x in clock.split(":")[:2])
        times.append(dt.datetime(y, m, d, hh, mm))
    return times


def test_generated_complaints_end_before_today_however_many(tmp_path):
    today = dt.date(2026, 1, 3)  # 10,000 rows at one every 30 s span three and a half days
    start = make_complaints.start_for(10_000, today)
    path = tmp_path / "council.csv"
    make_complaints.write_council_csv(path, 10_000, seed=11, answers=False, start=start, today=today)
    times = _received(path)
    assert max(times) < dt.datetime(2026, 1, 3)
    again = tmp_path / "again.csv"
    make_complaints.write_council_csv(again, 10_000, seed=11, answers=False, start=start, today=today)
    assert again.read_bytes() == path.read_bytes()  # deterministic given the rows and the day
    assert make_complaints.start_for(10_000, today) == make_complaints.start_for(10_000, today)
    assert make_complaints.start_for(1_000_000, dt.date(2026, 12, 7)) + make_complaints.span(1_000_000) < \
        dt.datetime(2026, 12, 7)


def test_a_pair_of_files_is_given_one_start(tmp_path):
    """A council row repeats the hotline row of its number (the same complaint through two channels): written with
    different row counts, each file picking its own start would move one file's times and identifiers away from
    the other's. A file that would not end before today from START is not given a start of its own: the writer
    asks for one (``start_for`` of the larger file, passed to both)."""
    today = dt.date(2026, 1, 3)
    with pytest.raises(ValueError, match="start_for"):
        make_complaints.write_council_csv(tmp_path / "council.csv", 10_000, seed=11, answers=False, today=today)
    with pytest.raises(ValueError, match="start_for"):
        make_complaints.write_hotline_xlsx(tmp_path / "hotline.xlsx", 10_000, seed=11, answers=False, today=today)
    assert not (tmp_path / "council.csv").exists() and not (tmp_path / "hotline.xlsx").exists()
    start = make_complaints.pair_start(10_000, 120, today=today)
    assert start == make_complaints.start_for(10_000, today) < make_complaints.START
    hotline = make_complaints.write_hotline_xlsx(tmp_path / "hotline.xlsx", 120, seed=11, start=start, today=today)
    council = make_complaints.write_council_csv(tmp_path / "council.csv", 10_000, seed=11, start=start, today=today)
    same = [c["same_as"] for c in council.complaints.values() if c["same_as"] and c["row"] < 120 + 3]
    assert same and set(same) <= set(hotline.complaints)  # the repeats name hotline rows of the other file
    received = {i: c["received_at"] for i, c in hotline.complaints.items()}
    assert all(c["received_at"][:4] == "2025" for c in council.complaints.values() if c["same_as"] in received)


def test_a_file_that_fits_keeps_its_first_day(tmp_path):
    """A file ending before today starts on 1 January 2026 as before (the tests' reference exports unchanged)."""
    assert make_complaints.start_for(3000, dt.date(2026, 12, 7)) == make_complaints.START
    assert make_complaints.start_for(1_000_000, dt.date(2027, 12, 31)) == make_complaints.START


def test_every_distinct_generated_complaint_is_imported(db, tmp_path):
    """``council_complaints`` / ``hotline_complaints``: how many complaints an import of a generated file stores,
    which the benchmarks check before they time anything."""
    from workstation.importing.complaints import import_complaints

    council, hotline = tmp_path / "council.csv", tmp_path / "hotline.xlsx"
    make_complaints.write_council_csv(council, 300, seed=11, encoding="utf-8", answers=False)
    make_complaints.write_hotline_xlsx(hotline, 120, seed=11, answers=False)
    result = import_complaints(db, [council]).as_dict()
    assert result["imported"] == make_complaints.council_complaints(300) < 300
    result = import_complaints(db, [hotline]).as_dict()
    assert result["imported"] == make_complaints.hotline_complaints(120) < 120


def test_the_benchmarks_check_every_complaint_was_imported_in_one_place(db, tmp_path):
    """``benchlib.all_imported``, which bench_search and bench_complaints both call: None when every complaint of
    the generated file is stored, else the message naming the counts."""
    import benchlib

    from workstation.importing.complaints import import_complaints

    council = tmp_path / "council.csv"
    make_complaints.write_council_csv(council, 300, seed=11, encoding="utf-8", answers=False)
    result = import_complaints(db, [council])
    assert benchlib.all_imported(result, make_complaints.council_complaints(300), 300) is None
    error = benchlib.all_imported(result, make_complaints.council_complaints(300) + 1, 300)
    assert error.startswith("ERROR: 296 complaints imported instead of the file's 297 (300 rows")
