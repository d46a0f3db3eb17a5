"""One task runner for long work: runs a core function on a QThreadPool with a progress dialog and Cancel (``run``),
or without one for a window that shows the progress itself and stays usable meanwhile (``start``), then hands the
result (or the error) back on the GUI thread. While work runs its title is noted in the open
markers of the data directory (``workstation.repair.note_work``), so that a start after a crash says which work
was cut off. ``NewestWork`` keeps a window's background work of which only the newest counts (a count for the
filter chosen now). ``ImmediateRunner`` runs tasks synchronously for tests.

Work marked ``only_reading`` (it reads the database with a connection of its own and writes nothing: the board's
count, the statistics, the 约谈 register) runs on a pool of readers beside other reads, so that a page's reading no
longer waits seconds behind a count of 100,000 cases on the one worker thread; any other work is a write and runs on
that one thread, never beside a read or another write (``_Gate``), as all work did before."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from PySide6 import QtCore  # its ``Qt`` namespace is looked up when a task runs, not on the start's path
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget
from shiboken6 import delete, isValid

from workstation.errors import Cancelled
from workstation.i18n import _
from workstation.progress import CancelToken, ProgressFn
from workstation.repair import note_work

Work = Callable[..., Any]  # called as work(progress=..., cancel=...)
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


READERS = 3  # the reads that may run at once (the board's count, the statistics' and a page's reading)
GATE_POLL = 0.05  # seconds between two looks at its token of work waiting at the gate
FREE_WAIT_S = 5  # at most, for a job whose end was heard to return from its run (``TaskRunner._free``): a moment


def only_reading(work: Work) -> Work:
    """``work`` marked as one that only reads the database, with a connection of its own, and writes nothing:
    ``TaskRunner.start`` runs it beside other such reads. Marked on the work itself, so that runners that know
    nothing of it (``ImmediateRunner``, the tests' own) run it as any other."""
    marked = partial(work)
    marked.only_reads = True
    return marked


def reads_only(work: Work) -> bool:
    """Whether ``work`` was marked ``only_reading``."""
    return getattr(work, "only_reads", False) is True


def heard_when_closing(callback: Callable) -> Callable:
    """``callback`` marked as one ``TaskRunner.run`` calls even once the workstation quits (``cancel_all``), where
    it drops the others: a caller waiting for the work's end in an event loop of its own (``wait_for``) would
    otherwise wait forever. Marked on the callback itself, as ``only_reading`` marks work."""
    marked = partial(callback)
    marked.heard_closing = True
    return marked


def heard_once_closing(callback: Callable) -> bool:
    """Whether ``callback`` was marked ``heard_when_closing``."""
    return getattr(callback, "heard_closing", False) is True


class _Gate:
    """Reads run beside each other, never beside a write: a write waits until the reads running have ended, and a
    read waits while a write is queued or running (it then reads what the write wrote, as when all work ran one
    after another on one thread). Whichever waits, waits on its worker thread, looking at its token: a Cancel ends
    the wait (``Cancelled``), the window is never held up."""

    def __init__(self):
        self._changed = threading.Condition()
        self._writes = 0  # the writes started and not yet ended, queued or running
        self._reads = 0  # the reads running

    def write_queued(self) -> None:
        with self._changed:
            self._writes += 1

    def write_dropped(self) -> None:
        """A write taken off the queue before it ran (``TaskRunner.join``)."""
        with self._changed:
            self._writes -= 1
            self._changed.notify_all()

    @contextmanager
    def writing(self, cancel: CancelToken) -> Iterator[None]:
        """Inside: the write queued (``write_queued``) runs, no read running; it has ended once outside."""
        try:
            with self._changed:
                while self._reads:
                    self._changed.wait(GATE_POLL)
                    cancel.check()
            yield
        finally:
            self.write_dropped()

    @contextmanager
    def reading(self, cancel: CancelToken) -> Iterator[None]:
        """Inside: a read runs, no write queued or running."""
        with self._changed:
            while self._writes:
                self._changed.wait(GATE_POLL)
                cancel.check()
            self._reads += 1
        try:
            yield
        finally:
            with self._changed:
                self._reads -= 1
                self._changed.notify_all()


def keeping_token(work: Work, tokens: list) -> Work:
    """``work`` that appends the CancelToken it is run with to ``tokens``: its window tells a Cancel pressed once the
    work had closed the token (its last step, which cannot be stopped) from none (see ``CancelToken.close``)."""

    def run(progress: ProgressFn, cancel: CancelToken):
        tokens.append(cancel)
        return work(progress=progress, cancel=cancel)

    return run


class _Signals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Work, cancel: CancelToken, gate: _Gate):
        super().__init__()
        self.setAutoDelete(False)  # deleted once its end was handled (``TaskRunner._free``)
        self.work, self.cancel, self.signals = work, cancel, _Signals()
        self.reads, self.gate = reads_only(work), gate
        # set when ``run`` has returned, or the job was taken off the queue unrun (``TaskRunner.join`` waits for it)
        self.ended = threading.Event()

    def run(self) -> None:
        try:
            with self.gate.reading(self.cancel) if self.reads else self.gate.writing(self.cancel):
                self._run_work()  # its end told before the gate lets the work waiting in: heard in the order run
        except Cancelled as exc:  # cancelled while it waited at the gate
            self.signals.failed.emit(exc)
        finally:
            self.ended.set()

    def _run_work(self) -> None:
        try:
            result = self.work(progress=self._report, cancel=self.cancel)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, which shows or re-raises it
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)

    def _report(self, done: int, total: int, message: str) -> None:
        if isValid(self.signals):  # else a report arriving after the work's end, its signals deleted: for nobody
            self.signals.progressed.emit(done, total, message)


