"""The collector's pauses and set-asides leave Python's garbage collector as they found it."""

from __future__ import annotations

import gc

from mkdocs_events import BuildEvents

from calico_kb import collector


def test_a_pause_resumes_the_collector_and_keeps_an_outer_pause():
    assert gc.isenabled()
    with collector.collector_paused():
        assert not gc.isenabled()
        with collector.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_objects_set_aside_are_walked_again_once_restored():
    kept = [[index] for index in range(1000)]
    try:
        collector.set_aside_survivors()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        collector.restore()
    assert gc.get_freeze_count() == 0


def test_a_failed_build_restores_what_its_files_event_set_aside():
    # A build sets aside what it keeps after on_files; a build that fails after that
    # (a page refused) must not leave it out of collection for the process's next build.
    collector.set_aside_survivors()
    BuildEvents().on_build_error(RuntimeError("a page was refused"))
    assert gc.get_freeze_count() == 0


def test_a_build_that_fails_after_its_pages_were_read_restores_both_set_asides():
    # A build sets aside again once MkDocs has read every page (on_env): a failure after
    # that restores what both set aside.
    kept = [[index] for index in range(1000)]
    collector.set_aside_survivors()  # on_files
    kept.append([len(kept)])
    collector.set_aside_survivors()  # on_env
    assert gc.get_freeze_count() >= len(kept)
    BuildEvents().on_build_error(RuntimeError("a page was refused"))
    assert gc.get_freeze_count() == 0
