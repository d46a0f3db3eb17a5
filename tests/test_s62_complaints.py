"""s62 mends of the complaints import and screening:
1. a complainant's number one export shows masked (138****8001) tells no complainant: only a whole number does, so
   the complaint is linked to none another channel sent with a whole number the mask could stand for (a stranger's
   number fits a mask as well);
2. the words before a business name (落款, 署名, 冒充, 假冒, 名为) are not part of it; a name beginning with 以
   (以纯, 以岭) keeps it;
3. the complaints of a workbook's later sheet, or of its one sheet after empty ones, keep the sheet's name, and
   their pane names it;
4. "of which N the same complaint" counts the complaints of the file, never more than it imported;
5. Cancel in the wizard writes no column choice;
6. a local number with an extension after a dash (86123456-801) is read;
7. the window's refusals name no command-line option; a rules category without a label is refused."""

import csv

import pytest

from workstation.importing.complaints import import_complaints

HOT = ["工单编号", "受理时间", "来电号码", "诉求人", "内容描述", "被反映对象", "诉求地址"]
COUNCIL = ["投诉编号", "投诉时间", "投诉人", "投诉人电话", "被投诉方", "投诉内容", "投诉类别", "处理状态"]
TEXT = "每天接到13912345678的骚扰电话推销房产，严重影响生活"


def write_csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def hotline(tmp_path, rows, name="hot.csv"):
    return write_csv(tmp_path / name, HOT, [[i, at, phone, "张三", text, "某公司", "南海区"]
                                             for i, at, phone, text in rows])


def council(tmp_path, rows, name="council.csv"):
    return write_csv(tmp_path / name, COUNCIL, [[i, at, "张三", phone, "某公司", text, "其他", "已受理"]
                                                for i, at, phone, text in rows])


def same_as(db):
    return dict(db.execute("SELECT c.external_id, e.external_id FROM complaints AS c JOIN complaints AS e "
                           "ON e.id = c.same_as").fetchall())


# 1 -------------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("masked_first", [False, True])
def test_a_masked_number_is_linked_to_no_whole_number(db, tmp_path, masked_first):
    # the same text, a day apart, the mask fitting the whole number: still no link, in either order of import
    whole = hotline(tmp_path, [("H1", "2026-03-01 10:00:00", "13800138001", TEXT)])
    masked = council(tmp_path, [("C1", "2026-03-02 09:00:00", "138****8001", TEXT)])
    first, then = (masked, whole) if masked_first else (whole, masked)
    import_complaints(db, [first])
    result = import_complaints(db, [then])
    assert same_as(db) == {}
    assert result.files[0].imported == 1 and result.files[0].same_as == 0


def test_the_pane_lists_no_copy_by_a_number_it_does_not_share(db, tmp_path):
    # a copy linked by hand to a complaint whose number it does not give (masked, none): the pane lists the copies
    # that share the complainant's whole number, and the complaint they are linked to
    from workstation.store.complaints import complaint_origin

    import_complaints(db, [hotline(tmp_path, [("H1", "2026-03-01 10:00:00", "13800138001", TEXT)])])
    import_complaints(db, [council(tmp_path, [("C1", "2026-03-02 09:00:00", "138****8001", TEXT)])])
    ids = dict(db.execute("SELECT external_id, id FROM complaints").fetchall())
    db.execute("UPDATE complaints SET same_as = ? WHERE id = ?", [ids["H1"], ids["C1"]])
    assert complaint_origin(db, ids["H1"])["others"] == []
    assert [o["external_id"] for o in complaint_origin(db, ids["C1"])["others"]] == ["H1"]


# 2 -------------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["营销短信推销装修，落款顺德美家装饰工程有限公司，电话13912340000",
                                  "短信署名美家装饰工程有限公司推销", "短信署名为美家装饰工程有限公司推销",
                                  "对方冒充美家装饰工程有限公司推销", "对方假冒美家装饰工程有限公司推销",
                                  "一家名为美家装饰工程有限公司的推销"])
