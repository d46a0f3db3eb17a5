"""Text an earlier version of a form gave by default (``old_defaults``), read back from the printed document: a
kept 行政处罚告知书 whose sentence of the provisions violated still reads as an earlier version drew it from the
case (你（单位）…, or 当事人… as the provisions picker wrote it) now speaks to the party as 你 or 你单位, while a
sentence the officer wrote is kept; and a ``docs render`` / ``docs issue`` values file holding such a text prints
the current default and says so on stderr."""

import io
import json
from pathlib import Path

import docx
import pytest

from tests.helpers import run
from workstation.documents.drafts import draft_document, find_form, without_old_defaults
from workstation.documents.issuing import get_document
from workstation.documents.pdf_writer import render_pdf
from workstation.formkit.spec import FormError, load_form
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.store import find_case

COMPANY = "佛南市监立〔2026〕1号"  # 佛山市南海区瀚沅房地产经纪有限公司
PERSON = "佛南市监立〔2026〕5号"  # 朱子轩, a natural person
FALLBACK = "《中华人民共和国消费者权益保护法》第二十九条第三款"  # the form's provision without an assessment


def notice_lines(db, case, values) -> str:
    return "".join(render_pdf(draft_document(db, case, find_form("pre_penalty_notice"), values)).text_lines())


def kept_notice(db, case_number, violated):
    """A kept draft of the notice holding ``violated`` (its other values the current defaults), resumed."""
    case, form = find_case(db, case_number), find_form("pre_penalty_notice")
    context = case_context(db, case)
    kept = {**default_values(form, context), "violated": violated.format(norms=context["law.violated_norms"])}
    return case, context["law.violated_norms"], resumed_values(form, kept, context)


@pytest.mark.parametrize("earlier", ["你（单位）的上述行为违反了{norms}的规定。", "当事人的上述行为违反了{norms}的规定。"])
@pytest.mark.parametrize(("case_number", "you"), [(COMPANY, "你单位"), (PERSON, "你")])
def test_a_kept_notice_still_worded_as_an_earlier_version_drew_it_from_the_case_addresses_the_party(
        demo_db, earlier, case_number, you):
    case, norms, values = kept_notice(demo_db, case_number, earlier)
    assert values["violated"] == f"{you}的上述行为违反了{norms}的规定。"
    text = notice_lines(demo_db, case, values)
    assert f"{you}的上述行为违反了《中华人民共和国消费者权益保护法》" in text
    assert "你（单位）" not in text and "当事人的上述行为" not in text


@pytest.mark.parametrize("written", [
    "当事人的上述行为违反了《中华人民共和国广告法》第四十三条第一款的规定。",  # provisions the officer picked
    "你（单位）的上述行为违反了{norms}的规定，且经责令改正后仍未改正。",  # a sentence the officer added to
    "当事人多次实施的上述行为违反了{norms}的规定。",
])
def test_a_notice_sentence_the_officer_wrote_is_kept_as_it_is(demo_db, written):
    case, norms, values = kept_notice(demo_db, COMPANY, written)
    assert values["violated"] == written.format(norms=norms)
    assert written.format(norms=norms)[:12] in notice_lines(demo_db, case, values)


def test_the_fallback_sentence_of_version_one_takes_the_case_assessment_when_there_is_one(demo_db):
    case, norms, values = kept_notice(demo_db, COMPANY, f"你（单位）的上述行为违反了{FALLBACK}的规定。")
    assert values["violated"] == f"你单位的上述行为违反了{norms}的规定。"


def test_an_old_default_may_name_only_a_source_of_the_case(tmp_path):
    text = Path(find_form("pre_penalty_notice").path).read_text(encoding="utf-8")
    broken = tmp_path / "pre_penalty_notice.toml"
    broken.write_text(text.replace("{law.violated_norms}的规定。\",\n", "{you}的规定。\",\n", 1), encoding="utf-8")
    with pytest.raises(FormError) as refused:
        load_form(broken)
    assert "pre_penalty_notice.toml" in str(refused.value) and "old_defaults" in str(refused.value)
    assert "{you}" in str(refused.value)


# ---- the command line's values file

def values_file(tmp_path, values: dict):
    path = tmp_path / "告知书.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return path


def docx_text(path) -> str:
    body = docx.Document(io.BytesIO(path.read_bytes())).element.body
    return "".join(t.text or "" for t in body.iter() if t.tag.endswith("}t"))


def test_docs_render_prints_the_current_default_for_a_value_an_earlier_version_gave_and_says_so(
        demo_db, data_dir, tmp_path, capsys, english):
    norms = case_context(demo_db, find_case(demo_db, COMPANY))["law.violated_norms"]
    path = values_file(tmp_path, {"violated": f"你（单位）的上述行为违反了{norms}的规定。",
                                  "contact_phone": "0757-86221234"})
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", COMPANY, "--form", "pre_penalty_notice",
                          "--values", path, "-o", tmp_path / "告知书.docx")
    assert code == 0, err
    assert err == (f"Note: {path}: 违反的规定 held the default text of an earlier version of the 行政处罚告知书; "
                   "the current default is printed instead.\n")
    text = docx_text(tmp_path / "告知书.docx")
    assert f"你单位的上述行为违反了{norms}的规定。" in text and "你（单位）" not in text
    assert "0757-86221234" in text  # the file's other values are printed as given


def test_docs_render_keeps_a_value_the_officer_wrote_without_a_note(demo_db, data_dir, tmp_path, capsys, english):
    written = "当事人的上述行为违反了《中华人民共和国广告法》第四十三条第一款的规定。"
    path = values_file(tmp_path, {"violated": written})
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", COMPANY, "--form", "pre_penalty_notice",
                          "--values", path, "-o", tmp_path / "告知书.docx")
    assert (code, err) == (0, "")
    assert written in docx_text(tmp_path / "告知书.docx")


def test_docs_issue_freezes_the_current_default_for_a_value_an_earlier_version_gave(
        demo_db, data_dir, tmp_path, capsys, english):
    path = values_file(tmp_path, {"violated": f"上述行为违反了{FALLBACK}的规定。", "warning": True})
    from workstation.procedure import apply

    case = find_case(demo_db, "佛顺市监立〔2026〕9号")  # under investigation: reviewed, a notice may be issued
    for step in ("conclude_investigation", "submit_review"):
        case = apply(demo_db, case.id, step)
    code, out, err = run(capsys, "--data-dir", data_dir, "--json", "docs", "issue", case.case_number, "--form",
                         "pre_penalty_notice", "--values", path, "-o", tmp_path / "告知书.pdf")
    assert code == 0, err
    assert "违反的规定 held the default text of an earlier version" in err
    issued = get_document(demo_db, json.loads(out)["id"])
    norms = case_context(demo_db, case)["law.violated_norms"] or FALLBACK
    assert issued.values["violated"] == f"你单位的上述行为违反了{norms}的规定。"


def test_without_old_defaults_leaves_values_of_other_fields_alone(demo_db):
    case, form = find_case(demo_db, COMPANY), find_form("pre_penalty_notice")
    given = {"facts": "你（单位）的上述行为违反了" + FALLBACK + "的规定。", "violated": "  "}
    assert without_old_defaults(demo_db, case, form, given) == (given, [])
