"""What a case context reads once: within a scope, a reader (``store.parties.parties_of_case``,
``store.evidence.list_evidence``, ``formkit.spec.load_forms``, ``payments.balance``, ``clocks.case_clocks``,
``law.data.load``) keeps what it read and gives it again instead of reading it anew — a case context, a draft or the
checks of an issue ask for the same parties, register, forms, account and legal data files dozens of times.

Each reader has its own scope (a context variable, ``kept``: per thread, a thread started inside a scope not in it;
``scope``: nested, the outermost one holds, and what was kept is forgotten when it ends, an exception too), and
``context_reads_once`` opens them all. What is read from a database is kept by connection and read again after any
change made on that connection since (``held``)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workstation.db import Database


def kept(name: str) -> ContextVar[dict | None]:
    """The context variable of a reader's scope ``name``: None outside it, else {key: (the state read in, what was
    read)} (``held``)."""
    return ContextVar(name, default=None)


@contextmanager
def scope(var: ContextVar[dict | None]) -> Iterator[None]:
    """Within it, what is read through ``held`` of ``var`` is kept; forgotten when it ends (however it ends).
    Nested, the outermost one holds. Also a decorator (``@scope(var)``: a scope of its own for each call)."""
    if var.get() is not None:
        yield
        return
    token = var.set({})
    try:
        yield
    finally:
        var.reset(token)


def active(var: ContextVar[dict | None]) -> bool:
    """Whether a scope of ``var`` is open in this thread."""
    return var.get() is not None


def held(var: ContextVar[dict | None], db: Database | None, key: Hashable, read: Callable[[], Any],
         depends: tuple = ()) -> Any:
    """What ``read()`` gives, kept under ``key`` within a scope of ``var`` (outside one, read each time). Of a
    database ``db`` (None: what is read is no database's): kept by its connection, and read again after any change
    made on it since — sqlite3's ``total_changes``, which a rollback does not take back, with the changes the
    connection rolled back (``Database._discarded``, counted by ``atomic``), so that what was read between a write
    and its rollback is not kept. Read again too when any of ``depends`` (what else ``read`` draws on: a case as it
    was given, today's date, a data directory) is no longer equal to the one it was read with (kept as deep copies: a
    caller may change the one it gave, a list of it in place too). What is given is what is kept: a caller copies it
    before handing it on."""
    store = var.get()
    if store is None:
        return read()
    if db is not None:
        key = (db.conn, key)
        state = (db.conn.total_changes, db._discarded, *depends)
    else:
        state = depends
    found = store.get(key)
    if found is None or found[0] != state:
        # deep copies: a caller changing a list of the case it gave (its parties, its conditions) in place is seen
        found = store[key] = (copy.deepcopy(state), read())
    return found[1]


@contextmanager
def context_reads_once() -> Iterator[None]:
    """Every reader's scope at once (the case's parties, its evidence register, the forms, the account of its
    payment with its clocks, the legal data files): what a case context, a draft (``documents.drafts.draft_values``)
    and the checks of an issue (``documents.issuing.check_issue``) are worked out within. A reader given a scope is
    added here. Also a decorator (``@context_reads_once()``)."""
    from workstation.formkit.spec import forms_read_once
    from workstation.law.data import law_read_once
    from workstation.payments import balance_read_once
    from workstation.store.evidence import evidence_read_once
    from workstation.store.parties import parties_read_once

    with parties_read_once(), evidence_read_once(), forms_read_once(), balance_read_once(), law_read_once():
        yield
