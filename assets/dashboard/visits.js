// A branch's check-ins of a day, newest first: ticket, time, kind, owner, server, wait,
// service, skips and status, and for a supervisor the customer and their number (HQ gives those
// to supervisors only). Each row's ticket has a button that opens its story: every step (check-in,
// assignment, reassignment, claim, finish, void) and each decision explained in the kiosk's own
// words, as its audit log says it.
"use strict";

const Visits = (() => {
  const { el } = Dom;
  const K = (key, args) => I18n.kiosk(key, args);
  const DASH = "—";

  const clock = (local) => (local ? new Intl.DateTimeFormat(I18n.current(), { hour: "2-digit", minute: "2-digit" }).format(new Date(local)) : DASH);
  const minutes = (n) => (typeof n === "number" ? I18n.t("visits.minutes", { n: I18n.number(Math.round(n)) }) : DASH);

  const STATUS = { waiting: "visits.status.waiting", receiving: "visits.status.receiving", done: "visits.status.done" };
  const status = (v) => I18n.t(v.voided ? "visits.status.voided" : STATUS[v.status] || STATUS.waiting);

  // One decision in the kiosk's words, as its audit log explains it (core's explain()): the
  // kind, each rule, each manager passed over and why, and whether it used a turn.
  function decisionWords(d, name) {
    const who = { owner: name(d.owner || ""), server: name(d.server || ""), previous: name(d.previous_owner || "") };
    return [K(`kind.${d.kind}`), ...(d.rules || []).map((r) => K(`rule.${r}`, who)),
            ...(d.skipped || []).map((s) => K(`skip.${s.why}`, { m: name(s.m) })), K(d.turn_used ? "turn.used" : "turn.kept")];
  }

  const STEP = {
    arrive: "visits.step.arrive", finish: "visits.step.finish", reassign: "visits.step.reassign", claim: "visits.step.claim",
    claim_confirm: "visits.step.claim_confirm", claim_reject: "visits.step.claim_reject", void: "visits.step.void",
  };

  // What happened at one step, said in one line; a reason in the kiosk's words. `owner`: whose
  // customer it was then.
  function stepLine(step, owner, name) {
    const args = { time: clock(step.at), m: name(step.manager || ""), to: name(step.to || ""), owner: name(owner) };
    if (!step.own) return I18n.t("visits.step.assigned", args);
    if (step.event === "reassign") args.why = step.reason ? K(`reassign.${step.reason}`) : I18n.t("visits.no_reason");
    if (step.event === "void") args.why = K(`void.${step.reason}`);
    return STEP[step.event] ? I18n.t(STEP[step.event], args) : `${args.time} ${step.event}`;
  }

  // The visit's story, step by step: [{line, sentences}], each decision explained under its step.
  function explanation(v, name) {
    let owner = "";
    const steps = (v.steps || []).map((step) => {
      const line = stepLine(step, owner, name);
      for (const d of step.decisions) owner = d.owner || owner;
      return { line, sentences: step.decisions.flatMap((d) => decisionWords(d, name)) };
    });
    if (v.status === "waiting" && !v.voided) steps.push({ line: I18n.t("visits.still_waiting"), sentences: [] });
    return steps;
  }

  // The table's rows for `visits`; `opened` holds the ids whose explanation shows (kept across
  // polls), `name` turns a manager's id into the name the branch shows, `personal` adds the
  // customer's columns, `prefix` starts the explanations' ids (one per table on the page).
  function rows(visits, { opened, name, personal, onToggle, prefix = "why" }) {
    const columns = 9 + (personal ? 1 : 0);
    const out = [];
    for (const v of visits) {
      const open = opened.has(v.id);
      const detail = `${prefix}-${v.id}`;
      const button = el("button", {
        type: "button", className: "why", text: I18n.t("visits.open"), "aria-expanded": String(open),
        "aria-controls": detail, "aria-label": I18n.t("visits.open_label", { ticket: v.ticket }), "data-focus-key": detail,
      });
      button.addEventListener("click", () => onToggle(v.id));
      out.push(el("tr", { className: v.voided ? "voided" : "", "data-visit": v.id },
        el("th", { scope: "row" }, el("span", { className: "ticket", text: v.ticket }), button),
        el("td", { text: clock(v.arrived) }),
        el("td", { className: "kind", text: v.kind ? K(`kind.${v.kind}`) : DASH }),
        el("td", { text: v.owner ? name(v.owner) : DASH }),
        el("td", { text: v.server ? name(v.server) : DASH }),
        el("td", { className: "num", text: minutes(v.wait_minutes) }),
        el("td", { className: "num", text: minutes(v.service_minutes) }),
        el("td", { className: "num", text: I18n.number(v.skips.length) }),
        el("td", { text: status(v) }),
        personal ? el("td", {}, [v.surname, v.title].filter(Boolean).join(""), " ", el("span", { className: "phone", text: v.phone || "" })) : null));
      const sentences = el("ol", { className: "steps" }, ...explanation(v, name).map((step) =>
        el("li", {}, el("span", { className: "step", text: step.line }),
          step.sentences.length ? el("ul", {}, ...step.sentences.map((text) => el("li", { text }))) : null)));
      out.push(el("tr", { id: detail, className: "explain", hidden: !open },
        el("td", { colSpan: columns },
          el("p", { className: "explain-head", text: I18n.t("visits.explain_heading", { ticket: v.ticket, time: clock(v.arrived) }) }),
          sentences)));
    }
    return out;
  }

  function head(personal) {
    const keys = ["visits.col.ticket", "visits.col.time", "visits.col.kind", "visits.col.owner", "visits.col.server",
                  "visits.col.wait", "visits.col.service", "visits.col.skips", "visits.col.status"];
    if (personal) keys.push("now.customer");
    const numeric = new Set(["visits.col.wait", "visits.col.service", "visits.col.skips"]);
    return keys.map((key) => el("th", { scope: "col", className: numeric.has(key) ? "num" : "", text: I18n.t(key) }));
  }

  // Opens or closes visit `id`'s explanation in table body `body` (drawn by rows() with
  // `prefix`); `opened` remembers it.
  function toggle(body, opened, id, prefix = "why") {
    if (opened.has(id)) opened.delete(id);
    else opened.add(id);
    const open = opened.has(id);
    body.querySelector(`button[aria-controls="${CSS.escape(`${prefix}-${id}`)}"]`).setAttribute("aria-expanded", String(open));
    body.querySelector(`#${CSS.escape(`${prefix}-${id}`)}`).hidden = !open;
  }

  return { rows, head, toggle };
})();
