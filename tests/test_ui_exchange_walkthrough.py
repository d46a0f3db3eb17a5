# ruff: noqa: F811 - the fixtures imported from test_ui_exchange are used by name
"""What a walkthrough of the exchange page found: an unencrypted bundle written without a word, records of the
merge preview named by id fragments, a damaged bundle refused in programmer's words, and the export dialog's case
list repeating the party and scrolling sideways."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from PySide6.QtCore import Qt

from tests.helpers import CASE, run
from tests.test_bundle import _flip
from tests.test_ui_exchange import (  # noqa: F401
    ModalAnswer,
    build,
    dirs,
    export_from_station,
    ok_button,
    template,
)
from ui.bundle_dialogs import ExportDialog, cause_after_party
from workstation.bundle.writer import unencrypted_note
from workstation.i18n import _

pytestmark = pytest.mark.gui


# 1. an unencrypted bundle ----------------------------------------------------------------------------------------
def _export_through_dialog(page, path, act=None):
    """Open the export dialog, type ``path`` and press Export (then ``act(dialog)``, if given)."""
    seen = {}

    def export(dialog):
        dialog.scope_all.setChecked(True)
        dialog.path_edit.setText(str(path))
        ok_button(dialog).click()
        seen["open_after_first"] = dialog.isVisible()
        seen["encrypt_after_first"] = dialog.encrypt_box.isChecked()
        if act is not None and dialog.isVisible():
            act(dialog)

    answer = ModalAnswer(ExportDialog, export)
    page.buttons["export_bundle"].click()
    answer.check()
    return seen


def test_an_unencrypted_bundle_is_written_only_after_the_officer_is_told_what_it_lays_open(dirs, build, prompts,
                                                                                          english):
    db, page = build(dirs / "station")
    out = dirs / "plain.bundle"
    prompts.choices.append(2)  # Cancel: back in the dialog, nothing written
    seen = _export_through_dialog(page, out, lambda dialog: (prompts.choices.append(1), ok_button(dialog).click()))
    question, *options = prompts.offered[0]
    assert "phone and ID numbers" in question and "complainants' numbers" in question
    assert options == ["Set headquarters' key…", "Export unencrypted", "Cancel"]
    assert seen["open_after_first"] and len(prompts.offered) == 2
    assert out.exists() and zipfile.is_zipfile(out)  # written, unencrypted, once the officer said so
    assert prompts.errors == []


def test_cancelling_the_question_writes_nothing(dirs, build, prompts):
    db, page = build(dirs / "station")
    out = dirs / "plain.bundle"
    prompts.choices.append(None)  # the question closed
    seen = _export_through_dialog(page, out)
    assert seen["open_after_first"] and not out.exists()


def test_headquarters_key_set_from_the_question_encrypts_the_bundle(dirs, build, prompts, english):
    db, page = build(dirs / "station")
    out = dirs / "sealed.bundle"
    prompts.choices.append(0)  # Set headquarters' key…
    prompts.files.append(str(dirs / "hq.card"))
    prompts.confirm_answer = True  # the fingerprint read out matches
    seen = _export_through_dialog(page, out, lambda dialog: ok_button(dialog).click())
    assert seen["open_after_first"] and seen["encrypt_after_first"]
    assert len(prompts.offered) == 1  # encrypted the second time: not asked again
    assert out.exists() and not zipfile.is_zipfile(out)  # sealed to headquarters' key
    assert prompts.errors == []
    assert "encrypted to headquarters" in prompts.infos[-1]


def test_the_command_line_says_on_stderr_that_a_bundle_is_not_encrypted(capsys, dirs):
    station = dirs / "station"
    code, out, err = run(capsys, "--data-dir", station, "bundle", "export", "-o", dirs / "a.bundle", "--json")
    assert code == 0 and '"encrypted": false' in out
    assert unencrypted_note(advice=True) in err
    assert run(capsys, "--data-dir", station, "station", "headquarters", dirs / "hq.card")[0] == 0
    code, out, err = run(capsys, "--data-dir", station, "bundle", "export", "-o", dirs / "b.bundle", "--all")
    assert code == 0 and unencrypted_note(advice=False) not in err
    code, out, err = run(capsys, "--data-dir", station, "bundle", "export", "-o", dirs / "c.bundle", "--plain")
    assert code == 0 and unencrypted_note(advice=False) in err and unencrypted_note(advice=True) not in err


# 2. the merge preview's labels -----------------------------------------------------------------------------------
SAMPLES = {
    "officers": {"id": "0a1b2c3d-officer", "name": "苏永康"},
    "parties": {"id": "0a1b2c3d-party", "name": "佛山市禅城区沐棠信息咨询服务有限公司"},
    "cases": {"id": "case-1", "case_number": "佛三市监立〔2026〕1号"},
    "case_events": {"id": "01a2311d-c56a", "case_id": "case-1", "kind": "transition", "on_date": "2026-05-06",
                    "at": "2026-05-06T09:00:00", "from_status": "decided", "to_status": "served"},
    "clock_events": {"id": "01a2311d-c57b", "case_id": "case-1", "kind": "suspension", "starts_on": "2026-05-08"},
    "leads": {"id": "lead-0a1b2c3d", "target_name": "佛山市某某置业有限公司"},
    "lead_history": {"id": "lh-0a1b2c3d", "lead_id": "lead-0a1b2c3d", "kind": "reassigned", "on_date": "2026-10-23"},
    "interviews": {"id": "iv-0a1b2c3d", "subject": "约谈某某公司"},
    "publicity": {"id": "pub-0a1b2c3d", "title": "个人信息保护宣讲"},
    "complaints": {"id": "cp-0a1b2c3d", "source": "12345热线", "received_at": "2026-04-01T10:00:00"},
    "files": {"sha256": "ab" * 32, "media_type": "application/pdf"},
    "documents": {"id": "doc-0a1b2c3d", "number": "佛三市监处〔2026〕1号", "title": "行政处罚决定书",
                  "pdf_sha256": "ab" * 32},
    "doc_numbers": {"id": "dn-0a1b2c3d", "number": "佛三市监处〔2026〕1号"},
    "evidence": {"id": "ev-0a1b2c3d", "file_name": "录音.mp3", "sha256": "cd" * 32},
    "number_blocks": {"id": "nb-0a1b2c3d", "type_code": "处", "year": 2026, "first_serial": 101, "last_serial": 200},
    "publication_reviews": {"document_id": "doc-0a1b2c3d", "typed": "王小明", "masked": '["王小明"]'},
}


def test_every_table_a_bundle_carries_names_its_records_readably(english):
    from workstation.bundle.merge import RecordNames, _label
    from workstation.bundle.tables import TABLES

    assert {t.name for t in TABLES} <= set(SAMPLES)  # a table added to bundles needs a sample here
    names = RecordNames(None, {name: [SAMPLES[name]] for name in ("cases", "documents", "evidence")})
    for table in TABLES:
        row = SAMPLES[table.name]
        text = _label(table.name, row, names)
        assert text and str(row[table.key])[:8] not in text, (table.name, text)
    assert _label("publication_reviews", SAMPLES["publication_reviews"], names) == "Publication copy of 佛三市监处〔2026〕1号"


def test_timeline_and_deadline_events_are_named_by_case_step_and_date():
    from workstation.bundle.merge import RecordNames, _label
    from workstation.procedure import TRANSITIONS
    from workstation.vocabulary import label

    serve = next(t for t in TRANSITIONS if t.name == "serve_decision")
    names = RecordNames(None, {"cases": [SAMPLES["cases"]]})
    event = {**SAMPLES["case_events"], "from_status": serve.sources[0], "to_status": serve.target}
    assert _label("case_events", event, names) == f"佛三市监立〔2026〕1号 · {label('transitions', 'serve_decision')} " \
                                                  "2026-05-06"
    assert _label("clock_events", SAMPLES["clock_events"], names) == \
        f"佛三市监立〔2026〕1号 · {label('clock_events', 'suspension')} 2026-05-08"


def test_the_preview_of_a_real_bundle_names_events_by_their_case(dirs, build, prompts):
    from tests.helpers import open_db
    from workstation.bundle.merge import plan_merge
    from workstation.bundle.reader import open_bundle
    from workstation.station import box_private_key

    bundle = export_from_station(dirs, build, prompts)
    db = open_db(dirs / "hq")
    try:
        with open_bundle(bundle, box_private_key(dirs / "hq")) as opened:
            plan = plan_merge(db, opened, trust=True)
    finally:
        db.conn.close()
    events = [c for c in plan.changes if c.table in ("case_events", "clock_events")]
    assert events and all(" · " in c.label and "〔2026〕" in c.label for c in events)
    assert any(c.label.startswith(CASE + " · ") for c in events)


# 4. a damaged bundle -------------------------------------------------------------------------------------------
def test_a_damaged_member_is_named_by_what_it_holds(capsys, dirs, build, prompts):
    bundle = export_from_station(dirs, build, prompts, everything=True)
    bad = dirs / "bad.bundle"
    shutil.copy(bundle, bad)
    _flip(bad, "records/cases.json")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "verify", bad)
    assert code == 1
    assert "bad.bundle" in err and _("the case records") in err and "records/cases.json" not in err


def test_every_member_of_a_bundle_has_a_label_in_the_officer_s_words():
    from workstation.bundle.reader import FIXED_NAMES, member_label
    from workstation.bundle.tables import TABLES

    for member in [*FIXED_NAMES, *(f"records/{t.name}.json" for t in TABLES), "files/" + "ab" * 32]:
        text = member_label(member)
        assert text and member not in text and ".json" not in text, member


# 5. the export dialog's case list ---------------------------------------------------------------------------------
def test_the_cause_loses_the_party_it_begins_with():
    assert cause_after_party("佛山市某公司涉嫌非法提供消费者个人信息案", "佛山市某公司") == "涉嫌非法提供消费者个人信息案"
    assert cause_after_party("甲公司、乙公司涉嫌违法收集个人信息案", "甲公司、乙公司") == "涉嫌违法收集个人信息案"
    assert cause_after_party("涉嫌违法收集个人信息案", "甲公司") == "涉嫌违法收集个人信息案"


def test_each_case_shows_number_party_and_a_shortened_cause_within_the_dialog(qtbot, dirs, build, prompts):
    db, page = build(dirs / "station")
    dialog = ExportDialog(db, prompts, "南海区局", None, None, page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.scope_cases.setChecked(True)
    metrics = dialog.cases.fontMetrics()
    width = dialog.cases.viewport().width()
    assert dialog.cases.count() == 36
    for index in range(dialog.cases.count()):
        item = dialog.cases.item(index)
        number, party, cause = item.data(Qt.ItemDataRole.UserRole + 1)
        text = item.text()
        assert text.startswith(number + "　") and text.count(party[:6]) == 1, text
        assert metrics.horizontalAdvance(text) < width, text  # no sideways scrolling
        assert cause[:2] in text and cause.startswith("涉嫌"), text  # the 案由 is seen, without the party again
        assert item.toolTip().endswith(party + cause)
    assert dialog.cases.horizontalScrollBar().maximum() == 0
    dialog.resize(dialog.width() + 300, dialog.height())
    qtbot.waitUntil(lambda: dialog.cases.viewport().width() > width)
    assert len(dialog.cases.item(0).text()) > len(text) or "…" not in dialog.cases.item(0).text()


# 3. an unnamed station: one name, and no space beside a full-width bracket -----------------------------------------
def test_no_space_is_left_beside_full_width_punctuation():
    from workstation.fullwidth import tidy_spaces

    assert tidy_spaces("站点 未命名（指纹 0F74 A1B2…） 在此之前") == "站点 未命名（指纹 0F74 A1B2…）在此之前"
    assert tidy_spaces("总部 南海区局 的密钥指纹：") == "总部 南海区局 的密钥指纹："
    assert tidy_spaces("Station unnamed (fingerprint 0F74…) sent") == "Station unnamed (fingerprint 0F74…) sent"


def test_an_unnamed_station_s_messages_have_no_space_beside_its_brackets():
    from ui.exchange_page import missing_bundle_advice, trust_question
    from workstation.bundle.merge import EarlierBundleMissing
    from workstation.bundle.reader import BundleRefused
    from workstation.i18n import language

    assert language() != "en"  # the catalogue's own wording, which spaces its placeholders
    label = "未命名（指纹 0F74 A1B2…）"
    advice = missing_bundle_advice(EarlierBundleMissing("", file="a.bundle", station=label, first=1, last=3))
    refusal = str(BundleRefused(_("{name}: the audit log of station {station} differs from what it sent before "
                                  "(entry {seq}); the bundle is refused.").format(name="a.bundle", station=label,
                                                                                  seq=3)))
    question = trust_question({"name": "站点", "fingerprint": "0F74 A1B2 C3D4 E5F6 0718"})
    for text in (advice, refusal, question):
        assert label.split("（")[0] in text or "站点" in text
        assert not any(f" {mark}" in text or f"{mark} " in text for mark in "（）：，。"), text
    assert "站点站点" not in question and "站点 站点" not in question


def test_the_exchange_page_calls_an_unnamed_station_by_one_name(dirs, build, prompts, english):
    db, page = build(dirs / "station")
    db.execute("UPDATE stations SET name = ? WHERE role = 'self'", ["站点"])  # the name given when none was
    db.conn.commit()
    page.refresh()
    assert page.station_name.text() == "unnamed"
