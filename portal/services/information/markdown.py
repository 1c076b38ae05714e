"""Markdown written by editors, turned into HTML that is safe to show residents.

Two locks: markdown-it escapes any raw HTML and refuses dangerous link schemes,
then nh3 keeps only the tags and attributes listed here. Links to other sites
are marked, so a person knows they are leaving the portal. An image is shown only
when it is one of our own uploads (`/media/...`, see image_names.py), at the size it
is displayed, with its smaller version for phones; any other image is left out.
"""

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from portal.services.information import image_names

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em",
    "blockquote", "code", "pre", "br", "hr", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
}
# The text column is at most 40rem (portal.css --measure) wide; on a phone, the screen.
IMAGE_SIZES = "(min-width: 42rem) 40rem, 100vw"
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


def _image(self, tokens, idx, options, env):
    token = tokens[idx]
    name = image_names.name_in_url(token.attrGet("src") or "")
    if name is None:
        return ""  # not one of ours: no request leaves for another site
    _key, width, height, _extension = image_names.parse(name)
    alt = self.renderInlineAsText(token.children or [], options, env)
    small = image_names.small_variant_of(name)
    srcset = ""
    if small != name:
        small_width = image_names.parse(small)[1]
        srcset = (
            f' srcset="{image_names.MEDIA_PREFIX}{small} {small_width}w,'
            f' {image_names.MEDIA_PREFIX}{name} {width}w" sizes="{IMAGE_SIZES}"'
        )
    return (
        f'<img src="{image_names.MEDIA_PREFIX}{name}"{srcset} alt="{escape(alt)}"'
        f' width="{width}" height="{height}" loading="lazy" decoding="async">'
    )


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.add_render_rule("image", _image)
_markdown.add_render_rule("link_open", _link_open)
_markdown.add_render_rule("heading_open", _heading_open)
_markdown.add_render_rule("heading_close", _heading_close)


def _only_our_images(tag: str, attribute: str, value: str) -> str | None:
    """nh3's second lock: an <img> keeps a source only if it is one of our uploads."""
    if tag == "img" and attribute == "src":
        return value if image_names.name_in_url(value) else None
    if tag == "img" and attribute == "srcset":
        urls = [part.strip().split(" ")[0] for part in value.split(",")]
        return value if all(image_names.name_in_url(url) for url in urls) else None
    return value


def render(text: str) -> Markup:
    """Safe HTML for a page body: no script, no event handlers, no javascript: links,
    no image from anywhere but our own uploads."""
    html = _markdown.render(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_only_our_images,
    )
    return Markup(cleaned)  # noqa: S704 (cleaned by nh3 above)


def urls_in(text: str) -> list[str]:
    """Every link and image address in a Markdown text, in order (for the link checks)."""
    found = []
    stack = list(reversed(_markdown.parse(text)))
    while stack:
        token = stack.pop()
        if token.type == "link_open":
            found.append(token.attrGet("href") or "")
        elif token.type == "image":
            found.append(token.attrGet("src") or "")
        stack.extend(reversed(token.children or []))
    return found


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[#*_`>]+")


def plain_text(text: str) -> str:
    """The words of a Markdown text without its markup: for search and snippets."""
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _MARKUP.sub(" ", text)
    return " ".join(text.split())
