"""A case context reads what it draws on once: its evidence register (its lists, its proof, its 调查经过 and its
卷内备考表 each listed the register, 800 items in a big case) and the forms folder (a dozen ``load_forms``, each
stat-ing the sixty-odd form files). What was read is kept for that context only: a change made meanwhile on the
connection, or the next context, reads them again; and the values are those worked out item by item."""

from __future__ import annotations

import os
import re
import threading
from dataclasses import replace

import pytest

from tests.helpers import sql_matching, statements_run
from workstation import agency_details, read_once
from workstation.clocks import _READ_ONCE as clocks_scope
from workstation.documents.drafts import draft_values, find_form
from workstation.documents.issuing import check_issue
from workstation.errors import ValidationError
from workstation.formkit.spec import _READ_ONCE as forms_scope
from workstation.formkit.spec import forms_read_once, load_forms
from workstation.formkit.values import case_context
from workstation.law.data import _READ_ONCE as law_scope
from workstation.paths import FORMS
from workstation.payments import _READ_ONCE as balance_scope
from workstation.read_once import context_reads_once
from workstation.records import Party
from workstation.store import get_case, parties_of_case, save_party
from workstation.store.cases import update_case
from workstation.store.evidence import _READ_ONCE as evidence_scope
from workstation.store.evidence import (
    add_evidence,
    evidence_read_once,
    extraction_row,
    file_line,
    in_force,
    list_evidence,
    void_evidence,
)
from workstation.store.parties import _READ_ONCE as parties_scope
from workstation.store.parties import parties_read_once

#: list_evidence's query, as SQLite's trace gives it (its parameter written in)
REGISTER_READ = re.compile(r"SELECT \* FROM evidence WHERE case_id = '[^']*' ORDER BY created_at, rowid")


@pytest.fixture
def with_evidence(db, data_dir, make_case, tmp_path):
    """A filed case with five items of evidence of two days (a customer list among them) and one voided."""
    case = make_case(status="investigating", filed_on="2026-03-02", lead_received_on="2026-03-01")
    items = []
    for n in range(5):
        path = tmp_path / (f"客户名单{n}.xlsx" if n == 2 else f"现场照片{n}.jpg")
        path.write_bytes(f"evidence {n}".encode())
        items.append(add_evidence(db, data_dir, case.id, path, kind="customer_list" if n == 2 else "photo",
                                  source="当事人办公室", collected_on="2026-03-05" if n < 3 else "2026-03-06",
                                  collector="张三"))
    void_evidence(db, items[1].id, "登记错误")
    return get_case(db, case.id)


def test_a_case_context_reads_the_evidence_register_once(db, with_evidence):
    with statements_run(db) as ran:
        context = case_context(db, with_evidence)
    assert sql_matching(ran, REGISTER_READ) == 1
    assert context["evidence.count"] == 4


@pytest.mark.parametrize("form_id", ["evidence_extraction", "filing_approval"])
def test_a_draft_and_the_checks_of_an_issue_read_the_register_once(db, with_evidence, form_id):
    form = find_form(form_id)
    for action in (draft_values, check_issue):
        with statements_run(db) as ran:
            try:
                action(db, with_evidence, form, {})
            except ValidationError:  # refused for a value left blank: the reads before are what is counted
                pass
        assert sql_matching(ran, REGISTER_READ) == 1, action.__name__


def test_a_case_context_looks_at_the_forms_folder_once(db, with_evidence, monkeypatch):
    listed = []
    scandir = os.scandir

    def counted(path=".", *args):
        listed.append(str(path))
        return scandir(path, *args)

    monkeypatch.setattr(os, "scandir", counted)
    case_context(db, with_evidence)
    assert len(listed) <= 1


def write_form(folder) -> str:
    """A form file written into ``folder`` (a copy of the shipped 立案审批表 under another id): its id."""
    text = (FORMS / "filing_approval.toml").read_text(encoding="utf-8")
    assert 'id = "filing_approval"' in text
    (folder / "x.toml").write_text(text.replace('id = "filing_approval"', 'id = "x"', 1), encoding="utf-8")
    return "x"


