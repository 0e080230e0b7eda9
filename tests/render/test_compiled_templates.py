"""Compiled templates kept between builds (render/compiled_templates.py): a cache shared
by many projects and environments gives each one its own code, or none."""

from __future__ import annotations

import jinja2

from calico_kb.render.compiled_templates import CompiledTemplates


def environment(folder, cache: CompiledTemplates, **options) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache, **options)


def test_a_second_process_loads_the_code_the_first_compiled(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.j2").write_text("Hello {{ name }}")
    environment(tmp_path / "t", CompiledTemplates(tmp_path / "cache")).get_template("page.j2")
    assert len(list((tmp_path / "cache").glob("*.jinja"))) == 1
    fresh = CompiledTemplates(tmp_path / "cache")  # what the next build starts with
    assert environment(tmp_path / "t", fresh).get_template("page.j2").render(name="Ada") == "Hello Ada"
    assert len(fresh.code) == 1, "the code was read from the folder"


def test_another_source_or_other_options_never_get_the_same_code(tmp_path):
    cache = CompiledTemplates(tmp_path / "cache")
    one, two = tmp_path / "one", tmp_path / "two"
    for folder, text in ((one, "{% if x %}\n  A\n{% endif %}"), (two, "{% if x %}\n  B\n{% endif %}")):
        folder.mkdir()
        (folder / "page.j2").write_text(text)
    assert environment(one, cache).get_template("page.j2").render(x=1) == "\n  A\n"
    assert environment(two, cache).get_template("page.j2").render(x=1) == "\n  B\n"
    trimmed = environment(one, cache, trim_blocks=True, lstrip_blocks=True)
    assert trimmed.get_template("page.j2").render(x=1) == "  A\n"
    assert len(cache.code) == 3


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.j2").write_text("ok")
    (tmp_path / "file").write_text("a file where the cache folder should be")
    cache = CompiledTemplates(tmp_path / "file" / "cache")
    assert environment(tmp_path / "t", cache).get_template("page.j2").render() == "ok"
    assert environment(tmp_path / "t", cache).get_template("page.j2").render() == "ok"


def test_a_filter_that_now_takes_the_context_gets_code_that_passes_it(tmp_path):
    """The compiled code calls a filter with the context when the filter asks for it."""
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.j2").write_text("{{ 'Ada' | greet }}")
    cache = CompiledTemplates(tmp_path / "cache")
    plain = environment(tmp_path / "t", cache)
    plain.filters["greet"] = lambda name: f"Hello {name}"
    assert plain.get_template("page.j2").render() == "Hello Ada"
    with_context = environment(tmp_path / "t", cache)
    with_context.filters["greet"] = jinja2.pass_context(lambda context, name: f"Hello {name} from {context['here']}")
    assert with_context.get_template("page.j2").render(here="home") == "Hello Ada from home"
