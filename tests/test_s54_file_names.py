"""The file name a save dialog offers for a form whose title holds a slash (场所/设施/财物清单) keeps the whole title:
the dialog would take the slash for a folder and offer only the last part (财物清单)."""

from __future__ import annotations

from pathlib import Path

from ui.prompts import documents_folder
from workstation.documents.casefile import offered_file_name
from workstation.store import find_case

FILED = "佛南市监立〔2026〕9号"  # demo case under investigation


def test_a_title_with_slashes_is_offered_whole():
    assert offered_file_name("场所/设施/财物清单") == "场所、设施、财物清单"
    assert offered_file_name("检测/检验/检疫/鉴定委托书（草稿）") == "检测、检验、检疫、鉴定委托书（草稿）"
    assert offered_file_name("佛南市监立〔2026〕9号") == "佛南市监立〔2026〕9号"
    assert offered_file_name('a:b?"<>|') == "ab"


def test_the_case_documents_offer_the_whole_title_for_a_draft(make_window, demo_db, prompts):
    window = make_window(demo_db)
    section = window.open_case(find_case(demo_db, FILED).id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("testing_commission"))
    section.save_draft("pdf")  # nothing chosen: nothing written
    # in the folder the dialog opens in (the user's documents, not the program's working folder)
    assert prompts.errors == [] and [(Path(n).parent, Path(n).name) for n in prompts.offered_names] == [
        (documents_folder(), "检测、检验、检疫、鉴定委托书（草稿）.pdf")]


def test_the_editor_offers_the_whole_title(demo_db, opened, prompts):
    editor = opened(demo_db, "testing_commission", find_case(demo_db, FILED))
    editor.save_as("pdf")
    assert prompts.errors == [] and [(Path(n).parent, Path(n).name) for n in prompts.offered_names[-1:]] == [
        (documents_folder(), "检测、检验、检疫、鉴定委托书.pdf")]
