"""Where a person may be sent back to: only paths on this site."""

import pytest

from portal.paths import is_local_path


@pytest.mark.parametrize("path", ["/nb/", "/nb/info/bostotte", "/admin/queue?page=2"])
def test_our_own_paths_are_local(path):
    assert is_local_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "/\t/evil.example/x",
        "/\r\n/evil.example",
        "/\n/evil.example",
        "/ /evil.example",
        "/\x00/evil.example",
        "/\x7f/evil.example",
        "",
        "nb/",
    ],
)
def test_anything_a_browser_could_read_as_another_site_is_refused(path):
    assert not is_local_path(path)
