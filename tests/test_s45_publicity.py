"""The publication (公示) of penalty decisions, as audited: a decision revoked or declared unlawful on the party's
reconsideration or lawsuit is neither given a publication copy nor recorded as published again (信息公示规定
art. 11), nor is a warning alone recorded as published (art. 2); a bank card written in groups keeps only its last 4
digits; e-mail addresses and the addresses of other persons in the facts are masked, and 业主/房东/租客 name a
person to suggest (without a trailing 的)."""

from __future__ import annotations

import pytest

from tests.helpers import run
from tests.test_publication_copy import decided
from workstation import procedure
from workstation.documents.publication import masker, publication_copy, publication_refusal, unmasked_names
from workstation.errors import ValidationError, WorkstationError
from workstation.masking import rules_in_force
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

NUMBER = "佛府行复〔2026〕7号"


def event(case, kind, on, **more):
    return ClockEvent(case_id=case.id, kind=kind, starts_on=on, **more)


def served(db, data_dir, make_case, **decision):
    """A case decided on 2026-03-10 (its decision issued here) and served on 2026-03-12: (case, the decision)."""
    case, document = decided(db, data_dir, make_case, **decision)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    return get_case(db, case.id), document


# ---- 1. a decision revoked or declared unlawful is not published -----------------------------------------------

@pytest.mark.parametrize(("kind", "said"), [("challenge_revoked", "revoked"), ("challenge_redo", "revoked"),
                                            ("challenge_unlawful", "declared unlawful")])
def test_a_decision_revoked_or_declared_unlawful_has_no_publication_copy(db, data_dir, make_case, english, kind,
                                                                          said):
    case, decision = served(db, data_dir, make_case)
    assert publication_refusal(db, decision) is None
    record_clock_event(db, event(case, "reconsideration", "2026-03-20"))
    record_clock_event(db, event(case, kind, "2026-05-10", approved_by=NUMBER))
    refusal = publication_refusal(db, decision)
    assert refusal is not None and refusal.startswith(f"行政处罚决定书 {decision.number} was {said} on 2026-05-10 (")
    assert NUMBER in refusal and "art. 11" in refusal
    with pytest.raises(WorkstationError) as refused:
        publication_copy(db, data_dir, decision)
    assert refused.value.message == refusal


def test_an_upheld_or_changed_decision_is_still_published(db, data_dir, make_case):
    case, decision = served(db, data_dir, make_case)
    record_clock_event(db, event(case, "reconsideration", "2026-03-20"))
    record_clock_event(db, event(case, "challenge_upheld", "2026-05-10", approved_by=NUMBER))
    assert publication_refusal(db, decision) is None


def test_docs_publication_refuses_a_revoked_decision_in_one_line(db, data_dir, make_case, capsys, tmp_path,
                                                                 english):
    case, decision = served(db, data_dir, make_case)
    record_clock_event(db, event(case, "litigation", "2026-03-20"))
    record_clock_event(db, event(case, "challenge_revoked", "2026-10-10", approved_by="（2026）粤0605行初12号"))
    code, out, err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir,
                         "-o", tmp_path / "p.txt")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "was revoked on 2026-10-10" in err and "（2026）粤0605行初12号" in err
    assert not (tmp_path / "p.txt").exists()


def test_a_publication_after_the_revocation_is_refused_one_before_it_accepted(db, data_dir, make_case, english):
    case, _decision = served(db, data_dir, make_case)
    record_clock_event(db, event(case, "publication", "2026-03-16"))
    record_clock_event(db, event(case, "reconsideration", "2026-03-20"))
    record_clock_event(db, event(case, "challenge_revoked", "2026-05-10", approved_by=NUMBER))
    record_clock_event(db, event(case, "publication_withdrawn", "2026-05-12", note=f"处罚决定经{NUMBER}复议决定撤销"))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, event(case, "publication", "2026-05-20"))
    message = refused.value.errors["kind"]
    assert "was revoked on 2026-05-10" in message and NUMBER in message
    assert db.execute("SELECT COUNT(*) FROM clock_events WHERE kind = 'publication'").fetchone()[0] == 1


