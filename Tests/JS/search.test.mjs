// The search page's modules in Node's own test runner (`make test-js`): the terms against the
// build's for the same texts (terms-cases.json, which SearchTokenizerTests also reads), and the
// ranking and the reading of misspelt words over an index held in memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { useTables, tokenize } from "../../Layouts/assets/search-terms.js";
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

// An index in memory: documents' words with impacts, and a log of what a query read.
function memoryIndex(documents) {
  const postings = {};
  documents.forEach((words, doc) => {
    for (const [word, impact] of Object.entries(words)) (postings[word] = postings[word] || []).push(doc, impact);
  });
  for (const list of Object.values(postings)) {   // gaps between documents, as the build writes them
    for (let i = list.length - 2; i >= 2; i -= 2) list[i] -= list[i - 2];
  }
  const byLetter = {};
  for (const word of Object.keys(postings)) {
    for (const letter of new Set(Array.from(word).slice(0, 2))) {
      (byLetter[letter.codePointAt(0).toString(16)] = byLetter[letter.codePointAt(0).toString(16)] || {})[word] = postings[word].length / 2;
    }
  }
  const read = [];
  return {
    read,
    manifest: { documents: documents.length, corrections: Object.keys(byLetter) },
    postings(term) { read.push("postings " + term); return Promise.resolve(postings[term] || null); },
    expansions(prefix, limit) {
      read.push("expansions " + prefix);
      const found = Object.keys(postings).filter((t) => t !== prefix && t.startsWith(prefix)).map((t) => [t, postings[t]]);
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
