"""A ``--values`` file is JSON, and JSON has lists, objects and true/false besides text: a party's name given as
["佛山市某公司"] or a fact as {"a": 1} printed as Python writes it (当事人：['佛山市某公司']) in an official document. Such a
value of a text field is refused on one line naming the field, and nothing is written."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run

CASE = "佛南市监立〔2026〕1号"


@pytest.mark.parametrize(("field", "label", "value"), [
    ("party_name", "当事人", ["佛山市南海区吉祥商行"]),
    ("party_name", "当事人", True),
    ("facts", "违法事实", {"经查": "当事人发送营销短信"}),
])
def test_a_text_field_given_a_list_an_object_or_true_is_refused_naming_it(demo_db, data_dir, tmp_path, capsys,
                                                                         english, field, label, value):
    values = tmp_path / "values.json"
    values.write_text(json.dumps({field: value}, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "decision.pdf"
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "penalty_decision",
                         "--values", values, "-o", target)
    assert code == 1 and out == ""
    [line] = err.strip().splitlines()
    assert f"{label} ({field}): This field takes text, not {json.dumps(value, ensure_ascii=False)}" in line
    assert not target.exists()


@pytest.mark.parametrize("value", [[{"q": "你好？", "a": "好。"}], ["问：你好？", "答：好。"], {"问": "你好？"}, True])
def test_questions_and_answers_given_as_a_list_or_an_object_are_refused_naming_the_field(
        demo_db, data_dir, tmp_path, capsys, english, value):
    """The 询问笔录's 问答 printed a list as Python writes it (问：[{'q': '你好？', 'a': '好。'}]) and issued it."""
    # as while the case was investigated: a 询问笔录 is refused once the case is decided
    demo_db.execute("UPDATE cases SET status = 'investigating' WHERE case_number = ?", [CASE])
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"questions_answers": value}, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "record.pdf"
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", "inquiry_record",
                         "--values", values, "-o", target)
    assert code == 1 and out == ""
    assert f"询问内容 (questions_answers): This field takes text, not {json.dumps(value, ensure_ascii=False)[:60]}" in err
    assert not target.exists()


def test_a_number_given_for_a_text_field_is_still_taken_as_its_digits(demo_db, data_dir, tmp_path, capsys):
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"legal_rep": 12345}), encoding="utf-8")
    target = tmp_path / "decision.docx"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "penalty_decision",
                          "--values", values, "-o", target)
    assert code == 0, err
    import docx

    assert any("12345" in p.text for p in docx.Document(target).paragraphs)
