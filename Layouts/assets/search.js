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

function start() {
  var form = document.querySelector("form.search-form");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-results]");
  var more = document.querySelector("[data-more]");
  var facetBox = form.querySelector("[data-facets]");
  var params = new URLSearchParams(window.location.search);
  var chosen = {};
  FACETS.forEach(function (f) { chosen[f] = new Set(params.getAll(f)); });
  input.value = params.get("q") || "";
  status.textContent = "";
  var manifest = null, current = null, shown = 0, generation = 0;
  // "Did you mean", under the status when a word was corrected: the search with the corrected
  // words, a link to share as well as to click.
  var suggestion = document.createElement("p");
  suggestion.className = "search-suggestion";
  suggestion.hidden = true;
  status.after(suggestion);

  function suggest(query, corrections) {
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
      input.value = corrected;
      run();
    });
    suggestion.append("Did you mean ", link, "?");
  }

  function anyFacetChosen() { return FACETS.some(function (f) { return chosen[f].size > 0; }); }

  // The filter panel is filled from facets.json when it is opened (or when the URL asks for
  // a facet), so a plain query never downloads it.
  function buildFacets() {
    facetBox.hidden = false;
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = "Filter by kind, year, venue, topic or reading status";
    details.appendChild(summary);
    facetBox.appendChild(details);
    var filled = false;
    function fill() {
      if (filled) return;
      filled = true;
      index.facets().then(function (facets) {
        FACETS.forEach(function (facet) {
          var values = facets.values[facet] || [];
          if (values.length === 0) return;
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
            box.checked = chosen[facet].has(v.value);
            var count = document.createElement("span");
            count.className = "count";
            count.dataset.facet = facet;
            count.dataset.value = v.value;
            count.textContent = " (" + v.count + ")";
            label.append(box, " " + v.label, count);
            fieldset.appendChild(label);
          });
          details.appendChild(fieldset);
        });
        if (current) updateCounts(facets, current.ranked);
      });
    }
    details.addEventListener("toggle", function () { if (details.open) fill(); });
    if (anyFacetChosen()) { details.open = true; fill(); }
    facetBox.addEventListener("change", function (event) {
      var box = event.target;
      if (box.checked) chosen[box.name].add(box.value); else chosen[box.name].delete(box.value);
      run();
    });
  }

  function matchesFacets(facets, doc) {
    return FACETS.every(function (facet) {
      if (chosen[facet].size === 0) return true;
      var values = facets.values[facet];
      return (facets.documents[facet][doc] || []).some(function (i) { return chosen[facet].has(values[i].value); });
    });
  }

  function updateURL() {
    var query = new URLSearchParams();
    if (input.value.trim()) query.set("q", input.value.trim());
    FACETS.forEach(function (f) { chosen[f].forEach(function (v) { query.append(f, v); }); });
    var search = query.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
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

  function showPage(gen) {
    var slice = current.ranked.slice(shown, shown + PAGE);
    return Promise.all(slice.map(function (r) { return index.record(r.doc); })).then(function (records) {
      if (gen !== generation) return;
      records.forEach(function (record) {
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
        list.appendChild(item);
      });
      shown += slice.length;
      more.hidden = shown >= current.ranked.length;
    });
  }

  function updateCounts(facets, ranked) {
    if (!facets) return;
    var counts = {};
    ranked.forEach(function (r) {
      FACETS.forEach(function (facet) {
        (facets.documents[facet][r.doc] || []).forEach(function (i) {
          var key = facet + "\u0000" + facets.values[facet][i].value;
          counts[key] = (counts[key] || 0) + 1;
        });
      });
    });
    facetBox.querySelectorAll("span.count").forEach(function (span) {
      span.textContent = " (" + (counts[span.dataset.facet + "\u0000" + span.dataset.value] || 0) + ")";
    });
  }

  function run() {
    var gen = ++generation;
    updateURL();
    var query = input.value;
    if (!query.trim()) {
      list.textContent = "";
      more.hidden = true;
      suggest(query, []);
      status.textContent = "Type to search " + manifest.documents + " papers, notes and reviews.";
      return;
    }
    var facetsNeeded = anyFacetChosen();
    Promise.all([rank(index, query), facetsNeeded ? index.facets() : Promise.resolve(null)])
      .then(function (results) {
        if (gen !== generation) return;
        var ranking = results[0], table = results[1];
        var ranked = table ? ranking.ranked.filter(function (r) { return matchesFacets(table, r.doc); }) : ranking.ranked;
        current = { terms: ranking.terms, prefixes: ranking.prefixes, ranked: ranked };
        shown = 0;
        list.textContent = "";
        var reading = typedCorrections(query, ranking.corrections).map(function (fix) { return "\u201c" + fix.from + "\u201d as \u201c" + fix.to + "\u201d"; });
        status.textContent = ranked.length === 0 ? "No results for \u201c" + query.trim() + "\u201d."
          : ranked.length + (ranked.length === 1 ? " result" : " results") + " for \u201c" + query.trim() + "\u201d" +
            (reading.length ? ", reading " + reading.join(" and ") : "") + ".";
        suggest(query, ranking.corrections);
        var loadedFacets = index.facetsIfLoaded();
        if (loadedFacets) loadedFacets.then(function (t) { if (gen === generation) updateCounts(t, ranked); });
        return showPage(gen);
      })
      .catch(function (error) {
        status.textContent = "Search failed to load its index (" + error.message + ").";
      });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  more.addEventListener("click", function () { showPage(generation); });

  // Arrow keys move between the box and the results.
  document.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a.result-title"));
    var position = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && (document.activeElement === input || position >= 0)) {
      if (position < links.length - 1) { links[position + 1].focus(); event.preventDefault(); }
    } else if (event.key === "ArrowUp" && position >= 0) {
      (position === 0 ? input : links[position - 1]).focus();
      event.preventDefault();
    } else if (event.key === "Escape" && document.activeElement === input) {
      input.value = "";
      run();
    }
  });

  index.load().then(function () {
    manifest = index.manifest;
    buildFacets();
    run();
    input.focus();
  }, function (error) {
    status.textContent = "Search failed to load its index (" + error.message + ").";
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
