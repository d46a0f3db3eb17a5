"""The interview register's 跟进结果 of a party of a joint interview escalated to a case whose filing was then
declined (不予立案) says so, as the statistics no longer count it as 转立案查处 (``stats.cases_not_declined``)."""

from __future__ import annotations

import csv
import io

from tests.helpers import run, run_json
from tests.test_s42_interviews import OFFICERS, P, Q
from workstation import procedure
from workstation.records import Case
from workstation.store import agency_id_for_code, create_case
from workstation.store.interviews import get_interview


def _row(capsys, data_dir, tmp_path, interview_id: str) -> list[str]:
    assert run(capsys, "interviews", "export", "--data-dir", data_dir, "-o", tmp_path / "台账.csv", "--force")[0] == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "台账.csv").read_text(encoding="utf-8-sig"))))
    return next(row for row in rows if row[0] == "2026-11-03" and P in row[2] and Q in row[2])


def test_a_party_escalated_to_a_case_declined_is_not_said_escalated_in_the_register(demo_db, data_dir, capsys,
                                                                                    tmp_path):
    interview = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--date", "2026-11-03", "--topics",
                         "骚扰电话", *OFFICERS, "--party", P, "--party", Q, "--time", "9:30", "--place", "三楼会议室",
                         "--deadline", "2026-11-20")["id"]
    party = get_interview(demo_db, interview).party_ids[1]
    case = create_case(demo_db, Case(case_number="", cause="涉嫌侵害消费者个人信息案", sector="education",
                                     agency_id=agency_id_for_code("440604"), status="pending_filing",
                                     party_ids=[party]))
    run_json(capsys, "interviews", "escalate", "--data-dir", data_dir, interview, case.id)
    assert _row(capsys, data_dir, tmp_path, interview)[7] == f"{P}：—；{Q}：已转立案"

    procedure.apply(demo_db, case.id, "decline_filing", reason="不属于本局管辖")
    assert _row(capsys, data_dir, tmp_path, interview)[7] == f"{P}：—；{Q}：转立案后不予立案"
