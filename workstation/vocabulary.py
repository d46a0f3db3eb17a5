"""The domain vocabulary (sectors, violation types, party kinds, states, lead sources) loaded from
``resources/reference/vocabulary.toml``: stable keys and the Chinese labels officers read."""

from __future__ import annotations

from functools import cache

from workstation.paths import resource


@cache
def vocabulary() -> dict[str, dict]:
    """Every group by name: {key: label}, but [violation_facts] {violation key: {fact key(s): label}}
    (``publication.violation_label``)."""
    import tomllib  # when a label is first needed, not when a module naming them is imported

    with resource("reference", "vocabulary.toml").open("rb") as fh:
        return tomllib.load(fh)


def labels(group: str) -> dict[str, str]:
    """{key: label} of one group, in file order."""
    return dict(vocabulary()[group])


def label(group: str, key: str) -> str:
    """The label of ``key`` in ``group``, or the key itself when unknown."""
    return vocabulary()[group].get(key, key)


def key_for_label(group: str, text: str) -> str | None:
    """The key whose label (or key) equals ``text``, else None."""
    text = text.strip()
    for key, value in vocabulary()[group].items():
        if text in (key, value):
            return key
    return None


@cache
def english_labels() -> dict[str, dict[str, str]]:
    """The English labels of ``resources/reference/vocabulary_en.toml``, by group."""
    import tomllib

    with resource("reference", "vocabulary_en.toml").open("rb") as fh:
        return tomllib.load(fh)


def shown_labels(group: str) -> dict[str, str]:
    """{key: ``shown_label``} of one group, in file order: what a list or a choice of the window shows."""
    return {key: shown_label(group, key) for key in vocabulary()[group]}


def shown_label(group: str, key: str) -> str:
    """The label of ``key`` in the user's language: its English label when ``WORKSTATION_LANG=en`` and
    vocabulary_en.toml gives one, else the Chinese ``label`` (or the key itself when unknown). ``group``
    "clock_titles" gives the English title of a clock (by id), only in English."""
    from workstation.i18n import language

    if language() == "en" and (english := english_labels().get(group, {}).get(key)):
        return english
    return label(group, key) if group in vocabulary() else key
