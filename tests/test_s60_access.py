"""Who acted and when, as the audit log tells it, and what `audit verify` can and cannot say:

- with encrypted data a command records its changes under the officer whose passphrase opened it: a
  WORKSTATION_ACTOR or an acting --officer naming somebody else is refused, naming both (unencrypted data: as before);
- `audit verify` checks the log reaches as far as the bundles exported here carried it, and says what the chain
  proves and what it cannot;
- a wrong passphrase and a keyring change written later carry the time they happened, readable in `audit list`;
- every action and kind of record the code writes has a label, and the filters take the labels too (an unknown one is
  refused, listing those there are);
- a passphrase file other users can read is warned of;
- the counts the verification names are joined as the language joins a list."""

from __future__ import annotations

import ast
import json
import os
from collections import deque
from pathlib import Path

import pytest

from tests import test_s53_security
from tests.helpers import run, run_json
from tests.test_s53_security import LUO, cli
from tests.test_ui_login import PASS
from workstation import audit
from workstation.db import open_database
from workstation.i18n import _
from workstation.paths import database_path
from workstation.security import access, events, session

station = test_s53_security.station  # a fixture: the encrypted station of 陈志强 and 罗建华
LEAD = ("leads", "add", "--source", "report", "--received", "2026-03-02 10:00", "--description", "上门推销贷款的举报")


def audit_rows(data: Path, sql: str = "SELECT seq, actor, action, entity, entity_id, at FROM audit ORDER BY seq"):
    db = open_database(database_path(data))
    try:
        return [tuple(r) for r in db.execute(sql).fetchall()]
    finally:
        db.conn.close()


# 2. the actor with encrypted data is whose passphrase opened it ----------------------------------------------------
def test_a_workstation_actor_naming_another_officer_is_refused_and_nothing_is_written(station, capsys, monkeypatch,
                                                                                     english):
    db, data = station
    db.conn.close()
    before = audit_rows(data)
    session._KEYS.clear()  # as a new process: nothing unlocked, the variable set as a script sets it
    monkeypatch.setenv("WORKSTATION_ACTOR", "陈志强")
    monkeypatch.setenv(access.PASSPHRASE_ENV, LUO)
    code, out, err = run(capsys, "--data-dir", data, *LEAD)
    assert code == 1 and out == ""
    assert "WORKSTATION_ACTOR" in err and "陈志强" in err and "罗建华" in err, err
    assert audit_rows(data) == before  # nothing written, not even under 罗建华
    # the owner of the passphrase (the variable unset, or naming them) is recorded
    code, out, err = cli(capsys, monkeypatch, data, LUO, *LEAD)
    assert code == 0, err
    assert audit_rows(data)[-1][1] == "罗建华"
    monkeypatch.setenv("WORKSTATION_ACTOR", "罗建华")
    session._KEYS.clear()
    code, _out, err = run(capsys, "--data-dir", data, *LEAD)
    assert code == 0, err
    assert audit_rows(data)[-1][1] == "罗建华"
    # a name that is no officer's (a script's account): the passphrase's officer is recorded, not that name
    monkeypatch.setenv("WORKSTATION_ACTOR", "nightly-script")
    session._KEYS.clear()
    code, _out, err = run(capsys, "--data-dir", data, *LEAD)
    assert code == 0, err
    assert audit_rows(data)[-1][1] == "罗建华"
    assert os.environ["WORKSTATION_ACTOR"] == "nightly-script"  # given back: the next command starts from it


def test_an_acting_officer_option_naming_another_officer_is_refused(station, capsys, monkeypatch, english):
    db, data = station
    db.conn.close()
    before = audit_rows(data)
    code, out, err = cli(capsys, monkeypatch, data, LUO, *LEAD, "--officer", "陈志强")
    assert code == 1 and out == ""
    assert "--officer" in err and "陈志强" in err and "罗建华" in err, err
    assert audit_rows(data) == before
    code, _out, err = cli(capsys, monkeypatch, data, LUO, *LEAD, "--officer", "罗建华")
    assert code == 0, err
    assert audit_rows(data)[-1][1] == "罗建华"
    # an --officer naming the officer in charge, not who acts, is left alone: `clocks --officer` lists theirs
    code, _out, err = cli(capsys, monkeypatch, data, LUO, "clocks", "--officer", "陈志强")
    assert code == 0, err


