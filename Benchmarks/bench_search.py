#!/usr/bin/env python3
"""make bench-search: paperpages' search index against Pagefind 1.5.2 on one generated site.

    bench_search.py PAPERS WORKDIR

Builds a site of PAPERS papers (Benchmarks/make_corpus.py) with the release binary, copies its
Public/ for Pagefind (marking paper, note and review pages with data-pagefind-body, so both
engines index the same pages) and runs `python -m pagefind` over it. Then, in Debian's chromium,
it measures for each engine:

- the bytes a first query transfers, gzip-compressed: every file the engine fetches for one query
  on a fresh page with an empty cache (its scripts and WebAssembly, its index, the records of
  the first 10 results), as the HTTP server saw the requests, median of 20;
- top-1 and top-5 accuracy on a fixed set of known-item queries made from the corpus: full
  titles, title fragments, author surnames typed without diacritics, a topic with an author's
  surname, misspelt fragments (two letters swapped) and one title word with a letter dropped;
- the bytes of a first misspelt query, and the time from the last keystroke to its results
  on the page, for a query pasted and for one typed a key every 100 ms;
- the index build time and the index's total size.

Prints a Markdown table and writes it to WORKDIR/results.md. KEEP_PAGEFIND=1 reuses the last
run's Pagefind index of the same size; SKIP_PAGEFIND=1 measures paperpages alone (Pagefind was
killed for want of memory at 100,000 papers on the 23 GB development machine, at 21.9 GB).
"""
import functools
import gzip
import http.server
import os
import pathlib
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import unicodedata

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[1]
FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "đ": "d", "Đ": "D"})


def fold(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text.translate(FOLD)) if not unicodedata.combining(c))


def front_matter(path):
    text = path.read_text(encoding="utf-8")
    block = text.split("---\n")[1]
    title = re.search(r'^title: "?(.*?)"?$', block, re.M).group(1).replace('\\"', '"')
    authors = [a.strip().strip('"') for a in re.findall(r"^  - (.*)$", block, re.M)]
    topics = [t.strip() for t in re.search(r"^topics: \[(.*)\]$", block, re.M).group(1).split(",") if t.strip()]
    return {"slug": path.stem, "title": title, "authors": authors, "topics": topics}


def words_of(text):
    return re.findall(r"[\w][\w'-]*", text)


def known_item_queries(papers, seed=11):
    """(category, query, set of relevant slugs): 240 queries, the same for every run."""
    rng = random.Random(seed)
    by_surname, by_topic_surname = {}, {}
    for paper in papers:
        for author in paper["authors"]:
            surname = author.split()[-1]
            by_surname.setdefault(fold(surname).lower(), set()).add(paper["slug"])
            for topic in paper["topics"]:
                by_topic_surname.setdefault((topic.lower(), fold(surname).lower()), set()).add(paper["slug"])
    titled = [p for p in papers if ": " in p["title"]]   # generated titles: "Two Words: a real title"
    queries = []
    for paper in rng.sample(papers, 60):
        queries.append(("full title", paper["title"], {paper["slug"]}))
    for paper in rng.sample(titled, 60):
        head, rest = paper["title"].split(": ", 1)
        queries.append(("title fragment", (head + " " + " ".join(words_of(rest)[:2])).lower(), {paper["slug"]}))
    surnames = sorted(by_surname)
    accented = [s for s in surnames if any(fold(a.split()[-1]).lower() == s and a.split()[-1] != fold(a.split()[-1])
                                           for p in papers for a in p["authors"])]
    for surname in (accented + rng.sample(surnames, 40))[:40]:
        queries.append(("author surname, no diacritics", surname, by_surname[surname]))
    pairs = sorted(by_topic_surname)
    for topic, surname in rng.sample(pairs, 40):
        queries.append(("topic and surname", f"{topic} {surname}", by_topic_surname[(topic, surname)]))
    for paper in rng.sample(titled, 40):
        head, rest = paper["title"].split(": ", 1)
        fragment = words_of(head) + words_of(rest)[:3]
        longest = max(range(len(fragment)), key=lambda i: len(fragment[i]))
        word = fragment[longest]
        if len(word) >= 4:
            i = rng.randrange(1, len(word) - 2)
            fragment[longest] = word[:i] + word[i + 1] + word[i] + word[i + 2:]   # two letters swapped
        queries.append(("misspelt fragment", " ".join(fragment).lower(), {paper["slug"]}))
    # One distinctive title word with a letter dropped (`chamelenbench`): any paper whose title
    # has the word counts.
    by_title_word = {}
    for paper in papers:
        for word in set(words_of(paper["title"])):
            by_title_word.setdefault(fold(word).lower(), set()).add(paper["slug"])
    long_worded = [p for p in titled if max(map(len, words_of(p["title"].split(": ", 1)[1])), default=0) >= 5]
    for paper in rng.sample(long_worded, 40):
        word = max(words_of(paper["title"].split(": ", 1)[1]), key=len)
        i = rng.randrange(1, len(word) - 1)
        queries.append(("title word, a letter dropped", fold(word[:i] + word[i + 1:]).lower(), by_title_word[fold(word).lower()]))
        # The same word typed right: what the misspelt one should match.
        queries.append(("title word, typed right", fold(word).lower(), by_title_word[fold(word).lower()]))
    return queries