def test_the_forms_read_once_are_those_of_the_folder(tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    with forms_read_once():
        first = load_forms(folder)
        assert first == ({}, {})
        form_id = write_form(folder)  # written within: not seen until it ends
        again = load_forms(folder)
        again[0]["y"] = None  # a dict of its own: changing it changes nothing kept
        assert load_forms(folder) == first == ({}, {})
    assert form_id in load_forms(folder)[0]


#: every reader's scope: none may be left open
SCOPES = {"parties": parties_scope, "evidence": evidence_scope, "forms": forms_scope, "balance": balance_scope,
          "clocks": clocks_scope, "law": law_scope}


def scopes_open() -> list[str]:
    return [name for name, var in SCOPES.items() if read_once.active(var)]


def test_a_case_context_that_fails_leaves_no_scope_open(db, with_evidence, tmp_path, monkeypatch):
    folder = tmp_path / "forms"
    folder.mkdir()

    def failing(*_args):  # the context's forms read (none yet), then it fails
        load_forms(folder)
        list_evidence(db, with_evidence.id)
        raise RuntimeError("failed")

    monkeypatch.setattr(agency_details, "details_context", failing)
    with pytest.raises(RuntimeError):
        case_context(db, with_evidence)
    assert scopes_open() == []
    form_id = write_form(folder)
    assert form_id in load_forms(folder)[0]  # read again, not the forms of the failed context


def test_a_thread_started_within_a_scope_is_not_in_it(tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    seen = {}

    def elsewhere():
        seen["open"] = scopes_open()
        seen["forms"] = load_forms(folder)[0]

    with context_reads_once():
        assert sorted(scopes_open()) == sorted(SCOPES)
        assert load_forms(folder) == ({}, {})
        form_id = write_form(folder)
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
        assert load_forms(folder) == ({}, {})  # this thread's scope holds
    assert seen["open"] == [] and form_id in seen["forms"]


def test_what_was_read_before_a_rollback_is_read_again(db, data_dir, with_evidence, tmp_path):
    path = tmp_path / "补充照片.jpg"
    path.write_bytes(b"more evidence")
    with evidence_read_once():
        before = [item.id for item in list_evidence(db, with_evidence.id)]
        with pytest.raises(RuntimeError), db.atomic():
            add_evidence(db, data_dir, with_evidence.id, path, kind="photo", collected_on="2026-03-07")
            assert len(list_evidence(db, with_evidence.id)) == len(before) + 1
            raise RuntimeError("rolled back")
        assert [item.id for item in list_evidence(db, with_evidence.id)] == before


def test_the_parties_read_before_a_rollback_are_read_again(db, make_case):
    case = make_case()
    other = save_party(db, Party(name="佛山市南海区甲乙电话营销服务部", uscc="92440605MA4UJ0PX4W"))
    with parties_read_once():
        before = [p.id for p in parties_of_case(db, case.id)]
        with pytest.raises(RuntimeError), db.atomic():
            update_case(db, replace(get_case(db, case.id), party_ids=[*before, other.id]))
            assert [p.id for p in parties_of_case(db, case.id)] == [*before, other.id]
            raise RuntimeError("rolled back")
        assert [p.id for p in parties_of_case(db, case.id)] == before


def test_evidence_registered_meanwhile_is_read_again(db, data_dir, with_evidence, tmp_path):
    path = tmp_path / "补充照片.jpg"
    path.write_bytes(b"more evidence")
    with evidence_read_once():
        before = list_evidence(db, with_evidence.id)
        add_evidence(db, data_dir, with_evidence.id, path, kind="photo", collected_on="2026-03-07")
        after = list_evidence(db, with_evidence.id)
    assert len(after) == len(before) + 1
    assert list_evidence(db, with_evidence.id)[-1].file_name == "补充照片.jpg"


def test_the_evidence_lists_are_those_of_each_item(db, with_evidence):
    context = case_context(db, with_evidence)
    numbered = in_force(list_evidence(db, with_evidence.id))
    assert [n for n, _item in numbered] == [1, 3, 4, 5]
    assert context["evidence.rows_all"] == "\n".join(extraction_row(n, item) for n, item in numbered)
    assert context["evidence.files"] == "\n".join(f"{n}. {file_line(item)}" for n, item in numbered)
    electronic = [(n, item) for n, item in numbered if item.kind == "customer_list"]
    assert context["evidence.electronic_files_all"] == "\n".join(f"{n}. {file_line(item)}" for n, item in electronic)
    # the latest day's items not yet on a 证据提取单
    assert context["evidence.extraction_on"] == "2026-03-06"
    assert context["evidence.rows"] == "\n".join(extraction_row(n, item) for n, item in numbered[2:])


def test_the_items_of_the_register_kept_are_not_changed_by_their_callers(db, with_evidence):
    with evidence_read_once():
        first = list_evidence(db, with_evidence.id)
        shown = [(item.id, item.description, item.kind) for item in first]
        for item in first:
            item.description = "changed"
            item.kind = "other"
        first.clear()
        assert [(item.id, item.description, item.kind) for item in list_evidence(db, with_evidence.id)] == shown
