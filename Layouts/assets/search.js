// paperpages: the search page's own script (no library), an ES module with the others of its
// kind: search-terms.js (the terms, as the build makes them), search-index.js (the files under
// search/), search-rank.js (the ranking and the reading of misspelt words). This one is the
// page: the box, the results, the facets, "did you mean", and the URL that keeps them.
import { tokenize, tablesLoaded } from "./search-terms.js";
import { openIndex } from "./search-index.js";
import { rank, correctedQuery, typedCorrections, editDistance, closestTerm, correctable } from "./search-rank.js";

// The search/ folder beside this script's assets/ folder, wherever the site is served from.
var index = openIndex(new URL("../search/", import.meta.url).href);
var PAGE = 10;

var FACETS = ["kind", "year", "venue", "topic", "reading"];
var FACET_LABELS = { kind: "Kind", year: "Year", venue: "Venue", topic: "Topic", reading: "Reading status" };

// The page: its elements, the facets chosen, and what is shown. `generation` counts the
// searches run, so that a slower earlier one never overwrites a later one's results.
function start() {
  var form = document.querySelector("form.search-form");
  if (!form) return;
  var params = new URLSearchParams(window.location.search);
  var page = {
    form: form,
    input: form.querySelector("input[name=q]"),
    status: document.querySelector("[data-search-status]"),
    list: document.querySelector("[data-results]"),
    more: document.querySelector("[data-more]"),
    facetBox: form.querySelector("[data-facets]"),
    chosen: {},
    current: null, shown: 0, generation: 0
  };
  FACETS.forEach(function (f) { page.chosen[f] = new Set(params.getAll(f)); });
  page.input.value = params.get("q") || "";
  page.status.textContent = "";
  page.suggestion = suggestionLine(page.status);
  listen(page);
  index.load().then(function () {
    buildFacets(page);
    run(page);
    page.input.focus();
  }, function (error) {
    page.status.textContent = "Search failed to load its index (" + error.message + ").";
  });
}

// Runs the query in the box: ranks, filters by the facets chosen, says how many and what was
// read as what, offers the corrected search, and shows the first page of results; the promise
// settles when they are shown (or the search failed).
function run(page) {
  var gen = ++page.generation;
  updateURL(page);
  var query = page.input.value;
  if (!query.trim()) {
    page.list.textContent = "";
    page.more.hidden = true;
    suggest(page, query, []);
    page.status.textContent = "Type to search " + index.manifest.documents + " papers, notes and reviews.";
    return Promise.resolve();
  }
  // Filtering and the facets' counts need every match: the whole lists of common words.
  var filtering = anyFacetChosen(page.chosen);
  var options = { complete: filtering || Boolean(index.facetsIfLoaded()) };
  return Promise.all([rank(index, query, options), filtering ? index.facets() : Promise.resolve(null)])
    .then(function (results) {
      if (gen !== page.generation) return;
      var ranking = results[0], table = results[1];
      var ranked = table ? ranking.ranked.filter(function (r) { return matchesFacets(page.chosen, table, r.doc); }) : ranking.ranked;
      page.current = { query: query, terms: ranking.terms, prefixes: ranking.prefixes, ranked: ranked, complete: ranking.complete };
      page.shown = 0;
      page.list.textContent = "";
      var count = table ? ranked.length : ranking.matches;
      page.status.textContent = statusText(query, count, ranking.complete, typedCorrections(query, ranking.corrections));
      suggest(page, query, ranking.corrections);
      var loadedFacets = index.facetsIfLoaded();
      if (loadedFacets) loadedFacets.then(function (t) { if (gen === page.generation) updateCounts(page, t, ranked); });
      return showPage(page, gen);
    })
    .catch(function (error) {
      page.status.textContent = "Search failed to load its index (" + error.message + ").";
    });
}

// `exact` is false when the results came from the heads of common words, which tell how
// many documents each word is in but not how many have any of the query's words.
function statusText(query, count, exact, corrections) {
  var quoted = "\u201c" + query.trim() + "\u201d";
  if (count === 0) return "No results for " + quoted + ".";
  var reading = corrections.map(function (fix) { return "\u201c" + fix.from + "\u201d as \u201c" + fix.to + "\u201d"; });
  return (exact ? "" : "At least ") + count + (count === 1 ? " result" : " results") + " for " + quoted + (reading.length ? ", reading " + reading.join(" and ") : "") + ".";
}

