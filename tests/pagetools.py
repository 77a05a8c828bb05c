"""Reading rendered pages in tests: parsed HTML, result counts, links and table numbers."""

import re
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(response) -> str:
    """The visible text of a page, whitespace collapsed."""
    return " ".join(html(response).get_text(" ").split())


def result_count(response) -> int:
    """The "N records match" number of the browse page."""
    heading = html(response).find(id="results-heading")
    assert heading is not None, "the page shows no result count"
    return int(re.search(r"\d+", heading.get_text()).group())


def result_names(response) -> list[str]:
    return [" ".join(link.get_text().split())
            for link in html(response).select(".results .result__name a")]


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def streamed(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content

