# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""An officer's verdict 涉及个人信息 with the category chosen with it (m076): the complaint, a lead made from it and that
lead's violations follow the category chosen, a screening run again keeps it, the command line and bundles carry it;
the rules preview counts a hand-verdict complaint a rules change moves to another category as saving moves it;
更正筛查结论… in 相关但未成线索 acts on every complaint selected, asked once; and a keyword that is an exclusion too is
noted in the preview pane with its line."""

import pytest

from PySide6.QtCore import QItemSelectionModel

from tests.helpers import insert_complaint_texts, open_db, run, run_json
from tests.test_bundle_hq import dirs, template  # noqa: F401 - fixtures used by name
from workstation.screening import screen
from workstation.screening.complaint import rules_for
from workstation.screening.rules import shipped_rules_path
from workstation.screening.screen import apply_rules, lead_from_complaints, preview_rules
from workstation.screening.verdict import RELATED, correct_complaint

# a harassment call the shipped rules miss (推销贷款 is no keyword of theirs)
CALLS = "13911112222这个号码一天打来五六次推销贷款，拉黑了换号又打"
LOANS = '"骚扰电话", "骚扰来电", "推销贷款"'  # the keyword the rules editor adds to 骚扰电话


def category_of(db, external_id: str) -> str:
    return db.execute("SELECT category FROM complaints WHERE external_id = ?", [external_id]).fetchone()[0]


def missed_call(db) -> None:
    insert_complaint_texts(db, [("M1", "13900000001", CALLS)])
    screen(db)
    assert category_of(db, "M1") == ""  # screening misses it


def with_loans() -> str:
    text = shipped_rules_path().read_text(encoding="utf-8")
    return text.replace('"骚扰电话", "骚扰来电"', LOANS, 1)


# 1. the category chosen with the verdict ---------------------------------------------------------------------------
def test_a_complaint_judged_related_in_the_category_chosen_makes_a_lead_with_its_violations(db, data_dir):
    missed_call(db)
    result = correct_complaint(db, "id-M1", RELATED, "漏报：反复来电推销贷款", category="骚扰电话")
    assert result.category == "harassment_call" and category_of(db, "M1") == "harassment_call"
    lead_id = lead_from_complaints(db, ["id-M1"])
    category, description = db.execute("SELECT category, description FROM leads WHERE id = ?", [lead_id]).fetchone()
    rules = rules_for(db)
    assert category == "harassment_call" and description.startswith("骚扰电话")
    assert rules.category_violations(category) == rules.category_violations("harassment_call")
    assert "illegal_provision_or_leak" not in rules.category_violations(category)
    # screening everything again, and a rules save, keep the officer's choice
    screen(db, everything=True)
    assert category_of(db, "M1") == "harassment_call"
    apply_rules(db, data_dir, shipped_rules_path().read_text(encoding="utf-8").replace(
        '"骚扰电话", "骚扰来电"', '"骚扰电话", "骚扰来电", "烦死了"', 1))
    assert category_of(db, "M1") == "harassment_call"


def test_without_a_category_the_verdict_reads_as_before(db):
    missed_call(db)
    correct_complaint(db, "id-M1", RELATED, "漏报")
    assert category_of(db, "M1") == "information_leak"  # the rules' fallback, as before
    assert db.execute("SELECT verdict_category FROM complaints WHERE id = 'id-M1'").fetchone()[0] is None


def test_an_unknown_category_or_one_with_not_related_is_refused_changing_nothing(db, english):
    from workstation.errors import ValidationError

    missed_call(db)
    before = db.execute("SELECT * FROM complaints").fetchall()
    with pytest.raises(ValidationError) as unknown:
        correct_complaint(db, "id-M1", RELATED, "漏报", category="乱收费")
    assert "乱收费" in str(unknown.value.errors["category"]) and "骚扰电话" in str(unknown.value.errors["category"])
    with pytest.raises(ValidationError) as unrelated:
        correct_complaint(db, "id-M1", "unrelated", "误报", category="骚扰电话")
    assert "category" in unrelated.value.errors
    assert db.execute("SELECT * FROM complaints").fetchall() == before


def test_the_window_asks_the_category_offering_screenings_first(db, make_window, prompts, english):
    missed_call(db)
    insert_complaint_texts(db, [("M2", "13900000002", "每天收到垃圾短信推销贷款，个人信息被泄露")])
    screen(db)
    asked = []
    prompts.choose_item = lambda parent, title, label, items, current=0: (asked.append((items, current)),
                                                                           items.index("骚扰电话"))[1]
    page = make_window(db).leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    page.search.setText("推销贷款")
    page.run_search()
    model, view = page.complaint_model, page.complaint_view
    view.setCurrentIndex(model.index([r.external_id for r in model.records].index("M1"), 0))
    prompts.choices, prompts.texts = [0], ["漏报：反复来电推销贷款"]
    next(a for a in view.actions() if a.objectName() == "correct_verdict").trigger()
    assert not prompts.errors
    labels = [c.label for c in rules_for(db).categories]
    assert asked == [(labels, labels.index("个人信息泄露"))]  # nothing suggested: the rules' fallback first
    assert category_of(db, "M1") == "harassment_call"
    # a complaint screening put in a category: offered first
    view.setCurrentIndex(model.index([r.external_id for r in model.records].index("M2"), 0))
    suggested = category_of(db, "M2")
    assert suggested
    prompts.choices, prompts.texts = [0], ["核实"]
    next(a for a in view.actions() if a.objectName() == "correct_verdict").trigger()
    keys = [c.key for c in rules_for(db).categories]
    assert asked[-1] == (labels, keys.index(suggested))
    # cancelled at the category: nothing changes
    prompts.choose_item = lambda *args, **kwargs: None
    prompts.choices, prompts.texts = [0], ["再改"]
    view.setCurrentIndex(model.index([r.external_id for r in model.records].index("M1"), 0))
    before = db.execute("SELECT * FROM complaints").fetchall()
    next(a for a in view.actions() if a.objectName() == "correct_verdict").trigger()
    assert db.execute("SELECT * FROM complaints").fetchall() == before


def test_the_command_line_takes_the_category(data_dir, capsys, english):
    run_json(capsys, "--data-dir", data_dir, "init", "--plaintext")
    db = open_db(data_dir)
    missed_call(db)
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "M1", "--related", "--reason", "漏报",
                         "--category", "乱收费")
    assert code == 1 and "--category" in err and "乱收费" in err
    result = run_json(capsys, "--data-dir", data_dir, "complaints", "correct", "M1", "--related", "--reason", "漏报",
                      "--category", "骚扰电话")
    assert result["category"] == "harassment_call"
    db = open_db(data_dir)
    try:
        assert category_of(db, "M1") == "harassment_call"
    finally:
        db.conn.close()


CALLED = [("H1", "13900000011", "接到13812345678的骚扰电话推销楼盘，天天打来"),
          ("H2", "13900000012", "13812345678天天打骚扰电话推销楼盘")]


def two_calls_in_a_lead(data_dir, capsys, decided: bool) -> str:
    """An installation whose two harassment calls about one number screening put in one lead (骚扰电话), decided
    (not filed) or not: the lead's id."""
    run_json(capsys, "--data-dir", data_dir, "init", "--plaintext")
    db = open_db(data_dir)
    try:
        insert_complaint_texts(db, CALLED)
        screen(db)
        lead_id, = {r[0] for r in db.execute("SELECT lead_id FROM complaints")}
        assert lead_id and category_of(db, "H1") == "harassment_call"
        if decided:
            db.execute("UPDATE leads SET status = 'not_filed', decision = 'not_file', decided_on = '2026-04-01' "
                       "WHERE id = ?", [lead_id])
    finally:
        db.conn.close()
    return lead_id


