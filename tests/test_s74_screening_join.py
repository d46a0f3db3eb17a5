# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""walkthrough74 defect 1: a 12345 complaint about the same number and the same 被反映对象 as the complaints of a lead
is in that lead, although its text names no category keyword. The 12345 phrasings 每天拨打推销, 天天拨打推销 … are
keywords of calls; a complaint with no keyword that names a number or business complaints of a category (in the same
screening, or an open lead's) name joins their lead (a business only when its text names it, or with a number
shared: not by the 被反映对象 column alone), shown as grouped by its number or name, decided again at every screening
(undone once those complaints are judged unrelated); an operator's or public
service number, the complainant's own number, a generic name, or a complaint an exclusion rules out (话费账单,
信号差 …) never pulls one in."""

from __future__ import annotations

import pytest

from tests.helpers import insert_complaint_texts, run, run_json
from tests.test_bundle_hq import dirs, template  # noqa: F401 - fixtures used by name
from workstation.screening.complaint import grouped_by_names
from workstation.screening.rules import classify

PARTY = "佛山市南海区瑞丰房产中介有限公司"
NUMBER = "13912345678"
#: the auditor's rows (walkthrough74 defect 1): work order, received, name, number, 被反映对象, text, district
AUDIT_ROWS = [
    ("GD202612010001", "2026-12-01 09:12:00", "张三", "13800138000", PARTY,
     f"本人多次接到{PARTY}推销电话，号码{NUMBER}，未经同意，要求查处。", "南海区"),
    ("GD202612020002", "2026-12-02 10:30:00", "李四", "13800138001", PARTY,
     f"号码{NUMBER}每天拨打推销房产，骚扰严重。", "南海区"),
    ("GD202612030003", "2026-12-03 14:00:00", "王五", "13800138002", PARTY,
     f"收到短信推销楼盘，号码{NUMBER}，未订阅。", "南海区"),
]


def _workbook(path, rows):
    """A hotline export as the auditor built it: a merged title row, a two-row header whose 诉求人 is merged over
    姓名 | 联系电话, and a 合计 row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["佛山市12345热线工单明细（2026年12月1日至7日）"] + [None] * 6)
    sheet.append(["工单编号", "受理时间", "诉求人", None, "被反映对象", "诉求内容", "所属区"])
    sheet.append([None, None, "姓名", "联系电话", None, None, None])
    for row in rows:
        sheet.append(list(row))
    sheet.append(["合计", f"{len(rows)}件"] + [None] * 5)
    for cells in ("A1:G1", "C2:D2", "A2:A3", "B2:B3", "E2:E3", "F2:F3", "G2:G3"):
        sheet.merge_cells(cells)
    book.save(path)
    return path


def _import_and_screen(capsys, data_dir, tmp_path, rows):
    code, _out, err = run(capsys, "--data-dir", data_dir, "complaints", "import",
                          _workbook(tmp_path / "hotline2.xlsx", rows))
    assert code == 0, err
    return run_json(capsys, "--data-dir", data_dir, "leads", "screen")


def _lead_of(db, external_id):
    return db.execute("SELECT lead_id FROM complaints WHERE external_id = ?", [external_id]).fetchone()[0]


def test_the_auditors_workbook_makes_one_lead_of_three_complaints(db, data_dir, tmp_path, capsys):
    result = _import_and_screen(capsys, data_dir, tmp_path, AUDIT_ROWS)
    assert len(result["leads"]) == 1
    assert sorted(result["leads"][0]["complaint_ids"]) == [row[0] for row in AUDIT_ROWS]
    assert db.execute("SELECT complaint_count FROM leads").fetchall() == [(3,)]
    assert db.execute("SELECT category FROM complaints WHERE external_id = 'GD202612020002'").fetchone()[0] == \
        "harassment_call"