def test_unencrypted_data_records_the_actor_named(db, officers, data_dir, capsys, monkeypatch):
    monkeypatch.setenv("WORKSTATION_ACTOR", "黄丽娟")
    code, _out, err = run(capsys, "--data-dir", data_dir, *LEAD)
    assert code == 0, err
    assert db.execute("SELECT actor FROM audit ORDER BY seq DESC LIMIT 1").fetchone()[0] == "黄丽娟"
    code, _out, err = run(capsys, "--data-dir", data_dir, *LEAD, "--officer", "陈志强")
    assert code == 0, err
    assert db.execute("SELECT actor FROM audit ORDER BY seq DESC LIMIT 1").fetchone()[0] == "陈志强"


# 3. `audit verify` and the bundles exported ------------------------------------------------------------------------
def _entries(db, n: int) -> None:
    with db.atomic():
        writer = audit.AuditWriter(db)
        for i in range(n):
            writer.add("update", "case", f"case-{i}", {"i": i}, {"i": i + 1})
        writer.flush()


def _exported(db, audit_to: int, path: str = "/media/u/to-hq.wsbundle") -> None:
    db.execute("INSERT INTO bundle_exports (id, created_at, created_by, scope, path, sha256, audit_from, audit_to) "
               "VALUES ('b1', '2026-05-06T10:00:00+08:00', '', 'changed', ?, '', 0, ?)", [path, audit_to])


def test_a_log_cut_back_below_an_exported_bundle_with_its_head_rewritten_is_found(db, data_dir, capsys, english):
    _entries(db, 12)
    last = db.execute("SELECT MAX(seq) FROM audit").fetchone()[0]
    _exported(db, last)
    assert audit.verify(db)["valid"]
    # cut back by 5 entries, the head rewritten to the new last one: the chain alone reads intact
    keep = last - 5
    with db.atomic():
        db.execute("DELETE FROM audit WHERE seq > ?", [keep])
        kept_hash = db.execute("SELECT hash FROM audit WHERE seq = ?", [keep]).fetchone()[0]
        db.execute("UPDATE settings SET value = ? WHERE key = ?", [f"{keep}:{kept_hash}", audit.HEAD_KEY])
    result = audit.verify(db)
    assert not result["valid"]
    said = " ".join(result["problems"])
    assert str(last) in said and str(keep + 1) in said and "to-hq.wsbundle" in said, said
    code, out, err = run(capsys, "--data-dir", data_dir, "audit", "verify")
    assert code == 1 and "to-hq.wsbundle" in out


def test_an_intact_log_says_what_the_chain_shows_and_what_it_cannot(db, data_dir, capsys, english):
    _entries(db, 3)
    code, out, _err = run(capsys, "--data-dir", data_dir, "audit", "verify")
    assert code == 0
    assert "intact" not in out.lower()
    assert "consistent" in out and "cannot" in out and "rewrote" in out, out
    result = run_json(capsys, "--data-dir", data_dir, "audit", "verify")
    assert result["valid"] is True and result["entries"] >= 3


# 4. the time of a wrong passphrase and of a keyring change ---------------------------------------------------------
def test_wrong_passphrases_and_keyring_changes_are_listed_at_the_time_they_happened(station, capsys, monkeypatch,
                                                                                   english):
    import workstation.records

    db, data = station
    db.conn.close()
    times = iter(["2026-01-05T09:00:01.000001+08:00", "2026-01-05T09:00:07.000001+08:00",
                  "2026-01-05T09:01:30.000001+08:00"])
    with monkeypatch.context() as m:
        m.setattr(workstation.records, "now", lambda: next(times))
        for _n in range(2):
            code, _out, _err = cli(capsys, monkeypatch, data, "not the passphrase", "stats")
            assert code == 1
        # a change of the keyring made without the database (written at the next opening)
        access.withdraw_passphrase(data, "罗建华")
    code, out, err = cli(capsys, monkeypatch, data, PASS, "audit", "list", "--entity", "security", "--json")
    assert code == 0, err
    listed = {(e["action"], e["at"]) for e in json.loads(out)["entries"]}
    assert (events.LOGIN_FAILED, "2026-01-05T09:00:01.000001+08:00") in listed, listed
    assert (events.LOGIN_FAILED, "2026-01-05T09:00:07.000001+08:00") in listed, listed
    assert (events.PASSPHRASE_WITHDRAWN, "2026-01-05T09:01:30.000001+08:00") in listed, listed
    code, out, _err = cli(capsys, monkeypatch, data, PASS, "audit", "list", "--entity", "security")
    assert "2026-01-05 09:00:01" in out and "2026-01-05 09:00:07" in out and "2026-01-05 09:01:30" in out, out
    code, out, _err = cli(capsys, monkeypatch, data, PASS, "audit", "verify")
    assert code == 0, out


