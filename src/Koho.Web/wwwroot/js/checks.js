// 投稿前チェック: checks the draft as the user types (debounced) through POST /api/checks and shows the
// findings beside the text. Progressive enhancement: without this script the form posts and the server renders
// the same result. All user text is inserted with textContent, never as HTML.
(function () {
  "use strict";
  const form = document.getElementById("check-form");
  const out = document.getElementById("check-result");
  if (!form || !out || !window.fetch) return;
  const text = form.querySelector("#text");
  const token = form.querySelector("input[name=__RequestVerificationToken]");
  const L = out.dataset;
  let timer = 0;
  let seq = 0;

  function el(tag, cls, content) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined) e.textContent = content;
    return e;
  }

  function format(template, ...args) {
    return template.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));
  }

  function scheduledAt() {
    const v = form.querySelector("#scheduled").value;
    return v ? v + (v.length === 16 ? ":00" : "") + "+09:00" : null;
  }

  function render(draft, data) {
    out.replaceChildren(el("h2", null, L.lTitle));
    const findings = data.findings;
    const blocks = findings.filter(f => f.severity === "block").length;
    const warns = findings.filter(f => f.severity === "warn").length;
    const verdict = blocks > 0 ? format(L.lVerdictBlock, blocks, warns) : warns > 0 ? format(L.lVerdictWarn, warns) : L.lOk;
    out.append(el("p", "verdict verdict--" + (blocks > 0 ? "block" : warns > 0 ? "warn" : "ok"), verdict));

    // The text with findings marked: cut at every start and end, each run marked with its strongest severity.
    const rank = { info: 1, warn: 2, block: 3 };
    const cuts = new Set([0, draft.length]);
    findings.filter(f => f.length > 0).forEach(f => { cuts.add(f.start); cuts.add(Math.min(draft.length, f.start + f.length)); });
    const points = [...cuts].sort((a, b) => a - b);
    const box = el("div", "highlighted");
    box.lang = "ja";
    for (let i = 0; i + 1 < points.length; i++) {
      const s = points[i], e = points[i + 1];
      const covering = findings.filter(f => f.length > 0 && f.start <= s && f.start + f.length >= e);
      const run = draft.slice(s, e);
      if (covering.length === 0) { box.append(document.createTextNode(run)); continue; }
      const sev = covering.reduce((m, f) => rank[f.severity] > rank[m] ? f.severity : m, "info");
      box.append(el("mark", "mark--" + sev, run));
    }
    out.append(box);

    const list = el("ol", "findings");
    findings.forEach(f => {
      const li = el("li", "finding finding--" + f.severity);
      const head = el("p", "finding__head");
      head.append(el("span", "sev sev--" + f.severity, L["l" + f.severity[0].toUpperCase() + f.severity.slice(1)]), " ", el("strong", null, f.categoryLabel));
      if (f.length > 0) head.append(" ", el("span", "muted", "「" + draft.substr(f.start, f.length) + "」"));
      li.append(head, el("p", null, f.message));
      if (f.suggestion) li.append(el("p", "suggestion", L.lSuggestion + ": " + f.suggestion));
      if (f.clauses.length > 0) {
        const details = el("details", "clauses");
        details.append(el("summary", null, L.lClauses + "（" + f.clauses.map(c => c.clause).join("、") + "）"));
        f.clauses.forEach(c => { const q = el("blockquote"); q.append(el("cite", null, c.clause), " " + c.quote); details.append(q); });
        li.append(details);
      }
      list.append(li);
    });
    out.append(list);
  }

  async function check() {
    const draft = text.value;
    const mine = ++seq;
    if (!draft) { out.replaceChildren(el("h2", null, L.lTitle), el("p", "empty", L.lEmpty)); return; }
    const body = {
      text: draft,
      platform: form.querySelector("#platform").value || null,
      category: form.querySelector("#category").value || null,
      scheduledAt: scheduledAt(),
    };
    try {
      const response = await fetch(form.dataset.api, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-TOKEN": token ? token.value : "" },
        body: JSON.stringify(body),
        credentials: "same-origin",
      });
      if (mine !== seq) return; // a newer check is under way
      if (!response.ok) throw new Error(String(response.status));
      render(draft, await response.json());
    } catch (e) {
      if (mine === seq) out.replaceChildren(el("h2", null, L.lTitle), el("p", "alert alert--error", L.lError));
    }
  }

  function later() { clearTimeout(timer); timer = setTimeout(check, 300); }
  text.addEventListener("input", later);
  form.querySelectorAll("select, input[type=datetime-local]").forEach(s => s.addEventListener("change", later));
  form.addEventListener("submit", e => { e.preventDefault(); clearTimeout(timer); check(); });
})();
