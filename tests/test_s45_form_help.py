"""A form field's help is the tooltip the editor shows officers: no developer's marker nor repository path in it."""

import re

from workstation.formkit.spec import load_forms


def test_no_field_help_shows_a_developers_marker_or_a_repository_path():
    forms, broken = load_forms()
    assert not broken
    shown = [(form.id, field.name, field.help) for form in forms.values() for field in form.fields if field.help]
    assert len(shown) > 100
    marked = [(form, name) for form, name, text in shown
              if "UNCONFIRMED" in text or re.search(r"resources/law/|\.toml \[", text)]
    assert marked == []
