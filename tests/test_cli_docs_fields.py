"""`docs fields FORM`: the fields a --values file of `docs render`/`docs issue` may hold, in the form's order."""

from tests.helpers import run, run_json
from workstation.documents.drafts import find_form

ITEMS_FORMAT = "One line per item: 序号 | 名称 | 规格（型号） | 数量 | 备注, separated by |"


def test_json_lists_every_field_in_form_order_with_choices_and_required_for(data_dir, capsys):
    entries = run_json(capsys, "--data-dir", data_dir, "docs", "fields", "matter_approval")
    assert [e["name"] for e in entries] == [f.name for f in find_form("matter_approval").fields]
    by_name = {e["name"]: e for e in entries}
    assert by_name["matter"] == {
        "name": "matter", "label": "审批事项", "type": "choice", "required": True,
        "choices": ["延长办案期限", "延长核查期限", "中止案件调查", "恢复案件调查", "其他"],
        "source": "lead.matter", "default": "延长办案期限", "help": ""}
    period = by_name["period"]
    assert (period["required"], period["required_for"]) == (
        False, {"field": "matter", "values": ["延长办案期限", "延长核查期限"]})
    assert period["source"] == "lead.matter_period" and period["help"].startswith("如：延长三十日")
    assert "required_for" not in by_name["reason"] and "choices" not in by_name["reason"]


def test_json_gives_a_repeated_table_field_its_line_format_from_the_column_heads(data_dir, capsys, english):
    entries = run_json(capsys, "--data-dir", data_dir, "docs", "fields", "seized_items_list")
    items = next(e for e in entries if e["name"] == "items")
    assert items["columns"] == ["序号", "名称", "规格（型号）", "数量", "备注"]
    # the generated format, then the clauses of the form's help that do not spell out the columns by hand
    assert items["help"] == (ITEMS_FORMAT + "；默认为实施行政强制措施决定书所列各项；留空则打印空白行，现场填写")
    assert "columns" not in next(e for e in entries if e["name"] == "measure")


def test_text_is_a_table_with_a_row_per_field(data_dir, capsys, english):
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "fields", "matter_approval")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Fields of the 行政处罚案件有关事项审批表 (matter_approval)"
    assert lines[1].split() == ["Field", "Label", "Field", "type", "Required", "Default", "from", "Help"]
    assert [line.split()[0] for line in lines[2:]] == [f.name for f in find_form("matter_approval").fields]
    rows = {line.split()[0]: line for line in lines[2:]}
    assert rows["period"].split()[1:5] == ["期限（延长或者中止的期间）", "text", "conditional", "lead.matter_period"]
    assert "Required when 审批事项 is “延长办案期限” or “延长核查期限”. 如：延长三十日" in rows["period"]
    assert rows["matter"].split()[1:5] == ["审批事项", "choice", "yes", "lead.matter"]
    assert rows["matter"].endswith("Choices: 延长办案期限、延长核查期限、中止案件调查、恢复案件调查、其他.")
    assert rows["matter_other"].split()[2:5] == ["text", "conditional", "—"]  # required for 其他
    # the columns line up: each row's label starts where the header's does
    assert {line.index(line.split()[1]) for line in lines[1:]} == {lines[1].index("Label")}


def test_text_shows_the_line_format_of_a_repeated_table_field(data_dir, capsys, english):
    code, out, _err = run(capsys, "--data-dir", data_dir, "docs", "fields", "seized_items_list")
    assert code == 0
    items = next(line for line in out.splitlines() if line.startswith("items "))
    assert items.split()[1:2] == ["场所、设施、财物"]
    assert ITEMS_FORMAT + "；默认为" in items and "写明状况等" not in items


def test_text_is_in_chinese_by_default(data_dir, capsys):
    code, out, _err = run(capsys, "--data-dir", data_dir, "docs", "fields", "seized_items_list")
    assert code == 0
    header, first = out.splitlines()[1:3]
    assert header.startswith("字段")
    assert first.split()[:2] == ["objects", "清单名称（场所、设施、财物）"]


def test_an_unknown_form_is_refused_in_one_line(data_dir, capsys, english):
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "fields", "no_such_form", "--json")
    assert (code, out) == (1, "")
    assert err == "Error: No document type no_such_form: `docs forms` lists them.\n"


def test_json_marks_the_fields_required_only_to_issue(data_dir, capsys):
    # the 询问笔录's end time, place, 性别, 身份证件号码 and the answer to what it was told may be missing from a draft,
    # never from the issued record
    entries = {e["name"]: e for e in run_json(capsys, "--data-dir", data_dir, "docs", "fields", "inquiry_record")}
    to_issue = {name for name, entry in entries.items() if entry.get("required_to_issue")}
    # and its start, which has no default (v9): never the moment the record is issued
    assert to_issue == {"time_from", "time_to", "place", "sex", "id_number", "recusal_answer"} == set(
        find_form("inquiry_record").required_to_issue)
    assert all(entries[name]["required"] is False for name in to_issue)  # "required" still means: to draft
    assert "required_to_issue" not in entries["ethnicity"]


def test_text_shows_the_fields_required_only_to_issue(data_dir, capsys, english):
    code, out, _err = run(capsys, "--data-dir", data_dir, "docs", "fields", "inquiry_record")
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines()[2:]}
    for name, label in (("time_from", "询问开始时间"), ("time_to", "询问结束时间"), ("place", "询问地点"), ("sex", "性别"),
                        ("id_number", "身份证件号码")):
        assert rows[name].split()[1] == label and " to issue " in rows[name]
        assert "Required to issue the document; a draft may leave it empty." in rows[name]
    assert rows["ethnicity"].split()[2:4] == ["text", "no"]
    # the start has no default (v9): not required to draft, required to issue as the end is
    assert " yes " not in rows["time_from"] and "(YYYY-MM-DD HH:MM)" in rows["time_from"]


def test_text_says_under_the_table_that_at_least_one_penalty_field_is_filled_in(data_dir, capsys, english):
    # the 告知书 is issued only with a penalty: at least one of its penalty fields holds a value
    code, out, _err = run(capsys, "--data-dir", data_dir, "docs", "fields", "pre_penalty_notice")
    assert code == 0
    form = find_form("pre_penalty_notice")
    last = out.splitlines()[-1]
    assert last == "At least one of these must be filled in: " + "；".join(f"{name} {form.field(name).label}" for name in form.required_any)
    assert "fine_fen 罚款（元）" in last and "warning 警告" in last
    # a form without such fields has no such line
    code, out, _err = run(capsys, "--data-dir", data_dir, "docs", "fields", "matter_approval")
    assert code == 0 and "At least one of these" not in out


def test_json_names_the_group_on_each_field_at_least_one_of_which_is_filled_in(data_dir, capsys):
    entries = run_json(capsys, "--data-dir", data_dir, "docs", "fields", "penalty_decision")
    group = ["warning", "confiscated_fen", "confiscated_property", "fine_fen", "other_penalty"]
    assert [e["name"] for e in entries if "required_any" in e] == group  # the list stays a list, keys kept
    assert all(e["required_any"] == group and e["required"] is False for e in entries if "required_any" in e)
    assert {"name", "label", "type", "required", "source", "default", "help"} <= set(entries[0])
