"""The core of the Calico community knowledge base.

Plain functions over plain data, one folder per stage of the flow, in its order:
`schema/` (the catalog of collections) -> `load/` (files to entries) -> `checks/` (what
is wrong with the sources) -> `graph.py` (who mentions whom) -> `plan.py` (every page
and feed, decided once) -> `render/` (pages from the plan) -> `site/` (the built
site, checked). `pipeline.py` runs the flow; `commands/` are what `python -m
calico_kb` runs; `preview/` is what `make serve` adds. A module imports only from its
own stage or an earlier one.

Nothing here imports MkDocs: the hook files `hooks/mkdocs_hooks.py` and
`hooks/mkdocs_preview.py` are the doorway between MkDocs and this package, so the same
code serves the build, `make check`, the tests and the benchmark.
"""
