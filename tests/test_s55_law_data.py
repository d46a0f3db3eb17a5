# ruff: noqa: F811 - the fixture imported from test_s51_law_data is used by name
"""catalogue.toml's ``mandatory`` key (the penalty kinds a norm imposes whenever it penalises: the warning of 个人信息
保护法 art. 66 para. 1) is checked as its ``penalties`` are: a bureau's copy naming a kind that is not one of
[penalty_kinds], or one the norm does not provide, or writing it as text, gives way to the shipped file and the
problem names the key — it was read as it stood, a misspelt kind silently imposing nothing."""

from __future__ import annotations

import pytest

from tests.test_s51_law_data import station  # noqa: F401 - the data directory with a law folder, by name
from workstation import paths
from workstation.law import case_law, catalogue
from workstation.law import data as law_data


def _copy(folder, old: str, new: str):
    text = paths.resource("law", "catalogue.toml").read_text(encoding="utf-8")
    assert old in text
    (folder / "law" / "catalogue.toml").write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("written", ['mandatory = ["warnings"]', 'mandatory = "warning"',
                                     'mandatory = ["revoke_business_licence"]'])
def test_a_bad_mandatory_kind_is_named(station, written):
    _copy(station, 'mandatory = ["warning"]', written)
    problems = law_data.problems()
    assert len(problems) == 1 and "catalogue.toml" in problems[0] and "mandatory" in problems[0], problems
    # the shipped file stands in: the warning is still imposed by art. 66 para. 1
    norm = catalogue.norm("pipl_66_1")
    assert case_law.mandatory_kinds(norm) == ("warning",)


def test_the_shipped_mandatory_passes(station):
    _copy(station, 'mandatory = ["warning"]', 'mandatory = ["warning", "confiscate_gains"]')
    assert law_data.problems() == []
