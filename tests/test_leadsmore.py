"""Session 22 (leadsmore): a date-only complaint shows no made-up 00:00 beside a case's lead; complaint search finds
the business a complaint names in its 被投诉方 column; an import whose header is plainly another channel's export
is refused (CLI) or asked about (wizard); the referral letter quotes its complaint samples whole and prefills its
reason by what the lead is about; one file's import is withdrawn (CLI and the 投诉 tab), refused once its leads
were acted on or a bundle was written after it."""

import pytest

from tests.test_lead_case_link import add_complaint
from tests.test_leads_workflow import LEAD, fresh_lead
from workstation.importing.complaints import import_complaints
from workstation.leads_workflow import get_lead_row


@pytest.mark.gui
def test_a_cases_lead_lists_a_date_only_complaint_by_its_date_alone(demo_db, qtbot):
    from ui import case_lead

    fresh_lead(demo_db)
    add_complaint(demo_db, "c1", "12345", "2026-02-19 00:00:00", "13800138000", "0757-85836433 一直打电话推销新楼盘")
    add_complaint(demo_db, "c2", "12345", "2026-02-20 10:05:00", "13912345678", "0757-85836433 又来电推销楼盘")
    box = case_lead.CaseLeadBox(demo_db, get_lead_row(demo_db, LEAD), lambda _lead: None)
    qtbot.addWidget(box)
    shown = sorted(box.model.data(box.model.index(row, 0)) for row in range(box.model.rowCount()))
    assert shown == ["2026-02-19", "2026-02-20 10:05"]


# 4. the search finds the business a complaint names in its 被投诉方 column ------------------------------------------
def business_complaint(db, cid, text, target):
    db.execute("INSERT INTO complaints (id, source, external_id, received_at, text, target_name, created_at) "
               "VALUES (?, '12345', ?, '2026-03-01 09:00:00', ?, ?, '2026-03-01')", [cid, f"W-{cid}", text, target])


def test_searching_a_business_finds_the_complaints_naming_it_in_their_business_column(db):
    from workstation.store.complaints import count_complaints, search_complaints

    with db.atomic():
        business_complaint(db, "b1", "售楼处天天打电话推销，要求停止骚扰", "佛山市盛世置业有限公司")
        business_complaint(db, "b2", "装修公司短信推销", "某装修公司")
    assert [h.id for h in search_complaints(db, "盛世置业")] == ["b1"] and count_complaints(db, "盛世置业") == 1
    assert [h.id for h in search_complaints(db, "盛世")] == ["b1"] and count_complaints(db, "盛世") == 1  # short word
    assert [h.id for h in search_complaints(db, "盛世置业 推销")] == ["b1"]  # one word in each column
    with db.atomic():
        db.execute("UPDATE complaints SET target_name = '佛山市锦绣置业有限公司' WHERE id = 'b1'")
    assert search_complaints(db, "盛世置业") == [] and [h.id for h in search_complaints(db, "锦绣置业")] == ["b1"]
    with db.atomic():
        db.execute("DELETE FROM complaints WHERE id = 'b1'")
    assert search_complaints(db, "锦绣置业") == [] and count_complaints(db, "锦绣置业") == 0


def test_m040_indexes_the_business_column_of_the_complaints_stored_before(tmp_path, monkeypatch):
    from workstation.db import open_database, schema
    from workstation.store.complaints import search_complaints

    path = tmp_path / "old.db"
    with monkeypatch.context() as patch:
        before = [name for name, _step in schema.MIGRATIONS].index("m040_complaint_search_business")
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:before])
        db = open_database(path)
        with db.atomic():
            business_complaint(db, "b1", "售楼处天天打电话推销", "佛山市盛世置业有限公司")
            business_complaint(db, "b2", "盛世置业的电话又打来了", "")
        # (searched only once migrated: today's search reads the indexes later migrations make, m074's among them)
        db.conn.close()
    db = open_database(path)
    assert sorted(h.id for h in search_complaints(db, "盛世置业")) == ["b1", "b2"]
    assert [h.id for h in search_complaints(db, "推销")] == ["b1"]
    assert db.execute("INSERT INTO complaints_fts(complaints_fts, rank) VALUES ('integrity-check', 1)")
    assert db.execute("SELECT v FROM complaints_fts_config WHERE k = 'hashsize'").fetchone()[0] == 16 * 1024 * 1024


