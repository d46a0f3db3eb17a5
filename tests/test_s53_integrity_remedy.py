"""A bundle the database refuses while it is merged says, whatever SQLite's reason, whom to ask for it again — the
station for its bundle, headquarters for its hand-out — in the same words as every other refusal of a bundle."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from workstation.bundle.merge import _integrity_text

REASONS = ["NOT NULL constraint failed: evidence.collector", "UNIQUE constraint failed: cases.case_number",
           "CHECK constraint failed: amount_fen >= 0", "FOREIGN KEY constraint failed"]


@pytest.mark.parametrize("reason", REASONS)
@pytest.mark.parametrize("from_headquarters, remedy", [(False, "ask the station to export it again."),
                                                       (True, "ask headquarters to export the hand-out again.")])
def test_every_refusal_by_the_database_says_whom_to_ask(english, reason, from_headquarters, remedy):
    bundle = SimpleNamespace(path=Path("/x/a.wsbundle"), from_headquarters=from_headquarters)
    said = _integrity_text(bundle, reason)
    assert said.startswith("a.wsbundle") and "nothing was imported" in said and said.endswith(remedy), said
