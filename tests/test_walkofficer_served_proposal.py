"""What a town officer's week found in the case workspace: a case whose 行政处罚告知书 was written on paper and whose
service recorded the penalty it proposed shows that penalty as proposed (拟罚款) — and its 作出行政处罚决定 was
greyed out saying no penalty was recorded at all. The decision is now offered, with the warning of a decision made
outside the workstation; the payment still waits for the amount decided."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workstation import procedure
from workstation.store import get_case
from workstation.store.cases import update_case

pytestmark = pytest.mark.gui

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"


@pytest.fixture
def told_on_paper(db, make_case):
    """A case whose paper notice proposed a fine of ¥2,000, its service recorded on 3 March 2026 (keeping the fine
    proposed), the fine then cleared on the case (nothing decided yet), the statement period over."""
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS, fine_fen=200_000)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    return update_case(db, replace(get_case(db, case.id), fine_fen=0, status="decision_pending"),
                       allow_status_change=True)


def test_the_decision_of_a_case_told_of_a_fine_on_paper_is_offered_with_its_warning(
        qtbot, db, data_dir, prompts, told_on_paper, english):
    from ui.case_workspace import CaseWorkspace

    asked = []

    def ask(_parent, transition, _check, warning=None, **_extra):
        asked.append((transition.name, warning and warning("2026-03-20")[0]))
        return "2026-03-20", ""

    workspace = CaseWorkspace(db, told_on_paper.id, prompts, ask_transition=ask, data_dir=data_dir)
    qtbot.addWidget(workspace)
    button = workspace.action_buttons["decide_penalty"]
    assert button.isEnabled() and button.toolTip() == ""
    button.click()
    [(name, warning)] = asked
    assert name == "decide_penalty"
    assert warning.startswith("No 行政处罚决定书 is issued in the workstation")
    assert "Enter the fine and confiscated illegal gains it decided under Edit case…" in warning
    assert get_case(db, told_on_paper.id).status == "penalty_decided"


def test_the_payment_still_waits_for_the_amount_decided(db, told_on_paper, english):
    procedure.apply(db, told_on_paper.id, "decide_penalty", on_date="2026-03-20")
    procedure.apply(db, told_on_paper.id, "serve_decision", on_date="2026-03-21")
    refusals = {t.name: why for t, why in procedure.available(db, get_case(db, told_on_paper.id))}
    assert "proposed a fine of ¥2,000.00" in refusals["record_performance"]


def test_a_case_told_of_nothing_is_still_refused_the_decision(db, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on="2026-03-02",
                     notice_waived=True, facts=FACTS)
    refusals = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert refusals["decide_penalty"].startswith("No penalty is recorded in this case")
