"""The doorway between MkDocs and the knowledge base core (`calico_kb`).

Each MkDocs event goes to one object, chosen at start-up: `mkdocs_events.BuildEvents`
for a build (any problem stops it), `mkdocs_preview.PreviewEvents` for `mkdocs serve`
(problems shown in every page, exact `--dirty` rebuilds). Those translate MkDocs
objects into calls of the core; nothing else happens here.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority
from mkdocs_events import BuildEvents
from mkdocs_preview import PreviewEvents

_events: BuildEvents = BuildEvents()


def on_startup(command, dirty):
    global _events
    _events = PreviewEvents() if command == "serve" else BuildEvents()


def on_config(config):
    return _events.on_config(config)


def on_files(files, config):
    return _events.on_files(files, config)


def on_nav(nav, config, files):
    return _events.on_nav(nav, config, files)


def on_page_markdown(markdown, page, config, files):
    return _events.on_page_markdown(markdown, page, config, files)


def on_env(env, config, files):
    return _events.on_env(env, config, files)


def on_page_context(context, page, config, nav):
    return _events.on_page_context(context, page, config, nav)


@event_priority(-100)  # after every other plugin: what is checked is what is written
def on_post_page(output, page, config):
    return _events.on_post_page(output, page, config)


@event_priority(-100)
def on_post_template(output, template_name, config):
    return _events.on_post_template(output, template_name, config)


def on_post_build(config):
    return _events.on_post_build(config)


def on_serve(server, config, builder):
    return _events.on_serve(server, config, builder)


def on_build_error(error):
    return _events.on_build_error(error)
