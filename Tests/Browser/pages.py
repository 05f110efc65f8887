"""One page of each kind of the example site, by path under the base URL."""
PAGE_KINDS = {
    "home": "",
    "sorted": "sort/title/",
    "paper": "papers/on-the-opportunities-and-risks-of-foundation-models/",
    "paper-with-math": "papers/delta-steal/",
    "note": "notes/what-is-homogenization/",
    "review": "reviews/foundation-models-review/",
    "page": "pages/about/",
    "topic": "topics/foundation-models/",
    "topics": "topics/",
    "author": "authors/percy-liang/",
    "authors": "authors/",
    "institution": "institutions/stanford-university/",
    "institutions": "institutions/",
    "venue": "venues/arxiv/",
    "venues": "venues/",
    "year": "years/2025/",
    "years": "years/",
    "map": "map/",
    "saved": "saved/",
    "search": "search/?q=bandit",
    "not-found": "404.html",
}


def cite_text(page_file, fmt):
    """A paper's citation as the Cite section of its built page holds it (what the page's
    download buttons and the saved list take): "bibtex", or "ris" with CR LF line ends."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.inside, self.text = False, []

        def handle_starttag(self, tag, attrs):
            if tag == "pre" and ("class", "cite-" + fmt) in attrs:
                self.inside = True

        def handle_endtag(self, tag):
            if tag == "pre":
                self.inside = False

        def handle_data(self, data):
            if self.inside:
                self.text.append(data)

    reader = Reader()
    reader.feed(page_file.read_text())
    text = "".join(reader.text)
    assert text, f"{page_file} has no pre.cite-{fmt}"
    return text.replace("\n", "\r\n") if fmt == "ris" else text