# 5. a label for every key written, the filters taking labels -------------------------------------------------------
ROOT = Path(audit.__file__).parent
# the functions that write an entry from an action and an entity given them: their callers' keys are the keys
SINKS = {("audit.py", "add"), ("audit.py", "add_digests"), ("audit.py", "append"), ("audit.py", "append_in"),
         ("security/events.py", "record"), ("security/events.py", "record_once"),
         ("security/events.py", "record_in"), ("security/events.py", "record_changes"),
         ("security/events.py", "record_failed_logins")}


def _called(call: ast.Call) -> str | None:
    """The name a call calls: ``f`` of ``f(…)`` and of ``x.f(…)``."""
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


class _Module:
    def __init__(self, path: Path):
        self.rel = path.relative_to(ROOT).as_posix()
        self.stem = path.stem
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        # one walk of the tree (in ``ast.walk``'s order) for the parent of each node and the module's calls,
        # by the name called: the scan looked up the callers of a function by walking every module's whole
        # tree again for each parameter it followed (10 s of processor time, 5 s now)
        self.parents: dict[ast.AST, ast.AST] = {}
        self.calls: list[ast.Call] = []
        self.calls_of: dict[str | None, list[ast.Call]] = {}
        todo = deque([self.tree])
        while todo:
            node = todo.popleft()
            children = [value for field in node._fields
                        for value in _as_list(getattr(node, field, None)) if isinstance(value, ast.AST)]
            for child in children:
                self.parents[child] = node
            todo.extend(children)
            if isinstance(node, ast.Call):
                self.calls.append(node)
                self.calls_of.setdefault(_called(node), []).append(node)
        self.constants: dict[str, ast.expr] = {}
        for node in self.tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, ast.AnnAssign) and node.value is not None else []
            for target in targets:
                if isinstance(target, ast.Name):
                    self.constants[target.id] = node.value
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    for name, value in zip(target.elts, node.value.elts, strict=False):
                        if isinstance(name, ast.Name):
                            self.constants[name.id] = value

    def function_of(self, node):
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None


class _Unresolved(Exception):
    pass