@pytest.mark.parametrize("text", [
    f"号码{NUMBER}又打来了，请尽快处理。",  # the number, and the 被反映对象 column
    "瑞丰房产中介有限公司又找我了，请尽快处理。",  # the business its text names (and its 被反映对象 column)
])
def test_a_complaint_without_keyword_naming_the_leads_number_or_business_joins_it(db, data_dir, tmp_path, capsys,
                                                                                   text):
    rows = [AUDIT_ROWS[0], (*AUDIT_ROWS[1][:5], text, "南海区"), AUDIT_ROWS[2]]
    result = _import_and_screen(capsys, data_dir, tmp_path, rows)
    assert len(result["leads"]) == 1
    assert len(result["leads"][0]["complaint_ids"]) == 3
    assert db.execute("SELECT complaint_count FROM leads").fetchall() == [(3,)]
    lead = _lead_of(db, "GD202612010001")
    assert _lead_of(db, "GD202612020002") == lead
    category = db.execute("SELECT category FROM complaints WHERE external_id = 'GD202612020002'").fetchone()[0]
    assert category in ("harassment_call", "marketing_sms")
    # the officer is told why: grouped by its number or name, its text naming no keyword
    ids = dict(db.execute("SELECT external_id, id FROM complaints"))
    assert grouped_by_names(db, ids["GD202612020002"])
    assert not grouped_by_names(db, ids["GD202612010001"])


def test_the_column_alone_joins_no_complaint(db, data_dir, tmp_path, capsys):
    """A complaint whose text names neither the lead's number nor its business, only its 被反映对象 column naming
    the lead's business: not joined (a firm's service complaints name it there as well as its marketing calls)."""
    rows = [AUDIT_ROWS[0], (*AUDIT_ROWS[1][:5], "该公司又找我了，请尽快处理。", "南海区"), AUDIT_ROWS[2]]
    _import_and_screen(capsys, data_dir, tmp_path, rows)
    assert db.execute("SELECT complaint_count FROM leads").fetchall() == [(2,)]
    assert _lead_of(db, "GD202612020002") is None


def test_a_billing_complaint_naming_the_same_number_is_not_pulled_in(db, data_dir, tmp_path, capsys):
    rows = [AUDIT_ROWS[0],
            ("GD202612020002", "2026-12-02 10:30:00", "李四", "13800138001", "中国移动南海分公司",
             f"号码{NUMBER}的话费账单有误，要求核查。", "南海区"),
            ("GD202612040004", "2026-12-04 10:30:00", "赵六", "13800138003", "",
             f"号码{NUMBER}手机没有信号，请处理。", "南海区"),
            AUDIT_ROWS[2]]
    _import_and_screen(capsys, data_dir, tmp_path, rows)
    assert db.execute("SELECT complaint_count FROM leads").fetchall() == [(2,)]
    for ref in ("GD202612020002", "GD202612040004"):
        assert db.execute("SELECT category, lead_id FROM complaints WHERE external_id = ?",
                          [ref]).fetchone() == ("", None)


def test_the_complainants_own_number_pulls_nothing_in(db, data_dir, tmp_path, capsys):
    """The number the lead is about is the complainant's own in this complaint: it is not about that number."""
    rows = [AUDIT_ROWS[0], ("GD202612020002", "2026-12-02 10:30:00", "李四", NUMBER, "",
                            f"本人号码{NUMBER}被停机，请处理。", "南海区"), AUDIT_ROWS[2]]
    _import_and_screen(capsys, data_dir, tmp_path, rows)
    assert db.execute("SELECT complaint_count FROM leads").fetchall() == [(2,)]
    assert _lead_of(db, "GD202612020002") is None


