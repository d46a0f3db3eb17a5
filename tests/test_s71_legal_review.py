"""The 案件审核表 shows the reviewer the legal characterisation the party is given (audit document_fields, defect 2).

Version 6 of the form took its 案情摘要 from the case's raw facts (``case.facts``), whose closing sentence may name
fewer provisions than the case's legal assessment: for 佛南市监立〔2026〕5号 it ended "上述行为违反了《中华人民共和国
消费者权益保护法》第二十九条第二款的规定", while its 调查终结报告, 告知书 and 决定书 cite three provisions. The reviewer
ticked 适用依据是否正确 against a list that was not the party's. Version 7 prints the facts found (``case.facts_found``,
as the 调查终结报告 it reviews) and a 违反的规定 row from ``law.violated``, on one sheet still; a sheet issued on
version 6 is composed again as version 6 printed it (forms/earlier/v6)."""

from __future__ import annotations

import json
import re

from tests.helpers import pdf_text, rewrite_issued, run
from tests.rendering import case_draft, pdf_of
from workstation.documents.drafts import draft_document, find_form, without_old_defaults
from workstation.documents.issuing import composed_as_issued, get_document, issue_document
from workstation.documents.pdf_writer import render_pdf
from workstation.formkit.spec import earlier_form
from workstation.formkit.values import case_context
from workstation.store import find_case, get_case

CASE = "佛南市监立〔2026〕5号"
#: the stale closing sentence of the case's raw facts, naming one provision of the three
STALE = "上述行为违反了《中华人民共和国消费者权益保护法》第二十九条第二款的规定"
ANSWERS = dict.fromkeys(("facts_clear", "evidence_sufficient", "procedure_lawful", "basis_correct",
                         "discretion_proper"), "是")
#: what the reviewers write themselves (the form leaves it empty; a draft needs it)
REVIEWED = {**ANSWERS, "opinion": "经审核，同意办案机构的处理意见。"}


def compact(text: str) -> str:
    """``text`` as ``pdf_text`` reads a printed page: without spaces and line breaks."""
    return re.sub(r"[ \n]", "", text)


def printed(db, form_id: str, values: dict | None = None) -> str:
    """What the officer reads on the PDF of ``form_id`` drafted for the case."""
    if values is None and form_id == "legal_review":
        values = REVIEWED
    return pdf_text(pdf_of(case_draft(db, CASE, form_id, values)).data)


def law_of(db) -> dict:
    return case_context(db, find_case(db, CASE))


def test_the_review_cites_every_provision_the_case_violated_as_the_party_is_told(read_demo_db):
    context = law_of(read_demo_db)
    articles = str(context["law.violated_norms"]).split("、")
    assert len(articles) == 3, articles  # 消法 29(2), 实施条例 23, 处罚办法 11(1)(2)
    review = printed(read_demo_db, "legal_review")
    missing = [article for article in articles if article not in review]
    assert not missing, f"the 案件审核表 leaves out {missing}"
    assert "违反的规定" + compact(str(context["law.violated"])) in review
    assert STALE not in review  # the raw facts' closing sentence, one provision of three
    # the very provisions the 调查终结报告 it reviews, the 告知书 and the 决定书 print
    for form_id in ("investigation_report", "pre_penalty_notice", "penalty_decision"):
        text = printed(read_demo_db, form_id)
        assert all(article in text for article in articles), form_id


def test_the_case_summary_is_the_facts_found_the_report_states(read_demo_db):
    context = law_of(read_demo_db)
    found = str(context["case.facts_found"])
    raw = str(find_case(read_demo_db, CASE).facts)
    assert found != raw and STALE in compact(raw)  # the case's facts do close with the stale sentence
    review = printed(read_demo_db, "legal_review")
    assert "案情摘要" + compact(found) + "违反的规定" in review  # the facts found, and nothing after them
    # the report runs over pages: its facts may cross a page's number (—1—)
    assert compact(found) in re.sub(r"—\d+—", "", printed(read_demo_db, "investigation_report"))


def test_the_review_of_the_case_stays_one_sheet(read_demo_db):
    rendered = pdf_of(case_draft(read_demo_db, CASE, "legal_review", REVIEWED))
    assert rendered.pages == 1
    assert not rendered.line_problems()


def test_the_form_is_a_new_version_and_version_6_is_kept_as_it_was():
    form = find_form("legal_review")
    assert form.version >= 7  # version 8 (session 72) takes the facts the party was told of: tests/test_s72_hearing.py
    sources = {field.name: field.source for field in form.fields}
    assert sources["facts"] in ("case.facts_found", "party.facts_found") and sources["violated"] == "law.violated"
    assert {field.name: field.source for field in earlier_form("legal_review", 7).fields}["facts"] == "case.facts_found"
    kept = earlier_form("legal_review", 6)
    assert kept is not None
    assert {field.name: field.source for field in kept.fields}["facts"] == "case.facts"
    assert "violated" not in {field.name for field in kept.fields}


def test_a_values_file_holding_the_raw_facts_version_6_gave_takes_the_facts_found(demo_db, data_dir, tmp_path,
                                                                                  capsys):
    case = find_case(demo_db, CASE)
    kept, replaced = without_old_defaults(demo_db, case, find_form("legal_review"), {"facts": case.facts})
    assert kept == {} and replaced == ["案情摘要"]
    path = tmp_path / "审核表.json"
    path.write_text(json.dumps({"facts": case.facts, **REVIEWED}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "审核表.pdf"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "legal_review",
                          "--values", path, "-o", out)
    assert code == 0, err
    text = pdf_text(out.read_bytes())
    assert STALE not in text and compact(str(law_of(demo_db)["law.violated"])) in text


def test_a_review_issued_on_version_6_is_composed_again_as_version_6_printed_it(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    review = issue_document(demo_db, data_dir, get_case(demo_db, case.id), find_form("legal_review"),
                            {**REVIEWED, "review_kind": "案件审核", "reviewers": "赵敏"})
    stored = json.loads(demo_db.execute("SELECT values_json FROM documents WHERE id = ?", [review.id]).fetchone()[0])
    as_v6 = {k: v for k, v in stored.items() if k != "violated"} | {"facts": case.facts}  # what version 6 kept
    rewrite_issued(demo_db, review.id, 6, as_v6)  # issued documents are frozen: lifted for this only
    issued = get_document(demo_db, review.id)
    text = compact("".join(render_pdf(composed_as_issued(issued, find_form("legal_review"))).text_lines()))
    assert STALE in text and "违反的规定" not in text  # its 案情摘要 as issued, and no row it did not print
    # a draft now prints the facts found and the row
    now = compact("".join(render_pdf(draft_document(demo_db, case, find_form("legal_review"), REVIEWED)).text_lines()))
    assert STALE not in now and "违反的规定" in now
