"""The 文号 abbreviation of a bureau corrected once the database exists (``station details --doc-abbrev``, the
本局文书信息 dialog): checked, audited, its town offices numbering with it; the bureau's case numbers and 文号 go on
after those written with the abbreviation before; and a 文号 typed with 第, leading zeros or other brackets is found
by the register's search and by `docs void` / `docs issue --supersedes`."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from workstation.document_register import registered_documents
from workstation.documents.drafts import find_form
from workstation.documents.issuing import get_document, issue_document
from workstation.documents.numbering import next_number
from workstation.errors import ValidationError
from workstation.store import agency_by_code, find_case, get_agency
from workstation.store.cases import next_case_number

NANHAI, NANHAI_TOWN, CHANCHENG = "440605", "440605011", "440604"
CASE = "佛南市监立〔2026〕1号"  # a demo case of 南海区局: its cases carry 佛南市监立〔2026〕1号 … 9号


def set_doc_abbrev(db, agency_id, abbrev):
    from workstation.store.agencies import set_doc_abbrev

    return set_doc_abbrev(db, agency_id, abbrev)


def audited(db, agency_id) -> int:
    return db.execute("SELECT count(*) FROM audit WHERE entity = 'agency' AND entity_id = ?", [agency_id]).fetchone()[0]


def test_the_abbreviation_is_set_audited_and_taken_by_the_town_offices(demo_db):
    bureau, town = agency_by_code(demo_db, NANHAI), agency_by_code(demo_db, NANHAI_TOWN)
    before = audited(demo_db, bureau.id)
    set_doc_abbrev(demo_db, bureau.id, " 南海市监 ")
    assert get_agency(demo_db, bureau.id).doc_abbrev == "南海市监"
    assert get_agency(demo_db, town.id).doc_abbrev == "南海市监"  # a town office numbers in its bureau's name
    assert audited(demo_db, bureau.id) == before + 1
    set_doc_abbrev(demo_db, bureau.id, "南海市监")  # the same again changes nothing
    assert audited(demo_db, bureau.id) == before + 1


@pytest.mark.parametrize("typed, said", [("", "Give the 文号 abbreviation"), ("NH市监", "Chinese characters"),
                                         ("佛禅市监", "禅城区局"), ("佛南市监〔", "Chinese characters")])
def test_a_wrong_abbreviation_is_refused_and_nothing_changes(demo_db, english, typed, said):
    bureau = agency_by_code(demo_db, NANHAI)
    before = audited(demo_db, bureau.id)
    with pytest.raises(ValidationError) as refused:
        set_doc_abbrev(demo_db, bureau.id, typed)
    assert said in refused.value.errors["doc_abbrev"]
    assert get_agency(demo_db, bureau.id).doc_abbrev == "佛南市监" and audited(demo_db, bureau.id) == before


def test_a_town_office_and_a_former_abbreviation_of_another_bureau_are_refused(demo_db, english):
    town = agency_by_code(demo_db, NANHAI_TOWN)
    with pytest.raises(ValidationError) as refused:
        set_doc_abbrev(demo_db, town.id, "南海市监")
    assert "南海区局" in refused.value.errors["doc_abbrev"]
    set_doc_abbrev(demo_db, agency_by_code(demo_db, NANHAI).id, "南海市监")
    # 佛南市监 numbered 南海区局's cases: given to another bureau, its numbers would read as theirs
    with pytest.raises(ValidationError) as refused:
        set_doc_abbrev(demo_db, agency_by_code(demo_db, CHANCHENG).id, "佛南市监")
    assert "南海区局" in refused.value.errors["doc_abbrev"]
    # the bureau itself may take its former one back
    set_doc_abbrev(demo_db, agency_by_code(demo_db, NANHAI).id, "佛南市监")
    assert agency_by_code(demo_db, NANHAI).doc_abbrev == "佛南市监"


def test_case_numbers_and_document_numbers_go_on_after_the_abbreviation_changed(demo_db, data_dir):
    bureau, town = agency_by_code(demo_db, NANHAI), agency_by_code(demo_db, NANHAI_TOWN)
    assert next_case_number(demo_db, bureau.id, 2026) == "佛南市监立〔2026〕10号"
    issued = issue_document(demo_db, data_dir, find_case(demo_db, CASE), find_form("penalty_decision"), {})
    serial = int(issued.number.split("〕")[1].rstrip("号"))
    set_doc_abbrev(demo_db, bureau.id, "南海市监")
    assert next_case_number(demo_db, bureau.id, 2026) == "南海市监立〔2026〕10号"
    assert next_case_number(demo_db, town.id, 2026) == "南海市监立〔2026〕10号"
    year = int(issued.number.split("〔")[1][:4])
    assert next_number(demo_db, bureau.id, "处", year) == f"南海市监处〔{year}〕{serial + 1}号"
    # changed once more, the numbers of both earlier abbreviations are counted
    set_doc_abbrev(demo_db, bureau.id, "南海区市监")
    assert next_case_number(demo_db, bureau.id, 2026) == "南海区市监立〔2026〕10号"


def test_the_command_line_sets_the_abbreviation(demo_db, data_dir, capsys, english):
    result = run_json(capsys, "--data-dir", data_dir, "station", "details", "--agency", NANHAI,
                      "--doc-abbrev", "南海市监")
    assert result["doc_abbrev"] == "南海市监" and result["agency"] == NANHAI
    assert run_json(capsys, "--data-dir", data_dir, "station", "details", "--agency", NANHAI)["doc_abbrev"] == "南海市监"
    code, out, err = run(capsys, "--data-dir", data_dir, "station", "details", "--agency", NANHAI, "--doc-abbrev",
                         "佛禅市监")
    assert code == 1 and "--doc-abbrev" in err and "禅城区局" in err and "Traceback" not in err
    from workstation.agency_details import agency_details

    before = agency_details(demo_db, agency_by_code(demo_db, NANHAI).id)
    code, out, err = run(capsys, "--data-dir", data_dir, "station", "details", "--agency", NANHAI, "--doc-abbrev",
                         "佛禅市监", "--contact-phone", "0757 8628 1234")
    assert code == 1 and agency_by_code(demo_db, NANHAI).doc_abbrev == "南海市监"
    assert agency_details(demo_db, agency_by_code(demo_db, NANHAI).id) == before  # nothing changed
    code, out, err = run(capsys, "--data-dir", data_dir, "station", "details", "--agency", NANHAI_TOWN,
                         "--doc-abbrev", "南海所")
    assert code == 1 and "南海区局" in err and agency_by_code(demo_db, NANHAI_TOWN).doc_abbrev == "南海市监"
    result = run_json(capsys, "--data-dir", data_dir, "station", "details", "--agency", NANHAI_TOWN)
    assert result["doc_abbrev"] == "南海市监"  # the bureau's, which its documents carry


@pytest.mark.gui
def test_the_details_dialog_edits_the_abbreviation(demo_db, qtbot, english):
    from ui.agency_details_dialog import AgencyDetailsDialog

    bureau, town = agency_by_code(demo_db, NANHAI), agency_by_code(demo_db, NANHAI_TOWN)
    dialog = AgencyDetailsDialog(demo_db, agency_id=bureau.id)
    qtbot.addWidget(dialog)
    edit = dialog.edits["doc_abbrev"]
    assert edit.text() == "佛南市监" and edit.isEnabled()
    edit.setText("佛禅市监")
    assert not dialog.save() and "禅城区局" in dialog.errors["doc_abbrev"].text()
    edit.setText("南海市监")
    assert dialog.save()
    assert agency_by_code(demo_db, NANHAI).doc_abbrev == "南海市监"
    dialog = AgencyDetailsDialog(demo_db, agency_id=town.id)  # a town office's is its bureau's, shown greyed
    qtbot.addWidget(dialog)
    assert dialog.edits["doc_abbrev"].text() == "南海市监" and not dialog.edits["doc_abbrev"].isEnabled()
    dialog.edits["contact_phone"].setText("075786281234")
    assert dialog.save()


@pytest.fixture
def decision(demo_db, data_dir):
    return issue_document(demo_db, data_dir, find_case(demo_db, CASE), find_form("penalty_decision"), {})


def typed_otherwise(number: str) -> list[str]:
    """``number`` (佛南市监处〔2026〕1号) written with 第 and a leading zero, with square and round brackets."""
    head, tail = number.split("〔")
    year, serial = tail.split("〕")
    return [f"{head}〔{year}〕第0{serial}", f"{head}[{year}]{serial}", f"{head}（{year}）第{serial}",
            f"{head} ({year}) 0{serial}"]


def test_the_register_finds_a_number_typed_otherwise(demo_db, data_dir, decision, capsys):
    for typed in typed_otherwise(decision.number):
        assert [r.id for r in registered_documents(demo_db, search=typed)] == [decision.id], typed
    # the case number too, as `cases list --search` finds it
    assert decision.id in [r.id for r in registered_documents(demo_db, search="佛南市监立〔2026〕第01号")]
    result = run_json(capsys, "--data-dir", data_dir, "docs", "register", "--search", typed_otherwise(decision.number)[0])
    assert [row["number"] for row in result] == [decision.number]


def test_void_and_supersedes_take_a_number_typed_otherwise(demo_db, data_dir, decision, capsys, tmp_path):
    for typed in typed_otherwise(decision.number):
        assert get_document(demo_db, typed).id == decision.id, typed
    result = run_json(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", "penalty_decision",
                      "--supersedes", typed_otherwise(decision.number)[1], "-o", tmp_path / "corrected.pdf")
    corrected = get_document(demo_db, result["number"])
    assert corrected.supersedes_id == decision.id
    result = run_json(capsys, "--data-dir", data_dir, "docs", "void", typed_otherwise(corrected.number)[2],
                      "--reason", "金额有误")
    assert result["id"] == corrected.id and result["status"] == "void"


def test_a_register_row_numbered_with_the_former_abbreviation_is_not_warned_about(demo_db, english):
    from workstation.case_reference import Abbreviations, number_warnings

    bureau, town = agency_by_code(demo_db, NANHAI), agency_by_code(demo_db, NANHAI_TOWN)
    set_doc_abbrev(demo_db, bureau.id, "南海市监")
    abbreviations = Abbreviations.read(demo_db)
    for agency in (bureau, town):
        assert number_warnings("佛南市监立〔2026〕3号", agency.id, "2026", abbreviations) == []
        assert number_warnings("南海市监立〔2026〕10号", agency.id, "2026", abbreviations) == []
    warned = number_warnings("佛南市监立〔2026〕3号", agency_by_code(demo_db, CHANCHENG).id, "2026", abbreviations)
    assert len(warned) == 1 and "南海区局" in warned[0]
