"""Path and address rules (calico_kb.paths), each written once."""

import pytest

from calico_kb.paths import dest_url, page_file, page_url


@pytest.mark.parametrize(
    ("dest_uri", "url"),
    [
        ("index.html", "/"),
        ("releases/index.html", "/releases/"),
        ("releases/calico-v3-23/index.html", "/releases/calico-v3-23/"),
        ("404.html", "/404.html"),
        ("assets/kb.css", "/assets/kb.css"),
    ],
)
def test_dest_url_is_the_address_readers_use(dest_uri, url):
    assert dest_url(dest_uri) == url


@pytest.mark.parametrize("src_uri", ["index.md", "a.md", "a/index.md", "a/b.md", "a/README.md"])
def test_a_page_file_has_the_address_of_its_page(src_uri):
    assert dest_url(page_file(src_uri)) == "/" + page_url(src_uri)
