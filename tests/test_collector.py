"""The collector's pauses and set-asides leave Python's garbage collector as they found it."""

from __future__ import annotations

import gc
import types
import weakref

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


class _Cycle:
    def __init__(self):
        self.me = self


def test_given_back_our_caches_are_empty_and_cyclic_garbage_is_gone():
    from calico_kb.render import markdown_text

    markdown_text.escape("a name shown on many pages")
    assert markdown_text._escape_text.cache_info().currsize > 0
    garbage = weakref.ref(_Cycle())
    collector.give_back()
    assert markdown_text._escape_text.cache_info().currsize == 0
    assert garbage() is None


def test_the_strict_build_lets_go_of_the_pages_the_knowledge_base_and_its_caches_before_indexing():
    events = BuildEvents()
    page = types.SimpleNamespace(markdown="# A")
    events.files = types.SimpleNamespace(documentation_pages=lambda: [types.SimpleNamespace(page=page)])
    jinja_globals = {"kb_feeds": [], "kb_social_card": print, "config": "MkDocs'"}
    events.env = types.SimpleNamespace(globals=jinja_globals)
    events.build = events.cards = events.built_pages = object()
    events.let_go_before_indexing()
    assert page.markdown is None
    assert jinja_globals == {"config": "MkDocs'"}  # ours held the knowledge base
    assert not any(hasattr(events, name) for name in ("build", "cards", "built_pages", "files", "env"))


def test_the_strict_build_lets_go_of_each_page_s_html_once_written():
    page = types.SimpleNamespace(
        markdown="# A",
        content="<h1>A</h1>",
        toc=["A"],
        file=types.SimpleNamespace(dest_uri="a/index.html", src_uri="a.md"),
    )
    handler = BuildEvents()
    handler.built_pages = types.SimpleNamespace(check=lambda output, dest_uri, src_uri: None)
    assert handler.on_post_page("<p>A</p>", page, config=None) == "<p>A</p>"
    assert (page.markdown, page.content, list(page.toc)) == ("# A", None, [])


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