// Typing, the form, "more results", and the arrow keys, which move between the box and the
// results (Escape clears the box). A keystroke searches at once when no search is running;
// keystrokes during one are gathered into one search when it ends. So the last keystroke
// waits for at most the search before it, never for a fixed pause (a pause of 60 ms was
// half the time from keystroke to results at 10,000 papers).
function listen(page) {
  var running = false, waiting = false;
  function search() {
    running = true;
    waiting = false;
    run(page).then(function () {
      running = false;
      if (waiting) search();
    });
  }
  page.input.addEventListener("input", function () {
    if (running) waiting = true; else search();
  });
  page.form.addEventListener("submit", function (event) { event.preventDefault(); run(page); });
  page.more.addEventListener("click", function () { showPage(page, page.generation); });
  document.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(page.list.querySelectorAll("a.result-title"));
    var position = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && (document.activeElement === page.input || position >= 0)) {
      if (position < links.length - 1) { links[position + 1].focus(); event.preventDefault(); }
    } else if (event.key === "ArrowUp" && position >= 0) {
      (position === 0 ? page.input : links[position - 1]).focus();
      event.preventDefault();
    } else if (event.key === "Escape" && document.activeElement === page.input) {
      page.input.value = "";
      run(page);
    }
  });
}

function updateURL(page) {
  var query = new URLSearchParams();
  if (page.input.value.trim()) query.set("q", page.input.value.trim());
  FACETS.forEach(function (f) { page.chosen[f].forEach(function (v) { query.append(f, v); }); });
  var search = query.toString();
  window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
}

// ---- "Did you mean" ------------------------------------------------------------------------
// Under the status when a word was corrected: the search with the corrected words, a link to
// share as well as to click.
function suggestionLine(status) {
  var suggestion = document.createElement("p");
  suggestion.className = "search-suggestion";
  suggestion.hidden = true;
  status.after(suggestion);
  return suggestion;
}

function suggest(page, query, corrections) {
  var suggestion = page.suggestion;
  suggestion.textContent = "";
  suggestion.hidden = corrections.length === 0;
  if (suggestion.hidden) return;
  var corrected = correctedQuery(query, corrections);
  var params = new URLSearchParams(window.location.search);
  params.set("q", corrected);
  var link = document.createElement("a");
  link.href = window.location.pathname + "?" + params.toString();
  link.textContent = corrected;
  link.addEventListener("click", function (event) {
    event.preventDefault();
    page.input.value = corrected;
    run(page);
  });
  suggestion.append("Did you mean ", link, "?");
}

// ---- Results -------------------------------------------------------------------------------
function showPage(page, gen) {
  var current = page.current;
  // Past the first page of a ranking from heads: every match, from the whole lists, after
  // the results shown, which stay where they are.
  if (!current.complete && page.shown > 0) {
    return rank(index, current.query, { complete: true }).then(function (ranking) {
      if (gen !== page.generation) return;
      var shown = current.ranked.slice(0, page.shown), seen = new Set(shown.map(function (r) { return r.doc; }));
      current.ranked = shown.concat(ranking.ranked.filter(function (r) { return !seen.has(r.doc); }));
      current.complete = true;
      page.status.textContent = statusText(current.query, ranking.matches, true, typedCorrections(current.query, ranking.corrections));
      return showPage(page, gen);
    });
  }
  var slice = current.ranked.slice(page.shown, page.shown + PAGE);
  return Promise.all(slice.map(function (r) { return index.record(r.doc); })).then(function (records) {
    if (gen !== page.generation) return;
    records.forEach(function (record) { page.list.appendChild(resultItem(record, current)); });
    page.shown += slice.length;
    // Heads leave documents out: a ranking from them always has more.
    page.more.hidden = current.complete && page.shown >= current.ranked.length;
  });
}

// One result: its title, kind, authors, year and venue, and snippet, the query's words marked.
function resultItem(record, current) {
  var item = document.createElement("li");
  item.className = "search-result kind-" + record.kind;
  var link = document.createElement("a");
  link.href = record.url;
  link.className = "result-title";
  highlight(link, record.title, current.terms, current.prefixes);
  var meta = document.createElement("p");
  meta.className = "result-meta";
  var parts = [record.kind.charAt(0).toUpperCase() + record.kind.slice(1)];
  if (record.authors.length) parts.push(record.authors.slice(0, 4).join(", ") + (record.authors.length > 4 ? " et al." : ""));
  if (record.year) parts.push(String(record.year));
  if (record.venue) parts.push(record.venue);
  highlight(meta, parts.join(" · "), current.terms, current.prefixes);
  var snippet = document.createElement("p");
  snippet.className = "result-snippet";
  highlight(snippet, record.snippet, current.terms, current.prefixes);
  item.append(link, meta, snippet);
  return item;
}

