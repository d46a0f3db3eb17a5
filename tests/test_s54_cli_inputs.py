"""A file option given what the system will not look up as a name (JSON text typed where its file's path belongs,
longer than a file name may be) is refused in the user's language, naming the start of what was given — not an
internal error."""

from __future__ import annotations

import json

from tests.helpers import run

FILED = "佛南市监立〔2026〕9号"  # demo case under investigation


def test_json_text_given_as_the_values_file_is_refused_plainly(demo_db, data_dir, capsys, tmp_path, english):
    text = json.dumps({"answer": "x" * 300})
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", FILED, "--form", "inquiry_record",
                         "--values", text, "-o", tmp_path / "record.pdf")
    assert code == 1 and out == ""
    assert err.startswith("Error: " + text[:80] + "… cannot be read: ") and "Traceback" not in err
    assert "nternal" not in err and not (tmp_path / "record.pdf").exists()
