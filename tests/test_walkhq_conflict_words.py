# ruff: noqa: F811 - the fixtures imported from test_ui_exchange are used by name
"""Headquarters' analyst reading the 冲突 tab after a station and headquarters both changed a lead and a case: the
lead's fields are named in words (not "category", "phones", "first_at"), and a case's status, sector and a lead's
screening category are shown by their labels (已结案, 教育培训, 个人信息泄露), not by their keys."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import Qt

from tests.helpers import open_db, run_json
from tests.test_ui_exchange import (  # noqa: F401
    build,
    dirs,
    edit_case,
    export_from_station,
    merge_through,
    template,
)
from workstation.bundle.conflict_text import field_label, show_value
from workstation.i18n import _

pytestmark = pytest.mark.gui

LEAD_FIELDS = ("category", "phones", "first_at", "complaint_count", "group_key", "businesses", "last_at",
               "description", "status", "source", "decided_on")


def _edit_first_lead(data_dir, **fields) -> str:
    from workstation.store import list_leads, save_lead

    db = open_db(data_dir)
    lead = sorted(list_leads(db), key=lambda item: item.id)[0]
    save_lead(db, replace(lead, **fields))
    db.conn.close()
    return lead.id


def _rows(model) -> list[dict]:
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [{head: model.index(r, c).data() for c, head in enumerate(heads)} for r in range(model.rowCount())]


def test_a_lead_s_fields_have_names_in_words_not_column_names():
    for field in LEAD_FIELDS:
        assert field_label(field, "leads") != field, field
    assert field_label("kind", "parties") != field_label("kind", "interviews")
    # a case's fields keep the case editor's labels
    assert field_label("fine_fen", "cases") == field_label("fine_fen") == _("Fine (yuan)")


def test_every_field_of_a_case_a_bundle_carries_has_a_name_in_words(db):
    # a case's status or discretion changed on both sides read "status 调查终结 ≠ 中止调查" (found by the bundle audit)
    internal = {"id", "version", "created_at", "updated_at", "party_sort", "cause_sort", "penalty_sort"}
    columns = [row[1] for row in db.execute("PRAGMA table_info(cases)")]
    assert [c for c in columns if c not in internal and field_label(c, "cases") == c] == []


def test_keys_of_the_vocabulary_are_shown_by_their_labels():
    assert show_value("status", "closed", table="cases") == "已结案"
    assert show_value("status", "assigned", table="leads") == "已交办"
    assert show_value("sector", "education", table="cases") == "教育培训"
    assert show_value("category", "information_leak", table="leads") == "个人信息泄露"
    assert show_value("violations", ["unsolicited_commercial_messages", "illegal_provision_or_leak"],
                      table="cases") == "未经同意发送商业性信息、非法提供或泄露个人信息"
    assert show_value("kind", "company", table="parties") == "企业"
    # free text that happens to equal a key stays as it is outside the field that holds keys
    assert show_value("description", "closed", table="leads") == "closed"


def test_the_conflicts_tab_names_a_lead_s_fields_and_shows_labels_not_keys(dirs, build, prompts, capsys):
    export_from_station(dirs, build, prompts, "one.bundle")
    db, page = build(dirs / "hq")
    prompts.confirm_answer = True
    merge_through(page, dirs / "one.bundle")
    edit_case(dirs / "hq", sector="education")
    edit_case(dirs / "station", sector="decoration")
    _edit_first_lead(dirs / "hq", category="harassment_call")
    _edit_first_lead(dirs / "station", category="information_leak")
    export_from_station(dirs, build, prompts, "two.bundle")
    merge_through(page, dirs / "two.bundle")
    rows = _rows(page.conflicts_model)
    fields = {row[_("Field")] for row in rows}
    assert _("Sector") in fields and _("Personal-information category") in fields
    assert not fields & set(LEAD_FIELDS)
    sector = next(row for row in rows if row[_("Field")] == _("Sector"))
    assert (sector[_("Value here")], sector[_("Station's value")]) == ("教育培训", "装饰装修")
    category = next(row for row in rows if row[_("Field")] == _("Personal-information category"))
    assert category[_("Station's value")] == "个人信息泄露"
    assert category[_("Value here")] not in ("harassment_call", "information_leak")
    # the command line lists them in the same words
    listed = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    lead = next(c for c in listed if c["table"] == "leads" and c["field"] == "category")
    assert lead["field_label"] == _("Personal-information category") and lead["incoming_text"] == "个人信息泄露"