function highlight(element, text, terms, prefixes) {
  text.split(/(\s+)/).forEach(function (piece) {
    var pieceTerms = tokenize(piece);
    var hit = pieceTerms.some(function (t) {
      return terms.indexOf(t) >= 0 || prefixes.some(function (p) { return t.lastIndexOf(p, 0) === 0; });
    });
    if (hit) {
      var mark = document.createElement("mark");
      mark.textContent = piece;
      element.appendChild(mark);
    } else {
      element.appendChild(document.createTextNode(piece));
    }
  });
}

// ---- Facets --------------------------------------------------------------------------------
function anyFacetChosen(chosen) { return FACETS.some(function (f) { return chosen[f].size > 0; }); }

// The filter panel is filled from facets.json when it is opened (or when the URL asks for a
// facet), so a plain query never downloads it.
function buildFacets(page) {
  page.facetBox.hidden = false;
  var details = document.createElement("details");
  var summary = document.createElement("summary");
  summary.textContent = "Filter by kind, year, venue, topic or reading status";
  details.appendChild(summary);
  page.facetBox.appendChild(details);
  var filled = false;
  function fill() {
    if (filled) return;
    filled = true;
    index.facets().then(function (facets) {
      FACETS.forEach(function (facet) {
        var fieldset = facetFieldset(facet, facets.values[facet] || [], page.chosen[facet]);
        if (fieldset) details.appendChild(fieldset);
      });
      // The counts are over every match: a ranking from heads is run again over whole lists.
      if (!page.current) return;
      if (page.current.complete) updateCounts(page, facets, page.current.ranked); else run(page);
    });
  }
  details.addEventListener("toggle", function () { if (details.open) fill(); });
  if (anyFacetChosen(page.chosen)) { details.open = true; fill(); }
  page.facetBox.addEventListener("change", function (event) {
    var box = event.target;
    if (box.checked) page.chosen[box.name].add(box.value); else page.chosen[box.name].delete(box.value);
    run(page);
  });
}

// A facet's checkboxes, most used values first (at most 30 topics or venues, 50 else).
function facetFieldset(facet, values, chosen) {
  if (values.length === 0) return null;
  var fieldset = document.createElement("fieldset");
  var legend = document.createElement("legend");
  legend.textContent = FACET_LABELS[facet];
  fieldset.appendChild(legend);
  values.slice(0, facet === "topic" || facet === "venue" ? 30 : 50).forEach(function (v) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = facet;
    box.value = v.value;
    box.checked = chosen.has(v.value);
    var count = document.createElement("span");
    count.className = "count";
    count.dataset.facet = facet;
    count.dataset.value = v.value;
    count.textContent = " (" + v.count + ")";
    label.append(box, " " + v.label, count);
    fieldset.appendChild(label);
  });
  return fieldset;
}

function matchesFacets(chosen, facets, doc) {
  return FACETS.every(function (facet) {
    if (chosen[facet].size === 0) return true;
    var values = facets.values[facet];
    return (facets.documents[facet][doc] || []).some(function (i) { return chosen[facet].has(values[i].value); });
  });
}

// Each value's count among the current results.
function updateCounts(page, facets, ranked) {
  var counts = {};
  ranked.forEach(function (r) {
    FACETS.forEach(function (facet) {
      (facets.documents[facet][r.doc] || []).forEach(function (i) {
        var key = facet + "\u0000" + facets.values[facet][i].value;
        counts[key] = (counts[key] || 0) + 1;
      });
    });
  });
  page.facetBox.querySelectorAll("span.count").forEach(function (span) {
    span.textContent = " (" + (counts[span.dataset.facet + "\u0000" + span.dataset.value] || 0) + ")";
  });
}

// For tools and tests: the URLs of the top `count` results of a query, as the page ranks them.
function topURLs(query, count) {
  return index.load().then(function () { return rank(index, query); }).then(function (ranking) {
    return Promise.all(ranking.ranked.slice(0, count).map(function (r) { return index.record(r.doc); }));
  }).then(function (records) { return records.map(function (record) { return record.url; }); });
}

// tokenize needs the tables of manifest.json: `ready()` says they are loaded.
window.paperpagesSearch = {
  tokenize: tokenize, topURLs: topURLs, ready: tablesLoaded,
  editDistance: editDistance, closestTerm: closestTerm, correctable: correctable, correctedQuery: correctedQuery
};
start();