class Recording(http.server.SimpleHTTPRequestHandler):
    """Serves a folder and notes every path asked for: the server sees what a page's workers
    fetch too, which the page's own performance timeline does not show (Pagefind searches in a
    Web Worker)."""

    def do_GET(self):
        self.server.requested.append(self.path)
        super().do_GET()

    def log_message(self, *args):
        pass


def serve(folder):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Recording, directory=str(folder)))
    server.requested = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))


def gzip_bytes(folder, paths, prefixes):
    total = 0
    for path in set(paths):
        path = path.split("?")[0].split("#")[0]
        # The page itself (/search/, pf.html) is not counted for either engine.
        if path.endswith("/") or not any(path.startswith(p) for p in prefixes):
            continue
        file = folder / path.lstrip("/")
        total += len(gzip.compress(file.read_bytes(), compresslevel=6))
    return total


PAGEFIND_HARNESS = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pagefind</title></head><body>
<script>
window.pfTop = async function (query, count) {
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, count).map(r => r.data()));
  return data.map(d => d.url);
};
</script></body></html>"""


# Types `query` into the search box, a key every `interval` ms (at once when 0, as a paste),
# and answers the milliseconds from the last keystroke until that query's results (or "No
# results") show: the status names the query typed in full, and the list has results.
LATENCY_SCRIPT = """
const done = arguments[arguments.length - 1], query = arguments[0], interval = arguments[1];
const input = document.querySelector("form.search-form input[name=q]"), list = document.querySelector("[data-results]");
const status = document.querySelector("[data-search-status]");
const named = "\u201c" + query.trim() + "\u201d";
input.value = "";
input.dispatchEvent(new Event("input"));
let began = null;
const shown = () => status.textContent.includes(named) && (list.querySelector("a.result-title") || status.textContent.startsWith("No results"));
const observer = new MutationObserver(() => {
  if (began !== null && shown()) { observer.disconnect(); done(performance.now() - began); }
});
function type(length) {
  input.value = query.slice(0, length);
  if (length === query.length) {
    began = performance.now();
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }
  input.dispatchEvent(new Event("input"));
  if (length < query.length) setTimeout(() => type(length + 1), interval);
}
setTimeout(() => type(interval ? 1 : query.length), 300);
"""


def run_queries(driver, top, queries):
    hits1 = hits5 = 0
    by_category = {}
    for category, query, relevant in queries:
        urls = driver.execute_async_script("const done = arguments[arguments.length - 1]; " + top + ".then(done, e => done(['error: ' + e]))", query)
        slugs = [u.rstrip("/").split("/")[-1] for u in urls]
        one = bool(slugs[:1]) and slugs[0] in relevant
        five = any(s in relevant for s in slugs[:5])
        hits1 += one
        hits5 += five
        c = by_category.setdefault(category, [0, 0, 0])
        c[0] += one
        c[1] += five
        c[2] += 1
    return hits1 / len(queries), hits5 / len(queries), by_category


def folder_size(folder):
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def main():
    papers_count, work = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    content = ROOT / ".build" / "bench" / str(papers_count) / "Content"
    if not content.exists():
        subprocess.run([sys.executable, str(ROOT / "Benchmarks" / "make_corpus.py"), str(papers_count), str(content)], check=True, stdout=subprocess.DEVNULL)
    ours = work / "paperpages"
    result = subprocess.run([str(ROOT / ".build" / "release" / "paperpages"), "build", "--content", str(content),
                             "--layouts", str(ROOT / "Layouts"), "--output", str(ours), "--timings", "--no-cache"],
                            check=True, capture_output=True, text=True)
    our_seconds = sum(float(m) for m in re.findall(r"search \w+: ([0-9.]+) s", result.stdout))

    # Pagefind's index of the same pages, kept from the last run at this size when
    # KEEP_PAGEFIND=1 (it takes many minutes at 100,000 papers; the pages are the same while
    # only paperpages' search changes), with the time it took then; SKIP_PAGEFIND=1 measures
    # paperpages alone.
    theirs = work / "pagefind"
    timing = work / "pagefind-seconds"
    if os.environ.get("KEEP_PAGEFIND") == "1" and timing.exists() and (theirs / "pagefind").exists():
        their_seconds = float(timing.read_text())
    elif os.environ.get("SKIP_PAGEFIND") == "1":
        timing.unlink(missing_ok=True)
        failed = "not run (SKIP_PAGEFIND=1)"
    else:
        shutil.rmtree(theirs, ignore_errors=True)
        timing.unlink(missing_ok=True)
        shutil.copytree(ours, theirs, ignore=shutil.ignore_patterns("search"))
        for kind in ("papers", "notes", "reviews"):
            for page in (theirs / kind).glob("*/index.html"):
                html = page.read_text(encoding="utf-8")
                page.write_text(html.replace('<main id="main">', '<main id="main" data-pagefind-body>', 1), encoding="utf-8")
        (theirs / "pf.html").write_text(PAGEFIND_HARNESS, encoding="utf-8")
        started = time.monotonic()
        # Pagefind may fail at a size (at 100,000 papers it was killed at 21.9 GB of memory
        # on a 23 GB machine): the table says so, and paperpages is measured alone.
        run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(theirs)], stdout=subprocess.DEVNULL)
        their_seconds = time.monotonic() - started
        if run.returncode == 0:
            timing.write_text(f"{their_seconds}\n")
        else:
            failed = f"failed after {their_seconds:.0f} s (exit status {run.returncode}{', killed' if run.returncode < 0 else ''})"
            print(f"Pagefind {failed}", file=sys.stderr)
    pagefind_ran = timing.exists()

    papers = [front_matter(p) for p in sorted((content / "papers").glob("*.md"))]
    queries = known_item_queries(papers)
    our_server, our_origin = serve(ours)
    their_server, their_origin = serve(theirs)
    driver = browser()
    driver.set_script_timeout(60)
    try:
        # First-query bytes: a fresh page and an empty cache for each of 20 queries.
        our_bytes, their_bytes = [], [float("nan")]
        for _, query, _ in queries[::12][:20]:
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            our_server.requested.clear()
            driver.get(our_origin + "/search/")
            driver.execute_async_script("const done = arguments[arguments.length - 1]; paperpagesSearch.topURLs(arguments[0], 10).then(done)", query)
            our_bytes.append(gzip_bytes(ours, our_server.requested, ["/search/", "/assets/search"]))
            if not pagefind_ran:
                continue
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            their_server.requested.clear()
            driver.get(their_origin + "/pf.html")
            driver.execute_async_script("const done = arguments[arguments.length - 1]; pfTop(arguments[0], 10).then(done)", query)
            their_bytes.append(gzip_bytes(theirs, their_server.requested, ["/pagefind/"]))

        # A misspelt query's first bytes, the same way (it may fetch a file of terms and the
        # chunk of the word it is read as).
        misspelt_bytes = []
        for _, query, _ in [q for q in queries if q[0] == "title word, a letter dropped"][:20]:
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            our_server.requested.clear()
            driver.get(our_origin + "/search/")
            driver.execute_async_script("const done = arguments[arguments.length - 1]; paperpagesSearch.topURLs(arguments[0], 10).then(done)", query)
            misspelt_bytes.append(gzip_bytes(ours, our_server.requested, ["/search/", "/assets/search"]))

        # From the last keystroke (an input event) to the first result on the page, the index
        # as a reader's open page has it: 20 queries, one after another, each typed in full.
        driver.get(our_origin + "/search/")
        pasted = [driver.execute_async_script(LATENCY_SCRIPT, query, 0) for _, query, _ in queries[::12][:20]]
        # Typed a key every 100 ms (a fast typist): the keystrokes before the last search too.
        driver.get(our_origin + "/search/")
        typed = [driver.execute_async_script(LATENCY_SCRIPT, query, 100) for _, query, _ in queries[::12][:20]]

        driver.get(our_origin + "/search/")
        our_top1, our_top5, our_categories = run_queries(driver, "paperpagesSearch.topURLs(arguments[0], 5)", queries)
        their_top1 = their_top5 = float("nan")
        their_categories = {}
        if pagefind_ran:
            their_bytes.pop(0)
            driver.get(their_origin + "/pf.html")
            their_top1, their_top5, their_categories = run_queries(driver, "pfTop(arguments[0], 5)", queries)
    finally:
        driver.quit()
        our_server.shutdown()
        their_server.shutdown()

    kib = lambda n: f"{n / 1024:,.0f} KiB"
    their_size = f"{folder_size(theirs / 'pagefind') / 2**20:.1f} MiB" if pagefind_ran else ""
    lines = [
        f"{papers_count:,} papers ({len(list((ours / 'papers').iterdir())) + len(list((ours / 'notes').iterdir())) + len(list((ours / 'reviews').iterdir())):,} pages indexed), {len(queries)} known-item queries",
        "",
        "| | paperpages | Pagefind 1.5.2 |",
        "|---|---:|---:|",
        f"| first query, bytes transferred (gzip, median of 20) | {kib(statistics.median(our_bytes))} | {kib(statistics.median(their_bytes)) if pagefind_ran else ''} |",
        f"| first misspelt query, bytes transferred (gzip, median of 20) | {kib(statistics.median(misspelt_bytes))} | |",
        f"| a query pasted: to its results (median of 20; slowest) | {statistics.median(pasted):.0f} ms; {max(pasted):.0f} ms | |",
        f"| typed, a key every 100 ms: last keystroke to its results (median of 20; slowest) | {statistics.median(typed):.0f} ms; {max(typed):.0f} ms | |",
        f"| top-1 accuracy | {our_top1:.1%} | {f'{their_top1:.1%}' if pagefind_ran else ''} |",
        f"| top-5 accuracy | {our_top5:.1%} | {f'{their_top5:.1%}' if pagefind_ran else ''} |",
        f"| index build time | {our_seconds:.1f} s | {f'{their_seconds:.1f} s' if pagefind_ran else failed} |",
        f"| index size on disk | {folder_size(ours / 'search') / 2**20:.1f} MiB | {their_size} |",
        "",
        "| query kind | paperpages top-1 / top-5 | Pagefind top-1 / top-5 |",
        "|---|---:|---:|",
    ]
    for category, (one, five, count) in our_categories.items():
        t = their_categories.get(category, ["", ""])
        lines.append(f"| {category} ({count}) | {one}/{five} | {t[0]}/{t[1]} |")
    text = "\n".join(lines)
    print(text)
    (work / "results.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
