"""The core of the Calico community knowledge base.

Plain functions over plain data, one module per stage of the flow
load -> validate -> graph -> render. Nothing here imports MkDocs: the hook file
`hooks/mkdocs_hooks.py` is the only doorway between MkDocs and this package, so the
same code serves the build, `make check`, the tests and the benchmark.
"""
