"""Session 68, the complaint search's speed (issue 6's targets) with the very results: the full-width forms of the
ASCII characters a complaint writes noted in a column of its own (m074, ``wide_forms``), so that a short search word
of Latin letters tests its full-width ways only in the few complaints that write them; a short word of no ASCII
letter found by ``instr`` (exact, as LIKE is for it); a short word's scan giving way to the receipt-time index as soon
as the matches it has found say the walk is the quicker; the complainant's number masked when a list first shows it."""

from __future__ import annotations

import json
import random

import pytest

from workstation.db import schema
from workstation.store import complaints

# ---- the reference: the search as it was before session 68 ------------------------------------------------------


def _old_search_clause(words, rules=None):
    """``_search_clause`` as session 67 left it."""
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
        forms: dict[str, str] = {}
        for way in complaints._word_ways(word, rules):
            for form in (way, way.lower(), way.upper()):
                forms.setdefault(form.translate(complaints._LOWER), form)
        ways = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in forms.values()]
        tests = ["c.text LIKE ? ESCAPE '\\'"] * len(ways) + ["c.target_name LIKE ? ESCAPE '\\'"] * len(ways)
        params += [f"%{w}%" for w in ways] * 2
        if number := complaints._number_word(word, rules):
            tests.append("c.rowid IN (SELECT complaint_rowid FROM complaint_numbers WHERE numbers LIKE ?)")
            params.append(f"%{number}%")
        clauses.append("(" + " OR ".join(tests) + ")")
    return "WHERE " + " AND ".join(clauses), params


def _old_ids(db, text, limit=200, offset=0) -> list[str]:
    """The ids the search found before session 68 (every match sorted, no shortcut), for a page."""
    words = complaints.checked_words(text)
    rules = complaints._rules_in_force(db) if complaints._has_digit(words) else None
    numbered = complaints._numbered(db, text)
    head = [r[0] for r in db.execute("SELECT id FROM complaints WHERE rowid IN (SELECT value FROM json_each(?)) "
                                     "ORDER BY received_at DESC, rowid DESC",
                                     [json.dumps(numbered[offset:offset + limit])])] if offset < len(numbered) else []
    limit, offset = limit - len(head), max(offset - len(numbered), 0)
    if limit <= 0:
        return head
    matching = complaints._matching_rowids(words, rules)
    if matching is None:
        where, params = _old_search_clause(words, rules)
    else:
        where, params = f"WHERE c.rowid IN ({matching[0]})", matching[1]
    if shown := complaints._shown_filter(db, words, rules):
        where = f"{where} AND {shown}" if where else f"WHERE {shown}"
    if numbered:
        where = (f"{where} AND " if where else "WHERE ") + "c.rowid NOT IN (SELECT value FROM json_each(?))"
        params = [*params, json.dumps(numbered)]
    return head + [r[0] for r in db.execute(
        f"SELECT c.id FROM complaints AS c NOT INDEXED {where} ORDER BY c.received_at DESC, c.rowid DESC "
        "LIMIT ? OFFSET ?", [*params, limit, offset])]


TEXTS = [
    ("ab推销电话", ""), ("AB推销电话", ""), ("Ab和aB", ""), ("ａｂ全角小写", ""), ("ＡＢ全角大写", ""), ("Ａｂ全角混写", ""),
    ("ａＢ全角混写", ""), ("xyz没有", ""), ("只在被投诉方", "ZZ科技有限公司"), ("只在被投诉方全角", "ｚｚ公司"),
    ("罚息太高", ""), ("罚 息分开", ""), ("折扣50%了", ""), ("百分号%和_下划线", ""), ("反斜杠\\在此", ""),
    ("a_b下划线", ""), ("a%b百分", ""), ("😀表情开头：𠀀生僻字 楼盘", ""), ("楼盘😀在后", "😀公司"), ("𠀀", ""),
    ("数字12345和１２", ""), ("１２３全角数字", ""), ("Ü大写变音ü", ""), ("ÜNÏCODE", ""), ("ß和SS和ss", ""),
    ("İstanbul土耳其", ""), ("ﬁ连字", ""), ("ǅ标题字母", ""), ("Ωmega希腊", "ω公司"), ("楼", None), ("", "楼盘公司"),
    ("来电13800138000推销", ""), ("号码138 0013 8000", ""), ("K12教育", "K12"), ("ｋ１２全角", ""), ("TD退订", "ＴＤ"),
    ("tdtd", ""), ("制表\t符", ""), ("中文，标点！", "（括号）"), ("zz", ""), ("ｚz半全混写", ""), ("～波浪号~", "")]
