// One branch: its dispatch log (派单一览表) for a chosen day, the same rows as `kiosk report`
// at the branch, with a CSV download that Excel opens (UTF-8 with a byte order mark). Today's
// log is polled like the overview; another day's is read once.
"use strict";

const Branch = (() => {
  const POLL_MS = 3000;
  // The JSON's fields in the CSV's order, each with its heading's words.
  const COLUMNS = [
    ["manager", "dispatch.col.manager"], ["name", "dispatch.col.name"], ["receptions", "dispatch.col.receptions"],
    ["rotation", "dispatch.col.rotation"], ["makeup", "dispatch.col.makeup"], ["requested", "dispatch.col.requested"],
    ["returning", "dispatch.col.returning"], ["referral", "dispatch.col.referral"],
    ["voluntary", "dispatch.col.voluntary"], ["reassigned", "dispatch.col.reassigned"],
    ["forfeits", "dispatch.col.forfeits"], ["task_skips", "dispatch.col.task_skips"],
    ["already_served", "dispatch.col.already_served"], ["reassigned_in", "dispatch.col.reassigned_in"],
    ["reassigned_out", "dispatch.col.reassigned_out"],
  ];

  let generation = 0;
  let timer = null;
  let branch = "";
  let day = "";
  let log = null;      // the answer: {rows, warnings}
  let problem = null;  // {key, args} when there is no log to show

  // Today in the browser's local time, as YYYY-MM-DD.
  function today() {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }

  function render() {
    document.getElementById("branch-heading").textContent = I18n.t("branch.heading", { branch });
    document.getElementById("branch-day").value = day;
    document.getElementById("branch-csv").href =
      `${Api.branchPath(branch)}/dispatch?day=${encodeURIComponent(day)}&format=csv&bom=1`;
    document.getElementById("dispatch-caption").textContent = I18n.t("branch.dispatch_caption", { branch, day: I18n.day(day) });
    const head = document.createDocumentFragment();
    for (const [field, key] of COLUMNS) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = I18n.t(key);
      if (field !== "manager" && field !== "name") th.className = "num";
      head.appendChild(th);
    }
    document.getElementById("dispatch-head").replaceChildren(head);
    const failed = document.getElementById("branch-failed");
    failed.textContent = problem ? I18n.t(problem.key, problem.args) : "";
    const rows = log ? log.rows : [];
    document.getElementById("dispatch-table").hidden = !log || rows.length === 0;
    const empty = document.getElementById("dispatch-empty");
    empty.hidden = !log || rows.length > 0;
    empty.textContent = I18n.t("branch.empty");
    const body = document.createDocumentFragment();
    for (const row of rows) {
      const tr = document.createElement("tr");
      for (const [field] of COLUMNS) {
        const td = document.createElement(field === "manager" ? "th" : "td");
        if (field === "manager") td.scope = "row";
        const value = row[field];
        td.textContent = typeof value === "number" ? I18n.number(value) : value ?? "";
        if (typeof value === "number") td.className = "num";
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    document.getElementById("dispatch-rows").replaceChildren(body);
    const warnings = log ? log.warnings || [] : [];
    document.getElementById("dispatch-warnings").hidden = warnings.length === 0;
    const list = document.createDocumentFragment();
    for (const w of warnings) {
      const li = document.createElement("li");
      li.textContent = typeof w === "string" ? w : JSON.stringify(w);
      list.appendChild(li);
    }
    document.getElementById("dispatch-warning-list").replaceChildren(list);
  }

  async function load(mine) {
    try {
      const answer = await Api.get(`${Api.branchPath(branch)}/dispatch?day=${encodeURIComponent(day)}`);
      if (mine !== generation) return;
      log = answer;
      problem = null;
    } catch (e) {
      if (mine !== generation) return;
      if (e instanceof Api.SignedOut) return App.signedOut();
      log = null;
      problem = e.status === 404 ? { key: "branch.unknown" } : { key: "app.failed", args: { status: e.status || "?" } };
    }
    render();
    if (day === today()) timer = setTimeout(() => load(mine), POLL_MS);
  }

  function open(name, chosenDay) {
    close();
    branch = name;
    day = /^\d{4}-\d{2}-\d{2}$/.test(chosenDay || "") ? chosenDay : today();
    log = null;
    problem = null;
    App.show("branch");
    render();
    load(generation);
  }

  function close() {
    generation += 1;
    clearTimeout(timer);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("branch-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const chosen = document.getElementById("branch-day").value;
      if (chosen) location.hash = `#/branch/${encodeURIComponent(branch)}?day=${chosen}`;
    });
  });

  return { open, close, render };
})();
