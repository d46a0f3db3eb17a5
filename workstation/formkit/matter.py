"""What the 行政处罚案件有关事项审批表 asks approval of follows the case's situation: a case suspended (中止调查) asks
to suspend — the approval of the suspension recorded — until one such approval is issued, then to resume (恢复案件调查);
a running case asks to extend its 办案期限 (the form's own default). Its 事由 for a suspension or resumption names the
reason the suspension was recorded with (等待协查 …), the case's running suspension, else its last one."""

from __future__ import annotations

import json

from workstation.db import Database
from workstation.records import Case

SUSPEND, RESUME = "中止案件调查", "恢复案件调查"


def matter_context(db: Database, case: Case) -> dict[str, object]:
    """``lead.matter`` (the 审批事项 the case's situation asks for, the source the form's 审批事项 shares with a lead's
    延长核查期限: 中止案件调查 or 恢复案件调查 while the case is suspended; none otherwise — the form's 延长办案期限) and ``case.suspension_reason`` (the reason recorded with the
    case's running suspension, else its last one; None without one)."""
    row = db.execute("SELECT note FROM clock_events WHERE case_id = ? AND kind = 'suspension' "
                     "ORDER BY ends_on IS NULL DESC, starts_on DESC, created_at DESC LIMIT 1", [case.id]).fetchone()
    reason = (row[0] or "").strip() if row else ""
    matter = None
    if case.status == "suspended":  # an approval after the end of the suspension before is this one's
        ended = db.execute("SELECT MAX(ends_on) FROM clock_events WHERE case_id = ? AND kind = 'suspension' AND "
                           "ends_on IS NOT NULL", [case.id]).fetchone()
        matter = RESUME if _suspension_approved(db, case, str(ended[0] or "") if ended else "") else SUSPEND
    context: dict[str, object] = {"case.suspension_reason": reason.rstrip("。；;，,") or None}
    if matter:
        context["lead.matter"] = matter
    return context


def _suspension_approved(db: Database, case: Case, since: str) -> bool:
    """Whether an 有关事项审批表 approving a suspension (中止案件调查) is issued in the case (neither voided nor
    superseded), dated after ``since`` (the end of the suspension before; "" for none): approved before or after
    the suspension was recorded, it is the running one's."""
    rows = db.execute(
        "SELECT values_json, issued_at FROM documents d WHERE case_id = ? AND status = 'issued' AND "
        "form_id = 'matter_approval' AND NOT EXISTS (SELECT 1 FROM documents s WHERE s.supersedes_id = d.id AND "
        "s.status = 'issued')", [case.id]).fetchall()
    for values_json, issued_at in rows:
        values = json.loads(values_json or "{}")
        dated = str(values.get("proposed_on") or issued_at or "")[:10]
        if values.get("matter") == SUSPEND and dated > since[:10]:
            return True
    return False
