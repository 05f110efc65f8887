// The search page's modules in Node's own test runner (`make test-js`): the terms against the
// build's for the same texts (terms-cases.json, which SearchTokenizerTests also reads), and the
// ranking and the reading of misspelt words over an index held in memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { useTables, tokenize } from "../../Layouts/assets/search-terms.js";
import { listOf } from "../../Layouts/assets/search-index.js";
import { rank, editDistance, closestTerm, correctable, correctedQuery, typedCorrections } from "../../Layouts/assets/search-rank.js";

const shared = JSON.parse(readFileSync(new URL("./terms-cases.json", import.meta.url), "utf8"));
useTables(shared);

test("the script's terms are the build's", () => {
  assert.ok(shared.cases.length >= 20);
  for (const { text, terms } of shared.cases) assert.deepEqual(tokenize(text), terms, text);
});

test("edit distance: optimal string alignment over characters, cut at the limit", () => {
  const distance = (a, b, limit = 5) => editDistance(Array.from(a), Array.from(b), limit);
  assert.equal(distance("kitten", "sitting"), 3);
  assert.equal(distance("einstien", "einstein"), 1);   // neighbours swapped: one edit
  assert.equal(distance("ca", "abc"), 3);              // a swap is not edited again
  assert.equal(distance("naïve", "naive"), 1);         // characters, not UTF-16 units
  assert.equal(distance("𝔸bc", "abc"), 1);
  assert.equal(distance("", "abc"), 3);
  assert.equal(distance("distillation", "installation", 2), 3);   // past the limit: limit + 1
  assert.equal(distance("abcdefgh", "a", 2), 3);
});

test("which words are corrected, and to what", () => {
  assert.ok(!correctable("bnd") && correctable("bndt"));
  assert.ok(!correctable("gpt3") && !correctable("模型模型") && !correctable("=deep taylor"));
  const terms = { primacy: 3, privacy: 40, pricy: 1 };
  assert.equal(closestTerm("primcy", terms).term, "primacy");      // one edit for 4 to 7 letters
  assert.equal(closestTerm("asymptoticly", { asymptotically: 2 }).term, "asymptotically");   // two from 8
  assert.equal(closestTerm("asymptotcly", { asymptotically: 2 }), null);                     // not three
  assert.equal(closestTerm("sheep", { sheet: 5, sheer: 50 }).term, "sheer");
  assert.equal(closestTerm("yaun", { yan: 17, yuan: 8 }).term, "yuan");
  assert.equal(closestTerm("privacy", { privacy: 40 }), null);   // a word is never its own correction
});

test("the corrected query keeps the words as typed", () => {
  const fixes = [{ from: "activatonaware", to: "activationaware" }, { from: "activaton", to: "activation" }];
  assert.equal(correctedQuery("activaton-aware models", fixes), "activation-aware models");
  assert.deepEqual(typedCorrections("activaton-aware", fixes).map((fix) => fix.to), ["activation"]);
  assert.equal(correctedQuery("Deep  Taylor decompostion!", [{ from: "decompostion", to: "decomposition" }]), "Deep  Taylor decomposition");
});

