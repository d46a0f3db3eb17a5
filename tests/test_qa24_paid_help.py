"""`cases transition --help` says what `--paid` does with one amount for several parties (`--party` repeated), as
README does: recorded as each party's own share when it is what they owe together that day, refused otherwise — not
only "a mismatch is warned about", which is what a single party's payment gets."""

from __future__ import annotations

import pytest

from tests.helpers import run


def test_the_help_of_paid_says_an_amount_for_several_parties_is_refused_unless_it_is_what_they_owe(
        capsys, data_dir, english):
    with pytest.raises(SystemExit) as done:  # argparse's --help exits
        run(capsys, "--data-dir", data_dir, "cases", "transition", "--help")
    assert done.value.code == 0
    out = capsys.readouterr().out
    said = " ".join(out.split())
    assert "a mismatch is warned about; one amount for several parties, --party repeated, is recorded as each " \
           "party's own only when it is what they owe together that day, else it is refused" in said
