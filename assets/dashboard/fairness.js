// Fairness and audit (防飞单) of one branch over a chosen period (the last 30 days unless
// chosen): per manager, receptions by kind, turns forfeited by reason, make-up turns earned and
// used, reassignments in and out, claims made, confirmed and rejected, and voids, from GET
// /stats?by=manager. A figure far above
// the branch's median is marked and said in words: what a supervisor looks at when customers
// seem to "fly" to one manager. Each manager's decisions of the period open below the table,
// newest first, each with its story in the kiosk's words (GET /visits?manager=).
"use strict";

const Fairness = (() => {
  const { el } = Dom;
  const PERIOD_DAYS = 30;
  // Outliers: at least MIN_OUTLIER and more than OUTLIER_TIMES the managers' median.
  const MIN_OUTLIER = 3, OUTLIER_TIMES = 2;
  const kind = (k) => (g) => (g.by_kind || {})[k] ?? 0;
  const skip = (why) => (g) => (g.skips || {})[why] ?? 0;
  // The figures in groups, each group under a heading row of its own: [the group's words,
  // [[the figure of a manager, its words], ...]]. Managers are the columns (a branch has a
  // dozen at most; nineteen figures would not fit across a tablet), so a figure compared
  // between managers is read along its row, beside the branch's median.
  const GROUPS = [
    [null, [[(g) => g.checkins, "fair.col.checkins"]]],
    ["fair.group.kinds", [
      [kind("rotation"), "dispatch.col.rotation"], [kind("makeup"), "dispatch.col.makeup"],
      [kind("requested"), "dispatch.col.requested"], [kind("returning"), "dispatch.col.returning"],
      [kind("referral"), "dispatch.col.referral"], [kind("voluntary"), "dispatch.col.voluntary"],
      [kind("reassigned"), "dispatch.col.reassigned"]]],
    ["fair.group.passed", [
      [skip("break"), "fair.long.break"], [skip("busy"), "fair.long.busy"],
      [skip("task"), "dispatch.col.task_skips"], [skip("already-served"), "dispatch.col.already_served"]]],
    ["fair.group.makeup", [[(g) => g.makeup_earned, "fair.long.earned"], [(g) => g.makeup_used, "fair.long.used"]]],
    ["fair.group.reassigned", [[(g) => g.reassigned_in, "dispatch.col.reassigned_in"],
                               [(g) => g.reassigned_out, "dispatch.col.reassigned_out"]]],
    ["fair.group.claims", [[(g) => g.claims_made, "fair.long.claims_made"],
                           [(g) => g.claims_confirmed, "fair.long.claims_confirmed"],
                           [(g) => g.claims_rejected, "fair.long.claims_rejected"]]],
    [null, [[(g) => g.voids, "fair.col.voids"]]],
  ];
  const FIGURES = GROUPS.flatMap(([, figures]) => figures);

  let generation = 0;
  let branch = "", from = "", to = "";
  let groups = null;
  let problem = null;
  const DECISIONS_MAX = 100;
  let chosen = "";         // the manager whose decisions are open
  let decisions = null;    // {list, more} of theirs
  const opened = new Set();  // their visits whose explanation is open
  const period = Dates.periodForm("fair", { days: PERIOD_DAYS,
    href: (f, t) => `#/fairness/${encodeURIComponent(branch)}?from=${f}&to=${t}` });

  function median(values) {
    const v = values.filter((n) => typeof n === "number").sort((a, b) => a - b);
    if (!v.length) return null;
    return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  const managers = () => (groups || []).filter((g) => g.key !== "");
  // Each figure's median over the branch's managers (visits nobody received are not a manager).
  const medians = () => FIGURES.map(([figure]) => median(managers().map(figure)));
  const outlying = (n, m) => typeof n === "number" && m !== null && n >= MIN_OUTLIER && n > OUTLIER_TIMES * m;

  function render() {
    document.getElementById("fair-heading").textContent = I18n.t("fair.heading", { branch });
    const back = document.getElementById("fair-back");
    back.href = `#/branch/${encodeURIComponent(branch)}`;
    back.textContent = I18n.t("fair.back", { branch });
    period.render();
    document.getElementById("fair-failed").textContent = problem ? I18n.t(problem.key, problem.args) : "";
    document.getElementById("fair-caption").textContent = I18n.t("fair.caption", { branch, from: I18n.day(from), to: I18n.day(to) });
    const all = groups || [];
    const nameOf = (g) => (g.key === "" ? I18n.t("fair.nobody") : g.name || g.key);
    // A column per manager: the name, and the id when it says something more; then the visits
    // nobody has received yet, then the managers' median.
    document.getElementById("fair-head").replaceChildren(el("tr", {},
      el("td", {}),
      ...all.map((g) => el("th", { scope: "col", className: g.key === "" ? "num nobody" : "num", "data-manager": g.key }, nameOf(g),
        g.key !== "" && nameOf(g) !== g.key ? el("span", { className: "id", text: g.key }) : null)),
      el("th", { scope: "col", className: "num median", text: I18n.t("fair.median") })));
    document.getElementById("fair-table").hidden = groups === null;
    const m = medians();
    const found = [];
    const rows = [];
    let i = 0;
    for (const [group, figures] of GROUPS) {
      if (group) rows.push(el("tr", { className: "group" }, el("th", { scope: "rowgroup", colSpan: all.length + 2, text: I18n.t(group) })));
      for (const [figure, words] of figures) {
        const median = m[i++];
        rows.push(el("tr", {},
          el("th", { scope: "row", text: I18n.t(words) }),
          ...all.map((g) => {
            const n = figure(g);
            const high = g.key !== "" && outlying(n, median);
            if (high) found.push(I18n.t("fair.outlier", { name: nameOf(g), what: I18n.t(words), n: I18n.number(n), median: I18n.number(median) }));
            return el("td", { className: high ? "num outlier" : "num", "data-manager": g.key,
                              text: typeof n === "number" ? `${high ? "▲ " : ""}${I18n.number(n)}` : "—" });
          }),
          el("td", { className: "num median", text: median === null ? "—" : I18n.number(median) })));
      }
    }
    rows.push(el("tr", { className: "decisions" },
      el("th", { scope: "row", text: I18n.t("fair.decisions") }),
      ...all.map((g) => {
        if (g.key === "") return el("td", {});
        const button = el("button", { type: "button", className: "why", text: I18n.t("fair.open"), "data-manager": g.key,
          "aria-label": I18n.t("fair.open_label", { name: nameOf(g) }), "aria-expanded": String(chosen === g.key),
          "aria-controls": "fair-decisions",
          "data-focus-key": `fair-open-${g.key}` });
        button.addEventListener("click", () => openDecisions(g.key));
        return el("td", { className: "num" }, button);
      }),
      el("td", {})));
    document.getElementById("fair-rows").replaceChildren(...rows);
    renderDecisions(nameOf);
    const list = found.length ? found.map((text) => el("li", { text })) : [el("li", { text: I18n.t("fair.no_outliers") })];
    document.getElementById("fair-outliers").replaceChildren(...(groups === null ? [] : list));
  }

  function renderDecisions(nameOf) {
    const section = document.getElementById("fair-decisions");
    section.hidden = !chosen || groups === null;
    if (section.hidden) return;
    const g = groups.find((x) => x.key === chosen);
    const name = (id) => { const m = groups.find((x) => x.key === id); return m ? nameOf(m) : id; };
    document.getElementById("fair-decisions-heading").textContent =
      I18n.t("fair.decisions_heading", { name: g ? nameOf(g) : chosen, from: I18n.day(from), to: I18n.day(to) });
    const list = decisions ? decisions.list : [];
    const none = document.getElementById("fair-decisions-none");
    none.hidden = !decisions || list.length > 0;
    none.textContent = decisions && decisions.failed ? I18n.t("fair.decisions_failed", { status: decisions.failed })
                                                     : I18n.t("fair.decisions_none");
    document.getElementById("fair-decisions-table").hidden = !decisions || list.length === 0;
    const more = document.getElementById("fair-decisions-more");
    more.hidden = !decisions || !decisions.more;
    more.textContent = I18n.t("visits.more", { n: I18n.number(DECISIONS_MAX) });
    document.getElementById("fair-decisions-head").replaceChildren(...Visits.head(false));
    const body = document.getElementById("fair-decisions-rows");
    Dom.replace(body, ...Visits.rows(list, { opened, name, personal: false, prefix: "fair-why",
                                             onToggle: (id) => Visits.toggle(body, opened, id, "fair-why") }));
  }

  // Opens `manager`'s decisions below the table, or closes them when they are open.
  async function openDecisions(manager) {
    chosen = chosen === manager ? "" : manager;
    decisions = null;
    opened.clear();
    render();
    if (!chosen) return;
    const mine = generation;
    try {
      const answer = await Api.get(`${Api.branchPath(branch)}/visits?from=${from}&to=${to}` +
                                   `&manager=${encodeURIComponent(manager)}&limit=${DECISIONS_MAX}`);
      if (mine !== generation || manager !== chosen) return;
      decisions = { list: answer.visits, more: answer.next !== null };
    } catch (e) {
      if (mine !== generation || manager !== chosen) return;
      if (e instanceof Api.SignedOut) return App.signedOut();
      decisions = { list: [], more: false, failed: e.status || "?" };
    }
    render();
    document.getElementById("fair-decisions-heading").focus();
  }

  async function load(mine) {
    try {
      const answer = await Api.get(`${Api.branchPath(branch)}/stats?from=${from}&to=${to}&by=manager`);
      if (mine !== generation) return;
      groups = answer.groups || [];
      problem = null;
    } catch (e) {
      if (mine !== generation) return;
      if (e instanceof Api.SignedOut) return App.signedOut();
      groups = null;
      problem = Api.periodProblem(e);
    }
    render();
  }

  function open(name, chosenFrom, chosenTo) {
    close();
    branch = name;
    ({ from, to } = period.open(chosenFrom, chosenTo));
    groups = problem = decisions = null;
    chosen = "";
    App.show("fairness");
    render();
    load(generation);
  }

  function close() {
    generation += 1;
  }

  return { open, close, render };
})();