QUERIES = ["a", "A", "ab", "AB", "Ab", "aB", "ａ", "Ａ", "ａｂ", "ＡＢ", "Ａｂ", "ａＢ", "b", "zz", "ZZ", "ｚｚ", "Ｚz", "1",
           "12", "１２", "１", "5", "%", "_", "\\", "%_", "a_", "a%", "_b", "😀", "𠀀", "😀楼", "ü", "Ü", "ß", "ss", "SS",
           "İ", "i", "ﬁ", "FI", "ǅ", "ǆ", "ω", "Ω", "楼", "楼盘", "罚息", "罚", "td", "ＴＤ", "k1", "Ｋ１", "，", "（", "ab 楼",
           "12 ab", "ab 推销电话", "1 13800138000", "楼 ＡＢ", "qq", "不存在", "a b", "～", "~", "ｚz", "推销电话"]


def _row(i, text, target, day):
    return (f"id-{i}", "12345", f"W{i:04d}", day, text, "{}", "f.csv", i + 2, "2026-04-09T00:00:00+08:00",
            "12345", "", target, "", "", "", "", "", "", "", None)


@pytest.fixture
def tricky(db):
    """The texts three times, receipt times out of the rowids' order; a third of them stored as another writer
    (a bundle, an older version) would: without their full-width forms noted (``wide_forms`` -1)."""
    rng = random.Random(68)
    rows = [_row(i, text, target, f"2026-03-{1 + rng.randrange(20):02d} {8 + i % 3:02d}:00:00")
            for i, (text, target) in enumerate(TEXTS * 3)]
    complaints.insert_complaints(db, rows)
    db.execute("UPDATE complaints SET wide_forms = -1 WHERE rowid % 3 = 0")
    complaints.index_numbers_after(db)
    return db


def _ids(hits) -> list[str]:
    return [h.id for h in hits]


@pytest.mark.parametrize("many", [complaints.MANY_MATCHES, 2])
def test_every_search_finds_what_it_found_before(tricky, monkeypatch, many):
    """Every query, whole and by pages, finds the very complaints in the very order the search found before, with
    the same marks; with few matches allowed (``MANY_MATCHES`` 2) the index walks are compared too."""
    monkeypatch.setattr(complaints, "MANY_MATCHES", many)
    for query in QUERIES:
        expected = _old_ids(tricky, query, limit=1000)
        found = complaints.search_complaints(tricky, query, limit=1000)
        assert _ids(found) == expected, query
        for offset in (0, 1, 2, 5, 9):
            assert _ids(complaints.search_complaints(tricky, query, limit=3, offset=offset)) == \
                _old_ids(tricky, query, limit=3, offset=offset), (query, offset)
        assert complaints.count_complaints(tricky, query) == len(expected), query
        for hit in found:
            assert hit.snippet == complaints.snippet(hit.text, list(hit.words), rules=hit.rules)


