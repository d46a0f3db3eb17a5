"""Numbers shown in lists are masked by the screening rules in force — the copy edited in the rules editor and saved
in the data directory, else the shipped file — as screening and search read them, not by the shipped file alone:
a number the edited rules read as a telephone number was searchable as one but shown whole in the lists. The lists
read the rules again at their next refresh after the rules are saved."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ui.case_model import CaseTableModel
from ui.masked_value import MaskedRecordModel
from workstation.masking import mask_field, mask_text, rules_in_force
from workstation.paths import use_data_dir
from workstation.screening.rules import (
    RULES_PARTS,
    load_rules,
    restore_shipped_rules,
    save_rules,
    shipped_rules_path,
)
from workstation.store import CaseFilter, get_case
from workstation.store.cases import update_case

# the shipped rules read a number after 快递 as no telephone number (a parcel number): an office whose complaints
# write "快递员电话86123456" takes 快递 out of those words, and the number is then a telephone number
WRITTEN = "快递86123456来电推销"
MASKED = "快递****3456来电推销"


def edited_rules() -> str:
    text = shipped_rules_path().read_text(encoding="utf-8")
    assert '"快递", ' in text
    return text.replace('"快递", ', "", 1)


@pytest.fixture
def in_use(data_dir):
    """The data directory in use, as the window and the commands make theirs."""
    previous = use_data_dir(data_dir)
    yield data_dir
    use_data_dir(previous)


def test_masking_follows_the_rules_saved_in_the_data_directory_in_use(in_use):
    assert mask_text(WRITTEN) == WRITTEN  # the shipped rules: a parcel number
    save_rules(in_use, edited_rules())
    assert mask_text(WRITTEN) == MASKED
    assert mask_field("description", WRITTEN) == MASKED
    restore_shipped_rules(in_use)
    assert mask_text(WRITTEN) == WRITTEN


def test_an_edited_copy_that_cannot_be_read_gives_way_to_the_shipped_rules(in_use):
    broken = in_use.joinpath(*RULES_PARTS)
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text("[phones\nnot toml", encoding="utf-8")
    assert rules_in_force() is load_rules()  # the shipped file's
    assert mask_text("客户13800138000投诉") == "客户138****8000投诉"  # masked, not an error where a list shows


def test_a_masked_list_masks_by_the_rules_in_force_and_reads_them_again_at_its_next_refresh(qapp, in_use):
    model = MaskedRecordModel([("Description", lambda r: model.shown(r, "description"))], "evidence",
                              ("description",))
    records = [{"id": "e1", "description": WRITTEN}]
    model.set_records(records)
    assert model.index(0, 0).data() == WRITTEN
    save_rules(in_use, edited_rules())
    model.set_records(records)
    assert model.index(0, 0).data() == MASKED
    assert model.masked_fields(records[0]) == ["description"]  # what "Show full numbers" reveals
    restore_shipped_rules(in_use)
    model.set_records(records)
    assert model.index(0, 0).data() == WRITTEN and model.masked_fields(records[0]) == []


def test_the_case_list_masks_a_cause_by_the_rules_in_force(qapp, db, make_case, in_use):
    case = make_case()  # not closed: a closed case keeps the cause it was closed with
    update_case(db, replace(get_case(db, case.id), cause="涉嫌" + WRITTEN + "案"))
    save_rules(in_use, edited_rules())
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    assert model.index(0, 2).data() == "涉嫌" + MASKED + "案"
    restore_shipped_rules(in_use)
    model.refresh()
    assert model.index(0, 2).data() == "涉嫌" + WRITTEN + "案"
