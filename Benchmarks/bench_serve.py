#!/usr/bin/env python3
"""make bench-serve: `paperpages serve` on generated sites of 1,000 and 10,000 papers.

For each size (BENCH_SIZES, default "1000 10000"; BENCH_PAPERS=N for one size):
  - start-up: the time from launch to the first page served, from an empty serve folder
    (cold) and again with the folder and cache of that run (warm);
  - save -> served: a sentence appended to a paper's notes (its page alone changes), and a
    paper retitled (every list showing it changes), each BENCH_EDITS times; the clock starts
    before the file is written and stops when an HTTP GET of the page, repeated as fast as
    it answers, returns the new text. For the retitling, also until a neighbour's page (one that
    lists the paper among its adjacent work) shows it;
  - load: 2,000 requests over 50 concurrent keep-alive connections (pages, CSS, JavaScript,
    search files, a 404), with errors, requests per second, p50 and p99 latency;
  - the server's memory: resident set after the load, and its peak.
Side by side, in the same run, `hugo server` (0.168, --renderToMemory) on the same content
with the minimal templates of Benchmarks/hugo-site: start-up and the notes edit.
"""
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PAPERPAGES = os.path.join(ROOT, ".build", "release", "paperpages")
HUGO = os.path.join(ROOT, ".build", "bench-venv", "bin", "hugo")
HUGO_SITE = os.path.join(HERE, "hugo-site")
sys.path.insert(0, HERE)
from bench import remove  # noqa: E402  (moves old outputs aside: see its comment)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path, connection=None):
    """(status, body) of one GET, on a kept-alive connection when one is given."""
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    if connection is None:
        conn.close()
    return response.status, body


def wait_for(port, path, text, deadline=120.0):
    """Seconds until GET path shows text, asking again as soon as each answer arrives."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    needle = text.encode()
    while time.perf_counter() - start < deadline:
        try:
            status, body = get(port, path, conn)
            if status == 200 and needle in body:
                conn.close()
                return time.perf_counter() - start
        except (ConnectionError, http.client.HTTPException, OSError):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            time.sleep(0.005)
    conn.close()
    raise SystemExit("timed out waiting for %r on %s" % (text, path))


def wait_until_serving_or_exit(process, port, path):
    """As wait_until_serving, but stops as soon as the server has exited (a bad flag)."""
    start = time.perf_counter()
    while process.poll() is None:
        try:
            if get(port, path)[0] == 200:
                return time.perf_counter() - start
        except (ConnectionError, http.client.HTTPException, OSError):
            pass
        time.sleep(0.02)
    raise SystemExit("the server exited with %s before answering %s" % (process.returncode, path))


def memory(pid):
    fields = {}
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def stop(process):
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return None


def edit(path, old, new):
    with open(path, encoding="utf-8") as source:
        text = source.read()
    with open(path, "w", encoding="utf-8") as target:
        target.write(text.replace(old, new, 1) if old else text + new)


def notes_edited(port, paper, page, edits):
    """Save -> served for each of `edits` sentences appended to the paper's notes."""
    times = []
    for number in range(edits):
        marker = "Served note number %d %d." % (number, time.time_ns())
        began = time.perf_counter()
        edit(paper, None, "\n%s\n" % marker)
        times.append(time.perf_counter() - began + wait_for(port, page, marker))
        time.sleep(0.3)
    return times


def summary(times):
    times = sorted(times)
    return "median %.0f ms, p90 %.0f ms, max %.0f ms (%d saves)" % (
        statistics.median(times) * 1000, times[int(0.9 * (len(times) - 1))] * 1000, times[-1] * 1000, len(times))