# 1. a channel chosen against a header that is plainly another channel's export -------------------------------------
HOTLINE = "工单编号,受理时间,来电号码,诉求内容\nGD001,2026-03-01 09:00,13800138000,一直接到装修公司推销电话\n" \
          "GD002,2026-03-02 10:00,13912345678,楼盘推销电话不断\n"


@pytest.fixture
def hotline_csv(tmp_path):
    path = tmp_path / "12345工单.csv"
    path.write_text(HOTLINE, encoding="utf-8")
    return path


def cli(capsys, *args):
    from workstation.cli import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_refuses_a_hotline_export_given_as_consumer_council_naming_both(db, data_dir, hotline_csv, capsys,
                                                                               english):
    code, _out, err = cli(capsys, "--data-dir", data_dir, "complaints", "import", "--profile", "consumer_council",
                          hotline_csv)
    assert code == 1
    assert "12345工单.csv: its header (工单编号、受理时间、来电号码 …) is that of a 12345热线工单 export, not of 消委会投诉" in err
    assert "--profile 12345" in err and "--channel-despite-header" in err
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0
    code, _out, err = cli(capsys, "--data-dir", data_dir, "complaints", "import", "--profile", "consumer_council",
                          "--channel-despite-header", hotline_csv)  # the officer knows better: kept as chosen
    assert code == 0, err
    assert db.execute("SELECT DISTINCT source FROM complaints").fetchall() == [("consumer_council",)]


def test_a_channel_agreeing_with_the_header_or_a_header_telling_nothing_is_imported_as_chosen(db, tmp_path,
                                                                                             hotline_csv):
    assert import_complaints(db, [hotline_csv], profile="12345").imported == 2
    plain = tmp_path / "plain.csv"  # one council wording (联系电话) and one hotline one (诉求内容): nobody's export
    plain.write_text("编号,时间,联系电话,诉求内容\nA1,2026-03-01 09:00,13800138000,推销电话\n", encoding="utf-8")
    assert import_complaints(db, [plain], profile="12315").imported == 1


@pytest.mark.gui
def test_the_wizard_asks_before_importing_a_hotline_export_as_the_consumer_council(db, prompts, qtbot, hotline_csv,
                                                                                  english):
    from PySide6.QtWidgets import QDialog

    from ui.complaint_import import ComplaintImportDialog

    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(str(hotline_csv))
    assert dialog.profile() == "12345"
    dialog.profile_box.setCurrentIndex(dialog.profile_box.findData("consumer_council"))
    prompts.confirm_answer = False
    dialog.accept_import()
    assert prompts.confirmations == ["12345工单.csv: the header is that of a 12345热线工单 export, but 消委会投诉 was "
                                     "chosen as its channel.\nImport them as the channel chosen all the same?"]
    assert dialog.result() != QDialog.DialogCode.Accepted and not dialog.despite_header
    prompts.confirm_answer = True
    dialog.accept_import()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.despite_header
    dialog.profile_box.setCurrentIndex(dialog.profile_box.findData("12345"))
    assert dialog.wrong_channels() == []  # the right channel: nothing to ask


@pytest.mark.gui
def test_the_leads_page_imports_a_confirmed_channel_as_chosen(db, hotline_csv, make_window):
    window = make_window(db)
    page = window.leads_page
    page.run_import([str(hotline_csv)], plan=[(str(hotline_csv), "consumer_council", None)], despite_header=True)
    assert db.execute("SELECT DISTINCT source FROM complaints").fetchall() == [("consumer_council",)]


# 3. the referral letter quotes its complaints whole, and its reason follows what the lead is about ---------------
SMS = "频繁收到佛山市美居装饰工程有限公司的装修营销短信，推销全屋定制，本人从未留过电话，发送号码为1069012345{n}。"
TELECOM_REASON = ("经审查，该线索反映的问题涉及电信业务经营者对外呼叫号码和短信端口的管理，依照《中华人民共和国电信条例》的规定，"
                  "属于电信管理机构的职责范围，不属于本局管辖。")


def printed(document) -> list[str]:
    from workstation.documents.blocks import Paragraph

    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


