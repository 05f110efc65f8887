// paperpages: the site's own script. Every page works without it; with it, votes, saves and
// specific reactions are remembered in this browser (saved.js lists, exports and imports
// them), the reading list filters and sorts in place, the templates copy with one click and
// $...$ math is typeset by KaTeX (copied from Debian's libjs-katex at build time, loaded
// only on pages that have math).
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.dataset.base) || "/";
  var katexBase = (script && script.dataset.katex) || base + "assets/katex/";
  // One key per site, so two sites on one host keep separate lists.
  var storageKey = "paperpages:" + base;

  // The visitor's reading state: by paper slug, what they recorded and when:
  //   {title, meta, saved: date, vote: "like" | "dislike", voted: date, reactions: {id: date}}
  // (dates as ISO 8601 text; title and meta as they were when recorded, for /saved/).
  // Stored as {version: 2, papers}; version 1, before reactions, kept {votes, saved} and is
  // read as the same thing. The saved page (saved.js) reads, exports and imports it through
  // `window.paperpages`, so the format is written down once, here.
  // A map keyed by what visitors and files name (slugs, reaction ids), with no inherited
  // keys: in a `{}`, "constructor" is already there, a function, and a paper of that slug
  // could never be saved. Every such map of both scripts is one of these.
  function dictionary(value) {
    var map = Object.create(null);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      Object.keys(value).forEach(function (key) { map[key] = value[key]; });
    }
    return map;
  }

  function readState() {
    var stored;
    try {
      stored = JSON.parse(window.localStorage.getItem(storageKey) || "{}") || {};
    } catch (error) {
      stored = {};
    }
    var papers = dictionary();
    if (stored.papers && typeof stored.papers === "object") {
      // Only records that are objects: storage is the visitor's to edit.
      Object.keys(stored.papers).forEach(function (slug) {
        var record = stored.papers[slug];
        if (!record || typeof record !== "object" || Array.isArray(record)) return;
        if (record.reactions) record.reactions = dictionary(record.reactions);
        papers[slug] = record;
      });
      return { papers: papers };
    }
    Object.keys(dictionary(stored.saved)).forEach(function (slug) {
      var entry = stored.saved[slug] || {};
      papers[slug] = { title: entry.title, meta: entry.meta, saved: entry.at || new Date().toISOString() };
    });
    Object.keys(dictionary(stored.votes)).forEach(function (slug) {
      var record = papers[slug] || (papers[slug] = {});
      record.vote = stored.votes[slug];
      record.voted = null;   // version 1 kept no date for votes
    });
    return { papers: papers };
  }

  function writeState(state) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({ version: 2, papers: state.papers }));
      return true;
    } catch (error) {
      return false;   // storage disabled or full: the buttons still work for this visit
    }
  }

  function isEmpty(record) {
    return !record.saved && !record.vote && Object.keys(record.reactions || {}).length === 0;
  }

  // One change to one paper's record, dated now; a record left empty is dropped.
  function updateRecord(slug, edit) {
    var state = readState();
    var record = state.papers[slug] || {};
    edit(record, new Date().toISOString());
    if (isEmpty(record)) delete state.papers[slug]; else state.papers[slug] = record;
    return writeState(state);
  }

  // Calls `then` when another tab of this site changes the state (or the storage is cleared).
  function onChangeElsewhere(then) {
    window.addEventListener("storage", function (event) {
      if (event.key === storageKey || event.key === null) then();
    });
  }

  // A paper's citation as its page's Cite section gives it, {slug, title, bibtex, ris, apa}
  // (APA as HTML, made and escaped by the build), or null when the document has none. The
  // paper page's downloads and the saved page's bibliography (which fetches the paper's page)
  // both read it here, so every copy is the very text the page shows. RIS's lines end in CR LF.
  function citationIn(doc) {
    var article = doc.querySelector("article.paper[data-slug]");
    var bibtex = doc.querySelector(".cite-bibtex"), ris = doc.querySelector(".cite-ris"), apa = doc.querySelector(".cite-apa");
    if (!article || !bibtex || !ris || !apa) return null;
    return {
      slug: article.dataset.slug, title: article.dataset.title || "", bibtex: bibtex.textContent,
      ris: ris.textContent.replace(/\r?\n/g, "\r\n"), apa: apa.innerHTML
    };
  }

  // Offers text as a file of that name, made in the browser.
  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  var CITATION_FILES = {
    bibtex: { extension: ".bib", type: "application/x-bibtex" },
    ris: { extension: ".ris", type: "application/x-research-info-systems" }
  };

  window.paperpages = {
    readState: readState, writeState: writeState, updateRecord: updateRecord, isEmpty: isEmpty, onChangeElsewhere: onChangeElsewhere, base: base,
    dictionary: dictionary, citationIn: citationIn, download: download, citationFiles: CITATION_FILES
  };

  // Paper page: like, dislike, save and the specific reactions.
  function setUpReactions() {
    var article = document.querySelector("article.paper[data-slug]");
    if (!article) return;
    var slug = article.dataset.slug;
    var buttons = article.querySelectorAll("button[data-action]");
    var reactionButtons = article.querySelectorAll("button[data-reaction]");
    var voteState = article.querySelector("[data-vote-state]");
    var saveState = article.querySelector("[data-save-state]");
    var reactionState = article.querySelector("[data-reaction-state]");
    var reactionsPanel = article.querySelector("details[data-reactions]");
    var saves = article.querySelector("[data-saves]");

    function show() {
      var record = readState().papers[slug] || {};
      var vote = record.vote || "";
      var saved = Boolean(record.saved);
      var reactions = record.reactions || dictionary();
      buttons.forEach(function (button) {
        var action = button.dataset.action;
        var pressed = action === "save" ? saved : vote === action;
        button.setAttribute("aria-pressed", pressed ? "true" : "false");
        if (action === "save") button.textContent = saved ? "Saved" : "Save";
        if (action === "like") button.textContent = vote === "like" ? "Liked" : "Like";
        if (action === "dislike") button.textContent = vote === "dislike" ? "Disliked" : "Dislike";
      });
      var chosen = [];
      reactionButtons.forEach(function (button) {
        var pressed = Boolean(reactions[button.dataset.reaction]);
        button.setAttribute("aria-pressed", pressed ? "true" : "false");
        if (pressed) chosen.push(button.textContent);
      });
      if (voteState) voteState.textContent = vote === "like" ? "You liked this paper" : vote === "dislike" ? "You disliked this paper" : "None yet";
      if (saveState) saveState.textContent = saved ? "Saved in this browser" : "Not saved";
      if (reactionState) reactionState.textContent = chosen.length ? chosen.join(", ") : "None yet";
      if (saves) saves.textContent = String(Number(saves.dataset.saves) + (saved ? 1 : 0));
      return chosen.length;
    }

    // A change to this paper's record, which also keeps its title and meta for /saved/.
    function change(edit) {
      updateRecord(slug, function (record, now) {
        edit(record, now);
        record.title = article.dataset.title;
        record.meta = article.dataset.meta;
      });
      show();
    }

    buttons.forEach(function (button) {
      button.disabled = false;
      button.addEventListener("click", function () {
        var action = button.dataset.action;
        change(function (record, now) {
          if (action === "save") {
            if (record.saved) delete record.saved; else record.saved = now;
          } else if (record.vote === action) {
            delete record.vote;
            delete record.voted;
          } else {
            record.vote = action;
            record.voted = now;
          }
        });
      });
    });
    reactionButtons.forEach(function (button) {
      button.disabled = false;
      button.addEventListener("click", function () {
        var id = button.dataset.reaction;
        change(function (record, now) {
          var reactions = record.reactions || dictionary();
          if (reactions[id]) delete reactions[id]; else reactions[id] = now;
          if (Object.keys(reactions).length) record.reactions = reactions; else delete record.reactions;
        });
      });
    });
    // Open on the reactions a reader already chose, so they are seen at once.
    if (show() > 0 && reactionsPanel) reactionsPanel.open = true;
    onChangeElsewhere(show);
  }

  // Reading list: filter by year, topic and venue and sort, in place; the choices go into
  // the URL so a filtered list can be shared. Without the script the same choices are pages.
  function setUpFilters() {
    var form = document.querySelector("form.filters");
    if (!form) return;
    form.hidden = false;
    // The form's Sort menu replaces the links to the pre-sorted pages.
    var sortLinks = document.querySelector("nav.sorts");
    if (sortLinks) sortLinks.hidden = true;
    var status = form.querySelector(".filter-status");
    var params = new URLSearchParams(window.location.search);
    ["year", "topic", "venue", "sort"].forEach(function (name) {
      if (params.get(name) && form.elements[name]) form.elements[name].value = params.get(name);
    });
    var compare = {
      newest: function (a, b) { return b.dataset.year - a.dataset.year || (b.dataset.date || "").localeCompare(a.dataset.date || "") || a.dataset.order - b.dataset.order; },
      oldest: function (a, b) { return a.dataset.year - b.dataset.year || (a.dataset.date || "").localeCompare(b.dataset.date || "") || b.dataset.order - a.dataset.order; },
      // Code-point order, as the build sorts /sort/title/, so both give one order.
      title: function (a, b) {
        var x = a.dataset.title.toLowerCase(), y = b.dataset.title.toLowerCase();
        return x < y ? -1 : x > y ? 1 : a.dataset.order - b.dataset.order;
      },
      cited: function (a, b) { return b.dataset.citations - a.dataset.citations || a.dataset.order - b.dataset.order; }
    };
    function number(items) { items.forEach(function (item, index) { item.dataset.order = index; }); }
    number(document.querySelectorAll(".reading-group .paper-item"));

    // A list of several pages holds one page of papers; the filters and sorts work over the
    // whole list, whose items the build wrote to one file (fetched once, on the first choice).
    var allItems = form.dataset.allItems, loading = null;
    function whole() {
      if (!allItems) return Promise.resolve();
      if (!loading) {
        status.textContent = "Loading the whole list…";
        loading = fetch(allItems).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        }).then(function (items) {
          var lists = {};
          document.querySelectorAll(".reading-group").forEach(function (group) {
            var list = group.querySelector(".paper-list");
            list.textContent = "";
            lists[group.id.replace(/^reading-/, "")] = list;
          });
          var template = document.createElement("template");
          template.innerHTML = items.map(function (item) { return item[1]; }).join("");
          var nodes = Array.prototype.slice.call(template.content.children);
          nodes.forEach(function (node, index) { if (lists[items[index][0]]) lists[items[index][0]].appendChild(node); });
          number(nodes);
          document.querySelectorAll("nav.pagination").forEach(function (nav) { nav.hidden = true; });
          allItems = null;
        }).catch(function () {
          status.textContent = "The whole list could not be loaded; these choices apply to this page only.";
          allItems = null;
        });
      }
      return loading;
    }

    function apply() {
      if (allItems) { whole().then(apply); return; }
      var year = form.elements.year.value, topic = form.elements.topic.value, venue = form.elements.venue.value;
      var sort = form.elements.sort.value;
      var shown = 0;
      document.querySelectorAll(".reading-group").forEach(function (group) {
        var list = group.querySelector(".paper-list");
        var items = Array.prototype.slice.call(list.children);
        var visible = 0;
        items.forEach(function (item) {
          var match = (!year || item.dataset.year === year) && (!venue || item.dataset.venue === venue) &&
            (!topic || (" " + item.dataset.topics + " ").indexOf(" " + topic + " ") >= 0);
          item.hidden = !match;
          if (match) visible += 1;
        });
        items.sort(compare[sort] || compare.newest).forEach(function (item) { list.appendChild(item); });
        group.hidden = visible === 0;
        group.querySelector("[data-count]").textContent = String(visible);
        shown += visible;
      });
      status.textContent = shown + (shown === 1 ? " paper" : " papers");
      var query = new URLSearchParams();
      if (year) query.set("year", year);
      if (topic) query.set("topic", topic);
      if (venue) query.set("venue", venue);
      if (sort && sort !== "newest") query.set("sort", sort);
      var search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    if (params.toString()) apply();
  }

  // Templates and citations: copy to the clipboard the text of the element beside the button
  // that `data-copy` names, or its code block.
  function setUpCopyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var source = button.parentElement.querySelector(button.getAttribute("data-copy") || "pre code");
      if (!source || !navigator.clipboard) return;
      button.disabled = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent).then(function () {
          button.textContent = "Copied";
        }, function () {
          button.textContent = "Select the text to copy it";
        });
      });
    });
  }

  // Paper page: the Cite section's BibTeX and RIS as files, `<slug>.bib` and `<slug>.ris`.
  function setUpCitationDownloads() {
    var buttons = document.querySelectorAll("button[data-download]");
    var citation = buttons.length ? citationIn(document) : null;
    if (!citation) return;
    buttons.forEach(function (button) {
      var format = CITATION_FILES[button.dataset.download];
      if (!format) return;
      button.disabled = false;
      button.addEventListener("click", function () {
        download(citation.slug + format.extension, citation[button.dataset.download], format.type);
      });
    });
  }

  function typesetMath() {
    var spans = document.querySelectorAll(".math");
    if (spans.length === 0) return;
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = katexBase + "katex.min.css";
    document.head.appendChild(style);
    var katexScript = document.createElement("script");
    katexScript.src = katexBase + "katex.min.js";
    katexScript.onload = function () {
      spans.forEach(function (span) {
        window.katex.render(span.textContent, span, { displayMode: span.classList.contains("math-display"), throwOnError: false });
      });
    };
    document.head.appendChild(katexScript);
  }

  function start() {
    document.querySelectorAll("[data-needs-script]").forEach(function (element) { element.removeAttribute("data-needs-script"); });
    // Notes that speak only to readers without the script.
    document.querySelectorAll("[data-without-script]").forEach(function (element) { element.remove(); });
    setUpReactions();
    setUpFilters();
    setUpCopyButtons();
    setUpCitationDownloads();
    typesetMath();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
