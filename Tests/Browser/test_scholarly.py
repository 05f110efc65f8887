"""The scholarly files read by other programs: papers.json against CSL's own JSON schema
(jsonschema), papers.bib and every paper page's BibTeX by bibtexparser, the feed and the sitemap by
Python's XML parser. The site is PMLR volume 304's BibTeX file imported into an empty site."""
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ElementTree

import bibtexparser
import jsonschema
import pytest

from conftest import ROOT, build_site
from pages import cite_text

# bibtexparser 1.4 calls pyparsing names that pyparsing 3 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ORIGIN = "https://reading.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def imported_site():
    root = pathlib.Path(tempfile.mkdtemp(prefix="paperpages-scholarly-"))
    content = root / "content"
    content.mkdir()
    shutil.copy(ROOT / "Content" / "site.yaml", content / "site.yaml")
    binary = os.environ.get("PAPERPAGES", str(ROOT / ".build" / "debug" / "paperpages"))
    result = subprocess.run([binary, "import", str(ROOT / "Benchmarks" / "pmlr-v304-acml2025.bib"), "--content", str(content)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Imported: 80 new" in result.stdout   # 79 papers and their volume
    site = build_site(root / "public", base=ORIGIN, content=content)
    yield site
    shutil.rmtree(root, ignore_errors=True)


def test_papers_json_is_valid_csl_json(imported_site):
    schema = json.loads((ROOT / "Tests" / "Data" / "csl-data.json").read_text())
    items = json.loads((imported_site / "papers.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(items, schema, cls=jsonschema.Draft7Validator)
    assert len(items) == 80
    papers = [item for item in items if item["type"] == "paper-conference"]
    assert len(papers) == 79
    assert all(item["issued"]["date-parts"] == [[2025, 11, 13]] for item in items)
    assert all(item["container-title"] == "Proceedings of the 17th Asian Conference on Machine Learning" for item in papers)
    [volume] = [item for item in items if item["type"] == "book"]
    assert volume["title"] == "Proceedings of the 17th Asian Conference on Machine Learning" and len(volume["editor"]) > 0


def test_bibtex_files_parse_with_bibtexparser(imported_site):
    items = json.loads((imported_site / "papers.json").read_text())
    library = bibtexparser.loads((imported_site / "papers.bib").read_text())
    assert [entry["ID"] for entry in library.entries] == [item["id"] for item in items]
    for entry, item in zip(library.entries, items):
        assert entry["year"] == "2025" and entry["month"] == "November"
        if entry["ENTRYTYPE"] == "book":
            assert len(entry["editor"].split(" and ")) == len(item["editor"])
            continue
        assert entry["ENTRYTYPE"] == "inproceedings"
        assert len(entry["author"].split(" and ")) == len(item["author"])
        assert entry["booktitle"] == item["container-title"]
    pages = sorted((imported_site / "papers").glob("*/index.html"))
    assert len(pages) == 80
    # Each paper's own entry: its page's Cite section (no cite.bib file per paper).
    assert not list((imported_site / "papers").glob("*/cite.*"))
    for path in pages:
        one = bibtexparser.loads(cite_text(path, "bibtex"))
        assert len(one.entries) == 1
        if one.entries[0]["ENTRYTYPE"] == "inproceedings":
            assert one.entries[0]["pdf"].startswith("https://proceedings.mlr.press/v304/")


def test_feed_and_sitemap_parse_as_xml(imported_site):
    feed = ElementTree.parse(imported_site / "feed.xml").getroot()
    assert feed.tag == ATOM + "feed"
    for name in ["id", "title", "updated", "author"]:
        assert feed.find(ATOM + name) is not None, name
    entries = feed.findall(ATOM + "entry")
    assert len(entries) == 50   # the feed carries the 50 newest additions
    for entry in entries:
        for name in ["id", "title", "updated", "link"]:
            assert entry.find(ATOM + name) is not None, name
        assert entry.find(ATOM + "id").text.startswith(ORIGIN + "papers/")
    sitemap = ElementTree.parse(imported_site / "sitemap.xml").getroot()
    locations = [element.text for element in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len([location for location in locations if "/papers/" in location]) == 80
    assert (imported_site / "robots.txt").read_text().endswith("Sitemap: " + ORIGIN + "sitemap.xml\n")