def test_the_referral_letter_of_a_decorators_sms_quotes_the_complaints_whole_with_a_neutral_reason(db, data_dir):
    from tests.test_lead_paper_fit import TYPED, screened_lead
    from workstation.documents.drafts import find_form
    from workstation.documents.fitting import page_count
    from workstation.leads_workflow import NEUTRAL_TRANSFER_REASON, draft_lead_document

    texts = [SMS.format(n=n) for n in (11, 22, 33)]
    lead = screened_lead(db, data_dir, texts)
    assert get_lead_row(db, lead)["sector"] == "decoration"
    draft = draft_lead_document(db, lead, find_form("case_transfer_letter"), {**TYPED, "receiver": "佛山市顺德区住房城乡建设和水利局"})
    lines = printed(draft)
    for i, text in enumerate(texts, 1):  # the sentence naming the sending number is quoted, not cut off before it
        assert f"{i}.{text}" in lines
    assert not any("……" in line for line in lines) and page_count(draft) == 1
    assert NEUTRAL_TRANSFER_REASON in lines and TELECOM_REASON not in lines


def test_the_referral_letter_of_a_lead_about_an_operator_gives_the_telecom_reason(db):
    from tests.test_lead_paper_fit import TYPED
    from workstation.documents.drafts import find_form
    from workstation.leads_register import LeadEntry, register_lead
    from workstation.leads_workflow import NEUTRAL_TRANSFER_REASON, concerns_operator, draft_lead_document

    lead = register_lead(db, LeadEntry(source="12345", received_at="2026-03-01 09:00",
                                       description="营业厅工作人员用工号外呼推销套餐，拒绝后仍每天来电。",
                                       party="中国移动通信集团广东有限公司佛山分公司")).id
    assert concerns_operator(get_lead_row(db, lead))
    lines = printed(draft_lead_document(db, lead, find_form("case_transfer_letter"), TYPED))
    assert TELECOM_REASON in lines and NEUTRAL_TRANSFER_REASON not in lines
    with db.atomic():  # a loan firm's lead naming an operator's number is still the firm's marketing
        db.execute("UPDATE leads SET sector = 'microloan' WHERE id = ?", [lead])
    assert not concerns_operator(get_lead_row(db, lead))


# 2. one file's import taken back ------------------------------------------------------------------------------------
COUNCIL = ("投诉编号,投诉时间,联系电话,投诉内容\n"
           "T1,2026-03-01 10:00:00,13900139001,13800138000每天打推销电话推销楼盘，要求停止骚扰\n"
           "T2,2026-03-02 10:00:00,13900139002,13800138000又打来推销电话，对方知道我的姓名\n")


def imported_and_screened(db, folder, name="council.csv", text=COUNCIL) -> tuple[str, str]:
    """The lead screening makes from a council export ``name``, and the time of the import."""
    from workstation.importing.complaint_withdraw import complaint_imports
    from workstation.screening.screen import screen

    path = folder / name
    path.write_text(text, encoding="utf-8")
    assert import_complaints(db, [path], profile="consumer_council").imported == 2
    screen(db)
    [lead] = {r[0] for r in db.execute("SELECT lead_id FROM complaints WHERE source_file = ?", [name])}
    return lead, complaint_imports(db, name)[0]["imported_at"]


def counts(db) -> tuple[int, int, int, int]:
    return tuple(db.execute(sql).fetchone()[0] for sql in (
        "SELECT COUNT(*) FROM complaints", "SELECT COUNT(*) FROM complaints_fts", "SELECT COUNT(*) FROM leads",
        "SELECT COUNT(*) FROM complaint_numbers"))


def test_withdrawing_a_file_removes_its_complaints_their_index_and_the_lead_screening_made_of_them(db, tmp_path,
                                                                                                   english):
    from workstation.importing.complaint_withdraw import withdraw_import
    from workstation.store.complaints import search_complaints

    before = counts(db)
    lead, at = imported_and_screened(db, tmp_path)
    assert search_complaints(db, "推销楼盘")
    result = withdraw_import(db, str(tmp_path / "council.csv"))
    assert (result.complaints, result.leads_removed, result.leads_recounted) == (2, [lead], [])
    assert result.summary() == (f"Import of council.csv on {at[:19].replace('T', ' ')} withdrawn: 2 complaints "
                                "removed. 1 lead made by screening from them alone was removed.")
    assert counts(db) == before and search_complaints(db, "推销楼盘") == []
    entry = db.execute("SELECT actor, entity_id FROM audit WHERE action = 'withdraw_import'").fetchall()
    assert [e[1] for e in entry] == ["council.csv"]


