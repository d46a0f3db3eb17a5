"""The legal-basis citations as documents print them: consecutive provisions of one law name the law once
(《中华人民共和国消费者权益保护法》第二十九条第一款、第三款), one article once for its paragraphs or items, the order
given kept; and the 行政处罚决定书 of a case with a hearing tells the hearing before the party's statements and
whether they were adopted (告知 → 听证 → 陈述申辩及采纳情况)."""

import pytest

from tests.rendering import case_draft, docx_of, pdf_of
from workstation.law import catalogue

CONSUMER_LAW = "《中华人民共和国消费者权益保护法》"
REGULATIONS = "《中华人民共和国消费者权益保护法实施条例》"
MEASURES = "《侵害消费者权益行为处罚办法》"
TWO_ACTS = "佛禅市监立〔2026〕1号"  # illegal collection and unsolicited messages: 消法 29(1) and 29(3), 条例 23 and 24 …
PERSON = "佛南市监立〔2026〕5号"  # 朱子轩: ¥10,000 for a natural person, a hearing offered


def cited(*ids: str) -> str:
    return catalogue.cite(catalogue.norm(i) for i in ids)


def printed(db, case_number, form_id, values=None) -> list[str]:
    """The PDF's laid-out lines and the DOCX's paragraphs, each joined as a reader reads them."""
    import io

    import docx

    document = case_draft(db, case_number, form_id, values)
    body = docx.Document(io.BytesIO(docx_of(document))).element.body
    paragraphs = ["".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                  for p in body.iter() if p.tag.endswith("}p")]
    return ["".join(pdf_of(document).text_lines()), "".join(paragraphs)]


# ---- 1. one law named once for its consecutive provisions

def test_two_paragraphs_of_one_article_name_the_law_and_the_article_once():
    assert cited("consumer_law_29_1", "consumer_law_29_3") == f"{CONSUMER_LAW}第二十九条第一款、第三款"


def test_two_articles_of_one_law_name_the_law_once_and_each_article():
    assert cited("consumer_law_29_1", "consumer_law_56_9") == f"{CONSUMER_LAW}第二十九条第一款、第五十六条第一款第（九）项"
    assert cited("consumer_regulations_23", "consumer_regulations_24") == f"{REGULATIONS}第二十三条、第二十四条"


def test_two_items_of_one_paragraph_name_the_paragraph_once():
    assert cited("consumer_measures_11_1", "consumer_measures_11_3") == f"{MEASURES}第十一条第一款第（一）项、第（三）项"


def test_the_order_given_is_kept_and_a_law_cited_again_after_another_is_named_again():
    assert cited("consumer_law_29_1", "pipl_10", "consumer_law_29_3") == (
        f"{CONSUMER_LAW}第二十九条第一款、《中华人民共和国个人信息保护法》第十条、{CONSUMER_LAW}第二十九条第三款")
    assert cited("consumer_measures_14") == f"{MEASURES}第十四条"
    assert cited() == ""


def test_the_law_in_time_names_a_new_regulation_once_for_its_articles(chinese):
    law = catalogue.applicable_law("unsolicited_commercial_messages", "2024-03-01", "2026-04-13")
    assert f"新施行的{REGULATIONS}第二十四条、第五十条第三款处罚并不较轻" in law.explanation


VIOLATED = (f"违反了{CONSUMER_LAW}第二十九条第一款、第三款、{REGULATIONS}第二十三条、第二十四条、"
            f"{MEASURES}第十一条第一款第（一）项、第（三）项的规定")


def test_the_penalty_decision_names_each_law_once_in_the_provisions_violated(read_demo_db):
    for text in printed(read_demo_db, TWO_ACTS, "penalty_decision"):
        assert VIOLATED in text
        assert f"依据{CONSUMER_LAW}第五十六条第一款第（九）项、{REGULATIONS}第五十条第三款、{MEASURES}第十四条的规定" in text


@pytest.mark.parametrize("form_id", ["pre_penalty_notice", "investigation_report", "rectification_order"])
def test_the_notice_report_and_order_name_each_law_once_too(read_demo_db, form_id):
    for text in printed(read_demo_db, TWO_ACTS, form_id):
        assert f"{CONSUMER_LAW}第二十九条第一款、第三款、{REGULATIONS}第二十三条、第二十四条" in text
        assert f"{CONSUMER_LAW}第二十九条第一款、{CONSUMER_LAW}" not in text


# ---- 2. the decision of a case with a hearing: the hearing, then what the party said and whether adopted

STATEMENT = "当事人在听证中提出其系初次违法，请求从轻处罚。经复核，本局予以采纳。"


def test_the_decision_tells_the_hearing_before_the_statements_made_at_it(read_demo_db):
    values = {"hearing_held_on": "2026-08-05", "statement": STATEMENT}
    for text in printed(read_demo_db, PERSON, "penalty_decision", values):
        told = text.index("依法享有陈述、申辩和要求听证的权利。")
        held = text.index("应当事人的要求，本局于2026年8月5日依法举行了听证。")
        assert told < held < text.index(STATEMENT) < text.index("经查，当事人朱子轩")
        assert text.count(STATEMENT) == 1


def test_a_decision_without_a_hearing_still_tells_the_statements_after_the_notice(read_demo_db):
    for text in printed(read_demo_db, PERSON, "penalty_decision", {"statement": STATEMENT}):
        assert "依法享有陈述、申辩和要求听证的权利。" + STATEMENT in text and "举行了听证" not in text
