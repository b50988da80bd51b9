// The post editor's autosave: a few seconds after the last keystroke the draft is saved through
// POST /api/posts/{id}/draft with the version this page holds. The server refuses (409) when someone else saved
// first — then autosave stops and says so, and nothing typed here is lost (the text stays in the editor).
// Without this script the editor's buttons save the same way. User text is inserted with textContent only.
(function () {
  "use strict";
  const form = document.getElementById("post-form");
  if (!form || !window.fetch) return;
  const status = document.getElementById("autosave-status");
  const findingsBox = document.getElementById("post-findings");
  const token = form.querySelector("input[name=__RequestVerificationToken]");
  const L = form.dataset;
  let timer = 0;
  let stopped = false;
  let saving = false;

  function el(tag, cls, content) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined) e.textContent = content;
    return e;
  }

  function version() { return Number(form.querySelector("input[name=version]").value); }

  function setVersion(v) {
    document.querySelectorAll("input[name=version]").forEach(i => { i.value = String(v); });
  }

  function body() {
    return {
      version: version(),
      text: form.querySelector("#p-text").value,
      kind: form.querySelector("#p-kind").value,
      scheduledAt: form.querySelector("#p-at").value || null,
      accounts: [...form.querySelectorAll("input[name='Form.Accounts']:checked")].map(c => c.value),
    };
  }

  function showFindings(data, text) {
    if (!findingsBox) return;
    const list = findingsBox.querySelector("ol.findings");
    const verdict = findingsBox.querySelector(".verdict");
    const highlighted = findingsBox.querySelector(".highlighted");
    if (highlighted) {
      // The text with findings marked: cut at every start and end, each run marked with its strongest severity.
      const rank = { info: 1, warn: 2, block: 3 };
      const cuts = new Set([0, text.length]);
      data.findings.filter(f => f.length > 0).forEach(f => { cuts.add(f.start); cuts.add(Math.min(text.length, f.start + f.length)); });
      const points = [...cuts].sort((a, b) => a - b);
      highlighted.replaceChildren();
      for (let i = 0; i + 1 < points.length; i++) {
        const s = points[i], e = points[i + 1];
        const covering = data.findings.filter(f => f.length > 0 && f.start <= s && f.start + f.length >= e);
        const run = text.slice(s, e);
        if (covering.length === 0) { highlighted.append(document.createTextNode(run)); continue; }
        const sev = covering.reduce((m, f) => rank[f.severity] > rank[m] ? f.severity : m, "info");
        highlighted.append(el("mark", "mark--" + sev, run));
      }
    }
    if (verdict) {
      const blocks = data.findings.filter(f => f.severity === "block").length;
      const warns = data.findings.filter(f => f.severity === "warn").length;
      verdict.className = "verdict verdict--" + (blocks > 0 ? "block" : warns > 0 ? "warn" : "ok");
      verdict.textContent = blocks > 0 ? findingsBox.dataset.lBlock.replace("{0}", blocks).replace("{1}", warns)
        : warns > 0 ? findingsBox.dataset.lWarn.replace("{0}", warns) : findingsBox.dataset.lOk;
    }
    if (!list) return;
    list.replaceChildren(...data.findings.map(f => {
      const li = el("li", "finding finding--" + f.severity);
      const head = el("p", "finding__head");
      head.append(el("span", "sev sev--" + f.severity, findingsBox.dataset[{ block: "lBlockShort", warn: "lWarnShort", info: "lInfo" }[f.severity]]), " ", el("strong", null, f.categoryLabel));
      if (f.length > 0) head.append(" ", el("span", "muted", "「" + text.substr(f.start, f.length) + "」"));
      li.append(head, el("p", null, f.message));
      if (f.suggestion) li.append(el("p", "suggestion", f.suggestion));
      return li;
    }));
  }

  // The per-platform previews follow the text; the counts are the server's (each platform counts its own way).
  function showPreviews(data, text) {
    document.querySelectorAll(".preview__text").forEach(p => { p.textContent = text; });
    (data.previews || []).forEach(m => {
      const count = document.querySelector(".preview[data-account='" + m.accountId + "'] .preview__count");
      if (!count) return;
      count.textContent = m.length + " / " + m.limit + " " + m.unit;
      count.classList.toggle("over", m.length > m.limit);
    });
    const v = document.getElementById("post-version");
    if (v && L.lVersion) v.textContent = L.lVersion.replace("{0}", data.version);
  }

  async function save() {
    if (stopped || saving) return;
    saving = true;
    const sent = body();
    try {
      const response = await fetch(L.autosave, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-TOKEN": token ? token.value : "" },
        body: JSON.stringify(sent),
        credentials: "same-origin",
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok) {
        setVersion(data.version);
        status.className = "help";
        status.textContent = L.lSaved + "（" + data.savedAt + "）";
        showFindings(data, sent.text);
        showPreviews(data, sent.text);
      } else if (response.status === 409) {
        stopped = true;
        status.className = "alert alert--error";
        status.textContent = L.lConflict + ": " + (data.errors || []).join(" ");
      } else {
        status.className = "alert alert--warn";
        status.textContent = (data.errors || [String(response.status)]).join(" ");
      }
    } catch (e) {
      status.className = "alert alert--warn";
      status.textContent = String(e);
    } finally {
      saving = false;
    }
  }

  function later() { if (!stopped) { clearTimeout(timer); timer = setTimeout(save, 2000); } }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", () => { clearTimeout(timer); stopped = true; });
})();
