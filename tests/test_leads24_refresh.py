"""The 线索 page's refresh and the complaint search at scale: the refresh no longer names each lead's deadline (the
list names the lead in its own columns), works out the screening rules' file once, not once a lead, and does not
lay out the descriptions it does not size its columns by; the complaint search works out each row's snippet once,
not again for every role a cell is asked for as the list is sized and painted."""

from __future__ import annotations

import pytest

from tests.helpers import insert_complaint_texts
from ui import leads_page
from ui.leads_page import LeadModel
from ui.marked_text import MARKS_ROLE
from ui.record_model import DISPLAY_ROLE
from workstation import clocks
from workstation.screening import rules as rules_module
from workstation.screening.rules import load_rules, rules_held
from workstation.store.complaints import search_complaints

LEADS = 30


def add_leads(db, n: int = LEADS) -> None:
    """``n`` undecided leads each about a number (their board label a subject and a masked number)."""
    for i in range(n):
        db.execute("INSERT INTO leads (id, source, received_at, description, category, phones, status, created_at, "
                   "updated_at) VALUES (?, 'hotline', '2026-03-02T09:00:00', ?, 'marketing_sms', ?, 'registered', "
                   "'2026-03-02', '2026-03-02')", [f"L{i}", f"垃圾短信：号码1307012{i:04d}", f"1307012{i:04d}"])


@pytest.fixture
def paths_worked_out(monkeypatch):
    """How many times the shipped rules file's path is worked out (each ``load_rules()`` outside ``rules_held``)."""
    calls = []
    shipped = rules_module.shipped_rules_path

    def counted():
        calls.append(1)
        return shipped()

    monkeypatch.setattr(rules_module, "shipped_rules_path", counted)
    return calls


def test_within_rules_held_the_shipped_rules_path_is_worked_out_once(paths_worked_out):
    with rules_held():
        loaded = [load_rules() for _n in range(100)]
    assert len(paths_worked_out) == 1 and all(rules is loaded[0] for rules in loaded)
    load_rules()  # outside: the file looked at again
    assert len(paths_worked_out) == 2


def test_the_leads_page_counts_the_same_dates_without_naming_the_leads(db):
    add_leads(db, 3)
    engine = clocks.engine_for(db)
    named = clocks.lead_deadlines(db, engine, with_filing=True)
    unnamed = clocks.lead_deadlines(db, engine, with_filing=True, labelled=False)
    assert [(d.lead_id, d.clock, d.due, d.state, d.confirmed) for d in unnamed] == \
        [(d.lead_id, d.clock, d.due, d.state, d.confirmed) for d in named]
    assert all(d.case_number.startswith(clocks._("Lead: {target}").format(target="")) for d in named)
    assert {d.case_number for d in unnamed} == {""}


def test_a_refresh_works_out_the_rules_file_once_not_once_a_lead(db, make_window, paths_worked_out):
    add_leads(db)
    page = make_window(db).leads_page
    paths_worked_out.clear()
    page.refresh()
    assert page.model.rowCount() == LEADS and all(d for d in (r["due"] for r in page.model.records))
    assert len(paths_worked_out) <= 2, len(paths_worked_out)  # the list's masking, not each lead's name


def test_a_refresh_does_not_lay_out_the_descriptions_to_size_their_column(db, make_window, monkeypatch):
    add_leads(db)
    asked = []
    data = LeadModel.data

    def counted(self, index, role=DISPLAY_ROLE):
        if role == DISPLAY_ROLE and index.isValid() and self.columns[index.column()][0] == "Description":
            asked.append(index.row())
        return data(self, index, role)

    monkeypatch.setattr(LeadModel, "data", counted)
    page = make_window(db).leads_page
    asked.clear()
    page.refresh()
    description = page.fitter.description
    assert page.model.rowCount() == LEADS and asked == []
    assert page.view.columnWidth(description) >= page.fitter.minimum  # given the room the others leave
    # the other columns still sized to their contents: the business names whole
    business = page.fitter.business
    assert page.view.columnWidth(business) >= page.view.fontMetrics().horizontalAdvance("—")


def searched_counting_snippets(db, make_window, monkeypatch, query: str):
    """The 线索 page of a window on ``db`` after searching the complaints for ``query``, and the list that gets an
    item each time a row's snippet is worked out (``leads_page.snippet``)."""
    worked_out = []
    snippet = leads_page.snippet

    def counted(*args, **kwargs):
        worked_out.append(1)
        return snippet(*args, **kwargs)

    monkeypatch.setattr(leads_page, "snippet", counted)
    page = make_window(db).leads_page
    page.search.setText(query)
    page.run_search()
    return page, worked_out


