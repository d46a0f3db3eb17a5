# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters' analyst imports on the exchange page, in one go, a good bundle of one station and copies of
another station's bundle tampered with (a byte of a record changed, a member removed, signed with another key):
the good one is previewed and merged, each tampered one is refused with one line naming its file, what is
wrong and what to do, and nothing of it reaches the database, the audit log or the file store."""

from __future__ import annotations

import base64
import zipfile
from pathlib import Path

import pytest

from tests.helpers import open_db
from tests.test_bundle_hq import (  # noqa: F401
    STATIONS,
    dirs,
    export,
    template,
)
from tests.test_ui_exchange import merge_next
from ui.exchange_page import ExchangePage
from ui.task_runner import ImmediateRunner
from workstation import audit

pytestmark = pytest.mark.gui


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _tampered(dirs: Path, bundle: Path) -> dict[str, Path]:
    """Three copies of ``bundle``: one byte of a case record changed, the parties' records removed, and the
    manifest signed with a key that is not the station's."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    members = _members(bundle)
    record = dict(members)
    record["records/cases.json"] = members["records/cases.json"].replace(b'"fine_fen":500000', b'"fine_fen":900000')
    assert record["records/cases.json"] != members["records/cases.json"]
    removed = {name: data for name, data in members.items() if name != "records/parties.json"}
    forged = dict(members)
    forged["manifest.sig"] = base64.b64encode(ed25519.Ed25519PrivateKey.generate().sign(members["manifest.json"]))
    return {"record": _write(dirs / "顺德-改动记录.bundle", record),
            "removed": _write(dirs / "顺德-缺少文件.bundle", removed),
            "signature": _write(dirs / "顺德-签名不符.bundle", forged)}


def _state(db, data_dir: Path) -> dict:
    tables = ("cases", "parties", "officers", "audit", "bundle_imports", "stations", "conflicts", "sync_base",
              "sync_versions", "station_audit", "files")
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    stored = sorted(str(p.relative_to(data_dir)) for p in (data_dir / "files").rglob("*")) \
        if (data_dir / "files").exists() else []
    return {**counts, "audit_verify": audit.verify(db), "stored": stored}


@pytest.fixture
def page(dirs, qtbot, prompts):
    db = open_db(dirs / "hq")
    page = ExchangePage(db, dirs / "hq", prompts, ImmediateRunner())
    qtbot.addWidget(page)
    yield page
    db.conn.close()


def test_tampered_bundles_among_good_ones_are_each_refused_in_one_line_and_change_nothing(
        capsys, dirs, page, prompts, english):
    good = Path(export(capsys, dirs, "nanhai", "南海.bundle")["path"])
    bad = _tampered(dirs, Path(export(capsys, dirs, "shunde", "顺德.bundle")["path"]))
    before = _state(page.db, dirs / "hq")
    page.import_bundles([str(path) for path in bad.values()])
    assert _state(page.db, dirs / "hq") == before
    assert prompts.confirmations == [] and prompts.infos == []
    # each refusal is listed under 导入记录 (no case data changed), none as a merge
    assert [r.get("refused") for r in page.imports_model.records] == list(reversed(prompts.errors))
    assert len(prompts.errors) == 3
    for path, message in zip(bad.values(), prompts.errors, strict=True):
        assert "\n" not in message and message.startswith(path.name), message
        assert message.endswith("ask the station to export it again."), message
    assert "records/cases.json" in prompts.errors[0] and "altered" in prompts.errors[0]
    assert "records/parties.json" in prompts.errors[1] and "not in the bundle" in prompts.errors[1]
    assert "signature does not match" in prompts.errors[2]
    # the good bundle merges in the same batch as the tampered ones, which stay refused
    prompts.errors.clear()
    answer = merge_next()
    page.import_bundles([str(bad["record"]), str(good), str(bad["removed"]), str(bad["signature"])])
    answer.check()
    merged = [r for r in page.imports_model.records if not r.get("refused")]
    assert len(merged) == 1 and merged[0]["file_name"] == good.name
    assert len(prompts.errors) == 3
    held = {number for (number,) in page.db.execute("SELECT case_number FROM cases")}
    assert held == {STATIONS["nanhai"][2]}
    assert audit.verify(page.db)["valid"]
