"""Reading pages the way a test should: parsed HTML, not string matching."""

from bs4 import BeautifulSoup


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split()) if element else ""


def textarea_value(textarea) -> str:
    """What a browser shows in a textarea: the newline right after the tag is not content."""
    return textarea.get_text().removeprefix("\r\n").removeprefix("\n")


def csrf_token(page: BeautifulSoup) -> str:
    return page.find("input", attrs={"name": "csrf_token"})["value"]


def error_summary_links(page: BeautifulSoup) -> dict[str, str]:
    """The error summary's links: target id → message."""
    summary = page.select_one(".error-summary")
    if summary is None:
        return {}
    return {a["href"].removeprefix("#"): text_of(a) for a in summary.select("a")}


def form_with_token(client, url: str) -> tuple[BeautifulSoup, str]:
    """GET a page with a form; return the page and its CSRF token."""
    page = parse(client.get(url))
    return page, csrf_token(page)


def form_on(page: BeautifulSoup, action: str) -> dict:
    """The hidden fields (CSRF token, version) of the form on `page` that posts to `action`."""
    form = page.find("form", action=action)
    return {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