def test_the_column_notes_the_full_width_forms_written(db):
    """Inserted complaints note the full-width forms their text and business write (a letter in either case);
    a complaint whose text or business changes is marked unknown (-1), which every search word tests in full."""
    complaints.insert_complaints(db, [_row(1, "ＴＤ退订，谢谢", "", "2026-03-01 08:00:00"),
                                      _row(2, "没有全角", "ｋ公司", "2026-03-01 09:00:00"),
                                      _row(3, "plain ascii", "", "2026-03-01 10:00:00")])
    stored = dict(db.execute("SELECT id, wide_forms FROM complaints").fetchall())
    assert stored == {"id-1": complaints.wide_forms("ＴＤ退订，谢谢", ""), "id-2": complaints.wide_forms("", "ｋ"),
                      "id-3": 0}
    assert complaints.wide_forms("ｔｄ", "") == complaints.wide_forms("ＴＤ", "") == complaints.wide_forms("Ｄ", "Ｔ")
    assert complaints.wide_forms("ｔｄ", "") & complaints.wide_forms("，", "") == 0
    db.execute("UPDATE complaints SET text = 'ｚｚ' WHERE id = 'id-3'")
    db.execute("UPDATE complaints SET target_name = 'ｚ' WHERE id = 'id-1'")
    assert dict(db.execute("SELECT id, wide_forms FROM complaints WHERE id != 'id-2'").fetchall()) == \
        {"id-1": -1, "id-3": -1}
    assert _ids(complaints.search_complaints(db, "zz")) == ["id-3"]


def test_the_migration_fills_the_column_in_one_update(db):
    complaints.insert_complaints(db, [_row(1, "ａｂ（全角）", "", "2026-03-01 08:00:00"),
                                      _row(2, "无", "", "2026-03-01 09:00:00")])
    db.execute("UPDATE complaints SET wide_forms = -1")
    complaints.fill_wide_forms(db)
    assert dict(db.execute("SELECT id, wide_forms FROM complaints").fetchall()) == \
        {"id-1": complaints.wide_forms("ａｂ（全角）", ""), "id-2": 0}


def test_a_short_word_of_many_matches_walks_the_index_once_its_scan_says_so(db):
    """A short word in one complaint of three over 600: the first page comes from the receipt-time index after a
    scan of a part of the table (the matches read say there are many), the pages the very ones of a full sort."""
    rng = random.Random(7)
    rows = [_row(i, ("楼盘" if i % 3 == 0 else "别的") + f"投诉{i}", "",
                 f"2026-{1 + rng.randrange(9):02d}-{1 + rng.randrange(28):02d} 08:00:00") for i in range(600)]
    complaints.insert_complaints(db, rows)
    scanned = []
    db.conn.set_trace_callback(scanned.append)
    try:
        first = complaints.search_complaints(db, "楼", limit=20)
    finally:
        db.conn.set_trace_callback(None)
    assert _ids(first) == _old_ids(db, "楼", limit=20)
    assert any("NOT INDEXED" in sql for sql in scanned) and any("INDEXED BY complaints_received" in sql
                                                                  for sql in scanned)
    for offset in (0, 20, 150, 190):
        assert _ids(complaints.search_complaints(db, "楼", limit=20, offset=offset)) == \
            _old_ids(db, "楼", limit=20, offset=offset)


def test_the_complainant_number_is_masked_when_shown():
    hit = complaints.ComplaintHit("c1", "W1", "2026-03-01", "text", "13800138000", None)
    assert hit.complainant == "138****8000"
    assert "13800138000" not in repr(hit)
    assert complaints.ComplaintHit("c2", "", None, "", "", None).complainant == ""


def test_a_short_word_is_tested_once_in_each_way_like_cannot_tell_apart():
    """LIKE ignores the case of ASCII letters: ab and AB are one test of the text and one of the business, the
    full-width forms one each, after those and only in the complaints writing them; a word of no ASCII letter is
    found by instr (exactly what LIKE finds of it)."""
    where, params = complaints._search_clause(("ab",))
    assert params == ["%ab%", "%ab%", "ａｂ", "ａｂ", "ＡＢ", "ＡＢ"]
    bits = complaints.wide_forms("ａｂ", "")
    assert where.count("LIKE") == 2 and where.count("instr") == 4
    assert where.count(f"(c.wide_forms & {bits}) = {bits}") == 2
    where, params = complaints._search_clause(("罚息",))
    assert params == ["罚息"] * 2 and "LIKE" not in where


