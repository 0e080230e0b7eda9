"""The core of the Calico community knowledge base.

Plain functions over plain data, one folder per stage of the flow, in its order:
`schema/` (the catalog of collections) -> `load/` (files to entries) -> `checks/` (what
is wrong with the sources) -> `graph.py` (who mentions whom) -> `plan.py` (every page
and feed, and every addition to a hand-written page, decided once, in one table of
page kinds) -> `render/` (pages from the plan) -> `site/` (the built
site, checked). `pipeline.py` runs the flow; `commands/` are what `python -m
calico_kb` runs; `preview/` is what `make serve` adds. A module imports only from its
own stage or an earlier one.

Nothing here imports MkDocs: the hook files (`hooks/mkdocs_hooks.py`, one line per
event, handing each to `mkdocs_events.BuildEvents` or `mkdocs_preview.PreviewEvents`)
are the doorway between MkDocs and this package, so the same code serves the build,
`make check`, the tests and the benchmark.
"""