def load(port, paths, requests=2000, clients=50):
    latencies, errors, lock = [], [], threading.Lock()
    per_client = requests // clients

    def client(number):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for index in range(per_client):
            path = paths[(number * per_client + index) % len(paths)]
            began = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                expected = 404 if "no-such-page" in path else 200
                if response.status != expected:
                    with lock:
                        errors.append("%s: %d" % (path, response.status))
            except Exception as error:  # any failure is an error of the run
                with lock:
                    errors.append("%s: %s" % (path, error))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - began)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return len(latencies), errors, len(latencies) / elapsed, latencies[len(latencies) // 2], latencies[int(0.99 * (len(latencies) - 1))]


def bench(papers, edits):
    site = os.path.join(ROOT, ".build", "bench", str(papers))
    content = os.path.join(site, "Content")
    if not os.path.isdir(content):
        subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), str(papers), content], check=True, stdout=subprocess.DEVNULL)
    # A copy to edit, so the build benchmark's corpus stays as generated.
    work = os.path.join(site, "serve-content")
    remove(work)
    shutil.copytree(content, work)
    output = os.path.join(site, "serve-site")
    print("== %s papers" % format(papers, ","))
    papers_dir = os.path.join(work, "papers")
    names = sorted(os.listdir(papers_dir))
    slug = names[len(names) // 2][:-3]
    paper = os.path.join(papers_dir, slug + ".md")
    page = "/papers/%s/" % slug

    log = open(os.path.join(site, "serve.log"), "w")

    def serve(port):
        return subprocess.Popen([PAPERPAGES, "serve", "--content", work, "--layouts", os.path.join(ROOT, "Layouts"),
                                 "--output", output, "--port", str(port), "--timings"], cwd=site, stdout=log, stderr=log)

    remove(output)
    remove(os.path.join(site, ".paperpages-cache", "serve-site"))
    for label in ("cold", "warm"):
        port = free_port()
        began = time.perf_counter()
        server = serve(port)
        wait_until_serving_or_exit(server, port, page)
        print("  start-up (%s): %.2f s to the first page served" % (label, time.perf_counter() - began))
        if label == "cold":
            stop(server)
    try:
        # Settle: the first request after start-up is not the one measured.
        wait_for(port, page, "<html")
        title_page, title_home = [], []
        print("  save -> served, notes edited: " + summary(notes_edited(port, paper, page, edits)))
        # A page that lists the paper: a neighbour whose page links to it.
        _, body = get(port, page)
        others = sorted(set(re.findall(r'href="(/papers/[^"/]+/)"', body.decode())) - {page})
        neighbour = next(other for other in others if page.encode() in get(port, other)[1])
        for number in range(max(3, edits // 3)):
            with open(paper, encoding="utf-8") as source:
                title_line = next(line for line in source.read().splitlines() if line.startswith("title:"))
            title = "Retitled %d %d" % (number, time.time_ns())
            began = time.perf_counter()
            edit(paper, title_line, 'title: "%s"' % title)
            title_page.append(time.perf_counter() - began + wait_for(port, page, title))
            title_home.append(time.perf_counter() - began + wait_for(port, neighbour, title))
            time.sleep(1.0 if papers < 10000 else 15.0)
        print("  save -> served, paper retitled: its page " + summary(title_page) + "; a neighbour's page listing it " + summary(title_home))

        paths = [page, "/", "/assets/site.css", "/assets/site.js", "/search/manifest.json", "/topics/", "/no-such-page/"]
        paths += ["/papers/%s/" % name[:-3] for name in names[:200]]
        count, errors, rate, p50, p99 = load(port, paths)
        print("  load: %d requests, 50 clients: %d errors, %.0f requests/s, p50 %.1f ms, p99 %.1f ms"
              % (count, len(errors), rate, p50 * 1000, p99 * 1000))
        for error in errors[:5]:
            print("    " + error)
        resident, peak = memory(server.pid)
        print("  server memory: %.0f MB resident after the load, %.0f MB at its peak" % (resident, peak))
    finally:
        code = stop(server)
        print("  stopped by SIGINT: exit code %s" % code)

    if os.path.exists(HUGO):
        port = free_port()
        began = time.perf_counter()
        # Its fastest way, and nothing written into the templates' folder: pages rendered into
        # memory (by default it writes them to disk, under --source).
        hugo = subprocess.Popen([HUGO, "server", "--source", HUGO_SITE, "--contentDir", work, "--port", str(port),
                                 "--bind", "127.0.0.1", "--disableLiveReload", "--renderToMemory", "--quiet"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_serving_or_exit(hugo, port, page)
            print("  hugo server 0.168: start-up %.2f s" % (time.perf_counter() - began))
            print("  hugo server 0.168: save -> served, notes edited: " + summary(notes_edited(port, paper, page, edits)))
            print("  hugo server 0.168 memory: %.0f MB resident, %.0f MB at its peak" % memory(hugo.pid))
        finally:
            stop(hugo)


def main():
    if not os.path.exists(PAPERPAGES):
        sys.exit("build paperpages first: make build")
    sizes = [int(size) for size in (os.environ.get("BENCH_PAPERS") or os.environ.get("BENCH_SIZES", "1000 10000")).split()]
    for papers in sizes:
        bench(papers, int(os.environ.get("BENCH_EDITS", "10")))
    shutil.rmtree(os.path.join(ROOT, ".build", "bench", "trash"), ignore_errors=True)


if __name__ == "__main__":
    main()
