// paperpages: the saved page (/saved/). Lists what the visitor recorded on this site's paper
// pages (the reading state site.js keeps in this browser), filtered by what they recorded;
// offers the listed papers as a bibliography; exports the reading state to a file and merges
// such a file back in. Loaded after site.js, whose `window.paperpages` reads and writes the state.
(function () {
  "use strict";
  var shared = window.paperpages;
  var list = document.querySelector("[data-saved-list]");
  if (!shared || !list) return;
  var script = document.currentScript;
  // The site an exported file belongs to (site.yaml's base_url, or its title).
  var site = (script && script.dataset.site) || shared.base;
  // What every paper's address starts with: `/papers/`.
  var papersHref = (script && script.dataset.papers) || shared.base + "papers/";
  var siteTitle = (document.querySelector('meta[property="og:site_name"]') || {}).content || site;
  var FORMAT = "paperpages-reading-state";
  var VERSION = 1;
  // Slugs as the build makes them; reaction ids are slugs too.
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
  var MAX_FILE_BYTES = 5 * 1024 * 1024;
  var MAX_TEXT = 2000;

  var filters = document.querySelector("[data-saved-filters]");
  var bibliography = document.querySelector("[data-bibliography]");
  var referenceList = document.querySelector("[data-reference-list]");
  var bibliographyStatus = document.querySelector("[data-bibliography-status]");
  var stateMessage = document.querySelector("[data-state-message]");
  // Reaction id -> label, in the site's order (the filters carry them).
  var reactionLabels = shared.dictionary();
  filters.querySelectorAll("input[data-label]").forEach(function (input) {
    reactionLabels[input.value.replace(/^reaction:/, "")] = input.dataset.label;
  });
  // Slug -> the paper's citation as its page gives it (`paperpages.citationIn`), false when the site has no
  // such paper (any more), null when it could not be fetched; fetched for the papers listed.
  var citations = shared.dictionary(), fetchProblem = null, fetching = false;
  var FETCHES_AT_ONCE = 6;
  var shownSlugs = [];

  // MARK: The list

  // When a record entered a group: the date the list sorts it by.
  function groupDate(record, group) {
    if (group === "saved") return record.saved;
    if (group === "liked" || group === "disliked") return record.voted || "";
    if (group.indexOf("reaction:") === 0) return shared.dictionary(record.reactions)[group.slice(9)];
    var reactionDates = Object.keys(shared.dictionary(record.reactions)).map(function (id) { return record.reactions[id]; });
    return [record.saved || "", record.voted || ""].concat(reactionDates).sort().pop();
  }

  function inGroup(record, group) {
    if (group === "saved") return Boolean(record.saved);
    if (group === "liked") return record.vote === "like";
    if (group === "disliked") return record.vote === "dislike";
    if (group.indexOf("reaction:") === 0) return Boolean(shared.dictionary(record.reactions)[group.slice(9)]);
    return true;
  }

  // What a filter's label says after its button: "saved", "marked Insightful".
  function phrase(input) {
    return input ? input.nextSibling.textContent.trim() : "saved";
  }

  function chosenGroup() {
    var checked = filters.querySelector("input[name=show]:checked");
    return checked ? checked.value : "saved";
  }

  function title(slug, record) {
    return citations[slug] ? citations[slug].title : record.title || slug;
  }

  function render() {
    var papers = shared.readState().papers;
    var slugs = Object.keys(papers);
    filters.querySelectorAll("input[name=show]").forEach(function (input) {
      var count = slugs.filter(function (slug) { return inGroup(papers[slug], input.value); }).length;
      filters.querySelector('[data-count="' + input.value + '"]').textContent = "(" + count + ")";
    });
    var group = chosenGroup();
    shownSlugs = slugs.filter(function (slug) { return inGroup(papers[slug], group); }).sort(function (a, b) {
      return String(groupDate(papers[b], group) || "").localeCompare(String(groupDate(papers[a], group) || "")) || (a < b ? -1 : 1);
    });
    list.textContent = "";
    var count = document.createElement("p");
    count.className = shownSlugs.length ? "counts" : "empty";
    var label = phrase(filters.querySelector("input[name=show]:checked"));
    count.textContent = shownSlugs.length === 0 ? (slugs.length === 0 ? "Nothing saved yet. Use the Save button on a paper page." : "No papers you " + label + ".")
      : shownSlugs.length + (shownSlugs.length === 1 ? " paper you " : " papers you ") + label;
    list.appendChild(count);
    if (shownSlugs.length) list.appendChild(paperList(papers));
    renderBibliography();
  }

  function paperList(papers) {
    var ul = document.createElement("ul");
    ul.className = "paper-list";
    shownSlugs.forEach(function (slug) {
      var record = papers[slug];
      var li = document.createElement("li");
      li.className = "paper-item";
      var link = document.createElement("a");
      link.className = "paper-title";
      link.href = papersHref + slug + "/";
      link.textContent = title(slug, record);
      var meta = document.createElement("span");
      meta.className = "paper-meta";
      meta.textContent = citations[slug] === false ? "No longer on this site" : record.meta || "";
      li.append(link, meta);
      var tags = [];
      if (record.vote) tags.push(record.vote === "like" ? "Liked" : "Disliked");
      Object.keys(reactionLabels).forEach(function (id) { if (shared.dictionary(record.reactions)[id]) tags.push(reactionLabels[id]); });
      tags.forEach(function (text) {
        var tag = document.createElement("span");
        tag.className = "reaction-tag";
        tag.textContent = text;
        li.append(" ", tag);
      });
      if (record.saved) {
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "action";
        remove.textContent = "Remove";
        remove.setAttribute("aria-label", "Remove " + link.textContent + " from saved papers");
        remove.addEventListener("click", function () {
          shared.updateRecord(slug, function (current) { delete current.saved; });
          render();
        });
        li.append(" ", remove);
      }
      ul.appendChild(li);
    });
    return ul;
  }

  // MARK: The bibliography, from the build's own entries

  // The page of each listed paper not fetched yet, a few at a time, for its Cite section;
  // then the list again.
  function fetchCitations() {
    var queue = shownSlugs.filter(function (slug) { return !(slug in citations); });
    if (fetching || queue.length === 0) return;
    fetching = true;
    function next() {
      var slug = queue.shift();
      if (!slug) return Promise.resolve();
      return fetch(papersHref + slug + "/").then(function (response) {
        if (response.status === 404) { citations[slug] = false; return null; }
        if (!response.ok) throw new Error("the server answered " + response.status);
        return response.text().then(function (html) {
          var entry = shared.citationIn(new DOMParser().parseFromString(html, "text/html"));
          if (!entry || entry.slug !== slug) throw new Error("a paper page has no Cite section");
          citations[slug] = entry;
        });
      }).catch(function (error) {
        citations[slug] = null;   // not tried again until the page is loaded again
        fetchProblem = error.message;
      }).then(next);
    }
    var workers = [];
    for (var i = 0; i < FETCHES_AT_ONCE; i += 1) workers.push(next());
    Promise.all(workers).then(function () {
      fetching = false;
      render();
    });
  }

  function citable() {
    return shownSlugs.filter(function (slug) { return citations[slug]; });
  }

  function renderBibliography() {
    var papers = citable();
    var pending = shownSlugs.filter(function (slug) { return !(slug in citations); }).length;
    var missing = shownSlugs.filter(function (slug) { return citations[slug] === false; }).length;
    var failed = shownSlugs.filter(function (slug) { return citations[slug] === null; }).length;
    referenceList.textContent = "";
    papers.forEach(function (slug) {
      var item = document.createElement("li");
      item.innerHTML = citations[slug].apa;   // made by the build, escaped there
      referenceList.appendChild(item);
    });
    // No download of part of the list while the rest is on its way.
    bibliography.querySelectorAll("button").forEach(function (button) { button.disabled = pending > 0 || papers.length === 0; });
    if (pending) {
      bibliographyStatus.textContent = "Loading the citations of " + plural(pending, "paper", "papers") + "…";
      fetchCitations();
      return;
    }
    var notes = [];
    if (missing) notes.push(plural(missing, "paper listed is", "papers listed are") + " no longer on this site and left out");
    if (failed) notes.push(plural(failed, "citation", "citations") + " could not be loaded (" + fetchProblem + "); load the page again to retry");
    bibliographyStatus.textContent = papers.length === 0 && notes.length === 0 ? "Nothing to cite yet."
      : plural(papers.length, "reference", "references") + (notes.length ? "; " + notes.join("; ") : "") + ".";
  }

  // The name files from this site start with: its host, or its title as a slug.
  function filePrefix() {
    var name = /^https?:\/\//.test(site) ? site.replace(/^https?:\/\//, "").replace(/\/.*$/, "") : siteTitle;
    return name.toLowerCase().replace(/[^a-z0-9.]+/g, "-").replace(/^-+|-+$/g, "") || "paperpages";
  }

  // Joined as papers.bib and papers.ris join them.
  bibliography.querySelector('[data-download="bibtex"]').addEventListener("click", function () {
    shared.download(filePrefix() + "-papers.bib", citable().map(function (slug) { return citations[slug].bibtex; }).join("\n"), shared.citationFiles.bibtex.type);
  });
  bibliography.querySelector('[data-download="ris"]').addEventListener("click", function () {
    shared.download(filePrefix() + "-papers.ris", citable().map(function (slug) { return citations[slug].ris; }).join("\r\n"), shared.citationFiles.ris.type);
  });
  var copyButton = bibliography.querySelector("[data-copy-references]");
  copyButton.addEventListener("click", function () {
    var text = Array.prototype.map.call(referenceList.children, function (item) { return item.textContent; }).join("\n");
    if (!navigator.clipboard) { bibliographyStatus.textContent = "Select the list to copy it."; return; }
    navigator.clipboard.writeText(text).then(function () {
      bibliographyStatus.textContent = "Copied " + plural(referenceList.children.length, "reference", "references") + ".";
    }, function () {
      bibliographyStatus.textContent = "Select the list to copy it.";
    });
  });

  // MARK: Export and import

  function say(text, problem) {
    stateMessage.textContent = text;
    stateMessage.classList.toggle("problem", Boolean(problem));
  }

  function plural(count, one, many) { return count + " " + (count === 1 ? one : many); }

  function exportState() {
    var papers = shared.readState().papers;
    var now = new Date().toISOString();
    var file = { format: FORMAT, version: VERSION, site: site, site_title: siteTitle, exported: now, papers: papers };
    var name = filePrefix() + "-reading-state-" + now.slice(0, 10) + ".json";
    shared.download(name, JSON.stringify(file, null, 2) + "\n", "application/json");
    say("Exported what you recorded on " + plural(Object.keys(papers).length, "paper", "papers") + " to " + name + ".");
  }

  // A file's problem: said to the reader as "<file> <problem>. Nothing was changed."
  function Problem(text) { this.text = text; }
  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function quote(value) {
    var text = typeof value === "string" ? value : JSON.stringify(value);
    return "\u201c" + (text === undefined ? "nothing" : text.length > 60 ? text.slice(0, 60) + "…" : text) + "\u201d";
  }
  // A date the calendar has: Date.parse reads 2026-02-30 as March 2, and 24:00 as the next day.
  function isRealDate(value) {
    var parts = typeof value === "string" ? ISO_DATE.exec(value) : null;
    if (!parts) return false;
    var year = Number(parts[1]), month = Number(parts[2]), day = Number(parts[3]);
    var daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && Number(parts[4]) < 24 && Number(parts[5]) < 60
      && Number(parts[6] || 0) < 60 && Number(parts[7] || 0) < 24 && Number(parts[8] || 0) < 60 && !isNaN(Date.parse(value));
  }
  function date(value, where) {
    if (!isRealDate(value)) {
      throw new Problem("is damaged: " + where + " is " + quote(value) + ", not a date such as 2026-11-29T10:00:00Z");
    }
    return new Date(value).toISOString();   // one form, so dates compare as text
  }
  function text(value, where) {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string" || value.length > MAX_TEXT) throw new Problem("is damaged: " + where + " is not text of at most " + MAX_TEXT + " characters");
    return value;
  }

  // The file's papers, checked through before anything is changed: a file with one bad
  // value is refused whole. Reactions this site does not offer are left out and counted.
  function parseReadingState(contents) {
    var data;
    try {
      data = JSON.parse(contents);
    } catch (error) {
      throw new Problem("is damaged: it is not JSON (" + error.message + ")");
    }
    if (!isObject(data) || data.format !== FORMAT) {
      throw new Problem("is not a paperpages reading state: it lacks \"format\": \"" + FORMAT + "\"");
    }
    if (typeof data.version !== "number" || !Number.isInteger(data.version) || data.version < 1) {
      throw new Problem("is damaged: its \"version\" is " + quote(data.version) + ", not a whole number");
    }
    if (data.version > VERSION) {
      throw new Problem("was made by a newer paperpages (reading state version " + data.version + "); this site reads version " + VERSION
        + ". Export it again from a site that runs the same paperpages as this one, or update this site");
    }
    if (data.site !== site) {
      throw new Problem("is from another site, " + quote(data.site_title || data.site) + " (" + quote(data.site) + "); this is " + quote(siteTitle)
        + " (" + quote(site) + "). A reading state names this site's papers, so it imports only into the site it came from");
    }
    if (!isObject(data.papers)) throw new Problem("is damaged: it has no \"papers\"");
    var papers = shared.dictionary(), skipped = 0;
    Object.keys(data.papers).forEach(function (slug) {
      var where = "the paper " + quote(slug);
      if (!SLUG.test(slug) || slug.length > 200) throw new Problem("is damaged: " + quote(slug) + " is not a paper's name on a paperpages site");
      var entry = data.papers[slug];
      if (!isObject(entry)) throw new Problem("is damaged: " + where + " is not an object");
      var record = { title: text(entry.title, where + "'s title"), meta: text(entry.meta, where + "'s meta") };
      if (entry.saved !== undefined && entry.saved !== null) record.saved = date(entry.saved, where + "'s saved date");
      if (entry.vote !== undefined && entry.vote !== null) {
        if (entry.vote !== "like" && entry.vote !== "dislike") throw new Problem("is damaged: " + where + "'s vote is " + quote(entry.vote) + ", not \"like\" or \"dislike\"");
        record.vote = entry.vote;
        record.voted = entry.voted === undefined || entry.voted === null ? null : date(entry.voted, where + "'s vote date");
      }
      if (entry.reactions !== undefined && entry.reactions !== null) {
        if (!isObject(entry.reactions)) throw new Problem("is damaged: " + where + "'s reactions are not an object");
        Object.keys(entry.reactions).forEach(function (id) {
          if (!SLUG.test(id)) throw new Problem("is damaged: " + where + " has a reaction named " + quote(id));
          var when = date(entry.reactions[id], where + "'s reaction " + quote(id));
          if (!reactionLabels[id]) { skipped += 1; return; }
          record.reactions = record.reactions || shared.dictionary();
          record.reactions[id] = when;
        });
      }
      if (!shared.isEmpty(record)) papers[slug] = record;
    });
    return { papers: papers, skipped: skipped };
  }

  // Merges the file's papers into the state: what either has is kept; where both voted
  // differently the newer vote wins; of two dates for one save or reaction, the earlier.
  function merge(state, incoming) {
    var counts = { saves: 0, votes: 0, replaced: 0, reactions: 0, changed: 0 };
    Object.keys(incoming).forEach(function (slug) {
      var theirs = incoming[slug];
      var ours = Object.assign({}, state.papers[slug] || {});
      ours.reactions = shared.dictionary(ours.reactions);
      var changed = false;
      function count(kind) { counts[kind] += 1; changed = true; }
      if (theirs.saved) {
        if (!ours.saved) count("saves");
        if (!ours.saved || theirs.saved < ours.saved) ours.saved = theirs.saved;
      }
      if (theirs.vote && ours.vote !== theirs.vote && (!ours.vote || (theirs.voted || "") > (ours.voted || ""))) {
        count(ours.vote ? "replaced" : "votes");
        ours.vote = theirs.vote;
        ours.voted = theirs.voted;
      }
      Object.keys(shared.dictionary(theirs.reactions)).forEach(function (id) {
        if (!ours.reactions[id]) count("reactions");
        if (!ours.reactions[id] || theirs.reactions[id] < ours.reactions[id]) ours.reactions[id] = theirs.reactions[id];
      });
      if (Object.keys(ours.reactions).length === 0) delete ours.reactions;
      if (!ours.title && theirs.title) ours.title = theirs.title;
      if (!ours.meta && theirs.meta) ours.meta = theirs.meta;
      state.papers[slug] = ours;
      if (changed) counts.changed += 1;
    });
    return counts;
  }

  function summary(name, counts, total, skipped) {
    var added = [];
    if (counts.saves) added.push(plural(counts.saves, "save", "saves"));
    if (counts.votes) added.push(plural(counts.votes, "vote", "votes"));
    if (counts.reactions) added.push(plural(counts.reactions, "reaction", "reactions"));
    var parts = [];
    if (added.length) parts.push(added.join(", ").replace(/, ([^,]*)$/, " and $1") + " added");
    if (counts.replaced) parts.push(plural(counts.replaced, "vote", "votes") + " replaced by the file's newer one");
    var text = parts.length ? "Imported " + name + ": " + parts.join("; ") + ", on " + plural(counts.changed, "paper", "papers") + "."
      : "Nothing new in " + name + ": " + (total ? "everything in it was already here." : "it records no papers.");
    if (parts.length && total - counts.changed) text += " " + plural(total - counts.changed, "paper was", "papers were") + " already as the file has them.";
    if (skipped) text += " " + plural(skipped, "reaction", "reactions") + " this site does not offer " + (skipped === 1 ? "was" : "were") + " left out.";
    return text;
  }

  function importFile(file) {
    var name = quote(file.name);
    if (file.size > MAX_FILE_BYTES) {
      say(name + " is too large for a reading state (" + Math.ceil(file.size / 1048576) + " MB; at most 5 MB). Nothing was changed.", true);
      return Promise.resolve();
    }
    return file.text().then(function (contents) {
      var parsed = parseReadingState(contents);
      var state = shared.readState();
      var counts = merge(state, parsed.papers);
      if (!shared.writeState(state)) {
        throw new Problem("could not be stored: this browser's storage for the site is full or turned off");
      }
      say(summary(name, counts, Object.keys(parsed.papers).length, parsed.skipped));
      render();
    }).catch(function (error) {
      if (!(error instanceof Problem)) error = new Problem("could not be read (" + error.message + ")");
      say(name + " " + error.text + ". Nothing was changed.", true);
    });
  }

  // MARK: Start

  var params = new URLSearchParams(window.location.search);
  var wanted = params.get("show");
  filters.querySelectorAll("input[name=show]").forEach(function (input) { if (input.value === wanted) input.checked = true; });
  filters.hidden = false;
  filters.addEventListener("change", function () {
    var group = chosenGroup();
    window.history.replaceState(null, "", window.location.pathname + (group === "saved" ? "" : "?show=" + encodeURIComponent(group)));
    render();
  });
  var exportButton = document.querySelector("[data-export]");
  var importInput = document.querySelector("[data-import]");
  exportButton.disabled = false;
  importInput.disabled = false;
  exportButton.addEventListener("click", exportState);
  importInput.addEventListener("change", function () {
    var file = importInput.files && importInput.files[0];
    if (!file) return;
    importFile(file).then(function () { importInput.value = ""; });
  });
  shared.onChangeElsewhere(render);
  render();
})();