def test_a_short_word_scans_only_the_texts_and_finds_the_others_by_their_indexes(tricky):
    """The scan of the table tests the texts alone; the complaints naming a business apart, or writing a full-width
    letter or digit, are found by the partial indexes (the very ones, above)."""
    statements = []
    tricky.conn.set_trace_callback(statements.append)
    try:
        found = complaints.search_complaints(tricky, "zz")
    finally:
        tricky.conn.set_trace_callback(None)
    scans = [sql for sql in statements if "NOT INDEXED" in sql]
    assert scans and not any("target_name" in sql or "wide_forms" in sql for sql in scans)
    assert any("complaints_business" in sql for sql in statements)
    assert any("complaints_wide" in sql for sql in statements)
    assert _ids(found) == _old_ids(tricky, "zz")


def test_a_work_order_number_of_a_source_stored_by_another_connection_is_found(db, tmp_path):
    """The sources of the work-order numbers are held between searches, but not past a change: one stored by another
    connection (an import's worker) is found at the next search, and so is one stored by this one."""
    import sqlite3

    complaints.insert_complaints(db, [_row(1, "第一条", "", "2026-03-01 08:00:00")])
    assert complaints.search_complaints(db, "HOT-1") == []
    assert complaints.search_complaints(db, "HOT-1") == []  # the sources held
    path = db.execute("PRAGMA database_list").fetchone()[2]
    other = sqlite3.connect(path)
    with other:
        other.execute("INSERT INTO complaints (id, source, external_id, received_at, text, raw, source_file, source_row, "
                      "created_at, channel) VALUES ('hot-1', 'hotline', 'HOT-1', '2026-03-02 08:00:00', '无关', '{}', "
                      "'h.csv', 2, '2026-04-09T00:00:00+08:00', 'hotline')")
    other.close()
    assert _ids(complaints.search_complaints(db, "HOT-1")) == ["hot-1"]
    assert complaints.count_complaints(db, "HOT-1") == 1
    db.execute("INSERT INTO complaints (id, source, external_id, received_at, text, raw, source_file, source_row, "
               "created_at, channel) VALUES ('c-1', 'council', 'CC-9', '2026-03-03 08:00:00', '无关', '{}', 'c.csv', 2, "
               "'2026-04-09T00:00:00+08:00', 'council')")
    assert _ids(complaints.search_complaints(db, "CC-9")) == ["c-1"]


# ---- the final read's mends ---------------------------------------------------------------------------------------


def test_a_one_word_search_twice_with_no_work_order_stored(db):
    """No complaint has a work-order number (an empty database, or one of exports without the column): the second
    one-word search and count on the same connection find nothing as the first did (the look-up of the number was
    left out of the statement while its parameters were still given)."""
    for _ in range(3):
        assert complaints.search_complaints(db, "推销电话") == []
        assert complaints.count_complaints(db, "推销电话") == 0
        assert complaints.search_complaints(db, "楼盘") == []
    row = list(_row(1, "推销电话不停", "", "2026-03-01 08:00:00"))
    row[2] = ""
    complaints.insert_complaints(db, [tuple(row)])
    for _ in range(3):
        assert _ids(complaints.search_complaints(db, "推销电话")) == ["id-1"]
        assert complaints.count_complaints(db, "推销电话") == 1


def test_a_search_inside_a_transaction_rolled_back_holds_nothing_of_it(db):
    """A search made inside a transaction that is then rolled back (a rollback changes neither the database's version
    nor the connection's count of changes) finds afterwards what is stored, not what the transaction held."""
    a = _row(1, "甲文本", "", "2026-03-01 08:00:00")
    b = list(_row(2, "乙文本", "", "2026-03-02 08:00:00"))
    b[1], b[2] = "council", "CC-77"
    complaints.insert_complaints(db, [a, tuple(b)])
    assert _ids(complaints.search_complaints(db, "CC-77")) == ["id-2"]
    db.conn.execute("BEGIN")
    db.conn.execute("DELETE FROM complaints WHERE source = 'council'")
    assert complaints.search_complaints(db, "CC-77") == []
    assert complaints.count_complaints(db, "CC-77") == 0
    db.conn.execute("ROLLBACK")
    assert _ids(complaints.search_complaints(db, "CC-77")) == ["id-2"]
    assert complaints.count_complaints(db, "CC-77") == 1
    db.conn.execute("BEGIN")
    db.conn.execute("INSERT INTO complaints (id, source, external_id, received_at, text, raw, source_file, source_row, "
                    "created_at, channel) VALUES ('h-1', 'hotline', 'HOT-5', '2026-03-03 08:00:00', '无关', '{}', "
                    "'h.csv', 2, '2026-04-09T00:00:00+08:00', 'hotline')")
    assert _ids(complaints.search_complaints(db, "HOT-5")) == ["h-1"]
    db.conn.execute("ROLLBACK")
    assert complaints.search_complaints(db, "HOT-5") == []
    assert complaints.count_complaints(db, "HOT-5") == 0