def test_a_category_that_would_change_a_complaint_of_a_decided_lead_is_refused_changing_nothing(data_dir, capsys,
                                                                                                 english):
    from tests.helpers import db_digest

    two_calls_in_a_lead(data_dir, capsys, decided=True)
    before = db_digest(data_dir)
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "H1", "--related", "--reason",
                         "其实是信息泄露", "--category", "个人信息泄露")
    assert code == 1 and out == ""
    assert "Complaint H1 belongs to the lead" in err and "decided lead keeps its complaints" in err
    assert db_digest(data_dir) == before
    # the category it is in already: confirms what it is, allowed
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "H1", "--related", "--reason",
                         "确认", "--category", "骚扰电话")
    assert code == 0 and "骚扰电话" in out


def test_a_category_that_changes_complaints_of_an_undecided_lead_works_the_lead_out_again_as_screening_does(
        data_dir, capsys, english):
    lead_id = two_calls_in_a_lead(data_dir, capsys, decided=False)
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "H1", "--related", "--reason",
                         "其实是信息泄露", "--category", "个人信息泄露")
    assert code == 0, err
    assert "Complaint H1 corrected: related to personal information (个人信息泄露)." in out
    db = open_db(data_dir)

    def lead() -> tuple:
        return db.execute("SELECT category, complaint_count, substr(description, 1, 6) FROM leads WHERE id = ?",
                          [lead_id]).fetchone()

    try:
        # it stays in its lead (screening groups by the number, whatever the category)
        assert db.execute("SELECT category, lead_id FROM complaints WHERE external_id = 'H1'").fetchone() == (
            "information_leak", lead_id)
        correct_complaint(db, "H2", RELATED, "也是信息泄露", category="information_leak")
        # both now of another category: the lead follows them, as screening would work it out
        assert lead() == ("information_leak", 2, "个人信息泄露")
        screen(db)
        screen(db, everything=True)
        assert lead() == ("information_leak", 2, "个人信息泄露")
        assert {r[0] for r in db.execute("SELECT lead_id FROM complaints")} == {lead_id}
        # the verdicts cleared: screening's own categories back, the lead with them
        correct_complaint(db, "H1", None)
        correct_complaint(db, "H2", None)
        assert lead()[:2] == ("harassment_call", 2) and lead()[2].startswith("骚扰电话")
    finally:
        db.conn.close()


