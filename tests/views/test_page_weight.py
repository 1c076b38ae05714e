"""The start page and the information pages stay within the budget for an old phone on a
slow network: HTML and CSS at most 14 KB gzip (the first round trip), everything at most
30 KB. bench/page_weight.py prints the figures."""

import pytest

from tests.views.weight import weigh

HTML_AND_CSS = 14 * 1024
EVERYTHING = 30 * 1024
PATHS = ["/nb/", "/nn/", "/en/", "/nb/info/bostotte", "/en/info/startlan", "/nn/info/miste-bolig"]


@pytest.fixture
def shipped(runner):
    assert runner.invoke(args=["load-content"]).exit_code == 0


@pytest.mark.parametrize("path", PATHS)
def test_the_page_stays_within_its_weight_budget(client, shipped, path):
    weight = weigh(client, path)

    assert weight.html_and_css <= HTML_AND_CSS, weight
    assert weight.total <= EVERYTHING, weight
