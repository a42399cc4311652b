"""The help section (/aide/): the French user documentation of docs/aide/, one page per role, rendered from the same
Markdown files the repository shows, with the screenshots the browser tests take (static/aide/)."""

import re
from functools import lru_cache

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

PAGES = {
    "intervenante": "Intervenante ou intervenant",
    "administration-organisation": "Administration d'organisation",
    "coordination": "Coordination du réseau",
    "observatoire": "Observatoire (analyste)",
    "administration-technique": "Administration technique",
}

IMAGE = re.compile(r'src="\.\./\.\./static/(aide/[\w.-]+\.png)"')
PAGE_LINK = re.compile(r'href="([\w-]+)\.md"')
DOCS_LINK = re.compile(r'<a href="\.\./([\w.-]+\.md)">[^<]*</a>')


def source(slug):
    return settings.BASE_DIR / "docs" / "aide" / f"{slug}.md"


def _page_url(match):
    slug = match.group(1)
    if slug == "index":
        return f'href="{reverse("help")}"'
    return f'href="{reverse("help_page", args=[slug])}"' if slug in PAGES else match.group(0)


@lru_cache(maxsize=16)
def render(slug):
    """The page's HTML: Markdown without raw HTML (html off), images and links pointed at the platform's own."""
    text = source(slug).read_text(encoding="utf-8")
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    html = IMAGE.sub(lambda m: f'src="{static(m.group(1))}"', html)
    html = PAGE_LINK.sub(_page_url, html)
    html = DOCS_LINK.sub(lambda m: f"<code>docs/{m.group(1)}</code>", html)
    # Our own files, rendered with raw HTML disabled: safe to mark.
    return mark_safe(html)