def test_an_operators_number_or_a_generic_name_pulls_nothing_in(db, capsys):
    from workstation.screening import screen

    insert_complaint_texts(db, [
        ("W1", "13711110001", f"{NUMBER}天天打电话推销楼盘，已向10086反映，房产中介公司说不清楚"),
        ("W2", "13711110002", f"{NUMBER}反复拨打推销楼盘，10086不处理"),
        ("W3", "13711110003", "10086一直打不通，请处理。"),
        ("W4", "13711110004", "房产中介公司又来了，请处理。"),
        ("W5", "13711110005", "12345转来的工单，请中国移动处理。"),
    ])
    result = screen(db)
    assert [sorted(lead["complaint_ids"]) for lead in result.leads] == [["W1", "W2"]]
    assert db.execute("SELECT complaint_count FROM leads").fetchall() == [(2,)]


def test_a_complaint_without_keyword_joins_an_open_lead_made_by_an_earlier_screening(db, capsys):
    """The lead was made by a screening before; the complaint naming its number arrives later."""
    from workstation.screening import screen

    insert_complaint_texts(db, [("W1", "13711110001", f"{NUMBER}天天打电话推销楼盘"),
                                ("W2", "13711110002", f"{NUMBER}反复拨打推销楼盘")])
    screen(db)
    lead = db.execute("SELECT id FROM leads").fetchone()[0]
    insert_complaint_texts(db, [("W3", "13711110003", f"{NUMBER}又来电话了，怎么处理")], month="05")
    screen(db)
    assert _lead_of(db, "W3") == lead
    assert db.execute("SELECT complaint_count FROM leads").fetchall() == [(3,)]


def test_a_complaint_without_keyword_naming_two_leads_does_not_merge_them(db):
    from workstation.screening import screen

    insert_complaint_texts(db, [("W1", "13711110001", "13911112222天天打电话推销楼盘"),
                                ("W2", "13711110002", "13933334444天天打电话推销课程"),
                                ("W3", "13711110003", "13911112222和13933334444都是同一伙人，请处理。")])
    result = screen(db)
    assert len(result.leads) == 2
    assert db.execute("SELECT SUM(complaint_count) FROM leads").fetchone()[0] == 3


@pytest.mark.parametrize(("text", "category"), [
    (f"号码{NUMBER}每天拨打推销房产，骚扰严重。", "harassment_call"),
    (f"{NUMBER}天天拨打推销课程", "harassment_call"),
    (f"{NUMBER}每天拨打我的手机推销保险", "harassment_call"),
    (f"{NUMBER}多次拨打本人电话推广贷款", "harassment_call"),
    # known negatives stay negative: the complainant's own calls, an operator's hotline
    ("本人每天拨打客服热线都无人接听", None),
    ("多次拨打10010客服热线一直无法接通人工服务", None),
    ("天天拨打10086查询话费余额", None),
    # and a complaint of messages stays one of messages
    ("每天收到垃圾短信，骚扰严重", "marketing_sms"),
])
def test_the_new_phrasings_are_classified(text, category):
    assert classify(text) == category


# the final read of the join (fr_screening_join): a join decided again each screening, the preview foreseeing it, a
# business joined by what the complaint's text names (or with a number it shares), the marker travelling --------------
def _joined_three(db):
    insert_complaint_texts(db, [("W1", "13711110001", f"{NUMBER}天天打电话推销楼盘"),
                                ("W2", "13711110002", f"{NUMBER}反复拨打推销楼盘"),
                                ("W3", "13711110003", f"{NUMBER}又来电话了，怎么处理")])


def _screening_of(db, external_id):
    return db.execute("SELECT category, grouped_by, lead_id FROM complaints WHERE external_id = ?",
                      [external_id]).fetchone()


def test_a_join_is_undone_once_the_complaints_it_joined_are_judged_unrelated(db):
    from workstation.screening import screen
    from workstation.screening.verdict import correct_complaint

    _joined_three(db)
    screen(db)
    assert _screening_of(db, "W3")[:2] == ("harassment_call", "names")
    assert grouped_by_names(db, "id-W3") and not grouped_by_names(db, "id-W1")
    for ref in ("W1", "W2"):
        correct_complaint(db, ref, "unrelated", "号码为投诉人本人所有")
    result = screen(db)
    assert _screening_of(db, "W3") == ("", "", None)
    assert not grouped_by_names(db, "id-W3")
    assert result.related == 0 and result.leads == []
    assert db.execute("SELECT COUNT(*) FROM leads WHERE complaint_count > 0").fetchone()[0] == 0


