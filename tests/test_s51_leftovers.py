"""Three leftovers: the 不予立案审批表 is refused for a case at the criminal threshold, as the step 不予立案 is; the
结案 reason of a case with several parties says a party's time to pay (T8) still runs rather than asking its 催告书;
a lead deleted elsewhere while its editor is open is named by its receipt and business when saving, nothing saved."""

from __future__ import annotations

import pytest

from tests.test_multiparty13 import COMPANY, EMPLOYEE, decided_case, serve
from ui.lead_dialog import LeadDialog
from workstation import procedure
from workstation.documents.stage_rules import state_refusal
from workstation.errors import WorkstationError
from workstation.leads_register import LeadEntry, edit_lead, lead_entry, register_lead
from workstation.leads_workflow import get_lead_row
from workstation.store import agency_id_for_code, get_case
from workstation.store.base import set_setting
from workstation.vocabulary import shown_label

LEAKED = {"records_other": 18176, "violations": ["illegal_provision_or_leak"]}
DESCRIPTION = "来电反映某房产中介多次未经同意拨打推销电话"


# ---- 1. the 不予立案审批表 of a case at the criminal threshold ----------------------------------------------------------

def test_the_not_filing_approval_is_refused_at_the_criminal_threshold(db, make_case):
    case = make_case(status="pending_filing", lead_received_on="2026-11-01", **LEAKED)
    refused = state_refusal(db, get_case(db, case.id), "non_filing_approval")
    assert refused is not None and shown_label("transitions", "transfer_to_police") in refused
    assert refused == procedure.decline_threshold_refusal(db, get_case(db, case.id))
    assert refused == procedure._decline_filing_guard(db, get_case(db, case.id))

    minor = make_case(status="pending_filing", lead_received_on="2026-11-01", records_other=30,
                      violations=["illegal_provision_or_leak"])
    assert state_refusal(db, get_case(db, minor.id), "non_filing_approval") is None


# ---- 2. 结案 while a party's time to pay runs -------------------------------------------------------------------------

def _today(monkeypatch, day):
    import workstation.enforcement as enforcement

    monkeypatch.setattr(enforcement, "today", lambda: day)
    monkeypatch.setattr(procedure, "today", lambda: day)


def test_closing_while_every_time_to_pay_runs_says_so(db, data_dir, make_case, english, monkeypatch):
    case, company, employee = decided_case(db, data_dir, make_case)
    serve(db, case, "2026-03-12", company, employee)  # both pay by 03-27
    _today(monkeypatch, "2026-03-20")
    refused = procedure._closing_guard(db, get_case(db, case.id))
    assert refused and "2026-03-27" in refused
    assert f"{COMPANY}: its time to pay" in refused and f"{EMPLOYEE}: its time to pay" in refused
    assert "催告书 first" not in refused
    assert procedure.BY_NAME["close"].guard(db, get_case(db, case.id)) == refused


def test_closing_asks_the_demand_only_of_a_party_whose_time_to_pay_is_over(db, data_dir, make_case, english,
                                                                          monkeypatch):
    case, company, employee = decided_case(db, data_dir, make_case)
    serve(db, case, "2026-03-12", company)  # pays by 03-27
    serve(db, case, "2026-03-24", employee)  # pays by a day in April
    _today(monkeypatch, "2026-03-30")
    refused = procedure._closing_guard(db, get_case(db, case.id))
    assert f"{COMPANY}: serve it a 催告书 first" in refused
    assert f"{EMPLOYEE}: serve it a 催告书" not in refused and f"{EMPLOYEE}: its time to pay" in refused


# ---- 3. a lead deleted elsewhere while its editor is open ------------------------------------------------------------

@pytest.fixture
def lead(db):
    set_setting(db, "station_agency", agency_id_for_code("440605"))
    registered = register_lead(db, LeadEntry(source="report", received_at="2026-03-02 10:00", description=DESCRIPTION,
                                             party="佛山市南海区测试房产中介", target_phone="13800138001"))
    return get_lead_row(db, registered.id)


def _delete(connection, lead_id):
    with connection.atomic():
        connection.execute("DELETE FROM leads WHERE id = ?", [lead_id])


def test_a_lead_deleted_elsewhere_is_named_and_not_saved_by_its_dialog(db, other, lead, prompts, qtbot, english):
    dialog = LeadDialog(db, prompts, lead=get_lead_row(db, lead["id"]))
    qtbot.addWidget(dialog)
    _delete(other, lead["id"])
    dialog.description.setPlainText(DESCRIPTION + "（每日三次以上）")
    dialog.save()
    assert dialog.saved is None and dialog.result() != dialog.DialogCode.Accepted
    assert len(prompts.errors) == 1
    said = prompts.errors[0]
    assert lead["id"] not in said and "No lead" not in said
    assert "2026-03-02" in said and "佛山市南海区测试房产中介" in said and "deleted elsewhere" in said
    assert "13800138001" not in said  # a number named masked, as the leads page shows it
    assert db.execute("SELECT COUNT(*) FROM leads WHERE id = ?", [lead["id"]]).fetchone()[0] == 0


def test_edit_lead_says_a_lead_deleted_since_it_was_loaded(db, other, lead, english):
    loaded = get_lead_row(db, lead["id"])
    _delete(other, lead["id"])
    with pytest.raises(WorkstationError, match="deleted elsewhere"):
        edit_lead(db, lead["id"], lead_entry(loaded), loaded=loaded)
    assert db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 0
