"""The 不予行政处罚决定书 ticks the grounds of Penalty Law arts. 30 (a minor under 14) and 31 (a person with a mental
illness or intellectual disability acting while unable to recognise or control their conduct), REFERENCE §1.6, with
their legal basis and the guardian's order in place of the education of art. 33 para 3; officers no longer write
them under 其他. The form's version goes up (forms/README.md); a kept draft keeps the ground it holds."""

from __future__ import annotations

import pytest

from tests.rendering import case_draft, pdf_of
from workstation.documents.drafts import find_form
from workstation.formkit.values import case_context, resumed_values
from workstation.store import find_case

COMPANY = "佛南市监立〔2026〕1号"
LAW = "《中华人民共和国行政处罚法》"


def printed(db, values: dict | None = None) -> str:
    return "".join(pdf_of(case_draft(db, COMPANY, "no_penalty_decision", values)).text_lines())


@pytest.mark.parametrize(
    ("ground", "ticked", "basis", "education"),
    [
        (
            "未满十四周岁",
            "☑当事人为不满十四周岁的未成年人；",
            LAW + "第三十条",
            "依据《中华人民共和国行政处罚法》第三十条的规定，本局已责令当事人的监护人加以管教。",
        ),
        (
            "不能辨认或者控制行为",
            "☑当事人为精神病人、智力残疾人，在不能辨认或者不能控制自己行为时有违法行为；",
            LAW + "第三十一条",
            "依据《中华人民共和国行政处罚法》第三十一条的规定，本局已责令当事人的监护人严加看管和治疗。",
        ),
    ],
)
def test_the_grounds_of_articles_30_and_31_are_ticked_with_their_basis(
    read_demo_db, ground, ticked, basis, education
):
    text = printed(read_demo_db, {"ground": ground})
    assert ticked in text
    assert "☑其他" not in text and "□其他" in text and "□违法行为轻微并及时改正" in text
    assert f"依据{basis}的规定，本局决定对当事人不予行政处罚。" in text
    assert education in text and "第三十三条第三款" not in text


def test_the_other_grounds_keep_the_education_of_article_33(read_demo_db):
    text = printed(read_demo_db, {"ground": "无过错不罚"})
    assert "□当事人为不满十四周岁的未成年人；" in text
    assert "依据《中华人民共和国行政处罚法》第三十三条第三款的规定，本局已对当事人进行教育" in text


def test_the_form_offers_them_in_a_new_version_and_a_kept_draft_keeps_its_ground(read_demo_db):
    form = find_form("no_penalty_decision")
    assert form.version >= 7  # 7 offered them; 8 words the education to fit every violation
    choices = next(f for f in form.fields if f.name == "ground").choices
    assert choices[3:5] == ("未满十四周岁", "不能辨认或者控制行为")
    context = case_context(read_demo_db, find_case(read_demo_db, COMPANY))
    kept = resumed_values(
        form,
        {"ground": "其他", "ground_other": "当事人系不满十四周岁的未成年人", "basis": LAW + "第三十条"},
        context,
    )
    assert (kept["ground"], kept["ground_other"], kept["basis"]) == (
        "其他",
        "当事人系不满十四周岁的未成年人",
        LAW + "第三十条",
    )
