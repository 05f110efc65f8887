#!/usr/bin/env python3
"""Write a deterministic, realistic content tree of papers, Q&A notes and reviews.

    make_corpus.py N OUTDIR [--seed S]

OUTDIR receives papers/, notes/ and reviews/ (N papers, N/2 notes, N/5 reviews)
plus site.yaml, in the content format described in README.md.
Text, titles and author names are drawn from the real PMLR v304 BibTeX file
beside this folder (Benchmarks/pmlr-v304-acml2025.bib, a copy of the real PMLR v304 proceedings file), so word frequencies,
diacritics and LaTeX fragments look like real paper metadata.
The same N and seed always give byte-identical files.
"""
import argparse
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
BIB = os.path.join(HERE, "pmlr-v304-acml2025.bib")


def bib_fields(text, name):
    out = []
    for m in re.finditer(r"\b" + name + r"\s*=\s*\{", text):
        i, depth = m.end(), 1
        while depth and i < len(text):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        out.append(" ".join(text[m.end():i - 1].split()))
    return out


def clean(s):
    return s.replace("\\\\", "\\").replace("\\{", "{").replace("\\}", "}")


def load_pools():
    text = open(BIB, encoding="utf-8").read()
    abstracts = [clean(a) for a in bib_fields(text, "abstract")]
    sentences = [s.strip() for a in abstracts for s in re.split(r"(?<=[.!?])\s+", a) if len(s) > 40]
    titles = [clean(t) for t in bib_fields(text, "title")]
    names = set()
    for a in bib_fields(text, "author"):
        for person in a.split(" and "):
            if "," in person:
                family, given = [p.strip() for p in person.split(",", 1)]
                names.add(f"{given} {family}")
            else:
                names.add(person.strip())
    words = sorted({w.lower() for t in titles for w in re.findall(r"[A-Za-z][A-Za-z-]{3,}", t)})
    return sentences, titles, sorted(names), words


INSTITUTIONS = [
    "Stanford University", "Université de Montréal", "ETH Zürich", "University of Tokyo",
    "Tsinghua University", "Carnegie Mellon University", "University of Oxford",
    "Max Planck Institute for Intelligent Systems", "KAIST", "University of São Paulo",
    "Indian Institute of Science", "University of Cape Town", "National Taiwan University",
]
VENUES = ["arXiv", "NeurIPS", "ICML", "ICLR", "ACL", "CVPR", "JMLR", "ACML", "Nature"]
STATUSES = ["preprint", "published", "accepted"]
READING = ["to-read", "reading", "read", "skipped"]


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def slugify(s):
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    return s[:60].rstrip("-")