def test_a_category_with_clear_or_not_related_is_a_usage_error_before_the_database_is_opened(tmp_path, capsys,
                                                                                              english):
    missing = tmp_path / "no-such-data"
    for verdict in (("--clear",), ("--not-related", "--reason", "误判")):
        code, out, err = run(capsys, "--data-dir", missing, "complaints", "correct", "H1", *verdict,
                             "--category", "骚扰电话")
        assert code == 2 and out == "" and "--category" in err, (verdict, err)
        assert not missing.exists()


def test_the_category_chosen_travels_with_the_verdict_to_headquarters(capsys, dirs):
    from tests.test_bundle_hq import export, import_

    path = dirs / "nanhai.csv"
    path.write_text(f"投诉编号,投诉时间,联系电话,投诉内容\nW1,2026-03-02 10:00:00,13900139001,{CALLS}\n", encoding="utf-8")
    run_json(capsys, "--data-dir", dirs / "nanhai", "complaints", "import", path, "--profile", "consumer_council")
    run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "screen")
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    run_json(capsys, "--data-dir", dirs / "nanhai", "complaints", "correct", "W1", "--related", "--reason", "漏报",
             "--category", "harassment_call")
    export(capsys, dirs, "nanhai", "n2.bundle")
    assert import_(capsys, dirs, "n2.bundle")["conflicts"] == 0
    hq = open_db(dirs / "hq")
    try:
        assert db_row(hq, "W1") == ("related", "harassment_call", "harassment_call")
        screen(hq, everything=True)  # headquarters screening again keeps the station's choice
        assert db_row(hq, "W1") == ("related", "harassment_call", "harassment_call")
    finally:
        hq.conn.close()


