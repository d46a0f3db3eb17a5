"""The review of a decision's publication copy (公示版, m049) travels with its decision in bundles: headquarters (or the
station, from headquarters' hand-out) writing the copy after a merge masks the same persons, a later review travels
in the next bundle, a review changed on both sides is a conflict, and a bundle whose review is not a list of names is
refused before anything merges."""

from __future__ import annotations

from tests.helpers import open_db, run, run_json, send_bundle, trusting_station_and_hq
from tests.test_fuzz25_inputs import _resigned
from workstation.audit import verify
from workstation.documents.issuing import get_document
from workstation.documents.publication_review import record_review, stored_review


def _review(data_dir, typed: str, kept_whole=(), masked=()):
    """Record a review of the one issued document held in ``data_dir``: (document id, the review kept)."""
    db = open_db(data_dir)
    try:
        (document_id,) = db.execute("SELECT id FROM documents").fetchone()
        return document_id, record_review(db, get_document(db, document_id), typed, kept_whole, masked)
    finally:
        db.conn.close()


def _kept(data_dir, document_id):
    db = open_db(data_dir)
    try:
        return stored_review(db, document_id)
    finally:
        db.conn.close()


def _dirs(capsys, station_and_hq_template, tmp_path):
    return trusting_station_and_hq(station_and_hq_template(issue_document=True), tmp_path, capsys)


def test_the_review_travels_with_its_decision_to_headquarters(capsys, station_and_hq_template, tmp_path):
    dirs = _dirs(capsys, station_and_hq_template, tmp_path)
    document_id, review = _review(dirs / "station", "王小明", ("陈静",), ("王小明",))
    merged = send_bundle(capsys, dirs, "s1.bundle")
    assert merged["conflicts"] == 0
    assert merged["by_table"]["publication_reviews"] == {"new": 1, "updated": 0, "unchanged": 0, "conflicts": 0}
    assert _kept(dirs / "hq", document_id) == review  # the names, when and by whom
    hq = open_db(dirs / "hq")
    try:
        assert verify(hq)["valid"]
    finally:
        hq.conn.close()
    # the same bundle again changes nothing
    again = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "s1.bundle")
    assert again["new"] == again["updated"] == 0


def test_a_later_review_travels_in_the_next_bundle_and_an_unchanged_one_is_not_sent_again(
        capsys, station_and_hq_template, tmp_path):
    dirs = _dirs(capsys, station_and_hq_template, tmp_path)
    document_id, _first = _review(dirs / "station", "王小明", (), ("王小明",))
    send_bundle(capsys, dirs, "s1.bundle")
    nothing_new = send_bundle(capsys, dirs, "s2.bundle")
    assert nothing_new["by_table"].get("publication_reviews", {}).get("updated", 0) == 0
    _id, later = _review(dirs / "station", "王小明、张伟", (), ("王小明", "张伟"))
    merged = send_bundle(capsys, dirs, "s3.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["publication_reviews"]["updated"] == 1
    assert _kept(dirs / "hq", document_id).masked == ("王小明", "张伟") == later.masked


def test_a_review_changed_at_both_ends_is_a_conflict_the_analyst_resolves(
        capsys, station_and_hq_template, tmp_path, english):
    dirs = _dirs(capsys, station_and_hq_template, tmp_path)
    document_id, _first = _review(dirs / "station", "王小明", (), ("王小明",))
    send_bundle(capsys, dirs, "s1.bundle")
    _review(dirs / "hq", "王小明、陈静", (), ("王小明", "陈静"))  # headquarters masks one more
    _review(dirs / "station", "", (), ())  # the station writes every name whole
    merged = send_bundle(capsys, dirs, "s2.bundle")
    assert merged["by_table"]["publication_reviews"]["conflicts"] == 1
    conflicts = [c for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
                 if c["table"] == "publication_reviews"]
    assert {c["field"] for c in conflicts} >= {"typed", "masked"}
    assert _kept(dirs / "hq", document_id).masked == ("王小明", "陈静")  # held as it was until resolved
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert code == 0 and "Publication copy of" in out and "Names masked" in out
    for conflict in conflicts:
        run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--take-incoming")
    kept = _kept(dirs / "hq", document_id)
    assert (kept.typed, kept.masked) == ("", ())


def test_a_bundle_whose_review_is_not_a_list_of_names_is_refused(capsys, station_and_hq_template, tmp_path, english):
    dirs = _dirs(capsys, station_and_hq_template, tmp_path)
    _review(dirs / "station", "王小明", (), ("王小明",))

    def alter(records):
        records["publication_reviews"][0]["masked"] = "王小明"

    bundle = _resigned(capsys, dirs, alter)
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", bundle)
    assert (code, out) == (1, "")
    assert "records/publication_reviews.json" in err and "the field masked holds" in err and \
        'a list of keys written as JSON' in err
    hq = open_db(dirs / "hq")
    try:
        assert hq.execute("SELECT COUNT(*) FROM publication_reviews").fetchone()[0] == 0
        assert hq.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    finally:
        hq.conn.close()
