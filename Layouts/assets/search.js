// paperpages: the search page's own script (no library). It reads the index the build wrote
// under search/ (see the README): the manifest, one chunk of terms per query term, the facets
// table only when a facet is used, and the file of records holding each result shown.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.dataset.base) || "/";
  var root = base + "search/";
  var PAGE = 10;

  // ---- Terms: the same rules as Sources/PaperPages/Search/SearchTokenizer.swift ----------
  // The folding table and the stop words come from the build, in manifest.json
  // (Sources/PaperPages/Model/TextFolding.swift, Search/SearchTokenizer.swift): one table, one place.
  var FOLD = {}, FOLDABLE = /(?!)/g, STOP = new Set(), tablesLoaded = false;
  function useTables(manifest) {
    FOLD = manifest.fold || {};
    var letters = Object.keys(FOLD).map(function (c) { return c.replace(/[\]\\^-]/g, "\\$&"); }).join("");
    FOLDABLE = letters ? new RegExp("[" + letters + "]", "gu") : /(?!)/g;
    STOP = new Set(manifest.stop || []);
    tablesLoaded = true;
    return manifest;
  }
  function loadManifest() { return fetchJSON("manifest.json").then(useTables); }
  var LETTER = /[\p{L}]/u, NUMBER = /[\p{N}]/u;
  function isLetter(c) { return LETTER.test(c); }
  function isNumber(c) { return NUMBER.test(c); }
  function isHyphen(c) { return c === "-" || c === "‐"; }
  function isCJK(c) {
    var v = c.codePointAt(0);
    return (v >= 0x3040 && v <= 0x30FF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF) ||
      (v >= 0xAC00 && v <= 0xD7AF) || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x20000 && v <= 0x2FA1F);
  }

  function detex(text) {
    var out = "", chars = Array.from(text), i = 0;
    while (i < chars.length) {
      var c = chars[i];
      if (c === "\\") {
        var j = i + 1;
        while (j < chars.length && /^[A-Za-z]$/.test(chars[j])) j++;   // command names are ASCII
        if (j === i + 1) { out += " "; i = Math.min(chars.length, i + 2); } else { out += " " + chars.slice(i + 1, j).join(""); i = j; }
        continue;
      }
      if (c !== "$") out += "{}^_".indexOf(c) >= 0 ? " " : c;
      i++;
    }
    return out;
  }

  function normalize(text) {
    if (text.indexOf("\\") >= 0 || text.indexOf("$") >= 0) text = detex(text);
    return text.replace(FOLDABLE, function (c) { return FOLD[c]; }).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function words(text) {
    var result = [], chars = Array.from(text), start = -1;
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i], next = chars[i + 1];
      var word = isLetter(c) || isNumber(c);
      var innerHyphen = isHyphen(c) && start >= 0 && next !== undefined && (isLetter(next) || isNumber(next));
      if (word || innerHyphen) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        result.push(chars.slice(start, i));
        start = -1;
      }
    }
    if (start >= 0) result.push(chars.slice(start));
    return result;   // arrays of characters
  }

  function letterDigitRuns(chars) {
    var runs = [], start = 0;
    for (var i = 1; i < chars.length; i++) {
      if (isNumber(chars[i]) !== isNumber(chars[i - 1])) { runs.push(chars.slice(start, i).join("")); start = i; }
    }
    runs.push(chars.slice(start).join(""));
    return runs;
  }

  function appendTerms(chars, terms) {
    if (chars.some(isCJK)) { appendCJK(chars, terms); return; }
    var parts = [], part = [];
    chars.forEach(function (c) { if (isHyphen(c)) { if (part.length) parts.push(part); part = []; } else part.push(c); });
    if (part.length) parts.push(part);
    var pieces = [];
    parts.forEach(function (p) { pieces = pieces.concat(letterDigitRuns(p)); });
    var joined = parts.map(function (p) { return p.join(""); }).join("");
    if (pieces.length > 1) {
      if (!STOP.has(joined)) terms.push(joined);
      pieces.forEach(function (p) { if (!STOP.has(p)) terms.push(p); });
    } else if (!STOP.has(joined)) {
      terms.push(joined);
    }
  }

  function appendCJK(chars, terms) {
    var segments = [];
    chars.forEach(function (c) {
      var cjk = isCJK(c), last = segments[segments.length - 1];
      if (last && last.cjk === cjk) last.text.push(c); else segments.push({ cjk: cjk, text: [c] });
    });
    segments.forEach(function (s) {
      if (!s.cjk) {
        var text = s.text.join("").replace(/^[-‐]+|[-‐]+$/g, "");
        if (text) appendTerms(Array.from(text), terms);
      } else if (s.text.length === 1) {
        terms.push(s.text[0]);
      } else {
        for (var i = 0; i < s.text.length - 1; i++) terms.push(s.text[i] + s.text[i + 1]);
      }
    });
  }

  function tokenize(text) {
    var terms = [];
    words(normalize(text)).forEach(function (w) { appendTerms(w, terms); });
    return terms;
  }

  // ---- The index ----------------------------------------------------------------------------
  var cache = {};
  function fetchJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
    }
    return cache[path];
  }

  // What result `doc` shows: record `doc % records` of `docs/<doc / records>.json`, files of
  // many records (one file per page would be most of a large site's files).
  function fetchRecord(doc) {
    return loadManifest().then(function (manifest) {
      return fetchJSON("docs/" + Math.floor(doc / manifest.records) + ".json").then(function (records) {
        var record = records[doc % manifest.records];
        if (!record) throw new Error("docs: no record " + doc);
        return record;
      });
    });
  }

  function chunkOf(manifest, term) {
    var low = 0, high = manifest.chunks.length - 1, found = 0;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (manifest.chunks[middle] <= term) { found = middle; low = middle + 1; } else high = middle - 1;
    }
    return found;
  }

  function postingsOf(manifest, term) {
    return fetchJSON("index/" + chunkOf(manifest, term) + ".json").then(function (chunk) {
      return Object.prototype.hasOwnProperty.call(chunk, term) ? chunk[term] : null;
    });
  }

  // Terms of the index that start with `prefix`, with their postings (at most `limit`).
  function expansions(manifest, prefix, limit) {
    var first = chunkOf(manifest, prefix), last = Math.min(chunkOf(manifest, prefix + "\uffff"), first + 2);
    var loads = [];
    for (var i = first; i <= last; i++) loads.push(fetchJSON("index/" + i + ".json"));
    return Promise.all(loads).then(function (chunks) {
      var found = [];
      chunks.forEach(function (chunk) {
        Object.keys(chunk).forEach(function (term) {
          if (term !== prefix && term.lastIndexOf(prefix, 0) === 0 && term.charAt(0) !== "=") found.push([term, chunk[term]]);
        });
      });
      found.sort(function (a, b) { return b[1].length - a[1].length; });
      return found.slice(0, limit);
    });
  }

  // ---- Misspelt words ------------------------------------------------------------------------
  // A query word the index lacks is read as the index's closest term: within one edit for a
  // word of 4 to 7 letters, two from 8 (a swap of two neighbouring letters is one edit), none
  // under 4, where one edit makes another common word. Numbers, CJK bigrams and whole titles
  // are never corrected. The candidates are the terms of the file of the word's first letter
  // (search/terms/<code point>.json, which also holds the terms whose second letter it is).
  function allowedEdits(chars) { return chars.length < 4 ? 0 : chars.length < 8 ? 1 : 2; }

  function correctable(term) {
    var chars = Array.from(term);
    return allowedEdits(chars) > 0 && chars[0] !== "=" && !chars.some(function (c) { return isNumber(c) || isCJK(c); });
  }

  // Optimal string alignment distance between two arrays of characters, or limit + 1 as soon
  // as it must be more than limit (the distance of Sources/PaperPages/Diagnostics/Spelling.swift,
  // which answers misspelt keys and names in the build's messages).
  function editDistance(a, b, limit) {
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
  function closestTerm(term, terms) {
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

  // The correction of a word the index lacks, with its postings; null when there is none.
  function correctionOf(manifest, term) {
    if (!correctable(term)) return Promise.resolve(null);
    var key = term.codePointAt(0).toString(16);
    if ((manifest.corrections || []).indexOf(key) < 0) return Promise.resolve(null);
    return fetchJSON("terms/" + key + ".json").then(function (terms) {
      var best = closestTerm(term, terms);
      if (!best) return null;
      return postingsOf(manifest, best.term).then(function (postings) {
        return postings && { from: term, to: best.term, distance: best.distance, postings: postings };
      });
    });
  }

  // The query's words as typed, with what lies between them (spaces, hyphens, punctuation).
  function typedWords(query) { return query.trim().split(/([^\p{L}\p{N}\p{M}]+)/u); }

  // The corrections of words as typed: not those of a hyphenated word's joined form
  // (`activaton-aware` is read as `activation-aware` through `activaton`, not `activatonaware`).
  function typedCorrections(query, corrections) {
    var typed = new Set();
    typedWords(query).forEach(function (word) { tokenize(word).forEach(function (t) { typed.add(t); }); });
    return corrections.filter(function (fix) { return typed.has(fix.from); });
  }

  // The query with each corrected word replaced (the "did you mean" search), the words and
  // what lies between them as typed, bar punctuation at either end.
  function correctedQuery(query, corrections) {
    return typedWords(query).map(function (word) {
      var terms = tokenize(word), fix = corrections.filter(function (c) { return terms.length === 1 && c.from === terms[0]; })[0];
      return fix ? fix.to : word;
    }).join("").replace(/^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+$/gu, "");
  }

  function idf(manifest, postings) {
    var df = postings.length / 2;
    return Math.log(1 + (manifest.documents - df + 0.5) / (df + 0.5));
  }

  function addScores(manifest, postings, weight, scores, matched, termIndex) {
    var w = idf(manifest, postings) * weight, doc = 0;
    for (var i = 0; i < postings.length; i += 2) {
      doc += postings[i];
      scores[doc] = (scores[doc] || 0) + w * postings[i + 1] / 255;
      (matched[doc] = matched[doc] || {})[termIndex] = true;
    }
  }

  // Documents ranked for a query: BM25F impacts summed over terms, the last term also as a
  // prefix, documents with more of the terms first, and a title typed in full on top.
  function rank(manifest, query) {
    var allTerms = tokenize(query);
    var terms = Array.from(new Set(allTerms));
    if (terms.length === 0) return Promise.resolve({ terms: [], prefixes: [], ranked: [], corrections: [] });
    var typingLast = !/\s$/.test(query);
    var lastTerm = terms[terms.length - 1];
    var loads = terms.map(function (t) { return postingsOf(manifest, t); });
    loads.push(postingsOf(manifest, "=" + allTerms.join(" ")));   // the whole title, as the build keys it
    loads.push(typingLast && lastTerm.length >= 2 ? expansions(manifest, lastTerm, 12) : Promise.resolve([]));
    return Promise.all(loads).then(function (results) {
      // A word with no postings is corrected, unless it is the word being typed and some
      // terms begin with it.
      var expanded = results[terms.length + 1];
      return Promise.all(terms.map(function (term, i) {
        if (results[i] || (i === terms.length - 1 && expanded.length)) return null;
        return correctionOf(manifest, term).then(function (fix) { return fix && Object.assign(fix, { index: i }); });
      })).then(function (fixes) { return { results: results, corrections: fixes.filter(Boolean) }; });
    }).then(function (found) {
      var results = found.results, corrections = found.corrections;
      var scores = {}, matched = {};
      terms.forEach(function (term, i) { if (results[i]) addScores(manifest, results[i], 1, scores, matched, i); });
      var expanded = results[terms.length + 1];
      expanded.forEach(function (entry) { addScores(manifest, entry[1], 0.7, scores, matched, terms.length - 1); });
      // Below what an exact word would give, and less the further the correction.
      corrections.forEach(function (fix) { addScores(manifest, fix.postings, fix.distance === 1 ? 0.6 : 0.45, scores, matched, fix.index); });
      var exact = results[terms.length];
      var ranked = Object.keys(scores).map(function (doc) {
        var count = Object.keys(matched[doc]).length;
        return { doc: Number(doc), score: scores[doc] * (0.4 + 0.6 * count / terms.length) };
      });
      if (exact) {
        var titled = new Set(), d = 0;
        for (var i = 0; i < exact.length; i += 2) { d += exact[i]; titled.add(d); }
        ranked.forEach(function (r) { if (titled.has(r.doc)) r.score += 1000; });
      }
      ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      return {
        terms: terms.concat(corrections.map(function (fix) { return fix.to; })),
        prefixes: typingLast && lastTerm.length >= 2 ? [lastTerm] : [],
        ranked: ranked,
        corrections: corrections.map(function (fix) { return { from: fix.from, to: fix.to }; })
      };
    });
  }

  // ---- The page -----------------------------------------------------------------------------
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
        fetchJSON("facets.json").then(function (facets) {
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
      return Promise.all(slice.map(function (r) { return fetchRecord(r.doc); })).then(function (records) {
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
      Promise.all([rank(manifest, query), facetsNeeded ? fetchJSON("facets.json") : Promise.resolve(null)])
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
          if (cache["facets.json"]) cache["facets.json"].then(function (t) { if (gen === generation) updateCounts(t, ranked); });
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

    loadManifest().then(function (loaded) {
      manifest = loaded;
      buildFacets();
      run();
      input.focus();
    }, function (error) {
      status.textContent = "Search failed to load its index (" + error.message + ").";
    });
  }

  // For tools and tests: the URLs of the top `count` results of a query, as the page ranks them.
  function topURLs(query, count) {
    return loadManifest().then(function (manifest) { return rank(manifest, query); }).then(function (ranking) {
      return Promise.all(ranking.ranked.slice(0, count).map(function (r) { return fetchRecord(r.doc); }));
    }).then(function (records) { return records.map(function (record) { return record.url; }); });
  }

  // tokenize needs the tables of manifest.json: `ready()` says they are loaded.
  window.paperpagesSearch = {
    tokenize: tokenize, topURLs: topURLs, ready: function () { return tablesLoaded; },
    editDistance: editDistance, closestTerm: closestTerm, correctable: correctable, correctedQuery: correctedQuery
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