def db_row(db, external_id):
    return db.execute("SELECT verdict, verdict_category, category FROM complaints WHERE external_id = ?",
                      [external_id]).fetchone()


# 2. the preview counts a hand-verdict complaint a rules change moves ------------------------------------------------
def test_the_preview_counts_a_hand_verdict_complaint_the_edited_rules_move_as_saving_stores_it(db, data_dir):
    missed_call(db)
    correct_complaint(db, "id-M1", RELATED, "漏报")  # no category chosen: the fallback, 个人信息泄露
    preview = preview_rules(db, with_loans())
    assert preview.changed_count == 1
    assert [(i.id, i.before, i.after) for i in preview.changed] == [("M1", "information_leak", "harassment_call")]
    assert preview.flagged_before == preview.flagged_after
    apply_rules(db, data_dir, with_loans())
    assert category_of(db, "M1") == "harassment_call"  # what the preview said


def test_the_preview_leaves_out_a_hand_verdict_complaint_whose_chosen_category_stays(db, data_dir):
    missed_call(db)
    correct_complaint(db, "id-M1", RELATED, "漏报", category="information_leak")
    preview = preview_rules(db, with_loans())
    assert preview.changed_count == 0
    apply_rules(db, data_dir, with_loans())
    assert category_of(db, "M1") == "information_leak"


# 3. 相关但未成线索: every complaint selected ------------------------------------------------------------------------
@pytest.fixture
def four_calls(db, prompts, qtbot):
    """Four harassment-call complaints screened and listed in 相关但未成线索: the tab and the work orders as it
    lists them."""
    from ui.leads_without_lead import WithoutLeadTab

    insert_complaint_texts(db, [("T1", "13900000003", "每天接到骚扰电话推销装修，烦死了"),
                                ("T2", "13900000004", "又接到推销装修的骚扰电话"),
                                ("T3", "13900000005", "总是接到骚扰电话推销保险"),
                                ("T4", "13900000006", "天天接到骚扰电话推销理财")])
    screen(db)
    tab = WithoutLeadTab(db, prompts)
    qtbot.addWidget(tab)
    tab.refresh()
    listed = [r.external_id for r in tab.model.records]
    assert set(listed) == {"T1", "T2", "T3", "T4"}
    return tab, listed


