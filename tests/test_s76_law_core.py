"""Session 76, last read of the law core: the fine a 集体讨论结论 states in 大写 with 零, the numerals refused when
malformed, the length reader of thresholds.py on the shared reader."""

from __future__ import annotations

import itertools
import re

import pytest

from workstation import money
from workstation.decision_review import stated_fines
from workstation.documents.stage_rules import stage_warnings
from workstation.validators import chinese_numeral

CASE_FACTS = "当事人于2026年1月5日在本市销售不合格产品。"


@pytest.mark.parametrize("fen", [300_005, 300_050, 300_055, 100_000_005, 90_000_000])
def test_the_fine_the_app_writes_in_words_is_read_back(fen):
    assert stated_fines("经集体讨论，同意罚款" + money.uppercase(fen) + "。") == [fen]


def test_a_conclusion_in_the_apps_own_words_is_no_other_fine(db, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-03-02", facts=CASE_FACTS)
    conclusion = "经集体讨论，同意罚款" + money.uppercase(300_005) + "。"  # 人民币叁仟元零伍分
    values = {"decision_kind": "给予行政处罚", "fine_fen": 300_005, "collective_on": "2026-03-20",
              "collective_conclusion": conclusion}
    assert not [w for w in stage_warnings(db, case, "decision_approval", values) if "集体讨论结论" in w]
    [warned] = [w for w in stage_warnings(db, case, "decision_approval", {**values, "fine_fen": 300_000})
                if "集体讨论结论" in w]
    assert "a fine of ¥3,000.05," in warned


@pytest.mark.parametrize("text", ["十十", "三千三千", "五十五十", "三万三万", "三五十", "百百", "一亿一亿"])
def test_a_malformed_numeral_is_none(text):
    assert chinese_numeral(text) is None


# a well-formed numeral still read: test_s76_review_papers.py::test_one_reader_reads_chinese_numerals


def _old_number(written: str) -> int | None:
    """thresholds._number as it was before it read through ``validators.chinese_numeral``."""
    digits_map = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                  "九": 9}
    digits = written.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if digits.isascii() and digits.isdigit():
        return int(digits)
    found = re.fullmatch(r"(?:(?P<h>[一二两三四五六七八九])百(?P<zero>零)?)?(?:(?P<t>[一二三四五六七八九])?(?P<ten>十))?"
                         r"(?P<u>[一二两三四五六七八九])?", written)
    if not written or found is None or (found["zero"] and (found["ten"] or not found["u"])):
        return None
    digit = digits_map.get
    return ((digit(found["h"]) * 100 if found["h"] else 0) + ((digit(found["t"]) if found["t"] else 1) * 10
            if found["ten"] else 0) + (digit(found["u"]) if found["u"] else 0))


def test_the_length_reader_reads_as_before_every_numeral_it_is_given():
    from workstation.law.thresholds import _number

    alphabet = "零〇一二两三四五六七八九十百千万"  # thresholds._NUMERAL: what it hands to _number
    for size in range(1, 5):
        for chars in itertools.product(alphabet, repeat=size):
            written = "".join(chars)
            assert _number(written) == _old_number(written), written
    for written in ("5", "12", "０７", "2026"):
        assert _number(written) == _old_number(written)


# ---- the merged messages read as before -------------------------------------------------------------------------

def _individual_business(db, make_case):
    from dataclasses import replace as replaced

    from workstation.store import get_case, get_party, save_party

    case = make_case(status="under_review", filed_on="2026-03-02", review_on="2026-03-11", facts=CASE_FACTS)
    party = get_party(db, case.party_ids[0])
    save_party(db, replaced(party, kind="individual_business", name="南海区誉嘉商行", uscc="",
                            id_number="11010519491231002X"))
    return get_case(db, case.id)


def test_the_hearing_amount_of_an_individual_business_reads_as_before(db, make_case, english):
    case = _individual_business(db, make_case)
    values = {"facts": CASE_FACTS, "issued_on": "2026-03-17", "fine_fen": 5_000_000}
    [warning] = [w for w in stage_warnings(db, case, "pre_penalty_notice", values) if "counted by the workstation as" in w]
    assert warning.startswith("南海区誉嘉商行 (") and (
        ") is counted by the workstation as a natural person, with the hearing amount ≥ ¥10,000.00 (an organisation's "
        "is ≥ ¥100,000.00), so the proposed fine ¥50,000.00 and confiscation ¥0.00 give it the right to a hearing. "
        "That class is editable data, unconfirmed (REFERENCE §1.4; resources/law/thresholds.toml [party_classes]), "
        "as are the amounts ([hearing]: ") in warning


def test_the_hearing_amount_of_one_counted_as_an_organisation_reads_as_before(db, make_case, english, monkeypatch):
    from workstation.law import thresholds

    case = _individual_business(db, make_case)
    classes = {"individual_business": "organisation", "company": "organisation", "person": "natural_person"}
    monkeypatch.setattr(thresholds, "party_class", classes.get)  # the data's [party_classes] edited
    # told of the hearing anyway: no warning of the one the natural person's amount would give it
    values = {"facts": CASE_FACTS, "issued_on": "2026-03-17", "fine_fen": 5_000_000, "hearing_required": True}
    [warning] = [w for w in stage_warnings(db, case, "pre_penalty_notice", values) if "counted by the workstation as" in w]
    assert (") is counted by the workstation as an organisation, with the hearing amount ≥ ¥100,000.00 (a natural "
            "person's is ≥ ¥10,000.00), so the proposed fine ¥50,000.00 and confiscation ¥0.00 do not give it the "
            "right to a hearing. That class") in warning
