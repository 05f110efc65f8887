// paperpages: the site's own script. Every page works without it; with it, reactions and
// saves are remembered in this browser, the reading list filters and sorts in place, the
// templates copy with one click and $...$ math is typeset by KaTeX (copied from Debian's
// libjs-katex at build time, loaded only on pages that have math).
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.dataset.base) || "/";
  var katexBase = (script && script.dataset.katex) || base + "assets/katex/";
  // One key per site, so two sites on one host keep separate lists.
  var storageKey = "paperpages:" + base;

  function readState() {
    try {
      var state = JSON.parse(window.localStorage.getItem(storageKey) || "{}");
      return { votes: state.votes || {}, saved: state.saved || {} };
    } catch (error) {
      return { votes: {}, saved: {} };
    }
  }

  function writeState(state) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(state));
      return true;
    } catch (error) {
      return false;   // storage disabled: the buttons still work for this visit
    }
  }

  // Paper page: like, dislike, save.
  function setUpReactions() {
    var article = document.querySelector("article.paper[data-slug]");
    if (!article) return;
    var slug = article.dataset.slug;
    var buttons = article.querySelectorAll("button[data-action]");
    var voteState = article.querySelector("[data-vote-state]");
    var saveState = article.querySelector("[data-save-state]");
    var saves = article.querySelector("[data-saves]");

    function show() {
      var state = readState();
      var vote = state.votes[slug] || "";
      var saved = Boolean(state.saved[slug]);
      buttons.forEach(function (button) {
        var action = button.dataset.action;
        var pressed = action === "save" ? saved : vote === action;
        button.setAttribute("aria-pressed", pressed ? "true" : "false");
        if (action === "save") button.textContent = saved ? "Saved" : "Save";
        if (action === "like") button.textContent = vote === "like" ? "Liked" : "Like";
        if (action === "dislike") button.textContent = vote === "dislike" ? "Disliked" : "Dislike";
      });
      if (voteState) voteState.textContent = vote === "like" ? "You liked this paper" : vote === "dislike" ? "You disliked this paper" : "None yet";
      if (saveState) saveState.textContent = saved ? "Saved in this browser" : "Not saved";
      if (saves) saves.textContent = String(Number(saves.dataset.saves) + (saved ? 1 : 0));
    }

    buttons.forEach(function (button) {
      button.disabled = false;
      button.addEventListener("click", function () {
        var state = readState();
        var action = button.dataset.action;
        if (action === "save") {
          if (state.saved[slug]) {
            delete state.saved[slug];
          } else {
            state.saved[slug] = { title: article.dataset.title, href: article.dataset.href, meta: article.dataset.meta, at: new Date().toISOString() };
          }
        } else {
          if (state.votes[slug] === action) delete state.votes[slug]; else state.votes[slug] = action;
        }
        writeState(state);
        show();
      });
    });
    show();
  }

  // /saved/: the saved papers, newest save first.
  function setUpSavedList() {
    var list = document.querySelector("[data-saved-list]");
    if (!list) return;
    var state = readState();
    var slugs = Object.keys(state.saved).sort(function (a, b) {
      return String(state.saved[b].at).localeCompare(String(state.saved[a].at));
    });
    list.textContent = "";
    if (slugs.length === 0) {
      var empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = "Nothing saved yet. Use the Save button on a paper page.";
      list.appendChild(empty);
      return;
    }
    var count = document.createElement("p");
    count.className = "counts";
    count.textContent = slugs.length + (slugs.length === 1 ? " saved paper" : " saved papers");
    list.appendChild(count);
    var ul = document.createElement("ul");
    ul.className = "paper-list";
    slugs.forEach(function (slug) {
      var entry = state.saved[slug];
      var li = document.createElement("li");
      li.className = "paper-item";
      var link = document.createElement("a");
      link.className = "paper-title";
      link.href = entry.href;
      link.textContent = entry.title;
      var meta = document.createElement("span");
      meta.className = "paper-meta";
      meta.textContent = entry.meta || "";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "action";
      remove.textContent = "Remove";
      remove.setAttribute("aria-label", "Remove " + entry.title + " from saved papers");
      remove.addEventListener("click", function () {
        var current = readState();
        delete current.saved[slug];
        writeState(current);
        setUpSavedList();
      });
      li.append(link, meta, " ", remove);
      ul.appendChild(li);
    });
    list.appendChild(ul);
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
    setUpReactions();
    setUpSavedList();
    setUpFilters();
    setUpCopyButtons();
    typesetMath();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
