// All branches at a glance, those with problems first, polled every few seconds without
// reloading the page. A branch's figures (check-ins today, waits, managers on duty) are shown
// when HQ gives them and as "—" until then.
"use strict";

const Overview = (() => {
  const POLL_MS = 3000;
  // A kiosk sends each check-in within seconds, and with nothing to send it still says it is
  // alive every heartbeat (hq.heartbeat_seconds: 60 s by default, at most 120). Nothing heard
  // for five minutes is several heartbeats missed: offline, not a slow request or a restart.
  const OFFLINE_AFTER_S = 5 * 60;
  const DASH = "—";

  let generation = 0;  // of open(): a poll of an older one stops
  let timer = null;
  let branches = null;
  let updated = null;
  let failure = null;

  const offline = (b) => b.seconds_since_contact < 0 || b.seconds_since_contact > OFFLINE_AFTER_S;
  // Items HQ refused for good wait on the kiosk for staff (null: an older kiosk does not say).
  const quarantined = (b) => (typeof b.quarantined === "number" ? b.quarantined : 0);

  // What is wrong with a branch, worst first: {key, args, why}.
  function problems(b) {
    const list = [];
    if (b.replay_blocked) list.push({ key: "problem.blocked", why: b.replay_blocked });
    if (b.items_waiting_behind_gap > 0) list.push({ key: "problem.gap", args: { n: I18n.number(b.items_waiting_behind_gap) } });
    if (offline(b)) list.push({ key: "problem.offline" });
    if (quarantined(b) > 0) list.push({ key: "problem.quarantine", args: { n: I18n.number(quarantined(b)) } });
    return list;
  }
  const rank = (b) =>
    b.replay_blocked ? 0 : b.items_waiting_behind_gap > 0 ? 1 : offline(b) ? 2 : quarantined(b) > 0 ? 3 : 4;

  // Contact, not the last item: an idle kiosk's heartbeat keeps a quiet branch "synced".
  function syncState(b) {
    if (!b.last_contact) return I18n.t("state.never");
    if (offline(b)) return I18n.t("state.offline", { since: I18n.moment(new Date(b.last_contact)) });
    return I18n.t("state.synced", { ago: I18n.ago(b.seconds_since_contact) });
  }

  const figure = (n) => (typeof n === "number" ? I18n.number(n) : DASH);
  const minutes = (n) => (typeof n === "number" ? I18n.t("overview.minutes", { n: I18n.number(n) }) : DASH);

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function render() {
    const body = document.getElementById("overview-rows");
    document.getElementById("overview-failed").textContent = failure === null ? "" : I18n.t("app.failed", { status: failure });
    document.getElementById("overview-updated").textContent = updated ? I18n.t("overview.updated", { time: I18n.time(updated) }) : "";
    if (branches === null) return;
    document.getElementById("overview-none").hidden = branches.length > 0;
    document.getElementById("overview-table").hidden = branches.length === 0;
    const sorted = [...branches].sort((a, b) => rank(a) - rank(b) || a.branch.localeCompare(b.branch));
    const rows = document.createDocumentFragment();
    for (const b of sorted) {
      const tr = document.createElement("tr");
      tr.dataset.branch = b.branch;
      const found = problems(b);
      if (found.length) tr.className = "has-problem";
      const th = document.createElement("th");
      th.scope = "row";
      const link = document.createElement("a");
      link.href = `#/branch/${encodeURIComponent(b.branch)}`;
      link.textContent = b.branch;
      th.appendChild(link);
      tr.appendChild(th);
      cell(tr, syncState(b), "sync");
      cell(tr, figure(b.checkins_today), "num checkins-today");
      cell(tr, figure(b.waiting_now), "num waiting-now");
      cell(tr, minutes(b.longest_wait_now_minutes), "num");
      cell(tr, minutes(b.median_wait_today_minutes), "num");
      cell(tr, figure(b.managers_on_duty), "num");
      const td = cell(tr, "", "problems");
      if (!found.length) td.textContent = I18n.t("overview.no_problems");
      for (const p of found) {
        const badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = I18n.t(p.key, p.args);
        if (p.why) badge.title = p.why;
        td.appendChild(badge);
      }
      rows.appendChild(tr);
    }
    body.replaceChildren(rows);
  }

  async function poll(mine) {
    try {
      const answer = await Api.get("/v1/branches");
      if (mine !== generation) return;
      branches = answer.branches || [];
      updated = new Date();
      failure = null;
    } catch (e) {
      if (mine !== generation) return;
      if (e instanceof Api.SignedOut) return App.signedOut();
      failure = e.status || "?";
    }
    render();
    timer = setTimeout(() => poll(mine), POLL_MS);
  }

  function open() {
    close();
    App.show("overview");
    render();
    poll(generation);
  }

  function close() {
    generation += 1;
    clearTimeout(timer);
  }

  return { open, close, render };
})();
