/// The script `LiveReload` adds to every page it serves (and to nothing `paperpages build`
/// writes). Plain JavaScript, no dependencies; the overlay lives in a shadow root so the
/// site's CSS neither styles it nor is styled by it.
enum LiveReloadScript {
    static let text = #"""
    (() => {
      "use strict";
      const me = document.currentScript;
      const path = me.dataset.path;
      const scrollKey = "paperpages-scroll:" + location.pathname;

      // Back where the reader was before the reload. Until the page has loaded, that place is
      // still the one to keep: a second reload that early must not save the top of a page
      // that has not been scrolled yet.
      let pending = null;
      const saved = sessionStorage.getItem(scrollKey);
      if (saved !== null) {
        sessionStorage.removeItem(scrollKey);
        pending = JSON.parse(saved);
        const restore = () => { if (pending) window.scrollTo(pending[0], pending[1]); };
        restore();
        addEventListener("DOMContentLoaded", restore);
        addEventListener("load", () => { restore(); pending = null; });
      }

      function reload() {
        sessionStorage.setItem(scrollKey, JSON.stringify(pending || [scrollX, scrollY]));
        location.reload();
      }

      let host = null;
      function showProblems(problems) {
        if (!problems.length) {
          if (host) { host.remove(); host = null; }
          return;
        }
        if (!host) {
          host = document.createElement("paperpages-problems");
          host.attachShadow({ mode: "open" });
          (document.body || document.documentElement).appendChild(host);
        }
        const count = problems.length === 1 ? "1 problem" : problems.length + " problems";
        host.shadowRoot.innerHTML = `<style>
          div { position: fixed; inset: auto 0 0 0; max-height: 60vh; overflow: auto; z-index: 2147483647;
                background: #2b0f0f; color: #ffe9e9; font: 14px/1.45 ui-monospace, Menlo, Consolas, monospace;
                padding: 1rem 1.25rem; box-shadow: 0 -4px 24px rgba(0,0,0,.4); }
          h2 { font: 600 15px system-ui, sans-serif; margin: 0 0 .5rem; }
          p { margin: 0 0 .5rem; font-family: system-ui, sans-serif; color: #f3c4c4; }
          ol { margin: 0; padding-left: 1.5rem; } li { white-space: pre-wrap; word-break: break-word; margin: .2rem 0; }
        </style><div role="alert"><h2></h2><p>The page shows the last site that built; it updates when the files are fixed.</p><ol></ol></div>`;
        host.shadowRoot.querySelector("h2").textContent = "Build failed: " + count;
        const list = host.shadowRoot.querySelector("ol");
        for (const problem of problems) {
          const item = document.createElement("li");
          item.textContent = problem;
          list.appendChild(item);
        }
      }

      const initial = JSON.parse(me.dataset.problems || "[]");
      if (initial.length) {
        if (document.body) showProblems(initial); else addEventListener("DOMContentLoaded", () => showProblems(initial));
      }

      const query = "?path=" + encodeURIComponent(path) + "&since=" + encodeURIComponent(me.dataset.version);
      const events = new EventSource("/__paperpages/events" + query);
      events.addEventListener("status", (event) => showProblems(JSON.parse(event.data).problems));
      events.addEventListener("changed", (event) => {
        const change = JSON.parse(event.data);
        const styled = change.paths.some((changed) => /\.(css|js)$/.test(changed));
        if (change.all || styled || change.paths.includes(path)) reload();
      });
    })();
    """#
}
