// paperpages: the search's ranking, over an index given to it (search-index.js in the page):
// BM25F impacts the build computed, summed over the query's terms, the last also as a prefix
// while it is typed, a word the index lacks read as its closest term, and a title typed in
// full on top.
import { tokenize, isNumber, isCJK } from "./search-terms.js";

// ---- Misspelt words ------------------------------------------------------------------------
// A query word the index lacks is read as the index's closest term: within one edit for a
// word of 4 to 7 letters, two from 8 (a swap of two neighbouring letters is one edit), none
// under 4, where one edit makes another common word. Numbers, CJK bigrams and whole titles
// are never corrected. The candidates are the terms of the file of the word's first letter
// (search/terms/<code point>.json, which also holds the terms whose second letter it is).
export function allowedEdits(chars) { return chars.length < 4 ? 0 : chars.length < 8 ? 1 : 2; }

export function correctable(term) {
  var chars = Array.from(term);
  return allowedEdits(chars) > 0 && chars[0] !== "=" && !chars.some(function (c) { return isNumber(c) || isCJK(c); });
}

// Optimal string alignment distance between two arrays of characters, or limit + 1 as soon
// as it must be more than limit (the distance of Sources/PaperPages/Diagnostics/Spelling.swift,
// which answers misspelt keys and names in the build's messages).
export function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  var before = null, previous = [], current, i, j;
  for (j = 0; j <= b.length; j++) previous.push(j);
  for (i = 1; i <= a.length; i++) {
    current = [i];
    var least = i;
    for (j = 1; j <= b.length; j++) {
      var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
      current.push(value);
      if (value < least) least = value;
    }
    if (least > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length], limit + 1);
}

// The closest term to `term` in `terms` ({term: documents}): fewest edits, then the length
// nearest the word's (`yaun` is `yuan` swapped before it is `yan` with a letter too many),
// then most documents, then first in the index's order; null when none is close enough.
export function closestTerm(term, terms) {
  var chars = Array.from(term), limit = allowedEdits(chars), best = null;
  Object.keys(terms).forEach(function (candidate) {
    if (candidate === term) return;
    var letters = Array.from(candidate), distance = editDistance(chars, letters, limit);
    if (distance > limit) return;
    var found = { term: candidate, distance: distance, lengthChange: Math.abs(letters.length - chars.length), documents: terms[candidate] };
    if (closer(found, best)) best = found;
  });
  return best;
}

function closer(found, best) {
  if (!best) return true;
  if (found.distance !== best.distance) return found.distance < best.distance;
  if (found.lengthChange !== best.lengthChange) return found.lengthChange < best.lengthChange;
  return found.documents > best.documents;
}

// The correction of a word the index lacks, with its postings; null when there is none. The
// word being typed is read as the corrected word being typed, with the terms that begin with
// it, as `transformer` typed finds `transformers` too: the misspelt query reads what the
// typed one would and two files more, the word's own chunk and its letter's terms.
function correctionOf(index, term, typing) {
  if (!correctable(term)) return Promise.resolve(null);
  return index.correctionTerms(term.codePointAt(0).toString(16)).then(function (terms) {
    var best = terms && closestTerm(term, terms);
    if (!best) return null;
    return Promise.all([index.postings(best.term), typing ? index.expansions(best.term, 12) : Promise.resolve([])]).then(function (found) {
      return found[0] && { from: term, to: best.term, distance: best.distance, list: found[0], expanded: found[1] };
    });
  });
}

// The query's words as typed, with what lies between them (spaces, hyphens, punctuation).
function typedWords(query) { return query.trim().split(/([^\p{L}\p{N}\p{M}]+)/u); }

// The corrections of words as typed: not those of a hyphenated word's joined form
// (`activaton-aware` is read as `activation-aware` through `activaton`, not `activatonaware`).
export function typedCorrections(query, corrections) {
  var typed = new Set();
  typedWords(query).forEach(function (word) { tokenize(word).forEach(function (t) { typed.add(t); }); });
  return corrections.filter(function (fix) { return typed.has(fix.from); });
}

// The query with each corrected word replaced (the "did you mean" search), the words and
// what lies between them as typed, bar punctuation at either end.
export function correctedQuery(query, corrections) {
  return typedWords(query).map(function (word) {
    var terms = tokenize(word), fix = corrections.filter(function (c) { return terms.length === 1 && c.from === terms[0]; })[0];
    return fix ? fix.to : word;
  }).join("").replace(/^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+$/gu, "");
}

function idf(manifest, df) {
  return Math.log(1 + (manifest.documents - df + 0.5) / (df + 0.5));
}