class _KeysWritten:
    """The actions and entities the code of ``workstation`` writes into the audit log, read from its source: each
    call of a writer (``AuditWriter.add``/``add_digests``, ``audit.append``, ``append_in``) with its keys followed to
    their values — a literal, a constant, a parameter given by the callers of its function, a local variable. Keys
    taken from a table (a merged table's name, a revealed field) come from that table (``domains``)."""

    def __init__(self, domains: dict[tuple[str, str], set[str]]):
        self.modules = [_Module(p) for p in sorted(ROOT.rglob("*.py"))]
        self.domains = domains
        self.constants: dict[str, list] = {}
        for module in self.modules:
            for name, value in module.constants.items():
                self.constants.setdefault(name, []).append((module, value))
        self.actions: set[str] = set()
        self.entities: set[str] = set()
        self.unresolved: list[str] = []
        for module, _node, action, entity in self._sites():
            for expr, found in ((action, self.actions), (entity, self.entities)):
                try:
                    found |= self._values(expr, module)
                except _Unresolved as exc:
                    self.unresolved.append(str(exc))

    def _sites(self):
        for module in self.modules:
            for node in module.calls:
                function = module.function_of(node)
                if function is not None and (module.rel, function.name) in SINKS:
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                receiver = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                    else ""
                if name in ("add", "add_digests") and (receiver in ("audit", "writer") or
                                                       receiver == "self" and module.rel == "audit.py"):
                    yield module, node, node.args[0], node.args[1]
                elif name == "append" and receiver in ("audit", "") and len(node.args) >= 3:
                    yield module, node, node.args[1], node.args[2]
                elif name == "append_in":
                    yield module, node, node.args[1], node.args[2]

    def _values(self, expr, module, depth: int = 0) -> set[str]:
        source = ast.unparse(expr)
        if (module.rel, source) in self.domains:
            return self.domains[module.rel, source]
        if depth > 10:
            raise _Unresolved(f"{module.rel}:{getattr(expr, 'lineno', '?')}: {source}")
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.IfExp):
            return self._values(expr.body, module, depth + 1) | self._values(expr.orelse, module, depth + 1)
        if isinstance(expr, ast.Name):
            function = module.function_of(expr)
            if function is not None:
                parameters = [a.arg for a in function.args.posonlyargs + function.args.args + function.args.kwonlyargs]
                if expr.id in parameters:
                    return self._given(function, expr.id, module, depth)
                assigned = [node.value for node in ast.walk(function) if isinstance(node, ast.Assign)
                            for target in node.targets if isinstance(target, ast.Name) and target.id == expr.id]
                if assigned:
                    return set().union(*(self._values(value, module, depth + 1) for value in assigned))
            if expr.id in module.constants:
                return self._values(module.constants[expr.id], module, depth + 1)
            if expr.id in self.constants:  # a constant imported from another module
                return set().union(*(self._values(v, m, depth + 1) for m, v in self.constants[expr.id]))
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):  # module.CONSTANT
            found = [(m, v) for m, v in self.constants.get(expr.attr, []) if m.stem == expr.value.id]
            if found:
                return set().union(*(self._values(v, m, depth + 1) for m, v in found))
        raise _Unresolved(f"{module.rel}:{getattr(expr, 'lineno', '?')}: {source}")

    def _given(self, function, name: str, module, depth: int) -> set[str]:
        """The values the callers of ``function`` give its parameter ``name`` (by position or keyword)."""
        positional = [a.arg for a in function.args.posonlyargs + function.args.args]
        offset = 1 if positional and positional[0] in ("self", "cls") else 0
        index = positional.index(name) - offset if name in positional else None
        values: set[str] = set()
        defaults = dict(zip(positional[len(positional) - len(function.args.defaults):], function.args.defaults,
                            strict=True))
        defaults |= {a.arg: d for a, d in zip(function.args.kwonlyargs, function.args.kw_defaults, strict=True)
                     if d is not None}
        default = defaults.get(name)
        if default is not None and not (isinstance(default, ast.Constant) and default.value is None):
            values |= self._values(default, module, depth + 1)
        for caller in self.modules:
            if function.name.startswith("_") and caller is not module:
                continue  # a private function is called in its own module only
            for call in caller.calls_of.get(function.name, ()):
                given = next((kw.value for kw in call.keywords if kw.arg == name), None)
                if given is None and index is not None and index < len(call.args) and \
                        not any(isinstance(a, ast.Starred) for a in call.args[:index + 1]):
                    given = call.args[index]
                if given is not None:
                    values |= self._values(given, caller, depth + 1)
        return values


def _written():
    from workstation.bundle.tables import TABLES
    from workstation.store.personal import REVEALABLE

    tables = {table.name for table in TABLES}
    revealed = {f"{entity}.{field}" for entity, (_table, fields) in REVEALABLE.items() for field in fields}
    return _KeysWritten({("bundle/merge.py", "table.name"): tables, ("bundle/merge.py", "tbl"): tables,
                         ("bundle/merge.py", "settled.table"): tables,
                         ("masking.py", "f'{entity}.{field}'"): revealed})


def test_every_action_and_kind_of_record_the_code_writes_has_a_label():
    written = _written()
    assert written.unresolved == [], "keys the test cannot follow: give their writers literal keys or a domain"
    # the scan finds what it must: the writers of the store, the security events, the merge, law and calendar
    assert {"create", "update", "merge_update", "reveal", "freeze", "put_back", "copy", "remove",
            audit.DAMAGE_ACTION} <= written.actions
    assert {"case", "cases", "calendar", "law", "report_period", "party.phone", "audit"} <= written.entities
    security = {value for name, value in vars(events).items() if name.isupper() and isinstance(value, str)
                and name not in ("ENTITY", "NOBODY")}
    assert security <= set(events.ACTIONS)
    missing_actions = sorted(k for k in written.actions | set(events.ACTIONS) if k not in audit.ACTION_LABELS)
    missing_entities = sorted(k for k in written.entities | {events.ENTITY} if not audit.has_entity_label(k))
    assert missing_actions == [] and missing_entities == []