def test_a_lead_keeping_complaints_of_another_file_is_counted_again(db, tmp_path):
    from workstation.importing.complaint_withdraw import withdraw_import
    from workstation.screening.screen import screen

    lead, _at = imported_and_screened(db, tmp_path)
    later = tmp_path / "later.csv"
    later.write_text("投诉编号,投诉时间,联系电话,投诉内容\nT3,2026-03-05 10:00:00,13900139003,"
                     "13800138000还在打推销电话推销楼盘\n", encoding="utf-8")
    import_complaints(db, [later], profile="consumer_council")
    screen(db)
    assert get_lead_row(db, lead)["complaint_count"] == 3
    result = withdraw_import(db, "council.csv")
    assert result.leads_recounted == [lead] and result.leads_removed == []
    row = get_lead_row(db, lead)
    assert (row["complaint_count"], row["first_at"][:10], row["last_at"][:10]) == (1, "2026-03-05", "2026-03-05")


def test_withdrawing_is_refused_for_a_lead_acted_on_or_once_a_bundle_was_written(db, data_dir, tmp_path, english):
    from workstation.bundle.writer import export_bundle
    from workstation.errors import WorkstationError
    from workstation.importing.complaint_withdraw import withdraw_import
    from workstation.leads_workflow import assign_lead
    from workstation.store import agency_by_code

    lead, _at = imported_and_screened(db, tmp_path)
    assign_lead(db, lead, agency_by_code(db, "440606").id)
    before = counts(db)
    with pytest.raises(WorkstationError, match=r"Complaints of council.csv are in 1 lead already acted on, which keeps "
                                               r"its complaints: the user of number 138\*\*\*\*8000 "
                                               r"\(received .*\)\. Nothing") as refused:
        withdraw_import(db, "council.csv")
    assert "13800138000" not in refused.value.message  # the lead named with its number masked
    assert counts(db) == before

    other, _at = imported_and_screened(db, tmp_path, "second.csv", COUNCIL.replace("T1", "S1").replace("T2", "S2")
                                       .replace("13800138000", "13700137000"))
    export_bundle(db, data_dir, tmp_path / "out.bundle")
    before = counts(db)
    with pytest.raises(WorkstationError, match="may have gone to headquarters in the bundle written .*: they stay"):
        withdraw_import(db, "second.csv")
    assert counts(db) == before and get_lead_row(db, other) is not None


def test_the_cli_lists_the_imports_and_withdraws_one_naming_the_time_when_a_file_came_twice(db, data_dir, tmp_path,
                                                                                         capsys, english):
    imported_and_screened(db, tmp_path)
    again = tmp_path / "again"
    again.mkdir()
    (again / "council.csv").write_text(COUNCIL.replace("T1", "U1").replace("T2", "U2"), encoding="utf-8")
    import_complaints(db, [again / "council.csv"], profile="consumer_council")
    code, out, _err = cli(capsys, "--data-dir", data_dir, "--json", "complaints", "imports")
    imports = __import__("json").loads(out)
    assert code == 0 and [(i["file"], i["complaints"]) for i in imports] == [("council.csv", 2), ("council.csv", 2)]
    code, _out, err = cli(capsys, "--data-dir", data_dir, "complaints", "withdraw-file", "council.csv")
    assert code == 1 and "council.csv was imported 2 times" in err
    newest = imports[0]["imported_at"]  # as stored (the two came within the same second)
    code, out, err = cli(capsys, "--data-dir", data_dir, "complaints", "withdraw-file", newest)
    assert code == 0, err
    assert out.startswith(f"Import of council.csv on {newest[:19].replace('T', ' ')} withdrawn: 2 complaints removed.")
    assert db.execute("SELECT external_id FROM complaints ORDER BY external_id").fetchall() == [("T1",), ("T2",)]


@pytest.mark.gui
def test_the_complaints_tab_withdraws_an_import_picked_from_the_history_after_asking(db, tmp_path, make_window,
                                                                                   prompts, english):
    lead, at = imported_and_screened(db, tmp_path)
    page = make_window(db).leads_page
    before = counts(db)
    prompts.choices, prompts.confirm_answer = [0], False
    page.withdraw_import()
    shown = at[:19].replace("T", " ")
    assert prompts.offered[-1] == ["Import to take back (newest first):", f"{shown}  council.csv (2 complaints)"]
    assert prompts.destructive and "Withdraw the import of council.csv" in prompts.confirmations[-1]
    assert counts(db) == before  # answered No: nothing changed
    prompts.choices, prompts.confirm_answer = [0], True
    page.withdraw_import()
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM leads WHERE id = ?", [lead]).fetchone()[0] == 0
    assert prompts.infos[-1].startswith(f"Import of council.csv on {shown} withdrawn: 2 complaints removed.")
    page.withdraw_import()
    assert prompts.infos[-1] == "No complaint file was imported here."