class _NotCancellable(QObject):
    """Installed on the progress dialog of ``TaskRunner.run`` once its work has reached a step it cannot stop in (its
    commit), its Cancel button greyed out (``not_cancellable``): Esc and its window's close button are refused too,
    where Qt would hide the dialog and set the task's token while the work goes on; it stays shown until the work
    ends (its ``reset``)."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QtCore.QEvent.Type.Close:
            event.ignore()  # the window stays
            return True
        # taken from QtGui after the first paint, not on the start's path (tests/test_startup_paint_path.py)
        from PySide6.QtGui import QKeySequence

        return event.type() == QtCore.QEvent.Type.KeyPress and event.matches(QKeySequence.StandardKey.Cancel)


def not_cancellable(dialog: QProgressDialog) -> None:
    """Take ``dialog``'s Cancel away: its button greyed out, its Esc shortcut off, and Esc and closing the window
    (QDialog's reject, the canceled a close says) refused (``_NotCancellable``)."""
    from PySide6.QtGui import QShortcut  # after the first paint, as QKeySequence above

    for button in dialog.findChildren(QPushButton):
        button.setEnabled(False)
    for shortcut in dialog.findChildren(QShortcut):  # the Esc shortcut that comes with the Cancel button
        shortcut.setEnabled(False)
    dialog.installEventFilter(_NotCancellable(dialog))


class TaskRunner(QObject):
    """Runs work off the GUI thread with a modal progress dialog whose Cancel sets the task's token: writes one
    after another on one thread (``pool``), reads marked ``only_reading`` on up to ``READERS`` others (``readers``)
    beside each other but never beside a write (``_Gate``)."""

    task_finished = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.readers = QThreadPool(self)
        self.readers.setMaxThreadCount(READERS)
        self._gate = _Gate()
        self._jobs: set[_Job] = set()
        self._running: list[str] = []  # titles of the work started and not yet finished
        # set once the workstation quits (``cancel_all``): what ``run``'s work ends with is dropped, its window closed.
        # Never reset: a runner belongs to the one window it quits with (``MainWindow``); a runner shared by a second
        # window would drop that window's ``run`` callbacks too
        self.closing = False
        # the progress dialogs of ``run``'s work not yet ended: ``cancel_all`` hides them before the window closes
        self._dialogs: dict[QProgressDialog, CancelToken] = {}  # each with the token its Cancel sets

    def run(self, title: str, work: Work, on_done: Done, on_error: Failed, parent: QWidget | None = None) -> None:
        dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        # up until the work ends (``closing`` resets it, which hides it): not reset, and hidden, by the report whose
        # value is its maximum, which long work gives before its last step (the commit, seconds long, that can no
        # longer be cancelled): the window was usable, and closable, meanwhile, the notice of that step never seen
        dialog.setAutoReset(False)
        cancel_button = QPushButton(_("Cancel"))
        cancel_button.setObjectName("progress_cancel")
        # the dialog's own button taken away first: with it goes its Esc shortcut, which the new button's would
        # otherwise join (two shortcuts of one key are ambiguous, and neither fires: Esc would cancel nothing)
        dialog.setCancelButton(None)
        dialog.setCancelButton(cancel_button)

        ended: list[bool] = []  # holds True once the work ended and its dialog was closed

        def progressed(done: int, total: int, message: str) -> None:
            # a report delivered after the work's end (its dialog closed, deleted soon), or once the dialog went with
            # the window it was shown over (closed while the work went on): nothing to show
            if ended or self.closing or not isValid(dialog):  # closing: hidden for good (``cancel_all``), not shown again
                return
            # the text first: a modal dialog's setValue processes the events waiting, among them the work's next
            # reports, whose texts must then come after this one (not be overwritten by it)
            dialog.setLabelText(message)
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
            if cancel.closed and cancel_button.isEnabled():  # the work's last step cannot be stopped: its report
                not_cancellable(dialog)  # says so; Cancel would be ignored (Esc too: the dialog stays to the end)

        def closing(callback: Callable) -> Callable:
            def close(value) -> None:
                ended.append(True)
                self._hide_progress(dialog)
                if isValid(dialog):  # else deleted with the window it was shown over: the callback is still told
                    dialog.deleteLater()  # on the GUI thread, its reports dropped from now on (``ended``)
                # once the workstation quits (``cancel_all``) its window has closed: nothing to show the end in, no new
                # work (the screening after an import) to start on it; a caller waiting for the end is still told
                if not self.closing or heard_once_closing(callback):
                    callback(value)

            return close

        cancel = self.start(title, work, closing(on_done), closing(on_error), progressed)
        dialog.canceled.connect(cancel.cancel)
        if not ended:  # else ended already (a runner that ran it at once)
            self._dialogs[dialog] = cancel

    def start(self, title: str, work: Work, on_done: Done, on_error: Failed, progress: ProgressFn) -> CancelToken:
        """Run ``work`` off the GUI thread with no dialog: ``progress`` is given its reports on the GUI thread, and
        the token returned is its Cancel (the caller shows both in its own window, which stays usable). Its callbacks
        are called even once the workstation quits (``cancel_all``): callers wait for them in event loops of their
        own (a print), or drop what ends once their window is gone (``NewestWork``)."""
        cancel = CancelToken()
        job = _Job(work, cancel, self._gate)
        if not job.reads:
            self._gate.write_queued()  # reads started from now on wait for it
        self._jobs.add(job)
        self._running.append(title)
        note_work(self._running)

        def finish(callback: Callable, value) -> None:
            self._jobs.discard(job)
            # its last signal: the job and its signals deleted here, on the thread they belong to, once its run has
            # returned (its worker thread no longer inside the signal's emit), and with them the connections to
            # these callbacks, which hold the job that holds them (a cycle through Qt that Python never collects)
            self._free(job)
            self._running.remove(title)
            note_work(self._running)
            callback(value)
            self.task_finished.emit()

        queued = QtCore.Qt.ConnectionType.QueuedConnection  # the job emits on its worker thread; handle on the GUI's
        job.signals.progressed.connect(progress, queued)
        job.signals.finished.connect(lambda result: finish(on_done, result), queued)
        job.signals.failed.connect(lambda exc: finish(on_error, exc), queued)
        (self.readers if job.reads else self.pool).start(job)
        return cancel

    def wait(self, msecs: int = -1) -> bool:
        """Block until running work ends, reads and writes (on shutdown and in tests)."""
        return self.pool.waitForDone(msecs) and self.readers.waitForDone(msecs)

    def cancel_all(self) -> None:
        """The workstation quits (its window closed, the idle lock's 退出): cancel all work, as its Cancel does, and
        drop what the work started by ``run`` ends with from now on (``closing``). Work queued is taken off the
        queue, never run; work running stops at its next look at its token, rolling back what it had not committed.
        Work that has closed its token (its commit, which cannot be stopped) finishes and is kept. Then ``wait`` is
        short. Called again (the lock's 退出, the window's close, ``shutdown``: no events handled between), it skips
        the work ended or taken off the queue already, whose end is yet to be handled (a job taken is kept, with its
        signals, until then). The progress dialogs of ``run`` are hidden at once, before the window they are modal
        over closes."""
        self.closing = True  # the callbacks ``run`` was given are dropped from now on
        # their progress dialogs hidden now, before the window they are modal over closes: nothing is shown of the
        # work from now on (deleted, on the GUI thread, once its end is handled)
        for dialog in list(self._dialogs):
            self._hide_progress(dialog)
        for job in list(self._jobs):
            if job.ended.is_set():  # ended, or taken off the queue by an earlier call: its end is on its way
                continue
            job.cancel.cancel()
            self._take(job)  # still queued: dropped, its ``Cancelled`` emitted

    def join(self, cancel: CancelToken) -> None:
        """Cancel the work ``start`` gave ``cancel`` for and block until it has stopped (a window closing over its
        background work): still queued behind other work, it is dropped; running, it stops at its next look at the
        token. Either way its ``on_error`` gets ``Cancelled`` (or its result, when it ended first) on the GUI
        thread later, as usual; other work in the pool is not waited for."""
        cancel.cancel()
        job = next((job for job in self._jobs if job.cancel is cancel), None)
        if job is None or job.ended.is_set():  # finished already, or taken off the queue: its end is on its way
            return
        if self._take(job):
            return
        job.ended.wait()

    def _take(self, job: _Job) -> bool:
        """Take ``job`` off its pool's queue before it runs (False when it is no longer queued); then it never will:
        a write's turn is given up (``write_dropped``) and its ``on_error`` gets ``Cancelled``. It is not deleted
        here: the ``Cancelled`` goes through its signals, and both are deleted once that end is handled (``_free``),
        as for work that ran."""
        if not (self.readers if job.reads else self.pool).tryTake(job):
            return False
        job.ended.set()
        if not job.reads:
            self._gate.write_dropped()
        job.signals.failed.emit(Cancelled(_("Cancelled; nothing was changed.")))
        return True

    def _hide_progress(self, dialog: QProgressDialog) -> None:
        """Hide the progress dialog of ``run``'s work for good, once: its Cancel no longer heard, its filter refusing
        a close taken away, its timer that would show it stopped (``reset``). Not deleted here."""
        cancel = self._dialogs.pop(dialog, None)
        if cancel is None or not isValid(dialog):  # hidden already, or deleted with the window it was shown over
            return
        dialog.canceled.disconnect(cancel.cancel)
        for watcher in dialog.findChildren(_NotCancellable):
            dialog.removeEventFilter(watcher)
        dialog.reset()
        dialog.hide()

    @staticmethod
    def _free(job: _Job) -> None:
        """Delete ``job`` and its signals once its run has returned (its end is handled just before: a moment), on
        the GUI thread: PySide6 keeps a runnable its pool does not delete as the pool's child for the pool's life,
        with its work, one more for each count and search of a day. Qt no longer touches a runnable after its
        ``run`` when it does not delete it. A run not returned by then keeps both (never deleted under it)."""
        if not job.ended.wait(FREE_WAIT_S):
            return
        if isValid(job.signals):
            job.signals.deleteLater()
        if isValid(job):
            delete(job)


class ImmediateRunner(QObject):
    """Runs each task at once on the calling thread (tests), with the same callbacks as TaskRunner."""

    task_finished = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.progress_reports: list[tuple[int, int, str]] = []
        self.cancel_token = CancelToken()

    def run(self, title: str, work: Work, on_done: Done, on_error: Failed, parent: QWidget | None = None) -> None:
        self.start(title, work, on_done, on_error, lambda d, t, m: None)

    def start(self, title: str, work: Work, on_done: Done, on_error: Failed, progress: ProgressFn) -> CancelToken:
        """As ``TaskRunner.start``, at once: the callbacks have run when it returns."""

        def report(done: int, total: int, message: str) -> None:
            self.progress_reports.append((done, total, message))
            progress(done, total, message)

        try:
            result = work(progress=report, cancel=self.cancel_token)
        except Exception as exc:  # noqa: BLE001 - same contract as TaskRunner: errors go to on_error
            on_error(exc)
        else:
            on_done(result)
        self.task_finished.emit()
        return self.cancel_token

    def wait(self, msecs: int = -1) -> bool:
        return True

    def cancel_all(self) -> None:
        """Nothing to cancel: each task has finished when ``start`` returns."""

    def join(self, cancel: CancelToken) -> None:
        """Nothing to wait for: each task has finished when ``start`` returns."""


def wait_for(runner, title: str, work: Work, parent: QWidget | None = None):
    """Run ``work`` in ``runner`` with its progress dialog and Cancel while the caller waits in an event loop, and
    return its result (raise its error: ``Cancelled`` when the officer cancelled). For the start, which has no
    window yet to go on working in but must keep the screen drawn during long work (the check of a database or
    a backup, a restore). Without a runner (a caller that has none, as in some tests) the work runs at once."""
    if runner is None:
        return work(progress=lambda done, total, message: None, cancel=CancelToken())
    from PySide6.QtCore import QEventLoop

    outcome: dict = {}
    loop = QEventLoop()

    def finished(kind: str, value) -> None:
        outcome[kind] = value
        loop.quit()

    # the loop waits for them even once the window closed
    done, failed = heard_when_closing(partial(finished, "result")), heard_when_closing(partial(finished, "error"))
    runner.run(title, work, done, failed, parent)
    if not outcome:  # a runner that ran the work at once has already finished
        loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


class NewestWork:
    """The background work of a window of which only the newest counts (a count for the filter chosen now): ``start``
    cancels the one still running, whose result, error and progress are then dropped, as are any that arrive once
    ``owner`` is destroyed; what the window shows stays until the newest work's callbacks change it. Each callback
    runs with the work no longer ``running``."""

    def __init__(self, owner: QObject, runner):
        self.owner, self.runner = owner, runner
        # the work wanted: a list that holds its CancelToken once ``runner.start`` returned (an ImmediateRunner has
        # run the callbacks by then, each told by the list's identity that its work is the one wanted)
        self._wanted: list | None = None

    @property
    def running(self) -> bool:
        return self._wanted is not None

    def start(self, title: str, work: Work, on_done: Done, on_error: Failed, progress: ProgressFn | None = None) -> None:
        """Cancel the work running, if any, and run ``work`` with no dialog (``TaskRunner.start``)."""
        self.stop()
        wanted: list = []
        self._wanted = wanted
        wanted.append(self.runner.start(title, work, self._ending(wanted, on_done), self._ending(wanted, on_error),
                                        self._progressing(wanted, progress)))

    def cancel(self) -> None:
        """Cancel the work running, still wanted: its ``on_error`` gets ``Cancelled`` (a Cancel the officer pressed)."""
        if self._wanted:
            self._wanted[0].cancel()

    def stop(self) -> None:
        """Cancel the work running, if any, and drop what it ends with."""
        self.cancel()
        self._wanted = None

    def _is_wanted(self, wanted: list) -> bool:
        from shiboken6 import isValid

        return isValid(self.owner) and self._wanted is wanted

    def _ending(self, wanted: list, callback: Callable) -> Callable:
        def end(value) -> None:
            if self._is_wanted(wanted):  # else cancelled, or started again since
                self._wanted = None
                callback(value)

        return end

    def _progressing(self, wanted: list, progress: ProgressFn | None) -> ProgressFn:
        def report(done: int, total: int, message: str) -> None:
            if progress is not None and self._is_wanted(wanted):
                progress(done, total, message)

        return report
