// paperpages: the search index the build wrote under search/ (see docs/search.md), read a file at
// a time and each file once: the manifest, one chunk of terms per query term, the whole
// postings of a common word only when its head is not enough, the file of correction terms
// of a misspelt word's first letter, the facets table only when a facet is used, and the file
// of records holding each result shown.
import { useTables } from "./search-terms.js";

// The index at `root` (the site's search/ folder): what `rank` reads, and the records and
// facets the page shows. `load()` fetches the manifest and gives the tokenizer its tables.
export function openIndex(root) {
  var cache = {};
  var index = { manifest: null };

  function fetchJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
    }
    return cache[path];
  }

  index.load = function () {
    return fetchJSON("manifest.json").then(function (manifest) {
      useTables(manifest);
      index.manifest = manifest;
      return index;
    });
  };

  // The postings of `term` as `rank` reads them (`listOf`), or null when the index lacks it.
  index.postings = function (term) {
    return fetchJSON("index/" + chunkOf(index.manifest, term) + ".json").then(function (chunk) {
      return Object.prototype.hasOwnProperty.call(chunk, term) ? listOf(chunk[term]) : null;
    });
  };

  // The whole postings of a long term, whose `list` holds only its head.
  index.wholePostings = function (term, list) {
    return fetchJSON("all/" + list.all + ".json").then(function (file) { return listOf(file[term]); });
  };

  // Terms of the index that start with `prefix`, with their postings (at most `limit`).
  index.expansions = function (prefix, limit) {
    var manifest = index.manifest;
    var first = chunkOf(manifest, prefix), last = Math.min(chunkOf(manifest, prefix + "\uffff"), first + 2);
    var loads = [];
    for (var i = first; i <= last; i++) loads.push(fetchJSON("index/" + i + ".json"));
    return Promise.all(loads).then(function (chunks) {
      var found = [];
      chunks.forEach(function (chunk) {
        Object.keys(chunk).forEach(function (term) {
          if (term !== prefix && term.lastIndexOf(prefix, 0) === 0 && term.charAt(0) !== "=") found.push([term, listOf(chunk[term])]);
        });
      });
      found.sort(function (a, b) { return b[1].df - a[1].df; });
      return found.slice(0, limit);
    });
  };

  // The terms a misspelt word beginning with the letter of code point `key` (hexadecimal) may
  // be read as, {term: documents}; null when no term has that letter first or second.
  index.correctionTerms = function (key) {
    if ((index.manifest.corrections || []).indexOf(key) < 0) return Promise.resolve(null);
    return fetchJSON("terms/" + key + ".json");
  };

  // What result `doc` shows: record `doc % records` of `docs/<doc / records>.json`, files of
  // many records (one file per page would be most of a large site's files).
  index.record = function (doc) {
    var records = index.manifest.records;
    return fetchJSON("docs/" + Math.floor(doc / records) + ".json").then(function (file) {
      var record = file[doc % records];
      if (!record) throw new Error("docs: no record " + doc);
      return record;
    });
  };

  // facets.json, fetched when a reader filters; `facetsIfLoaded()` without fetching it.
  index.facets = function () { return fetchJSON("facets.json"); };
  index.facetsIfLoaded = function () { return cache["facets.json"] || null; };
  return index;
}

// A term's entry in a chunk as `rank` reads it: `postings` ([docDelta, impact, ...] in document
// order), `df` the documents that have the term, and `all`, for a long term (SearchIndex.headEntry
// in the build) whose entry is only its head, the file of its whole postings; null for a whole list.
export function listOf(entry) {
  if (Array.isArray(entry)) return { postings: entry, df: entry.length / 2, all: null };
  return { postings: entry.head, df: entry.df, all: entry.all };
}

// The chunk that holds `term`: the last whose first term is not after it.
export function chunkOf(manifest, term) {
  var low = 0, high = manifest.chunks.length - 1, found = 0;
  while (low <= high) {
    var middle = (low + high) >> 1;
    if (manifest.chunks[middle] <= term) { found = middle; low = middle + 1; } else high = middle - 1;
  }
  return found;
}