def test_a_join_stays_as_it_was_when_screening_again_finds_it_again(db):
    from workstation.screening import screen

    _joined_three(db)
    screen(db)
    columns = "category, phones, businesses, sector, district, lead_id, grouped_by"
    before = db.execute(f"SELECT {columns}, screened_at FROM complaints WHERE external_id = 'W3'").fetchone()
    again = screen(db)  # nothing changed: its screening not even stamped again
    assert db.execute(f"SELECT {columns}, screened_at FROM complaints WHERE external_id = 'W3'").fetchone() == before
    assert again.related == 3
    again = screen(db, everything=True)
    assert db.execute(f"SELECT {columns} FROM complaints WHERE external_id = 'W3'").fetchone() == before[:-1]
    assert again.related == 3 and db.execute("SELECT complaint_count FROM leads").fetchall() == [(3,)]


def test_an_officers_verdict_on_a_joined_complaint_replaces_the_join(db):
    from workstation.screening import screen
    from workstation.screening.verdict import correct_complaint

    _joined_three(db)
    screen(db)
    correct_complaint(db, "W3", "related", "同一号码骚扰", category="harassment_call")
    assert _screening_of(db, "W3")[1] == "" and not grouped_by_names(db, "id-W3")
    screen(db)
    assert _screening_of(db, "W3") == ("harassment_call", "", _lead_of(db, "W1"))


@pytest.mark.parametrize("edit", [
    ('"呼死你",', '"呼死你", "完全无关的词语",'),  # a harmless edit: the join stays
    ('"呼死你",', '"呼死你", "嘀嘀嘀嘀",'),  # a keyword making two complaints related, the third joins them
])
def test_the_preview_counts_the_joins_as_saving_makes_them(db, data_dir, edit):
    from workstation.screening import screen
    from workstation.screening.rules import shipped_rules_path
    from workstation.screening.screen import apply_rules, preview_rules

    _joined_three(db)
    insert_complaint_texts(db, [("X1", "13711110011", "13955556666嘀嘀嘀嘀"),
                                ("X2", "13711110012", "13955556666又嘀嘀嘀嘀"),
                                ("X3", "13711110013", "13955556666这个号码又来了，请处理")], month="05")
    screen(db)
    text = shipped_rules_path().read_text(encoding="utf-8").replace(*edit)
    preview = preview_rules(db, text)
    added = edit[1].endswith('"嘀嘀嘀嘀",')
    assert [item.id for item in preview.removed] == []
    assert sorted(item.id for item in preview.added) == (["X1", "X2", "X3"] if added else [])
    result = apply_rules(db, data_dir, text)
    assert preview.flagged_after == result.related == (6 if added else 3)
    assert _screening_of(db, "W3")[:2] == ("harassment_call", "names")
    if added:
        assert _screening_of(db, "X3")[1] == "names"


PINGAN = "中国平安财产保险股份有限公司佛山分公司"


