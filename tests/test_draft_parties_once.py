"""A draft reads its case's parties once: its case context, defaults and checks ask for them some 30 times through
their parts (the party's notice, decision and served document, the hearing, the decisions in force …), which read
the case's parties from the database each time (~7 ms of a draft of a case of 40 parties). The parties read are
kept for that draft only: the next draft, or a change made meanwhile, reads them again."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import FILING_SOURCE, statements_run
from workstation.documents.drafts import draft_document, draft_values, find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.records import Party
from workstation.store import get_case, get_party, parties_of_case, save_party
from workstation.store.cases import update_case
from workstation.store.parties import parties_read_once

PARTIES_READ = "JOIN case_parties cp ON cp.party_id = p.id"  # parties_of_case's query
RECEIPT = {"served_document": "询问通知书", "place": "当事人住所", "served_on": "2026-03-05"}


@pytest.fixture
def three_parties(db, make_case):
    """A filed case of three parties: (case, their ids in order)."""
    case = make_case(status="investigating", filed_on="2026-03-02", lead_received_on="2026-03-01")
    others = [
        save_party(db, Party(name=name, uscc=uscc))
        for name, uscc in (
            ("佛山市南海区甲乙电话营销服务部", "92440605MA4UJ0PX4W"),
            ("佛山市南海区丙丁数据咨询有限公司", "91440605MA4UJ0PX53"),
        )
    ]
    case = update_case(
        db, replace(get_case(db, case.id), party_ids=[case.party_ids[0], *(p.id for p in others)])
    )
    return case, case.party_ids


def reads_of_parties(db, action) -> tuple[object, int]:
    """``action()``'s result and how many times it read a case's parties from the database."""
    with statements_run(db) as ran:
        result = action()
    return result, sum(PARTIES_READ in sql for sql in ran)


@pytest.mark.parametrize(
    ("form_id", "values", "party"),
    [
        ("inquiry_record", {"interviewee": "李四"}, 1),
        ("delivery_receipt", RECEIPT, 1),
        ("filing_approval", {**FILING_SOURCE, "facts": "经查，当事人将业主名单提供给多家电话营销服务机构。"}, None),
    ],
)
def test_a_draft_reads_the_case_s_parties_once(db, three_parties, form_id, values, party):
    case, parties = three_parties
    party_id = None if party is None else parties[party]
    document, reads = reads_of_parties(
        db, lambda: draft_document(db, case, find_form(form_id), values, party_id=party_id)
    )
    assert document.title == find_form(form_id).title
    assert reads == 1


def test_the_checks_before_issuing_and_issuing_read_them_once(db, data_dir, three_parties):
    case, parties = three_parties
    form = find_form("delivery_receipt")
    (values, _context), reads = reads_of_parties(
        db, lambda: check_issue(db, case, form, RECEIPT, party_id=parties[2])
    )
    assert values["recipient"] == "佛山市南海区丙丁数据咨询有限公司" and reads == 1
    issued, reads = reads_of_parties(
        db, lambda: issue_document(db, data_dir, case, form, RECEIPT, party_id=parties[2])
    )
    assert issued.values["recipient"] == "佛山市南海区丙丁数据咨询有限公司" and reads == 1


def test_the_next_draft_reads_a_party_renamed_since(db, three_parties):
    case, parties = three_parties
    form = find_form("delivery_receipt")
    first, _context = draft_values(db, case, form, RECEIPT, party_id=parties[1])
    assert first["recipient"] == "佛山市南海区甲乙电话营销服务部"
    save_party(db, replace(get_party(db, parties[1]), name="佛山市南海区甲乙信息咨询服务部"))
    again, _context = draft_values(db, case, form, RECEIPT, party_id=parties[1])
    assert again["recipient"] == "佛山市南海区甲乙信息咨询服务部"


def test_within_one_draft_a_change_made_meanwhile_is_read_again(db, three_parties):
    case, parties = three_parties
    with parties_read_once():
        before, reads = reads_of_parties(db, lambda: [parties_of_case(db, case.id) for _n in range(5)])
        assert reads == 1 and [p.id for p in before[-1]] == parties
        before[0].append("not theirs")  # each caller gets a list of its own
        assert [p.id for p in parties_of_case(db, case.id)] == parties
        save_party(db, replace(get_party(db, parties[0]), name="佛山市南海区誉嘉置业代理有限公司"))
        after, reads = reads_of_parties(db, lambda: parties_of_case(db, case.id))
        assert reads == 1 and after[0].name == "佛山市南海区誉嘉置业代理有限公司"
    # outside a draft every call reads them
    _parties, reads = reads_of_parties(db, lambda: [parties_of_case(db, case.id) for _n in range(3)])
    assert reads == 3
