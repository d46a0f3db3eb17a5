"""The printed 卷宗 binds one cover, one index and one remarks sheet: the issued ones in their places, never among
the documents, and an issued one that no longer describes the file refuses the print naming it."""
import io

import pytest
from pypdf import PdfReader

from workstation.documents.casefile import print_case_file
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import WorkstationError
from workstation.formkit.values import documents_context
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"


def texts_of(case_file) -> list[str]:
    return [page.extract_text().replace(" ", "") for page in PdfReader(io.BytesIO(case_file.data)).pages]


def issue_sheets(db, data_dir, case, supersedes=None):
    return [issue_document(db, data_dir, case, find_form(form_id), supersedes=(supersedes or {}).get(form_id))
            for form_id in ("file_cover", "file_index", "file_remarks")]


@pytest.fixture
def filed(demo_db, data_dir, kept_state):
    def make():
        case = find_case(demo_db, CASE)
        decision = issue_document(demo_db, data_dir, case, find_form("penalty_decision"))
        receipt = issue_document(demo_db, data_dir, case, find_form("delivery_receipt"),
                                 {"served_document": f"行政处罚决定书 {decision.number}"})
        return case, [decision, receipt]

    return kept_state("filed", demo_db, data_dir, make)


def test_the_issued_cover_index_and_remarks_are_bound_once_in_their_places_with_the_right_pages(
        demo_db, data_dir, filed):
    case, documents = filed
    cover, index, remarks = issue_sheets(demo_db, data_dir, case)
    assert cover.values["doc_count"] == 2 and remarks.values["doc_count"] == 2  # the sheets count only the documents
    rows = [row.split(" | ") for row in index.values["index"].splitlines()]
    # the cover is not listed in the index (a 送达回证 titled by what it served)
    assert [row[3].split("（")[0] for row in rows] == [d.title for d in documents]
    decision_pages = documents[0].pages
    assert rows[0][5] == ("1" if decision_pages == 1 else f"1-{decision_pages}")  # the first document is page 1
    case_file = print_case_file(demo_db, data_dir, case)
    texts = texts_of(case_file)
    assert sum("行政处罚案卷" in t for t in texts) == 1
    assert sum("卷内备考表" in t for t in texts) == 1
    index_pages = [i for i, t in enumerate(texts) if "卷内文件目录" in t]
    assert index_pages == list(range(1, 1 + index.pages))  # right after the cover
    assert "行政处罚案卷" in texts[0] and "卷内备考表" in texts[-1]
    assert "本卷共2件" in texts[0]  # the issued cover, as issued
    assert set(case_file.numbered) == {d.id for d in documents}
    total = sum(d.pages for d in documents)
    assert case_file.pages == cover.pages + index.pages + total + remarks.pages
    assert case_file.numbered[documents[1].id] == (decision_pages + 1, total)


def test_the_drawn_index_of_a_case_with_an_issued_cover_does_not_list_it(demo_db, data_dir, filed):
    case, documents = filed
    issue_document(demo_db, data_dir, case, find_form("file_cover"))
    context = documents_context(demo_db, case)
    assert context["documents.count"] == 2
    assert len(context["documents.rows"].splitlines()) == 2
    texts = texts_of(print_case_file(demo_db, data_dir, case))
    assert sum("行政处罚案卷" in t for t in texts) == 1


def test_a_sheet_issued_before_a_later_document_refuses_the_print_naming_it_until_corrected(
        demo_db, data_dir, filed, english):
    case, documents = filed
    sheets = issue_sheets(demo_db, data_dir, case)
    late = issue_document(demo_db, data_dir, case, find_form("delivery_receipt"),
                          {"served_document": f"行政处罚决定书 {documents[0].number}"})
    with pytest.raises(WorkstationError) as refused:
        print_case_file(demo_db, data_dir, case)
    message = refused.value.message
    for title in ("卷宗封面", "卷内文件目录", "卷内备考表"):
        assert title in message
    assert "issued after it" in message and "更正" in message
    corrected = issue_sheets(demo_db, data_dir, case, {s.form_id: s.id for s in sheets})
    assert corrected[0].values["doc_count"] == 3
    case_file = print_case_file(demo_db, data_dir, case)
    texts = texts_of(case_file)
    assert sum("行政处罚案卷" in t for t in texts) == 1 and sum("卷内备考表" in t for t in texts) == 1
    assert "本卷共3件" in texts[0]
    assert set(case_file.numbered) == {d.id for d in [*documents, late]}


def test_a_cover_counting_fewer_documents_than_the_file_holds_refuses_the_print(demo_db, data_dir, filed, english):
    case, _documents = filed
    issue_document(demo_db, data_dir, case, find_form("file_cover"), {"doc_count": 1})
    with pytest.raises(WorkstationError, match="counts 1 documents .* holds 2 documents"):
        print_case_file(demo_db, data_dir, case)
    issue_document(demo_db, data_dir, case, find_form("file_remarks"), {"doc_count": 5})  # other materials counted
    with pytest.raises(WorkstationError) as refused:
        print_case_file(demo_db, data_dir, case)
    assert "卷宗封面" in refused.value.message and "卷内备考表" not in refused.value.message


def test_an_issued_cover_and_remarks_sheet_counting_the_file_differently_refuse_the_print(
        demo_db, data_dir, filed, english):
    case, documents = filed
    pages = sum(d.pages for d in documents)
    cover = issue_document(demo_db, data_dir, case, find_form("file_cover"))
    issue_document(demo_db, data_dir, case, find_form("file_remarks"), {"doc_count": 3, "doc_pages": pages + 2})
    with pytest.raises(WorkstationError) as refused:  # a copy of the licence counted on one sheet only
        print_case_file(demo_db, data_dir, case)
    assert (f"the 卷宗封面 counts 2 documents and {pages} pages and the 卷内备考表 3 documents and {pages + 2} pages"
            in refused.value.message)
    issue_document(demo_db, data_dir, case, find_form("file_cover"), {"doc_count": 3, "doc_pages": pages + 2},
                   supersedes=cover.id)
    texts = texts_of(print_case_file(demo_db, data_dir, case))
    assert f"本卷共3件，共{pages + 2}页" in texts[0] and f"本卷共有文件材料3件，共{pages + 2}页" in texts[-1]
