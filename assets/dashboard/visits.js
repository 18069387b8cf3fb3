// A branch's check-ins of a day, newest first: ticket, time, kind, owner, server, wait,
// service, skips and status, and for a supervisor the customer and their number (HQ gives those
// to supervisors only). Each row's ticket has a button that opens its explanation in the kiosk's own words (as its audit
// log says it): the kind, every manager passed over and why, whom it went to, a void.
"use strict";

const Visits = (() => {
  const { el } = Dom;
  const K = (key, args) => I18n.kiosk(key, args);
  const DASH = "—";

  const clock = (local) => (local ? new Intl.DateTimeFormat(I18n.current(), { hour: "2-digit", minute: "2-digit" }).format(new Date(local)) : DASH);
  const minutes = (n) => (typeof n === "number" ? I18n.t("visits.minutes", { n: I18n.number(Math.round(n)) }) : DASH);

  const STATUS = { waiting: "visits.status.waiting", receiving: "visits.status.receiving", done: "visits.status.done" };
  const status = (v) => I18n.t(v.voided ? "visits.status.voided" : STATUS[v.status] || STATUS.waiting);

  // The explanation's sentences, each in the kiosk's words where the kiosk has them.
  function explanation(v, name) {
    const lines = [];
    if (v.kind) lines.push(K(`kind.${v.kind}`));
    if (v.status === "waiting" && !v.voided) lines.push(I18n.t("visits.still_waiting"));
    for (const s of v.skips) lines.push(K(`skip.${s.why}`, { m: name(s.manager) }));
    if (v.status !== "waiting" && !v.skips.length) lines.push(I18n.t("visits.no_skips"));
    // HQ keeps a visit's first assignment and its owner and server now (not each move between),
    // so the two are said apart.
    if (v.assigned) lines.push(I18n.t("visits.assigned", { time: clock(v.assigned), wait: I18n.number(Math.round(v.wait_minutes || 0)) }));
    if (v.server) lines.push(I18n.t("visits.server", { server: name(v.server) }));
    if (v.owner && v.owner !== v.server) lines.push(I18n.t("visits.owner", { owner: name(v.owner) }));
    if (v.voided) lines.push(I18n.t("visits.voided", { time: clock(v.voided), why: K(`void.${v.void_reason}`) }));
    return lines;
  }

  // The table's rows for `visits`; `opened` holds the ids whose explanation shows (kept across
  // polls), `name` turns a manager's id into the name the branch shows, `personal` adds the
  // customer's columns.
  function rows(visits, { opened, name, personal, onToggle }) {
    const columns = 9 + (personal ? 1 : 0);
    const out = [];
    for (const v of visits) {
      const open = opened.has(v.id);
      const detail = `why-${v.id}`;
      const button = el("button", {
        type: "button", className: "why", text: I18n.t("visits.open"), "aria-expanded": String(open),
        "aria-controls": detail, "aria-label": I18n.t("visits.open_label", { ticket: v.ticket }), "data-focus-key": `why-${v.id}`,
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
      const sentences = el("ul", {}, ...explanation(v, name).map((text) => el("li", { text })));
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

  return { rows, head };
})();