def test_the_list_shows_labels_and_the_filters_take_them(db, officers, data_dir, capsys, english):
    with db.atomic():
        audit.append(db, events.LOGIN_FAILED, events.ENTITY, "陈志强", actor=events.NOBODY)
        audit.append(db, "reveal", "party.phone", "party-1", actor="陈志强")
        audit.append(db, "merge_update", "cases", "case-1", actor="黄丽娟")
        audit.append(db, "freeze", "report_period", "period-1", actor="黄丽娟")
    code, out, _err = run(capsys, "--data-dir", data_dir, "audit", "list", "--limit", "4")
    assert code == 0
    for key in (events.LOGIN_FAILED, "reveal", "party.phone", "merge_update", "cases", "freeze", "report_period"):
        assert f"  {key}  " not in f"{out}  ".replace("\n", "  "), (key, out)
    assert _(audit.ACTION_LABELS["freeze"]) in out and _(audit.ENTITY_LABELS["report_period"]) in out
    # a label as the filter: the keys it stands for (案件 the merged table's entries too)
    listed = run_json(capsys, "--data-dir", data_dir, "audit", "list", "--entity", _("Case"), "--action",
                      _(audit.ACTION_LABELS["merge_update"]))
    assert [(e["action"], e["entity"]) for e in listed["entries"]] == [("merge_update", "cases")]
    listed = run_json(capsys, "--data-dir", data_dir, "audit", "list", "--action", "merge_update")
    assert listed["total"] == 1


def test_chinese_labels_filter_too(db, officers, data_dir, capsys, chinese):
    with db.atomic():
        audit.append(db, "update", "case", "case-1", actor="黄丽娟")
        audit.append(db, "update", "lead", "lead-1", actor="黄丽娟")
    listed = run_json(capsys, "--data-dir", data_dir, "audit", "list", "--entity", "案件", "--action", "修改")
    assert [(e["action"], e["entity"], e["entity_id"]) for e in listed["entries"]] == [("update", "case", "case-1")]


def test_an_unknown_filter_is_refused_listing_the_valid_ones(db, data_dir, capsys, english):
    code, out, err = run(capsys, "--data-dir", data_dir, "audit", "list", "--entity", "nonsense")
    assert code == 1 and out == ""
    assert "--entity" in err and "nonsense" in err and "case" in err and _("Case") in err, err
    code, out, err = run(capsys, "--data-dir", data_dir, "audit", "list", "--action", "frobnicate")
    assert code == 1 and out == "" and "--action" in err and "merge_update" in err, err


# 7. a passphrase file others can read -----------------------------------------------------------------------------
@pytest.fixture
def open_folder():
    """A folder every user of the computer may pass through (as /tmp and a home folder often are), removed after."""
    import shutil
    import tempfile

    if not os.access("/tmp", os.W_OK) or not os.stat("/tmp").st_mode & 0o001:
        pytest.skip("no /tmp open to every user")
    folder = Path(tempfile.mkdtemp(dir="/tmp", prefix="s60-open-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_passphrase_file_others_can_read_is_warned_of(station, tmp_path, open_folder, capsys, monkeypatch,
                                                        english):
    db, data = station
    db.conn.close()
    monkeypatch.delenv(access.PASSPHRASE_ENV, raising=False)
    monkeypatch.delenv("WORKSTATION_ACTOR", raising=False)

    def stats_with(folder: Path, mode: int) -> tuple[Path, str]:
        given = folder / f"passphrase-{mode:o}.txt"
        given.write_text(LUO + "\n", encoding="utf-8")
        given.chmod(mode)
        session._KEYS.clear()
        code, _out, err = run(capsys, "--data-dir", data, "--passphrase-file", given, "stats")
        assert code == 0, err
        return given, err

    loose, err = stats_with(open_folder, 0o644)
    assert str(loose) in err and "644" in err and "chmod 600" in err, err
    _given, err = stats_with(open_folder, 0o600)
    assert "chmod" not in err, err
    tmp_path.chmod(0o700)  # a folder of the user's alone: nobody else reaches the file in it
    _given, err = stats_with(tmp_path, 0o644)
    assert "chmod" not in err, err


# 9. the counts the verification names --------------------------------------------------------------------------------
def test_the_records_held_by_an_emptied_log_are_listed_as_the_language_lists(demo_db, language_of):
    with demo_db.atomic():
        demo_db.execute("DELETE FROM audit")
        demo_db.execute("DELETE FROM settings WHERE key = ?", [audit.HEAD_KEY])
    said = language_of("zh_CN", lambda: audit.verify(demo_db)["problems"][-1])
    assert "、" in said and ", " not in said, said
    said = language_of("en", lambda: audit.verify(demo_db)["problems"][-1])
    assert ", " in said and "、" not in said, said


@pytest.fixture
def language_of():
    from workstation import i18n

    def said(language: str, what):
        before = i18n.language()
        i18n.set_language(language)
        try:
            return what()
        finally:
            i18n.set_language(before)

    return said