def test_a_big_firms_service_complaint_does_not_join_its_marketing_lead_by_the_column_alone(db):
    """Two marketing calls name 中国平安…佛山分公司 in their 被反映对象 column; a complaint about surrendering a policy
    (退保) names it there too, and nothing else they name: not joined. One whose text names the firm, or that shares
    a number with them, is."""
    from workstation.screening import screen
    from workstation.store.complaints import insert_complaints

    rows = [("P1", "13711110001", "平安保险13922223333天天打电话推销车险，骚扰电话"),
            ("P2", "13711110002", "平安保险反复打电话推销车险，骚扰电话"),
            ("P3", "13711110003", "保单退保手续办了一个月还没办好"),
            ("P4", "13711110004", f"{PINGAN}又来电话了，请处理"),
            ("P5", "13711110005", "13922223333又来电话了，怎么处理")]
    insert_complaints(db, [(f"id-{n}", "12345", n, f"2026-04-0{i + 1} 09:00:00", text, "{}", "f.csv", i + 2,
                            "2026-04-09T00:00:00+08:00", "12345", own, PINGAN, "", "", "", "", "", "", None)
                           for i, (n, own, text) in enumerate(rows)])
    result = screen(db)
    assert [sorted(lead["complaint_ids"]) for lead in result.leads] == [["P1", "P2", "P4", "P5"]]
    assert _screening_of(db, "P3") == ("", "", None)
    assert [_screening_of(db, n)[1] for n in ("P4", "P5")] == ["names", "names"]


def test_m080_adds_the_marker_to_the_complaints_stored_before(tmp_path, monkeypatch):
    from workstation.db import open_database, schema

    path = tmp_path / "old.db"
    with monkeypatch.context() as patch:
        before = [name for name, _step in schema.MIGRATIONS].index("m080_complaint_grouped_by")
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:before])
        db = open_database(path)
        with db.atomic():
            _joined_three(db)
        assert "grouped_by" not in {r[1] for r in db.execute("PRAGMA table_info(complaints)")}
        db.conn.close()
    db = open_database(path)
    try:
        assert db.execute("SELECT grouped_by FROM complaints ORDER BY rowid").fetchall() == [("",)] * 3
        from workstation.screening import screen

        screen(db)
        assert _screening_of(db, "W3")[:2] == ("harassment_call", "names")
    finally:
        db.conn.close()


def test_the_marker_travels_with_the_complaint_to_headquarters(capsys, dirs):
    """A join made at a station, and its undoing there, reach headquarters with the complaint's screening."""
    from tests.helpers import open_db
    from tests.test_bundle_hq import export, import_

    path = dirs / "nanhai.csv"
    path.write_text("投诉编号,投诉时间,联系电话,投诉内容\n"
                    f"W1,2026-03-02 10:00:00,13711110001,{NUMBER}天天打电话推销楼盘\n"
                    f"W2,2026-03-03 11:00:00,13711110002,{NUMBER}反复拨打推销楼盘\n"
                    f"W3,2026-03-04 11:00:00,13711110003,{NUMBER}又来电话了，怎么处理\n", encoding="utf-8")
    run_json(capsys, "--data-dir", dirs / "nanhai", "complaints", "import", path, "--profile", "consumer_council")
    run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "screen")
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    hq = open_db(dirs / "hq")
    try:
        assert _screening_of(hq, "W3")[:2] == ("harassment_call", "names")
    finally:
        hq.conn.close()
    for ref in ("W1", "W2"):
        run_json(capsys, "--data-dir", dirs / "nanhai", "complaints", "correct", ref, "--not-related",
                 "--reason", "号码为投诉人本人所有")
    run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "screen")
    export(capsys, dirs, "nanhai", "n2.bundle")
    assert import_(capsys, dirs, "n2.bundle")["conflicts"] == 0
    hq = open_db(dirs / "hq")
    try:
        assert _screening_of(hq, "W3") == ("", "", None)
    finally:
        hq.conn.close()


def test_a_joined_complaint_in_a_lead_acted_on_stays_there_marked(db):
    """Assigned, the lead keeps its complaints, the joined one too, whatever the verdicts on the others: screening
    again, even of everything, leaves it related and shown as grouped by its number or name."""
    from workstation.screening import screen

    _joined_three(db)
    screen(db)
    lead = _lead_of(db, "W1")
    with db.atomic():
        db.execute("UPDATE leads SET status = 'assigned' WHERE id = ?", [lead])
    screen(db, everything=True)
    assert _screening_of(db, "W3") == ("harassment_call", "names", lead)
    assert grouped_by_names(db, "id-W3")