def test_a_search_works_out_each_rows_snippet_once(db, make_window, monkeypatch):
    insert_complaint_texts(db, [(f"W{i}", f"139001390{i:02d}", f"推销电话天天打来，回拨号码1380013{i:04d}无人接")
                                for i in range(20)])
    page, worked_out = searched_counting_snippets(db, make_window, monkeypatch, "推销")
    model = page.complaint_model
    assert model.rowCount() == 20
    page.complaint_view.resizeColumnsToContents()
    cells = [(model.data(model.index(row, model.TEXT_COLUMN)), model.data(model.index(row, model.TEXT_COLUMN),
                                                                          MARKS_ROLE)) for row in range(20)]
    assert len(worked_out) == 20
    text, marks = cells[0]
    assert "1380013" not in text and "****" in text and [text[a:b] for a, b in marks] == ["推销"]
    # a row whose numbers are revealed is shown unmasked (its own cell worked out again), the others as they were
    model.revealed[model.records[0].id] = {"text": model.records[0].text}
    assert "13800130" in model.data(model.index(0, model.TEXT_COLUMN))
    assert len(worked_out) == 21
    page.search.setText("电话")  # another search: other words marked
    page.run_search()
    assert [model.data(model.index(0, model.TEXT_COLUMN))[a:b]
            for a, b in model.data(model.index(0, model.TEXT_COLUMN), MARKS_ROLE)] == ["电话"]


def test_a_page_of_complaints_found_masks_its_numbers_with_the_rules_looked_at_once(db, paths_worked_out):
    insert_complaint_texts(db, [(f"W{i}", f"139001390{i:02d}", f"推销电话天天打来{i}") for i in range(20)])
    paths_worked_out.clear()
    found = search_complaints(db, "推销")
    assert len(found) == 20 and all("****" in hit.complainant for hit in found)
    assert len(paths_worked_out) <= 1


def test_the_search_list_works_out_the_snippets_of_the_rows_it_sizes_its_columns_by_not_of_the_whole_page(
        db, make_window, monkeypatch):
    found = leads_page.COMPLAINT_WIDTH_SAMPLE + 70
    insert_complaint_texts(db, [(f"W{i}", f"139001{i:05d}", f"推销电话天天打来{i}") for i in range(found)])
    page, worked_out = searched_counting_snippets(db, make_window, monkeypatch, "推销")
    model = page.complaint_model
    assert model.rowCount() == found  # every complaint found is listed
    assert 0 < len(worked_out) <= leads_page.COMPLAINT_WIDTH_SAMPLE + 1
    last = model.data(model.index(found - 1, model.TEXT_COLUMN))  # a row scrolled to has its snippet then
    assert last.startswith("推销电话天天打来") and len(worked_out) <= leads_page.COMPLAINT_WIDTH_SAMPLE + 2


def test_a_refresh_with_nothing_changed_gives_the_widths_found_before_and_a_change_sizes_them_again(
        db, make_window, monkeypatch):
    add_leads(db)
    asked = []
    data = LeadModel.data

    def counted(self, index, role=DISPLAY_ROLE):
        if role == DISPLAY_ROLE:
            asked.append(index.column())
        return data(self, index, role)

    monkeypatch.setattr(LeadModel, "data", counted)
    page = make_window(db).leads_page
    page.refresh()
    business = page.fitter.business
    widths = [page.view.columnWidth(c) for c in range(page.model.columnCount())]
    asked.clear()
    page.refresh()  # a visit: the same leads
    assert asked == [] and [page.view.columnWidth(c) for c in range(page.model.columnCount())] == widths
    db.execute("UPDATE leads SET businesses = '佛山市南海区某某房地产代理有限公司第一分公司' WHERE id = 'L0'")
    page.refresh()
    assert asked and page.view.columnWidth(business) > widths[business]


def test_a_visit_with_no_lead_changed_counts_no_deadline_again_and_a_change_is_counted(db, make_window,
                                                                                         monkeypatch):
    add_leads(db, 3)
    counts = []
    count = clocks.lead_deadlines
    monkeypatch.setattr(clocks, "lead_deadlines", lambda *a, **k: counts.append(1) or count(*a, **k))
    page = make_window(db).leads_page
    page.refresh()
    before = {r["id"]: r["due"] for r in page.model.records}
    counts.clear()
    page.refresh()
    assert counts == [] and {r["id"]: r["due"] for r in page.model.records} == before
    db.execute("UPDATE leads SET extension_days = 10, extension_approved_on = '2026-03-05', "
               "extension_approved_by = '局长' WHERE id = 'L1'")
    page.refresh()
    after = {r["id"]: r["due"] for r in page.model.records}
    assert counts == [1] and after["L1"] > before["L1"] and after["L0"] == before["L0"]