// Documents ranked for a query: BM25F impacts summed over terms, the last term also as a
// prefix, documents with more of the terms first, and a title typed in full on top.
//
// `index` is what it reads: `manifest` ({documents}), `postings(term)`, `wholePostings(term,
// list)`, `expansions(prefix, limit)` and `correctionTerms(key)`, each a promise
// (search-index.js over the site's files; the Node tests give it terms in memory).
//
// A common word's list is its head, its postings of highest impact (listOf in
// search-index.js): the ranking is from the heads, where a document that has the word with a
// lower impact counts as not having it, unless `options.complete` asks for every match (for
// more results and the facets), which reads the whole lists. The answer says whether it is
// `complete`, and `matches`: how many documents match, or at least how many when not complete.
export function rank(index, query, options) {
  var complete = Boolean(options && options.complete);
  var allTerms = tokenize(query);
  var terms = Array.from(new Set(allTerms));
  if (terms.length === 0) return Promise.resolve({ terms: [], prefixes: [], ranked: [], corrections: [], complete: true, matches: 0 });
  var typingLast = !/\s$/.test(query);
  var lastTerm = terms[terms.length - 1];
  var loads = terms.map(function (t) { return index.postings(t); });
  loads.push(index.postings("=" + allTerms.join(" ")));   // the whole title, as the build keys it
  loads.push(typingLast && lastTerm.length >= 2 ? index.expansions(lastTerm, 12) : Promise.resolve([]));
  return Promise.all(loads).then(function (results) {
    // A word with no postings is corrected, unless it is the word being typed and some
    // terms begin with it.
    var expanded = results[terms.length + 1];
    return Promise.all(terms.map(function (term, i) {
      if (results[i] || (i === terms.length - 1 && expanded.length)) return null;
      return correctionOf(index, term, typingLast && i === terms.length - 1).then(function (fix) { return fix && Object.assign(fix, { index: i }); });
    })).then(function (fixes) { return { results: results, corrections: fixes.filter(Boolean) }; });
  }).then(function (found) {
    var results = found.results, fixes = found.corrections;
    // What scores: each list with its term, its weight and the query word it counts for.
    var parts = [];
    terms.forEach(function (term, i) { if (results[i]) parts.push({ term: term, list: results[i], weight: 1, slot: i }); });
    results[terms.length + 1].forEach(function (entry) { parts.push({ term: entry[0], list: entry[1], weight: 0.7, slot: terms.length - 1 }); });
    // Below what an exact word would give, and less the further the correction.
    fixes.forEach(function (fix) {
      var weight = fix.distance === 1 ? 0.6 : 0.45;
      parts.push({ term: fix.to, list: fix.list, weight: weight, slot: fix.index });
      fix.expanded.forEach(function (entry) { parts.push({ term: entry[0], list: entry[1], weight: weight * 0.7, slot: fix.index }); });
    });
    var title = results[terms.length] && { term: "=" + allTerms.join(" "), list: results[terms.length] };
    return (complete ? whole(index, parts.concat(title ? [title] : [])) : Promise.resolve()).then(function () {
      return Object.assign(score(index.manifest, parts, title, terms.length), {
        terms: terms.concat(fixes.map(function (fix) { return fix.to; })),
        // The word being typed, or what it was read as, highlighted where a word begins with it.
        prefixes: (typingLast && lastTerm.length >= 2 ? [lastTerm] : []).concat(fixes.filter(function (fix) { return fix.expanded.length; }).map(function (fix) { return fix.to; })),
        corrections: fixes.map(function (fix) { return { from: fix.from, to: fix.to }; })
      });
    });
  });
}

// Reads the whole postings of every part that has only its head.
function whole(index, parts) {
  return Promise.all(parts.filter(function (part) { return part.list.all !== null; }).map(function (part) {
    return index.wholePostings(part.term, part.list).then(function (list) { part.list = list; });
  }));
}

function addScores(manifest, part, scores, matched) {
  var postings = part.list.postings, w = idf(manifest, part.list.df) * part.weight, doc = 0;
  for (var i = 0; i < postings.length; i += 2) {
    doc += postings[i];
    scores[doc] = (scores[doc] || 0) + w * postings[i + 1] / 255;
    (matched[doc] = matched[doc] || {})[part.slot] = true;
  }
}

// Each document's score: the sum over the lists of idf · weight · impact, times 0.4 + 0.6 ·
// the share of the query's words it has, and 1000 more if the query is its title (a title's
// document ranks first even if no head of its common words holds it).
function score(manifest, parts, title, slots) {
  var scores = {}, matched = {};
  parts.forEach(function (part) { addScores(manifest, part, scores, matched); });
  var titled = new Set();
  if (title) {
    for (var i = 0, d = 0; i < title.list.postings.length; i += 2) {
      d += title.list.postings[i];
      titled.add(d);
      if (!(d in scores)) { scores[d] = 0; matched[d] = {}; }
    }
  }
  var ranked = Object.keys(scores).map(function (key) {
    var doc = Number(key), count = Object.keys(matched[doc]).length;
    return { doc: doc, score: scores[doc] * (0.4 + 0.6 * count / slots) + (titled.has(doc) ? 1000 : 0) };
  });
  ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  var complete = parts.every(function (part) { return part.list.all === null; });
  var matches = complete ? ranked.length : Math.max.apply(null, [ranked.length].concat(parts.map(function (part) { return part.list.df; })));
  return { ranked: ranked, complete: complete, matches: matches };
}
