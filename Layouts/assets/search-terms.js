// paperpages: the search's terms, by the same rules as Sources/PaperPages/Search/SearchTokenizer.swift
// (Tests/JS holds both to the same cases). The folding table and the stop words come from the
// build, in manifest.json (Sources/PaperPages/Model/TextFolding.swift, Search/SearchTokenizer.swift):
// one table, one place.
var FOLD = {}, FOLDABLE = /(?!)/g, STOP = new Set(), loaded = false;

// Takes the tables of manifest.json ({fold, stop}); `tokenize` needs them.
export function useTables(manifest) {
  FOLD = manifest.fold || {};
  var letters = Object.keys(FOLD).map(function (c) { return c.replace(/[\]\\^-]/g, "\\$&"); }).join("");
  FOLDABLE = letters ? new RegExp("[" + letters + "]", "gu") : /(?!)/g;
  STOP = new Set(manifest.stop || []);
  loaded = true;
  return manifest;
}
export function tablesLoaded() { return loaded; }

var LETTER = /[\p{L}]/u, NUMBER = /[\p{N}]/u;
function isLetter(c) { return LETTER.test(c); }
export function isNumber(c) { return NUMBER.test(c); }
function isHyphen(c) { return c === "-" || c === "‐"; }
export function isCJK(c) {
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
  return text.replace(FOLDABLE, function (c) { return FOLD[c]; }).normalize("NFKD").replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();
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

export function tokenize(text) {
  var terms = [];
  words(normalize(text)).forEach(function (w) { appendTerms(w, terms); });
  return terms;
}