def test_words_before_a_business_name_are_not_part_of_it(text):
    from workstation.screening.phones import extract_businesses

    found = extract_businesses(text)
    assert found and all(name.startswith(("美家", "顺德美家")) for name in found), found


@pytest.mark.parametrize(("text", "name"), [("在以纯服饰有限公司买的衣服起球", "以纯服饰有限公司"),
                                            ("以岭药业股份有限公司的药品说明书不符", "以岭药业股份有限公司"),
                                            ("对方假冒以纯服饰有限公司推销", "以纯服饰有限公司")])
def test_a_name_beginning_with_yi_keeps_it(text, name):
    from workstation.screening.phones import extract_businesses

    assert name in extract_businesses(text)


# 4 -------------------------------------------------------------------------------------------------------------------

def test_the_same_complaints_counted_are_never_more_than_those_imported(db, tmp_path):
    # three council complaints stored first, each the same as the one hotline complaint received a day earlier
    import_complaints(db, [council(tmp_path, [(f"C{n}", f"2026-03-02 0{n}:00:00", "13800138001", TEXT)
                                              for n in range(1, 4)])])
    result = import_complaints(db, [hotline(tmp_path, [("H1", "2026-03-01 10:00:00", "13800138001", TEXT)])])
    f = result.files[0]
    assert f.imported == 1 and f.same_as == 1
    assert same_as(db) == {"C1": "H1", "C2": "H1", "C3": "H1"}


# 6 -------------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["骚扰电话86123456-801打来推销", "骚扰电话86123456-8012打来推销",
                                  "骚扰电话86123456转801打来推销"])
def test_a_local_number_with_an_extension_is_read(text):
    from workstation.screening.phones import extract_phones

    assert extract_phones(text) == ["075786123456"]


def test_a_card_number_in_groups_is_still_no_telephone_number():
    from workstation.screening.phones import extract_phones

    assert extract_phones("银行卡6222 0212 3456 7890被盗刷") == []
    assert extract_phones("运单号6222-0212-3456-7890查询") == []


# 3 -------------------------------------------------------------------------------------------------------------------

