"""The domain vocabulary (sectors, violation types, party kinds, states, lead sources) loaded from
``resources/reference/vocabulary.toml``: stable keys and the Chinese labels officers read."""

from __future__ import annotations

from functools import cache

from workstation.paths import resource


@cache
def vocabulary() -> dict[str, dict[str, str]]:
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