// An index in memory: documents' words with impacts, and a log of what a query read. A word in
// more than `long` documents is written as the build writes a long term (SearchIndex.headEntry):
// its `head` postings of highest impact (ties in document order), the highest impact left out,
// and its whole postings apart.
function memoryIndex(documents, { long = Infinity, head = 0 } = {}) {
  const postings = {};
  documents.forEach((words, doc) => {
    for (const [word, impact] of Object.entries(words)) (postings[word] = postings[word] || []).push([doc, impact]);
  });
  const gaps = (pairs) => pairs.flatMap(([doc, impact], i) => [doc - (i ? pairs[i - 1][0] : 0), impact]);
  const entries = {};
  for (const [word, pairs] of Object.entries(postings)) {
    if (pairs.length <= long) { entries[word] = gaps(pairs); continue; }
    const byImpact = pairs.slice().sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const kept = byImpact.slice(0, head).sort((a, b) => a[0] - b[0]);
    entries[word] = { all: 0, cut: byImpact[head][1], df: pairs.length, head: gaps(kept) };
  }
  const byLetter = {};
  for (const word of Object.keys(postings)) {
    for (const letter of new Set(Array.from(word).slice(0, 2))) {
      (byLetter[letter.codePointAt(0).toString(16)] = byLetter[letter.codePointAt(0).toString(16)] || {})[word] = postings[word].length;
    }
  }
  const read = [];
  const listFor = (term) => (term in entries ? listOf(entries[term]) : null);
  return {
    read,
    manifest: { documents: documents.length, corrections: Object.keys(byLetter) },
    postings(term) { read.push("postings " + term); return Promise.resolve(listFor(term)); },
    wholePostings(term) { read.push("whole " + term); return Promise.resolve(listOf(gaps(postings[term]))); },
    expansions(prefix, limit) {
      read.push("expansions " + prefix);
      const found = Object.keys(entries).filter((t) => t !== prefix && t.startsWith(prefix)).map((t) => [t, listFor(t)]);
      found.sort((a, b) => b[1].df - a[1].df);
      return Promise.resolve(found.slice(0, limit));
    },
    correctionTerms(key) { read.push("terms " + key); return Promise.resolve(byLetter[key] || null); },
  };
}

const papers = [
  { primacy: 200, effect: 150, models: 60 },
  { privacy: 220, differential: 180 },
  { distillation: 210, models: 90, small: 50 },
];

test("a misspelt word ranks its paper as the word would, and says what it was read as", async () => {
  const index = memoryIndex(papers);
  const typed = await rank(index, "primacy effect ");
  const misspelt = await rank(memoryIndex(papers), "primcy effect ");
  assert.equal(typed.ranked[0].doc, 0);
  assert.equal(misspelt.ranked[0].doc, 0);
  assert.deepEqual(misspelt.corrections, [{ from: "primcy", to: "primacy" }]);
  assert.ok(misspelt.terms.includes("primacy"));   // highlighted as read
  // Below what the typed word gives.
  assert.ok(misspelt.ranked[0].score < typed.ranked[0].score);
  assert.equal((await rank(memoryIndex(papers), "distilation ")).ranked[0].doc, 2);
});

test("a correct query reads nothing more, and is never corrected", async () => {
  const index = memoryIndex(papers);
  const ranking = await rank(index, "privacy differential ");
  assert.deepEqual(ranking.corrections, []);
  assert.ok(!index.read.some((entry) => entry.startsWith("terms ")), index.read.join(", "));
  // A word being typed that terms begin with is completed, not corrected.
  const typing = memoryIndex(papers);
  const completed = await rank(typing, "distil");
  assert.equal(completed.ranked[0].doc, 2);
  assert.deepEqual(completed.corrections, []);
  assert.ok(!typing.read.some((entry) => entry.startsWith("terms ")));
  // A misspelt word reads one file of terms and the postings of the word it is read as.
  const misspelt = memoryIndex(papers);
  await rank(misspelt, "primcy ");
  assert.deepEqual(misspelt.read.filter((entry) => entry.startsWith("terms ") || entry === "postings primacy"), ["terms 70", "postings primacy"]);
});

test("documents with more of the query's words come first", async () => {
  const ranking = await rank(memoryIndex(papers), "small models ");
  assert.deepEqual(ranking.ranked.map((r) => r.doc), [2, 0]);
});

// A generated list: 400 documents over 40 words, six of them in most documents (long, kept as
// heads of 12), the rest rare; impacts from 1 to 255, low ones most, with ties.
function generatedDocuments() {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const words = Array.from({ length: 40 }, (_, i) => "word" + String.fromCharCode(97 + (i % 26)) + String.fromCharCode(97 + Math.floor(i / 26)));
  return Array.from({ length: 400 }, () => {
    const document = {};
    words.forEach((word, i) => {
      if (random() < (i < 6 ? 0.7 : 0.04)) document[word] = 1 + Math.floor(random() * random() * 255);
    });
    return document;
  });
}

