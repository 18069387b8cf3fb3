// One branch on a chosen day: its lobby board now (today only), its check-ins with each
// decision's explanation, and its dispatch log (派单一览表), the same rows as `kiosk report` at
// the branch, with a CSV download that Excel opens (UTF-8 with a byte order mark). Today's page
// is polled like the overview; another day's is read once.
"use strict";

const Branch = (() => {
  const { el } = Dom;
  const POLL_MS = 3000;
  const VISITS_PAGE = 500;
  const VISITS_MAX = 2000;  // a day's check-ins shown at most; beyond that the page says so
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
  let log = null;      // the dispatch answer: {rows, warnings}
  let board = null;    // the board answer, today only
  let visits = null;   // {list, more}
  let shown = "";      // the answers last drawn: a poll with nothing new draws nothing
  let problem = null;  // {key, args} when there is nothing to show
  const opened = new Set();  // visits whose explanation is open
  const dayField = Dates.dayField(document.getElementById("branch-day"));

  const today = Dates.today;

  const personal = () => App.role() === "supervisor";

  // A manager's id to the name the branch shows them by (from the dispatch log and the board).
  function names() {
    const known = new Map();
    for (const r of log ? log.rows : []) if (r.name) known.set(r.manager, r.name);
    for (const l of board ? board.board.lines : []) for (const o of l.order) if (o.name) known.set(o.manager, o.name);
    return (id) => known.get(id) || id;
  }

  function renderDispatch() {
    document.getElementById("dispatch-caption").textContent = I18n.t("branch.dispatch_caption", { branch, day: I18n.day(day) });
    document.getElementById("dispatch-head").replaceChildren(...COLUMNS.map(([field, key]) =>
      el("th", { scope: "col", className: field !== "manager" && field !== "name" ? "num" : "", text: I18n.t(key) })));
    const rows = log ? log.rows : [];
    document.getElementById("dispatch-table").hidden = !log || rows.length === 0;
    const empty = document.getElementById("dispatch-empty");
    empty.hidden = !log || rows.length > 0;
    empty.textContent = I18n.t("branch.empty");
    document.getElementById("dispatch-rows").replaceChildren(...rows.map((row) => el("tr", {}, ...COLUMNS.map(([field]) => {
      const value = row[field];
      const number = typeof value === "number";
      return el(field === "manager" ? "th" : "td", { scope: field === "manager" ? "row" : undefined,
        className: number ? "num" : "", text: number ? I18n.number(value) : value ?? "" });
    }))));
    const warnings = log ? log.warnings || [] : [];
    document.getElementById("dispatch-warnings").hidden = warnings.length === 0;
    document.getElementById("dispatch-warning-list").replaceChildren(...warnings.map((w) =>
      el("li", { text: typeof w === "string" ? w : JSON.stringify(w) })));
  }

  function renderBoard() {
    const isToday = day === today();
    document.getElementById("now").hidden = !isToday || !board;
    document.getElementById("now-other-day").hidden = isToday;
    if (!isToday || !board) return;
    document.getElementById("now-as-of").textContent = I18n.t("now.as_of", { time: I18n.moment(new Date(board.as_of)) });
    Dom.replace(document.getElementById("now-board"), ...Board.parts(board, personal()));
  }

  const toggle = (id) => Visits.toggle(document.getElementById("visits-rows"), opened, id);

  function renderVisits() {
    document.getElementById("visits-heading").textContent = I18n.t("visits.heading", { day: I18n.day(day) });
    document.getElementById("visits-caption").textContent = I18n.t("visits.caption", { branch, day: I18n.day(day) });
    document.getElementById("visits-head").replaceChildren(...Visits.head(personal()));
    const list = visits ? visits.list : [];
    document.getElementById("visits-table").hidden = !visits || list.length === 0;
    document.getElementById("visits-none").hidden = !visits || list.length > 0;
    const more = document.getElementById("visits-more");
    more.hidden = !visits || !visits.more;
    more.textContent = I18n.t("visits.more", { n: I18n.number(VISITS_MAX) });
    Dom.replace(document.getElementById("visits-rows"),
      ...Visits.rows(list, { opened, name: names(), personal: personal(), onToggle: toggle }));
  }

  function render() {
    document.getElementById("branch-heading").textContent = I18n.t("branch.heading", { branch });
    document.getElementById("branch-fair").href = `#/fairness/${encodeURIComponent(branch)}`;
    document.getElementById("branch-trends").href = `#/trends/${encodeURIComponent(branch)}`;
    dayField.draw();
    document.getElementById("branch-csv").href =
      `${Api.branchPath(branch)}/dispatch?day=${encodeURIComponent(day)}&format=csv&bom=1`;
    document.getElementById("branch-failed").textContent = problem ? I18n.t(problem.key, problem.args) : "";
    renderBoard();
    renderVisits();
    renderDispatch();
  }

  // The day's check-ins, newest first, following the pages up to VISITS_MAX.
  async function readVisits() {
    const list = [];
    let after = null;
    do {
      const page = await Api.get(`${Api.branchPath(branch)}/visits?from=${day}&to=${day}&limit=${VISITS_PAGE}` +
                                 (after ? `&after=${encodeURIComponent(after)}` : ""));
      list.push(...page.visits);
      after = page.next;
    } while (after && list.length < VISITS_MAX);
    return { list, more: Boolean(after) };
  }

  async function load(mine) {
    try {
      const path = Api.branchPath(branch);
      const [l, v, b] = await Promise.all([Api.get(`${path}/dispatch?day=${encodeURIComponent(day)}`), readVisits(),
                                           day === today() ? Api.get(`${path}/board`) : null]);
      if (mine !== generation) return;
      problem = null;
      const answers = JSON.stringify([l, v, b]);
      if (answers !== shown) {
        [log, visits, board, shown] = [l, v, b, answers];
        render();
      }
    } catch (e) {
      if (mine !== generation) return;
      if (e instanceof Api.SignedOut) return App.signedOut();
      log = visits = board = null;
      shown = "";
      problem = e.status === 404 ? { key: "branch.unknown" } : { key: "app.failed", args: { status: e.status || "?" } };
      render();
    }
    if (day === today()) timer = setTimeout(() => load(mine), POLL_MS);
  }

  function open(name, chosenDay) {
    close();
    if (name !== branch) opened.clear();
    branch = name;
    day = /^\d{4}-\d{2}-\d{2}$/.test(chosenDay || "") ? chosenDay : today();
    dayField.set(day);
    log = visits = board = problem = null;
    shown = "";
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
      location.hash = `#/branch/${encodeURIComponent(branch)}?day=${dayField.value()}`;
    });
  });

  return { open, close, render, today };
})();
