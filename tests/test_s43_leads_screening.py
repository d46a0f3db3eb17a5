"""Screening keeps a lead whose verification period (T1) was extended with approval as acted on: a complaint naming
its number and another lead's does not merge it away (deleting the lead and its extension), and the run says so."""

import uuid

from workstation.leads_workflow import extend_lead, get_lead_row
from workstation.records import today
from workstation.screening import screen

X, Y = "13500001111", "13500002222"


def add(db, rows):
    """Insert complaints (external id, day received, text) as an import stores them before screening."""
    with db.atomic():
        for n, (external_id, day, text) in enumerate(rows):
            db.execute(
                "INSERT INTO complaints (id, source, channel, external_id, received_at, text, complainant_phone, "
                "created_at) VALUES (?, '12345', '12345', ?, ?, ?, ?, '2026-12-01T00:00:00+08:00')",
                [str(uuid.uuid4()), external_id, f"{day} 10:00:00", text, f"1390013900{n}"])


def calls(number: str) -> str:
    return f"接到{number}的骚扰电话推销楼盘，多次拒绝仍继续拨打，个人信息被泄露。"


def lead_of(db, external_id):
    return db.execute("SELECT lead_id FROM complaints WHERE external_id = ?", [external_id]).fetchone()[0]


def two_leads_one_extended(db):
    add(db, [("X1", "2026-12-01", calls(X)), ("Y1", "2026-12-02", calls(Y))])
    screen(db)
    x, y = lead_of(db, "X1"), lead_of(db, "Y1")
    assert x and y and x != y
    extend_lead(db, y, 15, today(), "张局长")
    add(db, [("XY", "2026-12-03", f"接到{X}和{Y}的骚扰电话推销楼盘，个人信息被泄露。")])
    return x, y


def test_a_lead_with_an_approved_extension_is_not_merged_away_by_screening(db, english):
    x, y = two_leads_one_extended(db)
    result = screen(db)
    assert result.removed == 0
    kept = get_lead_row(db, y)  # still there, its extension and its complaint with it
    assert (kept["extension_days"], kept["extension_approved_by"]) == (15, "张局长")
    assert lead_of(db, "Y1") == y
    assert lead_of(db, "XY") == x  # the new complaint goes with the lead still open to regrouping
    assert result.extended_kept == [y]
    assert result.kept_note() == ("1 lead whose verification period (T1) was extended with approval was kept as acted "
                                  "on: complaints naming its numbers went into other leads.")


def test_the_cli_says_the_extended_lead_was_kept(db, data_dir, capsys, english):
    from tests.helpers import run

    two_leads_one_extended(db)
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "screen")
    assert code == 0, err
    assert "0 removed" in out and "was kept as acted on" in out