const docs = (ranking, count = 10) => ranking.ranked.slice(0, count).map((r) => r.doc);

test("a common word is ranked from its head; every match is read only when asked for", async () => {
  const documents = generatedDocuments();
  const index = memoryIndex(documents, { long: 60, head: 12 });
  const fromHead = await rank(index, "wordaa ");
  assert.ok(!index.read.includes("whole wordaa") && !fromHead.complete);
  // One word alone: its head holds its ten best documents, as the whole list ranks them.
  assert.deepEqual(docs(fromHead), docs(await rank(memoryIndex(documents), "wordaa ")));
  const having = documents.filter((d) => "wordaa" in d).length;
  assert.equal(fromHead.matches, having);   // its documents, from the head's count
  const all = await rank(index, "wordaa ", { complete: true });
  assert.ok(index.read.includes("whole wordaa") && all.complete && all.ranked.length === having && all.matches === having);
});

test("with every match asked for, heads and whole lists rank alike; from heads, nearly so", async () => {
  const documents = generatedDocuments();
  const words = Object.keys(Object.assign({}, ...documents)).sort();
  let same = 0, overlap = 0, queries = 0;
  for (let a = 6; a < words.length; a++) {
    const query = `${words[a]} ${words[a % 6]} `;   // a rare word and a common one
    const whole = await rank(memoryIndex(documents), query);
    const headed = memoryIndex(documents, { long: 60, head: 100 });
    assert.deepEqual((await rank(headed, query, { complete: true })).ranked, whole.ranked, query);
    const fromHeads = await rank(memoryIndex(documents, { long: 60, head: 100 }), query);
    same += docs(fromHeads, 1)[0] === docs(whole, 1)[0];
    overlap += docs(fromHeads, 5).filter((doc) => docs(whole, 5).includes(doc)).length;
    queries++;
  }
  // Heads of 100 of about 280 documents (at 100,000 papers, 4,000 of 8,000 or more): the same
  // first result in 28 of 34 queries, 161 of the 170 first five.
  assert.ok(same >= queries * 0.8 && overlap >= queries * 5 * 0.7, `${same} of ${queries}; ${overlap}`);
});

test("a title typed in full comes first even when no head of its words holds it", async () => {
  const documents = generatedDocuments();
  // Document 5's title, as the build keys it, made of two common words.
  const title = { ...documents[5], wordaa: 1, wordba: 1, "=wordaa wordba": 255 };
  const index = memoryIndex(documents.map((d, i) => (i === 5 ? title : d)), { long: 60, head: 12 });
  const ranking = await rank(index, "wordaa wordba");
  assert.equal(ranking.ranked[0].doc, 5);
  assert.ok(!index.read.some((entry) => entry.startsWith("whole ")));
});

test("a misspelt word being typed is read as its correction being typed, terms that begin with it too", async () => {
  const documents = [{ transformer: 50 }, { transformers: 250 }, { transformer: 90, attention: 100 }, { transform: 200 }];
  const typed = await rank(memoryIndex(documents), "transformer");
  const misspelt = await rank(memoryIndex(documents), "transfomer");
  assert.deepEqual(typed.ranked.map((r) => r.doc), [1, 2, 0]);
  assert.deepEqual(misspelt.ranked.map((r) => r.doc), [1, 2, 0]);
  assert.deepEqual(misspelt.corrections, [{ from: "transfomer", to: "transformer" }]);
  assert.ok(misspelt.prefixes.includes("transformer"));   // `transformers` is highlighted too
  // Typed in full (a space after it), it is the word alone.
  assert.deepEqual((await rank(memoryIndex(documents), "transfomer ")).ranked.map((r) => r.doc), [2, 0]);
});