def test_a_short_word_counts_a_complaint_found_twice_once(db):
    """A complaint whose text and business both hold the word is found by the scan and by the business's index: it is
    one match, not two (counted twice, the scan gave way to the walk of the receipt-time index too early)."""
    complaints.insert_complaints(db, [_row(i, f"楼{i}", "楼公司", f"2026-03-{1 + i:02d} 08:00:00") for i in range(10)])
    split = complaints._split_search(("楼",))
    found = complaints._short_matches(db, split[0], split[1], 6, (split[2], split[3]))
    assert found is not None and len(found) == 10


def test_insert_complaints_asks_nothing_of_the_table_s_columns(db):
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        complaints.insert_complaints(db, [_row(1, "ａｂ", "", "2026-03-01 08:00:00")])
    finally:
        db.conn.set_trace_callback(None)
    assert not any("table_info" in sql for sql in statements)
    assert db.execute("SELECT wide_forms FROM complaints").fetchone()[0] == complaints.wide_forms("ａｂ", "")


def test_the_partial_index_states_its_bits_as_the_search_does(db):
    """m074 writes the full-width letters' and digits' bits as a number of its own (not the live constant): the
    search's ``INDEXED BY complaints_wide`` needs its WHERE to say the very same."""
    import inspect

    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'complaints_wide'").fetchone()[0]
    assert f"wide_forms & {complaints.WIDE_LETTERS_DIGITS} != 0" in sql
    source = inspect.getsource(schema.m074_complaint_wide_forms)
    assert "{WIDE_LETTERS_DIGITS}" not in source and f"wide_forms & {complaints.WIDE_LETTERS_DIGITS} != 0" in source


def test_a_bundle_carries_no_wide_forms_and_a_merge_works_them_out(db):
    from workstation.bundle import merge
    from workstation.bundle.writer import collect

    complaints.insert_complaints(db, [_row(1, "ＴＤ退订", "", "2026-03-01 08:00:00")])
    sent = collect(db, None, None)["complaints"]
    assert sent and all("wide_forms" not in row for row in sent)
    row = {**sent[0], "id": "id-9", "external_id": "W9", "text": "ｋ１２退订", "wide_forms": 0}
    merge._insert(db, merge.BY_NAME["complaints"], row, merge._columns(db, "complaints"))
    assert db.execute("SELECT wide_forms FROM complaints WHERE id = 'id-9'").fetchone()[0] == \
        complaints.wide_forms("ｋ１２退订", "")
    assert _ids(complaints.search_complaints(db, "k1")) == ["id-9"]


def test_the_unknown_full_width_forms_are_worked_out_again(db, data_dir):
    """A complaint whose text or business changed (-1, unknown) gets its full-width forms again: by the repair's
    rebuild of the search indexes, and by ``refill_wide_forms`` (which a merge taking a business calls)."""
    from workstation.repair import rebuild_search_indexes

    complaints.insert_complaints(db, [_row(1, "ＴＤ退订", "", "2026-03-01 08:00:00"),
                                      _row(2, "普通", "", "2026-03-02 08:00:00")])
    db.execute("UPDATE complaints SET target_name = 'ｚ公司'")
    assert {w for (w,) in db.execute("SELECT wide_forms FROM complaints")} == {-1}
    rebuild_search_indexes(db, data_dir)
    assert dict(db.execute("SELECT id, wide_forms FROM complaints").fetchall()) == \
        {"id-1": complaints.wide_forms("ＴＤ退订", "ｚ公司"), "id-2": complaints.wide_forms("普通", "ｚ公司")}
    db.execute("UPDATE complaints SET text = 'ａ' WHERE id = 'id-2'")
    complaints.refill_wide_forms(db)
    assert db.execute("SELECT wide_forms FROM complaints WHERE id = 'id-2'").fetchone()[0] == \
        complaints.wide_forms("ａ", "ｚ公司")