def two_sheets(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    march = wb.active
    march.title = "3月"
    march.append(HOT)
    march.append(["S1", "2026-03-01 10:00:00", "13800138001", "张三", TEXT, "某公司", "南海区"])
    april = wb.create_sheet("4月")
    april.append(HOT)
    april.append(["S2", "2026-04-01 10:00:00", "13800138005", "赵", "骚扰电话13912345670天天打", "某公司", "高明区"])
    wb.save(tmp_path / "two.xlsx")
    return tmp_path / "two.xlsx"


def test_the_complaints_of_each_sheet_keep_its_name(db, tmp_path):
    from workstation.store.complaints import complaint_origin

    import_complaints(db, [two_sheets(tmp_path)])
    sheets = dict(db.execute("SELECT external_id, source_sheet FROM complaints").fetchall())
    assert sheets == {"S1": "3月", "S2": "4月"}
    cid = db.execute("SELECT id FROM complaints WHERE external_id = 'S2'").fetchone()[0]
    origin = complaint_origin(db, cid)
    assert origin["source_sheet"] == "4月" and origin["source_row"] == 2


def test_the_one_sheet_after_an_empty_first_keeps_its_name(db, tmp_path):
    # the row numbers are those of 3月, the workbook's second sheet: the first (说明) is left blank
    import openpyxl

    from workstation.store.complaints import complaint_origin

    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    march = wb.create_sheet("3月")
    march.append(HOT)
    march.append(["S1", "2026-03-01 10:00:00", "13800138001", "张三", TEXT, "某公司", "南海区"])
    wb.save(tmp_path / "blank_first.xlsx")
    result = import_complaints(db, [tmp_path / "blank_first.xlsx"])
    assert result.files[0].imported == 1, result.files[0].refused
    cid, sheet = db.execute("SELECT id, source_sheet FROM complaints").fetchone()
    assert sheet == "3月"
    assert complaint_origin(db, cid)["source_sheet"] == "3月"


def test_a_csv_complaint_names_no_sheet(db, tmp_path):
    import_complaints(db, [hotline(tmp_path, [("H1", "2026-03-01 10:00:00", "13800138001", TEXT)])])
    assert db.execute("SELECT source_sheet FROM complaints").fetchall() == [("",)]


@pytest.mark.gui
def test_the_pane_names_the_sheet_of_a_later_sheets_complaint(db, tmp_path, make_window, english):
    from tests.test_complaints14 import opened
    from workstation.vocabulary import shown_label

    import_complaints(db, [two_sheets(tmp_path)])
    page = make_window(db).leads_page
    hotline = shown_label("lead_sources", "12345")
    assert opened(page, "天天打", "S2")[0] == f"Channel: {hotline}; imported from two.xlsx, sheet 4月, row 2."
    assert opened(page, "推销房产", "S1")[0] == f"Channel: {hotline}; imported from two.xlsx, sheet 3月, row 2."


# 5 -------------------------------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_cancel_writes_no_column_choice_but_the_window_keeps_it(db, make_window, prompts, monkeypatch, tmp_path,
                                                                 english):
    from tests.test_import_ux10 import DISTRICT_HEADER, CancelledMidway, opened_wizards, pick
    from tests.test_import_ux10 import write_csv as write_district
    from workstation.importing.complaints import load_profile

    rows = [[f"Q{n}", f"2026-03-0{n} 10:00:00", f"1390013900{n}", f"0757-8123456{n}打来推销楼盘"] for n in (1, 2, 3)]
    district = write_district(tmp_path / "区热线三月.csv", DISTRICT_HEADER, rows)
    page = make_window(db, runner=CancelledMidway("区热线三月.csv")).leads_page

    def choose_and_import(dialog):
        dialog.add_file(district)
        pick(dialog, "text", "诉求详情")
        return True

    def add_again(dialog):
        from workstation.progress import CancelToken

        page.runner.cancel_token = CancelToken()  # the next task of the same window is not cancelled
        dialog.add_file(district)
        assert dialog.columns["text"].currentData() == "诉求详情"  # the choice kept by the window
        return False

    before = db.execute("SELECT COUNT(*) FROM import_profiles").fetchone()[0]
    opened_wizards(page, monkeypatch, [choose_and_import, add_again])
    assert prompts.infos == ["Cancelled; nothing was changed."] and prompts.errors == []
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM import_profiles").fetchone()[0] == before
    assert not (load_profile(db, "12345") or {}).get("text")


# 7 -------------------------------------------------------------------------------------------------------------------

def test_a_category_without_a_label_is_refused_naming_it_and_its_line(english):
    from workstation.errors import WorkstationError
    from workstation.screening.rules import parse_rules, shipped_rules_path

    base = shipped_rules_path().read_text(encoding="utf-8")
    text = base.replace('label = "垃圾短信"\n', "")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln == 'key = "marketing_sms"') - 1
    with pytest.raises(WorkstationError) as caught:
        parse_rules(text, "edited")
    message = caught.value.message
    assert f"line {line}" in message and "marketing_sms" in message and "label" in message, message


def test_the_windows_refusals_name_no_command_line_option(db, tmp_path, english):
    # a header without the complaint text's column, and a file whose header is another channel's
    unknown = write_csv(tmp_path / "区热线.csv", ["工单编号", "受理时间", "来电号码", "诉求详情"],
                        [["Q1", "2026-03-01 10:00:00", "13800138001", "骚扰电话"]])
    nothing = write_csv(tmp_path / "x.csv", ["甲", "乙"], [["1", "2"]])
    wrong = council(tmp_path, [("C1", "2026-03-02 09:00:00", "13800138001", TEXT)])
    result = import_complaints(db, [unknown, nothing])
    result.files.append(import_complaints(db, [wrong], profile="12345").files[0])
    for f in result.files:
        assert f.refused and "--" not in f.refused, f.refused
    said = import_complaints(db, [unknown, nothing], command_line=True)
    assert all("--profile" in f.refused for f in said.files)
    said = import_complaints(db, [wrong], profile="12345", command_line=True)
    assert "--channel-despite-header" in said.files[0].refused
