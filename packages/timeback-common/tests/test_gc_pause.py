"""`gc_paused`: the collector is paused while pages are built and left exactly as it was."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator

import pytest

from timeback_common import gc_paused


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_inside_and_restored_after(enabled: bool) -> None:
    gc.enable() if enabled else gc.disable()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: still paused, and the outer one still restores
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled() is enabled


def test_an_error_inside_still_restores() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("a page failed")
    assert gc.isenabled()


def test_overlapping_pauses_in_threads_resume_only_when_the_last_ends() -> None:
    gc.enable()
    first_inside = threading.Event()
    second_done = threading.Event()
    states: list[bool] = []

    def first() -> None:
        with gc_paused():
            first_inside.set()
            second_done.wait(10)
            states.append(gc.isenabled())  # the second ended first: still paused for this one

    thread = threading.Thread(target=first)
    thread.start()
    assert first_inside.wait(10)
    with gc_paused():
        assert not gc.isenabled()
    second_done.set()
    thread.join(10)
    assert states == [False]
    assert gc.isenabled()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_child_forked_during_a_pause_gets_the_collector_back() -> None:
    gc.enable()
    with gc_paused():
        pid = os.fork()
        if pid == 0:  # the child: the page being built belongs to the parent
            os._exit(0 if gc.isenabled() else 1)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert gc.isenabled()