def test_correcting_in_the_list_of_related_complaints_in_no_lead_acts_on_every_one_selected(db, prompts, four_calls):
    tab, listed = four_calls
    selection = tab.view.selectionModel()
    tab.view.setCurrentIndex(tab.model.index(2, 0))
    for row in range(3):
        selection.select(tab.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    assert len(tab.selected()) == 3
    prompts.choices, prompts.texts = [1], ["都是运营商服务投诉"]
    correct, restore = tab.verdict_actions
    correct.trigger()
    assert not prompts.errors
    assert len(prompts.offered) == 1 and len(prompts.questions) == 1  # asked once
    corrected = {r[0] for r in db.execute("SELECT external_id FROM complaints WHERE verdict = 'unrelated'")}
    assert corrected == set(listed[:3])
    assert [r.external_id for r in tab.model.records] == listed[3:]


# 4. a keyword that is an exclusion too -----------------------------------------------------------------------------
def test_the_preview_notes_a_keyword_that_is_an_exclusion_too_with_its_line(db, data_dir, prompts, qtbot, english):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import ImmediateRunner

    editor = RulesEditor(db, data_dir, prompts, runner=ImmediateRunner())
    qtbot.addWidget(editor)
    text = editor.typed().replace('"骚扰电话", "骚扰来电"', '"骚扰电话", "人工客服", "骚扰来电"', 1)
    line = next(n for n, written in enumerate(text.splitlines(), 1) if '"人工客服", "骚扰来电"' in written)
    editor.text.setPlainText(text)
    editor.preview()
    shown = editor.result.toPlainText()
    assert f"Line {line}: “人工客服” is also an exclusion: a complaint holding it is never flagged." in shown
    # a global exclusion too (信号差), written in full-width or traditional forms alike
    editor.text.setPlainText(editor.typed().replace('"人工客服", "骚扰来电"', '"信號差", "骚扰来电"', 1))
    editor.preview()
    assert "“信號差” is also an exclusion" in editor.result.toPlainText()
    # the shipped rules: no such note
    editor.text.setPlainText(shipped_rules_path().read_text(encoding="utf-8"))
    editor.preview()
    assert "is also an exclusion" not in editor.result.toPlainText()


# 5. many complaints selected: greyed out, saying why, when one of them is refused — checked at once ---------------
def test_selecting_many_complaints_greys_the_correction_out_when_one_is_in_a_decided_lead(db, prompts, four_calls,
                                                                                            english):
    tab, listed = four_calls
    correct, _restore = tab.verdict_actions
    usable = correct.toolTip()
    # T3 made a lead of and decided since the list was read (the list not read again)
    lead_id = lead_from_complaints(db, ["id-T3"])
    db.execute("UPDATE leads SET status = 'not_filed', decision = 'not_file', decided_on = '2026-04-01' WHERE id = ?",
               [lead_id])
    tab.view.setCurrentIndex(tab.model.index(listed.index("T1"), 0))
    assert correct.isEnabled()
    tab.view.selectAll()
    assert len(tab.selected()) == 4
    assert not correct.isEnabled()
    assert "Complaint T3 belongs to the lead" in correct.toolTip()
    assert "decided lead keeps its complaints" in correct.toolTip()
    # T3 left out of the selection: usable again, its own tooltip back
    tab.view.selectionModel().select(tab.model.index(listed.index("T3"), 0),
                                     QItemSelectionModel.SelectionFlag.Deselect | QItemSelectionModel.SelectionFlag.Rows)
    assert len(tab.selected()) == 3
    assert correct.isEnabled() and correct.toolTip() == usable
    # triggered with T3 selected all the same (a stale state): refused before anything is asked, nothing changes
    tab.view.selectAll()
    before = db.execute("SELECT * FROM complaints ORDER BY id").fetchall()
    prompts.choices, prompts.texts = [1], ["误判"]
    correct.setEnabled(True)
    correct.trigger()
    assert prompts.errors and "Complaint T3 belongs to the lead" in prompts.errors[-1]
    assert prompts.choices == [1] and prompts.texts == ["误判"]  # nothing asked
    assert db.execute("SELECT * FROM complaints ORDER BY id").fetchall() == before


def test_the_refusal_of_many_complaints_is_one_query_naming_the_first_refused_copy_and_all(db, english):
    from workstation.screening.verdict import correction_refusal, corrections_refusal

    rows = [(f"R{n:02}", f"139000001{n:02}", f"天天接到骚扰电话推销理财，第{n}次") for n in range(40)]
    insert_complaint_texts(db, rows)
    screen(db)
    ids = [f"id-R{n:02}" for n in range(40)]
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        assert corrections_refusal(db, ids) is None
    finally:
        db.conn.set_trace_callback(None)
    assert len([s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]) == 1
    # R07's copy from another channel in a decided lead: R07 refused, said as for R07 alone; a gone id passed over
    insert_complaint_texts(db, [("C07", "13900000107", "天天接到骚扰电话推销理财，第7次")])
    db.execute("UPDATE complaints SET same_as = 'id-R07', category = 'harassment_call', lead_id = NULL "
               "WHERE id = 'id-C07'")
    lead_id = lead_from_complaints(db, ["id-C07"])
    db.execute("UPDATE leads SET status = 'not_filed', decision = 'not_file', decided_on = '2026-04-01' WHERE id = ?",
               [lead_id])
    db.execute("UPDATE complaints SET lead_id = NULL WHERE id = 'id-R07'")
    said = corrections_refusal(db, ["id-gone", *ids])
    assert said and said == correction_refusal(db, "id-R07") and "C07" in said
    assert corrections_refusal(db, [i for i in ids if i != "id-R07"]) is None
