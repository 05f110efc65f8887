"""What files a generated site is made of, by kind: one file per page, and a bounded number
of shared files (search chunks and records, the whole list's citations, feeds, assets).
Free hosts count files (Cloudflare Pages takes 20,000 a site), so a new kind of side file,
or a kind that grows with the pages faster than this allows, fails here and is a decision
made on purpose, not found later in a host's error."""
import json
import math
import pathlib
import re
import subprocess
import sys
from collections import Counter

import pytest

from conftest import ROOT, build_site

PAPERS = 400   # with 200 notes and 80 reviews (Benchmarks/make_corpus.py)

# Each output file's kind, by its path: the first pattern that matches names it.
KINDS = [
    ("page", r"(.+/)?index\.html|404\.html"),
    ("search chunk", r"search/index/\d+\.json"),
    ("search records", r"search/docs/\d+\.json"),
    ("search whole postings", r"search/all/\d+\.json"),   # of words in over 8,000 documents
    ("search tables", r"search/(manifest|facets)\.json"),
    ("search corrections", r"search/terms/[0-9a-f]+\.json"),
    ("reading list items", r"lists/reading-list\.json"),
    ("whole list", r"papers\.(bib|ris|json)"),
    ("feed", r"feed\.xml|topics/[^/]+/feed\.xml"),
    ("sitemap", r"sitemap(-\d+)?\.xml|robots\.txt"),
    ("asset", r"assets/.+"),
    ("marker", r"\.paperpages-site"),   # says the folder is a site paperpages wrote
]


def kind_of(path):
    for kind, pattern in KINDS:
        if re.fullmatch(pattern, path):
            return kind
    return "unexpected: " + path


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    content = folder / "Content"
    subprocess.run([sys.executable, str(ROOT / "Benchmarks" / "make_corpus.py"), str(PAPERS), str(content)],
                   check=True, stdout=subprocess.DEVNULL)
    return build_site(folder / "Public", base="https://reading.example.org/", content=content), content


def test_one_file_per_page_and_a_bounded_number_of_shared_files(generated_site):
    site, content = generated_site
    files = [path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()]
    kinds = Counter(kind_of(path) for path in files)
    assert not [kind for kind in kinds if kind.startswith("unexpected")], kinds

    # One page per paper, note and review, and nothing else in their folders (no citation
    # files beside a paper's page: its Cite section holds them).
    for folder in ["papers", "notes", "reviews"]:
        sources = len(list((content / folder).glob("*.md")))
        written = sorted(path.relative_to(site / folder).as_posix() for path in (site / folder).rglob("*") if path.is_file())
        assert len(written) == sources and all(path.endswith("/index.html") for path in written), folder

    manifest = json.loads((site / "search" / "manifest.json").read_text())
    documents = PAPERS + PAPERS // 2 + PAPERS // 5
    assert manifest["documents"] == documents
    assert kinds["search chunk"] == len(manifest["chunks"])
    # No word is in 8,000 of these 680 documents: every word's postings are in its chunk.
    assert kinds["search whole postings"] == 0
    assert kinds["search records"] == math.ceil(documents / manifest["records"])
    assert kinds["search tables"] == 2 and kinds["whole list"] == 3 and kinds["marker"] == 1
    # The words a misspelt query word may be read as, a file per first letter: bounded by the
    # alphabets of the list, not by its size.
    assert kinds["search corrections"] == len(manifest["corrections"]) <= 60
    # The reading list's items for its filters, when it has more than one page (500 papers).
    assert kinds["reading list items"] == 0
    # A feed for the list and one per topic, beside the topic's page.
    topics = len([path for path in (site / "topics").iterdir() if path.is_dir()])
    assert kinds["sitemap"] == 2 and kinds["feed"] == 1 + topics
    # The site's own scripts and stylesheet, and KaTeX: a fixed set.
    assert kinds["asset"] == len([path for path in (ROOT / "Layouts" / "assets").iterdir()]) + len(list((site / "assets" / "katex").rglob("*.*")))

    # Shared files beyond the pages and the topics' feeds: at most one for every 6 pages
    # (search chunks grow with the vocabulary, records 1 per 32 documents); at 10,000
    # papers, about 2,100 for 17,900 pages.
    pages = kinds["page"]
    assert len(files) - pages - kinds["feed"] <= pages / 6, kinds
    # Every record is in the file the manifest says, and names a page that exists.
    records = [record for n in range(kinds["search records"])
               for record in json.loads((site / "search" / "docs" / f"{n}.json").read_text())]
    assert len(records) == documents
    assert all((site / record["url"].lstrip("/") / "index.html").is_file() for record in records)
