"""The exchange page at headquarters when a station's bundle continues one that never arrived: the refusal says,
in the words of the export dialog, how the station sends everything again, and nothing changes."""

from __future__ import annotations

import pytest

from tests.test_ui_exchange import build, counts, dirs, edit_case, export_from_station, merge_next, template  # noqa: F401
from workstation.i18n import _

pytestmark = pytest.mark.gui


def test_a_bundle_after_a_lost_one_is_refused_saying_how_to_export_everything_again(dirs, build, prompts):  # noqa: F811
    export_from_station(dirs, build, prompts, "first.bundle")
    db, hq = build(dirs / "hq")
    prompts.confirm_answer = True
    answer = merge_next()
    hq.import_bundles([str(dirs / "first.bundle")])
    answer.check()
    assert prompts.errors == []
    edit_case(dirs / "station", facts="当事人补充说明")
    export_from_station(dirs, build, prompts, "lost.bundle")
    edit_case(dirs / "station", facts="当事人再次补充说明")
    later = export_from_station(dirs, build, prompts, "later.bundle")
    before, asked = counts(db), len(prompts.confirmations)
    hq.import_bundles([str(later)])
    assert len(prompts.errors) == 1 and len(prompts.confirmations) == asked
    assert "later.bundle" in prompts.errors[0] and "南海区局" in prompts.errors[0]
    # the bundle missing is named by when it was made: after the one imported, never by audit entries
    first_made = db.execute("SELECT created_at FROM bundle_imports").fetchone()[0][:16].replace("T", " ")
    assert first_made in prompts.errors[0] and _("audit entry {n} is missing").split("{")[0] not in prompts.errors[0]
    assert f"“{_('Everything')}”" in prompts.errors[0] and f"“{_('What the bundle holds')}”" in prompts.errors[0]
    assert counts(db) == before
    # the station does so, and headquarters takes that bundle
    prompts.errors.clear()
    everything = export_from_station(dirs, build, prompts, "everything.bundle", everything=True)
    answer = merge_next()
    hq.import_bundles([str(everything)])
    answer.check()
    # the two bundles merged, and the refusal of later.bundle listed with them
    assert prompts.errors == [] and hq.imports_model.rowCount() == 3
