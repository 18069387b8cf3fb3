// A branch's lobby board now, with the lobby display's content and words (the kiosk's own,
// I18n.kiosk): who is being served, who waits, for whom and for about how long, and each
// line's turn order with states, make-up credits, receptions today and who is next up and why.
// HQ leaves customers' names and numbers out for viewers; a supervisor sees them.
"use strict";

const Board = (() => {
  const { el } = Dom;
  const K = (key, args) => I18n.kiosk(key, args);

  function table(className, heads, rows) {
    return el("table", { className: `grid compact ${className}` },
      el("thead", {}, el("tr", {}, ...heads.map(([text, num]) => el("th", { scope: "col", className: num ? "num" : "", text })))),
      el("tbody", {}, ...rows));
  }

  const customer = (w) => [w.surname, w.title].filter(Boolean).join("");

  function waitsFor(w, lines) {
    if (w.waits_for === "named") return K("board.for.named", { m: w.for_manager_name || w.for_manager });
    if (w.waits_for === "own_manager") return K("board.for.own", { m: w.for_manager_name || w.for_manager });
    return lines > 1 ? K("board.for.anyone_line", { line: w.line }) : K("board.for.anyone");
  }

  function nextUp(line) {
    const n = line.next_up || {};
    const m = n.name || n.manager;
    if (n.why === "turn") return K("board.next.turn", { m });
    if (n.why === "makeup") return K("board.next.makeup", { m });
    if (n.why === "on_behalf") return K("board.next.on_behalf", { m, owner: n.turn_of_name || n.turn_of });
    return m ? K("board.next.all_busy", { m }) : K("board.next.nobody");
  }

  function serving(board) {
    const rows = board.serving.map((s) => el("tr", {}, el("th", { scope: "row", text: s.ticket }), el("td", { text: s.name || s.manager })));
    return el("section", { className: "now-part" },
      el("h3", { text: K("board.serving") }),
      rows.length ? table("now-serving", [[K("board.col.ticket")], [K("board.col.manager")]], rows)
                  : el("p", { className: "muted", text: K("board.none_serving") }));
  }

  function waiting(board, personal) {
    const heads = [[K("board.col.ticket")]];
    if (personal) heads.push([I18n.t("now.customer")], [I18n.t("now.phone")]);
    heads.push([K("board.col.for")], [K("board.col.wait")]);
    const rows = board.waiting.map((w) => el("tr", {},
      el("th", { scope: "row", text: w.ticket }),
      personal ? el("td", { text: customer(w) }) : null,
      personal ? el("td", { className: "phone", text: w.phone || "" }) : null,
      el("td", { text: waitsFor(w, board.lines.length) }),
      el("td", { text: w.estimate_minutes > 0 ? K("board.wait.minutes", { m: I18n.number(w.estimate_minutes) }) : K("board.wait.soon") })));
    const count = board.waiting.length + (board.waiting_not_shown || 0);
    return el("section", { className: "now-part" },
      el("h3", { text: count ? K("board.waiting.count", { n: I18n.number(count) }) : K("board.waiting") }),
      rows.length ? table("now-waiting", heads, rows) : el("p", { className: "muted", text: K("board.none_waiting") }));
  }

  function order(line) {
    const rows = line.order.map((o) => {
      const state = o.state === "receiving" && o.serving ? K("board.state.with", { t: o.serving }) : K(`state.${o.state}`);
      return el("tr", { className: o.next_up ? "next-up" : "" },
        el("th", { scope: "row", text: o.manager }),
        el("td", {}, o.name || "", o.next_up ? el("strong", { text: ` ${K("board.next")}` }) : null),
        el("td", { text: state }),
        el("td", { className: "num", text: I18n.number(o.credits) }),
        el("td", { className: "num", text: I18n.number(o.receptions) }));
    });
    return el("section", { className: "now-line" },
      el("h3", { text: K("board.order.line", { line: line.line }) }),
      el("p", { className: "next-up-why", text: nextUp(line) }),
      table("now-order", [[K("board.col.manager")], [K("board.col.name")], [K("board.col.state")],
                          [K("board.col.makeup"), true], [K("board.col.today"), true]], rows));
  }

  // The board's parts for #now-board, from GET /board's answer.
  function parts(answer, personal) {
    const b = answer.board;
    return [el("div", { className: "now-top" }, serving(b), waiting(b, personal)),
            el("div", { className: "now-lines" }, ...b.lines.map(order))];
  }

  return { parts };
})();