def body(rng, sentences, words, slugs):
    parts = []
    for _ in range(rng.randint(2, 4)):
        parts.append("## " + " ".join(rng.sample(words, 3)).capitalize())
        parts.append(" ".join(rng.sample(sentences, 3)))
        kind = rng.randrange(6)
        if kind == 0:
            parts.append("\n".join(f"- {rng.choice(sentences)}" for _ in range(3)))
        elif kind == 1:
            rows = ["| Model | Params | Score |", "|---|---:|---:|"]
            rows += [f"| {rng.choice(words)} | {rng.randint(1, 900)}M | {rng.uniform(20, 99):.1f} |" for _ in range(4)]
            parts.append("\n".join(rows))
        elif kind == 2:
            parts.append("```python\nloss = criterion(model(x), y)\nloss.backward()\n```")
        elif kind == 3:
            parts.append(f"See [a related paper](../{rng.choice(slugs)}/) and ~~an old claim~~ https://example.org/{rng.choice(words)}.")
        elif kind == 4:
            parts.append(f"- [x] {rng.choice(words)}\n- [ ] {rng.choice(words)}")
        else:
            parts.append(f"A remark on {rng.choice(words)}.[^1]\n\n[^1]: {rng.choice(sentences)}")
    return "\n\n".join(parts) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    sentences, titles, names, words = load_pools()

    papers = []
    seen = set()
    for i in range(args.n):
        title = rng.choice(titles)
        if i >= len(titles) or title in seen:
            title = f"{' '.join(rng.sample(words, 2)).title()}: {rng.choice(titles)}"
        slug = slugify(title)
        while slug in seen:
            slug = f"{slug[:54]}-{i}"
        seen.add(title)
        seen.add(slug)
        papers.append((slug, title))
    slugs = [s for s, _ in papers]

    for sub in ("papers", "notes", "reviews"):
        os.makedirs(os.path.join(args.outdir, sub), exist_ok=True)
    with open(os.path.join(args.outdir, "site.yaml"), "w", encoding="utf-8") as f:
        f.write('title: "Reading list"\nbase_url: "/"\ndescription: "Papers I read, with notes."\n')

    for i, (slug, title) in enumerate(papers):
        year = rng.randint(2012, 2026)
        authors = rng.sample(names, rng.randint(1, 8))
        fm = [
            "---",
            f"title: {yaml_str(title)}",
            "authors:",
            *[f"  - {yaml_str(a)}" for a in authors],
            f"year: {year}",
            f"date: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            f"venue: {rng.choice(VENUES)}",
            f"status: {rng.choice(STATUSES)}",
            f"open_access: {str(rng.random() < 0.7).lower()}",
            f'arxiv: "{rng.randint(12, 26):02d}{rng.randint(1, 12):02d}.{rng.randint(1, 29999):05d}"',
            f"citations: {int(rng.paretovariate(1.2)) - 1}",
            f"saves: {rng.randint(0, 40)}",
            f"reading: {rng.choice(READING)}",
            f"institutions: [{', '.join(yaml_str(x) for x in rng.sample(INSTITUTIONS, rng.randint(0, 3)))}]",
            f"topics: [{', '.join(rng.sample(words, rng.randint(1, 4)))}]",
        ]
        if rng.random() < 0.5:
            fm.append(f"code: https://github.com/example/{slug[:30]}")
        if rng.random() < 0.3:
            fm.append(f"dataset: https://example.org/data/{slug[:30]}")
        if rng.random() < 0.4:
            fm.append(f"related: [{', '.join(rng.sample(slugs, 2))}]")
        fm.append("abstract: |")
        fm += ["  " + s for s in rng.sample(sentences, rng.randint(4, 9))]
        fm.append("---")
        with open(os.path.join(args.outdir, "papers", slug + ".md"), "w", encoding="utf-8") as f:
            f.write("\n".join(fm) + "\n" + body(rng, sentences, words, slugs))

    for j in range(args.n // 2):
        paper = rng.choice(slugs)
        q = f"How does {rng.choice(words)} relate to {rng.choice(words)} in this work?"
        fm = ["---", f"question: {yaml_str(q)}", f"paper: {paper}",
              f"date: 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
              f"topics: [{', '.join(rng.sample(words, 2))}]", "---"]
        answer = "Here are several ways to read it:\n\n" + "\n".join(
            f"- **{rng.choice(words).capitalize()}:** {' '.join(rng.sample(sentences, 2))}" for _ in range(4)
        ) + "\n\nIn summary, " + rng.choice(sentences) + "\n"
        with open(os.path.join(args.outdir, "notes", f"note-{j:06d}.md"), "w", encoding="utf-8") as f:
            f.write("\n".join(fm) + "\n" + answer)

    for k in range(args.n // 5):
        paper = rng.choice(slugs)
        fm = ["---", f"paper: {paper}", f"reviewer: {yaml_str(rng.choice(names))}",
              f"date: 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
              f"rating: {rng.randint(1, 5)}", f"confidence: {rng.randint(1, 5)}",
              f"strengths: {yaml_str(rng.choice(sentences))}",
              f"concerns: {yaml_str(rng.choice(sentences))}",
              f"questions: {yaml_str(rng.choice(sentences))}", "---"]
        with open(os.path.join(args.outdir, "reviews", f"review-{k:06d}.md"), "w", encoding="utf-8") as f:
            f.write("\n".join(fm) + "\n" + " ".join(rng.sample(sentences, 3)) + "\n")


if __name__ == "__main__":
    main()
