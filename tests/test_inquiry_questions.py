"""The 询问笔录 editor's 插入常用问题 menu offers the standard questions worded for the kind of party the case is
about, as the form's own stock questions are; a broken library is refused naming the file and the key."""

import pytest

from ui.form_editor import FormEditor
from workstation.documents.drafts import find_form
from workstation.documents.inquiry_questions import standard_questions
from workstation.errors import WorkstationError
from workstation.store import find_case

PERSON_CASE = "佛南市监立〔2026〕5号"  # demo case against 朱子轩, a natural person
COMPANY_CASE = "佛南市监立〔2026〕9号"  # demo case against a company


def all_questions(kind: str) -> list[str]:
    return [q for _title, questions in standard_questions(kind) for q in questions]


def test_each_kind_of_party_is_asked_in_its_own_wording():
    company, business, person, association = (all_questions(k) for k in (
        "company", "individual_business", "person", "association"))
    assert sum("你单位" in q for q in company) >= 10 and any("授权委托书" in q for q in company)
    assert not any("你单位" in q for q in person) and not any("单位担任" in q for q in person)
    assert not any("你单位" in q for q in business)
    assert any("经营者" in q for q in business) and any("你经营的个体工商户" in q for q in business)
    assert any("你单位" in q for q in association) and any("业务范围" in q for q in association)
    assert not any("经营范围" in q for q in association)
    assert all_questions("") == company  # no party yet: a company's wording, as the form's own default


@pytest.mark.parametrize(("case_number", "has_unit"), [(PERSON_CASE, False), (COMPANY_CASE, True)])
def test_the_editor_menu_offers_the_questions_of_the_case_party(demo_db, data_dir, prompts, qtbot, case_number,
                                                               has_unit):
    editor = FormEditor(demo_db, data_dir, find_case(demo_db, case_number), find_form("inquiry_record"), prompts)
    qtbot.addWidget(editor)
    try:
        menu = editor.fields["questions_answers"].list.standard_menu_questions()
        offered = [q for questions in menu.values() for q in questions]
        assert "身份与基本情况" in menu and len(offered) >= 15
        assert any("你单位" in q for q in offered) is has_unit
        assert ("你目前从事什么工作？在哪个单位任职？" in offered) is not has_unit
    finally:
        editor.shutdown()


@pytest.mark.parametrize(("text", "key"), [
    ('[[group]]\ntitle = "A"\n[group.questions]\nshop = ["问一？"]\n', "group[1].questions.shop"),
    ('[[group]]\ntitle = "A"\nquestions = []\n', "group[1].questions"),
    ('[[group]]\ntitle = "A"\nquestions = ["问一？"]\nextra = 1\n', "group[1]"),
    ('title = "A"\n', "group"),
])
def test_a_broken_library_is_refused_naming_the_file_and_key(tmp_path, english, text, key):
    path = tmp_path / "questions.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkstationError) as refused:
        standard_questions("company", path)
    assert refused.value.message.startswith(f"Standard questions questions.toml, {key}: ")


def test_a_group_of_one_list_is_offered_to_every_kind_and_a_kind_left_out_gets_none(tmp_path):
    path = tmp_path / "questions.toml"
    path.write_text('[[group]]\ntitle = "结束语"\nquestions = ["还有补充吗？"]\n'
                    '[[group]]\ntitle = "单位"\n[group.questions]\ncompany = ["你单位何时成立？"]\n', encoding="utf-8")
    assert standard_questions("person", path) == (("结束语", ("还有补充吗？",)),)
    assert standard_questions("company", path) == (("结束语", ("还有补充吗？",)), ("单位", ("你单位何时成立？",)))
