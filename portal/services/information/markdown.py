"""Markdown written by editors, turned into HTML that is safe to show residents.

Two locks: markdown-it escapes any raw HTML and refuses dangerous link schemes,
then nh3 keeps only the tags and attributes listed here. Links to other sites
are marked, so a person knows they are leaving the portal.
"""

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em",
    "blockquote", "code", "pre", "br", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "rel"}}
ALLOWED_CLASSES = {"a": {"external"}}
URL_SCHEMES = {"https", "http", "mailto", "tel"}


def _is_external(href: str) -> bool:
    return not href.startswith(("/", "#", "mailto:", "tel:")) or href.startswith("//")


def _link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    if _is_external(token.attrGet("href") or ""):
        token.attrSet("class", "external")
        token.attrSet("rel", "external noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


def _heading_open(self, tokens, idx, options, env):
    # The page title is the only h1; a "#" heading in the text becomes h2.
    if tokens[idx].tag == "h1":
        tokens[idx].tag = "h2"
    return self.renderToken(tokens, idx, options, env)


def _heading_close(self, tokens, idx, options, env):
    if tokens[idx].tag == "h1":
        tokens[idx].tag = "h2"
    return self.renderToken(tokens, idx, options, env)


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.disable("image")
_markdown.add_render_rule("link_open", _link_open)
_markdown.add_render_rule("heading_open", _heading_open)
_markdown.add_render_rule("heading_close", _heading_close)


def render(text: str) -> Markup:
    """Safe HTML for a page body: no script, no event handlers, no javascript: links."""
    html = _markdown.render(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return Markup(cleaned)  # noqa: S704 (cleaned by nh3 above)


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[#*_`>]+")


def plain_text(text: str) -> str:
    """The words of a Markdown text without its markup: for search and snippets."""
    text = _LINK.sub(r"\1", text)
    text = _MARKUP.sub(" ", text)
    return " ".join(text.split())
