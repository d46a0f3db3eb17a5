"""A case keeps one 案件来源登记表 (and one 立案审批表, 结案审批表, 卷宗封面) in force: a second one is refused, naming
the one in force, unless it is issued as that one's correction (``one_per_case`` in the form's file); voiding the
one in force lets a new one be issued."""

from __future__ import annotations

import pytest

from tests.helpers import run
from workstation.documents.drafts import find_form
from workstation.documents.issuing import decision_to_correct, issue_document, void_document
from workstation.errors import WorkstationError
from workstation.formkit.spec import load_forms
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"  # demo case, one party
REGISTER = "case_source_register"


def count(db, form_id: str = REGISTER) -> int:
    return db.execute("SELECT COUNT(*) FROM documents WHERE form_id = ?", [form_id]).fetchone()[0]


def test_the_forms_a_case_keeps_one_of_are_flagged_in_their_files():
    forms = load_forms()[0]
    assert sorted(f.id for f in forms.values() if f.one_per_case) == [
        "case_source_register", "closing_approval", "file_cover", "file_index", "file_remarks", "filing_approval",
        "non_filing_approval"]


def test_a_second_case_source_register_is_refused_naming_the_one_in_force(demo_db, data_dir, english):
    case = find_case(demo_db, CASE)
    first = issue_document(demo_db, data_dir, case, find_form(REGISTER), {"source": "投诉"})
    with pytest.raises(WorkstationError) as refused:  # as `docs issue` asks: naming its --supersedes
        issue_document(demo_db, data_dir, case, find_form(REGISTER), {"source": "投诉"}, for_command_line=True)
    assert refused.value.message == (
        f"The case already has 案件来源登记表 (issued {first.issued_at[:10]}) in force, and a case keeps one "
        f"案件来源登记表. To change it, issue the new one as its correction (更正… in the case's documents, or "
        f"--supersedes {first.id}); if it must not stand, void it first, saying why.")
    assert count(demo_db) == 1


def test_a_correction_replaces_the_one_in_force_and_is_then_the_one_to_correct(demo_db, data_dir, english):
    case = find_case(demo_db, CASE)
    form = find_form(REGISTER)
    first = issue_document(demo_db, data_dir, case, form, {})
    assert decision_to_correct(demo_db, case, form, {}).id == first.id  # the editor offers it as a correction
    correction = issue_document(demo_db, data_dir, case, form, {}, supersedes=first.id)
    assert correction.supersedes_id == first.id
    assert decision_to_correct(demo_db, case, form, {}).id == correction.id
    with pytest.raises(WorkstationError, match="already corrected"):
        issue_document(demo_db, data_dir, case, form, {}, supersedes=first.id)
    with pytest.raises(WorkstationError, match="keeps one 案件来源登记表"):
        issue_document(demo_db, data_dir, case, form, {})
    assert count(demo_db) == 2


def test_voiding_the_one_in_force_lets_a_new_one_be_issued(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    first = issue_document(demo_db, data_dir, case, find_form(REGISTER), {"source": "投诉"})
    void_document(demo_db, first.id, "来源时间填写有误")
    again = issue_document(demo_db, data_dir, case, find_form(REGISTER), {"source": "投诉"})
    assert again.status == "issued" and again.supersedes_id is None


def test_another_case_and_other_forms_are_not_held_back(demo_db, data_dir):
    issue_document(demo_db, data_dir, find_case(demo_db, CASE), find_form(REGISTER), {"source": "投诉"})
    issue_document(demo_db, data_dir, find_case(demo_db, "佛南市监立〔2026〕2号"), find_form(REGISTER), {"source": "投诉"})
    assert count(demo_db) == 2


def test_docs_issue_refuses_a_second_one_in_one_line_and_writes_nothing(demo_db, data_dir, capsys, english,
                                                                        tmp_path):
    first = issue_document(demo_db, data_dir, find_case(demo_db, CASE), find_form(REGISTER), {"source": "投诉"})
    demo_db.conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", REGISTER,
                         "-o", tmp_path / "登记表.pdf")
    assert (code, out) == (1, "")
    assert len(err.strip().splitlines()) == 1 and f"--supersedes {first.id}" in err
    assert not (tmp_path / "登记表.pdf").exists()
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", REGISTER,
                         "--supersedes", first.id, "-o", tmp_path / "登记表.pdf")
    assert code == 0, err
    assert (tmp_path / "登记表.pdf").exists()