def test_a_publication_after_a_revocation_of_a_decision_not_issued_here_is_refused(db, make_case, english):
    from dataclasses import replace

    from workstation.store.cases import update_case

    case = make_case(fine_fen=5_000_000)
    case = update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-01", served_on="2026-06-01"),
                       allow_status_change=True)
    record_clock_event(db, event(case, "litigation", "2026-06-20"))
    record_clock_event(db, event(case, "challenge_unlawful", "2026-08-03", approved_by=NUMBER))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, event(case, "publication", "2026-08-10"))
    assert "declared unlawful on 2026-08-03" in refused.value.errors["kind"]
    record_clock_event(db, event(case, "publication", "2026-06-10"))  # published before it: recorded late


# ---- 4. a warning alone is not recorded as published -------------------------------------------------------------

def test_a_publication_of_a_warning_alone_is_refused_as_its_copy_is(db, data_dir, make_case, english):
    case, decision = served(db, data_dir, make_case, fine_fen="", warning=True)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, event(case, "publication", "2026-03-16"))
    assert refused.value.errors["kind"] == publication_refusal(db, decision)
    assert "warning alone is not published" in refused.value.errors["kind"]


# ---- 2. a bank card written in groups ----------------------------------------------------------------------------

def mask_of(values=None, persons=()):
    return masker(values or {"party_name": "佛山市某某有限公司"}, rules_in_force(), persons)


def test_a_bank_card_written_in_groups_keeps_only_its_last_four_digits():
    mask = mask_of()
    assert mask("银行卡6222 0212 3456 7890 123收款") == "银行卡**** **** **** ***0 123收款"
    assert mask("账号6222-0212-3456-7890-123。") == "账号****-****-****-***0-123。"
    # what is a phone or an ID number stays masked as one
    assert mask("电话0757-83301234，") == "电话0757-****1234，"
    assert mask("手机13800138000 13900139000。") == "手机138****8000 139****9000。"
    assert mask("身份证号码440602199001011234，") == "身份证号码4406**********1234，"
    assert mask("账户6222021234567890123") == "账户***************0123"


# ---- 3. e-mails, other persons' addresses, names after 业主 ---------------------------------------------------------

def test_an_email_address_keeps_its_first_character_and_its_domain():
    mask = mask_of()
    assert mask("通过邮箱liuyang@example.com发送，") == "通过邮箱l******@example.com发送，"
    assert mask("电子邮件a.b-c@mail.qq.com。") == "电子邮件a****@mail.qq.com。"


def test_the_address_of_another_person_after_its_cue_is_masked_as_the_partys_is():
    mask = mask_of()
    assert mask("业主李四，家庭住址：广东省佛山市禅城区祖庙路3号，") == "业主李四，家庭住址：广东省佛山市禅城区****，"
    assert mask("租客住址为佛山市南海区桂城街道海八路18号。") == "租客住址为佛山市南海区****。"
    assert mask("收件地址：佛山市顺德区大良街道1号；") == "收件地址：佛山市顺德区****；"
    assert mask("地址不详。") == "地址不详。"  # no address after the cue


def test_a_companys_own_address_and_another_firms_business_address_stay_whole():
    own = "佛山市南海区桂城街道南海大道1号"
    mask = mask_of({"party_name": "佛山市某某有限公司", "party_address": own})
    assert mask(f"当事人地址：{own}。") == f"当事人地址：{own}。"
    assert mask("供货商经营地址：佛山市顺德区大良街道1号。") == "供货商经营地址：佛山市顺德区大良街道1号。"
    person = mask_of({"party_name": "朱子轩", "party_is_person": True, "party_address": "佛山市禅城区祖庙路3号"})
    assert person("住址：佛山市禅城区祖庙路3号。") == "住址：佛山市禅城区****。"


FACTS = ("经查，当事人向业主刘洋的手机号码13900139000发送商业性短信，房东陈静，女，出租房屋；租客黄大明称其未同意。"
         "邮箱liuyang@example.com，业主王小明家庭住址佛山市禅城区祖庙路3号。")


def test_names_after_owner_landlord_or_tenant_are_suggested_without_a_trailing_de(db, data_dir, make_case):
    _case, decision = decided(db, data_dir, make_case, facts=FACTS)
    copy = publication_copy(db, data_dir, decision)
    assert [n.name for n in unmasked_names(copy)] == ["刘洋", "陈静", "黄大明", "王小明"]
    text = copy.text()
    assert "liuyang@" not in text and "l******@example.com" in text
    assert "业主王小明家庭住址佛山市禅城区****。" in text and "祖庙路" not in text
    asked = publication_copy(db, data_dir, decision, names=("刘洋",)).text()
    assert "业主刘某的手机号码139****9000" in asked