def test_a_merge_taking_a_business_works_out_the_full_width_forms(db):
    from workstation.bundle import merge

    complaints.insert_complaints(db, [_row(1, "退订", "", "2026-03-01 08:00:00")])
    here = dict(zip([c[0] for c in db.execute("SELECT * FROM complaints").description],
                    db.execute("SELECT * FROM complaints").fetchone(), strict=True))
    change = merge.Change("complaints", "id-1", "updated", "", [merge.FieldChange("target_name", "", "ＡＢ公司",
                                                                                   merge.MISSING, "take")],
                          {**here, "target_name": "ＡＢ公司"}, here)
    merge._update(db, merge.BY_NAME["complaints"], change, merge._columns(db, "complaints"))
    assert db.execute("SELECT wide_forms FROM complaints").fetchone()[0] == complaints.wide_forms("", "ＡＢ")


def test_a_complaint_added_to_a_lead_has_its_full_width_forms_noted_again(db):
    """Adding a complaint to the lead of a business names that business on it (its ``target_name``): m074's trigger
    marks its full-width forms unknown (-1), and the adding notes them again, so that the row does not wait for a
    repair to leave the index of the rows to test."""
    from tests.test_leads19 import NAMELESS, SHOP, add
    from workstation.screening import screen
    from workstation.screening.screen import add_complaints_to_lead, leads_to_join
    from workstation.screening.without_lead import complaints_without_lead

    add(db, [("B1", f"{SHOP}的中介天天打电话推销楼盘，个人信息被泄露。", "13600000001"),
             ("B2", f"{SHOP}又打来推销楼盘，个人信息被泄露。", "13600000002"),
             ("A1", NAMELESS, "13600000003")])
    screen(db)
    [lead] = leads_to_join(db)
    waiting = {c.external_id: c.id for c in complaints_without_lead(db)}
    add_complaints_to_lead(db, lead["id"], [waiting["A1"]])
    noted, text, business = db.execute("SELECT wide_forms, text, target_name FROM complaints WHERE id = ?",
                                       [waiting["A1"]]).fetchone()
    assert noted == complaints.wide_forms(text, business)


def test_a_local_number_searched_again_takes_the_area_code_the_rules_now_give(db, tmp_path, monkeypatch):
    """The look-up of a search's text is kept for the searches made next, but not the complainant's number of a local
    number: it takes the default area code of the rules as they are when searched (kept, it stayed the old one)."""
    from workstation.screening import rules

    shipped = rules.shipped_rules_path().read_text(encoding="utf-8")
    copy = tmp_path / "rules.toml"
    copy.write_text(shipped, encoding="utf-8")
    monkeypatch.setattr(rules, "shipped_rules_path", lambda: copy)
    rows = [list(_row(i, "推销电话不停", "", f"2026-03-0{i} 08:00:00")) for i in (1, 2)]
    rows[0][10], rows[1][10] = "075783234567", "02083234567"
    complaints.insert_complaints(db, [tuple(r) for r in rows])
    assert _ids(complaints.search_complaints(db, "83234567")) == ["id-1"]
    assert _ids(complaints.search_complaints(db, "8323 4567")) == ["id-1"]
    assert 'default_area_code = "0757"' in shipped
    copy.write_text(shipped.replace('default_area_code = "0757"', 'default_area_code = "020"'), encoding="utf-8")
    assert _ids(complaints.search_complaints(db, "83234567")) == ["id-2"]
    assert complaints.count_complaints(db, "83234567") == 1
    assert _ids(complaints.search_complaints(db, "8323 4567")) == ["id-2"]
