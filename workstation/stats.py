"""Campaign statistics computed from the stored records (cases, leads, complaints, interviews, publicity),
optionally for one agency (with the offices under it) and a period of filing dates."""

from __future__ import annotations

from workstation.db import Database
from workstation.store.agencies import AGENCY_AND_OFFICES
from workstation.vocabulary import labels


def campaign_stats(db: Database, agency_id: str | None = None, date_from: str | None = None,
                   date_to: str | None = None) -> dict:
    """The figures of ``stats --json`` (CLI.md)."""
    where, params = ["1 = 1"], []
    if agency_id:
        where.append(f"agency_id IN ({AGENCY_AND_OFFICES})")
        params += [agency_id, agency_id]
    if date_from:
        where.append("COALESCE(filed_on, substr(created_at, 1, 10)) >= ?")
        params.append(date_from)
    if date_to:
        where.append("COALESCE(filed_on, substr(created_at, 1, 10)) <= ?")
        params.append(date_to)
    clause = " WHERE " + " AND ".join(where)

    def grouped(column: str) -> dict[str, int]:
        return dict(db.execute(f"SELECT {column}, COUNT(*) FROM cases{clause} GROUP BY {column} ORDER BY 2 DESC",
                               params).fetchall())

    total, records, fines, confiscated, police = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(records_trace + records_sensitive + records_other), 0), "
        "COALESCE(SUM(fine_fen), 0), COALESCE(SUM(confiscated_fen), 0), "
        "COALESCE(SUM(status = 'transferred_police' OR id IN (SELECT case_id FROM case_events "
        "WHERE to_status = 'transferred_police')), 0) "
        f"FROM cases{clause}", params).fetchone()
    by_sector = dict.fromkeys(labels("sectors"), 0) | grouped("sector")
    lead_where, lead_params = (f"WHERE agency_id IN ({AGENCY_AND_OFFICES})",
                               [agency_id, agency_id]) if agency_id else ("", [])
    leads_total, leads_assigned = db.execute(
        f"SELECT COUNT(*), COALESCE(SUM(status != 'registered'), 0) FROM leads {lead_where}", lead_params).fetchone()
    # related: the complaints screening found to concern personal information (as `leads screen` counts them)
    complaints, related = db.execute("SELECT COUNT(*), COALESCE(SUM(category != ''), 0) FROM complaints"
                                     ).fetchone()
    interviews = db.execute(f"SELECT COUNT(*) FROM interviews {lead_where}", lead_params).fetchone()[0]
    campaigns, flyers, sms = db.execute(
        f"SELECT COUNT(*), COALESCE(SUM(flyers), 0), COALESCE(SUM(sms), 0) FROM publicity {lead_where}",
        lead_params).fetchone()
    return {
        "cases": {"total": total, "by_sector": by_sector, "by_status": grouped("status"),
                  "by_district": grouped("district"), "transferred_to_police": police},
        "infringing_records": records, "fines_fen": fines, "confiscated_fen": confiscated,
        "penalties_total_fen": fines + confiscated,
        "leads": {"total": leads_total, "assigned": leads_assigned},
        "complaints": {"imported": complaints, "related": related},
        "interviews": interviews,
        "publicity": {"campaigns": campaigns, "flyers": flyers, "sms": sms},
    }
