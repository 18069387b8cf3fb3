// Trends of a branch, or of the whole chain, over a chosen period (the last 4 weeks unless
// chosen): check-ins per day, an hour-by-weekday heatmap of arrivals and how long customers
// waited. All SVG drawn here with DOM calls (no chart library, nothing inline: the
// Content-Security-Policy allows neither), each with a sentence saying what it shows for those
// who do not see it. One answer carries them all: GET /v1/branches/NAME/trends, or /v1/trends
// for the chain (HQ adds them up in the database).
"use strict";

const Trends = (() => {
  const { el } = Dom;
  const SVG = "http://www.w3.org/2000/svg";
  const PERIOD_DAYS = 28;
  const MAX_DAYS = 366;  // days between from and to, as HQ allows

  let generation = 0;
  let branch = "", from = "", to = "";  // branch "": the whole chain
  let perDay = null;  // Map day -> check-ins
  let grid = null;    // [weekday 0 = Monday][hour] -> check-ins
  let waits = null;   // [{upto, count}]: how many waited under `upto` minutes (null: longer)
  let waiting = 0;    // checked in and not yet received
  let problem = null;
  const where = () => (branch ? `#/trends/${encodeURIComponent(branch)}` : "#/trends");
  const period = Dates.periodForm("trend", { days: PERIOD_DAYS, href: (f, t) => `${where()}?from=${f}&to=${t}` });

  function svg(tag, attrs = {}, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    for (const child of children) node.append(child);
    return node;
  }
  const text = (x, y, words, attrs = {}) => svg("text", { x, y, ...attrs }, words);
  const titled = (node, words) => { node.append(svg("title", {}, words)); return node; };

  const { dateOf } = Dates;
  // Days from..to, each a YYYY-MM-DD.
  function days() {
    const out = [];
    for (let d = dateOf(from); Dates.isoDay(d) <= to; d.setDate(d.getDate() + 1)) out.push(Dates.isoDay(d));
    return out;
  }
  const weekday = (index) => new Intl.DateTimeFormat(I18n.current(), { weekday: "short" }).format(new Date(2024, 0, 1 + index));  // 2024-01-01 was a Monday
  const shortDay = (iso) => new Intl.DateTimeFormat(I18n.current(), { month: "numeric", day: "numeric" }).format(dateOf(iso));

  // Check-ins per day: a bar a day, the highest count on the left, a date every week (every
  // few weeks over a long period).
  function dayChart() {
    const all = [...perDay.keys()];  // every day of the period, as HQ gives them
    const counts = all.map((d) => perDay.get(d) || 0);
    const top = Math.max(1, ...counts);
    const W = 960, H = 220, left = 40, bottom = 24, barW = (W - left) / all.length;
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img" });
    chart.append(svg("line", { x1: left, y1: H - bottom, x2: W, y2: H - bottom, class: "axis" }));
    chart.append(text(left - 6, 12, I18n.number(top), { "text-anchor": "end", class: "tick" }));
    chart.append(text(left - 6, H - bottom, "0", { "text-anchor": "end", class: "tick" }));
    all.forEach((d, i) => {
      const h = ((H - bottom - 8) * counts[i]) / top;
      const x = left + i * barW;
      chart.append(titled(svg("rect", { x: x + barW * 0.15, y: H - bottom - h, width: barW * 0.7, height: h, class: "bar" }),
        I18n.t("trend.day_bar", { day: I18n.day(d), n: I18n.number(counts[i]) })));
      if (i % (7 * Math.ceil(all.length / 70)) === 0) chart.append(text(x + barW / 2, H - 6, shortDay(d), { "text-anchor": "middle", class: "tick" }));
    });
    const total = counts.reduce((a, b) => a + b, 0);
    const busiest = all[counts.indexOf(Math.max(...counts))];
    chart.setAttribute("aria-label", I18n.t("trend.days_said", { total: I18n.number(total), from: I18n.day(from), to: I18n.day(to),
      day: I18n.day(busiest), n: I18n.number(Math.max(...counts)) }));
    return chart;
  }

  // Arrivals by weekday (rows, Monday first) and hour (columns: opening hours, and any other
  // hour with an arrival).
  const OPEN_HOURS = [8, 20];
  function heatmap() {
    const hours = [...OPEN_HOURS];
    for (let h = 0; h < 24; h++) if (grid.some((row) => row[h] > 0)) hours.push(h);
    const first = Math.min(...hours), last = Math.max(...hours);
    const span = [];
    for (let h = first; h <= last; h++) span.push(h);
    const top = Math.max(1, ...grid.flat());
    const cell = 36, left = 56, head = 22;
    const W = left + span.length * cell, H = head + 7 * cell;
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "heatmap", role: "img", width: W, height: H });
    span.forEach((h, j) => chart.append(text(left + j * cell + cell / 2, 15, String(h).padStart(2, "0"), { "text-anchor": "middle", class: "tick" })));
    let busiest = [0, first];
    for (let w = 0; w < 7; w++) {
      chart.append(text(left - 8, head + w * cell + cell / 2 + 5, weekday(w), { "text-anchor": "end", class: "tick" }));
      span.forEach((h, j) => {
        const n = grid[w][h];
        if (n > grid[busiest[0]][busiest[1]]) busiest = [w, h];
        // Five steps of one blue, darkest for the busiest hour; the count is written in it.
        const step = n === 0 ? 0 : 1 + Math.min(3, Math.floor((4 * n) / (top + 1)));
        const x = left + j * cell, y = head + w * cell;
        chart.append(titled(svg("rect", { x: x + 1, y: y + 1, width: cell - 2, height: cell - 2, class: `heat heat-${step}` }),
          I18n.t("trend.cell", { weekday: weekday(w), hour: String(h).padStart(2, "0"), n: I18n.number(n) })));
        if (n > 0) chart.append(text(x + cell / 2, y + cell / 2 + 5, I18n.number(n), { "text-anchor": "middle", class: step >= 3 ? "count light" : "count" }));
      });
    }
    chart.setAttribute("aria-label", I18n.t("trend.heat_said", { weekday: weekday(busiest[0]),
      hour: String(busiest[1]).padStart(2, "0"), n: I18n.number(grid[busiest[0]][busiest[1]]) }));
    return chart;
  }

  // How long customers waited: a bar per span of minutes, the count written above it.
  function waitChart() {
    const label = (b, i) => (b.upto === null ? I18n.t("trend.wait_over", { n: I18n.number(waits[i - 1].upto) })
                                             : I18n.t("trend.wait_under", { from: I18n.number(i ? waits[i - 1].upto : 0), n: I18n.number(b.upto) }));
    const top = Math.max(1, ...waits.map((b) => b.count));
    const W = 960, H = 200, bottom = 26, head = 18, barW = W / waits.length;
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img" });
    chart.append(svg("line", { x1: 0, y1: H - bottom, x2: W, y2: H - bottom, class: "axis" }));
    waits.forEach((b, i) => {
      const h = ((H - bottom - head) * b.count) / top;
      const x = i * barW;
      chart.append(titled(svg("rect", { x: x + barW * 0.15, y: H - bottom - h, width: barW * 0.7, height: h, class: "bar" }),
        I18n.t("trend.wait_bar", { span: label(b, i), n: I18n.number(b.count) })));
      chart.append(text(x + barW / 2, H - bottom - h - 4, I18n.number(b.count), { "text-anchor": "middle", class: "tick" }));
      chart.append(text(x + barW / 2, H - 8, label(b, i), { "text-anchor": "middle", class: "tick" }));
    });
    const total = waits.reduce((a, b) => a + b.count, 0);
    const quick = waits.filter((b) => b.upto !== null && b.upto <= 10).reduce((a, b) => a + b.count, 0);
    chart.setAttribute("aria-label", I18n.t("trend.waits_said", { total: I18n.number(total), n: I18n.number(quick),
      percent: I18n.number(total ? Math.round((100 * quick) / total) : 0) }));
    return chart;
  }

  function render() {
    document.getElementById("trend-heading").textContent = branch ? I18n.t("trend.heading", { branch }) : I18n.t("trend.chain_heading");
    const back = document.getElementById("trend-back");
    back.hidden = !branch;
    back.href = `#/branch/${encodeURIComponent(branch)}`;
    back.textContent = I18n.t("fair.back", { branch });
    period.render();
    document.getElementById("trend-failed").textContent = problem ? I18n.t(problem.key, problem.args) : "";
    const any = perDay !== null && [...perDay.values()].some((n) => n > 0);
    document.getElementById("trend-none").hidden = perDay === null || any;
    document.getElementById("trend-charts").hidden = !any;
    if (!any) return;
    document.getElementById("trend-days").replaceChildren(dayChart());
    document.getElementById("trend-heat").replaceChildren(heatmap());
    document.getElementById("trend-waits").replaceChildren(waitChart());
    document.getElementById("trend-waiting").textContent = waiting ? I18n.t("trend.waiting", { n: I18n.number(waiting) }) : "";
  }

  async function load(mine) {
    try {
      const answer = await Api.get(`${branch ? `${Api.branchPath(branch)}/trends` : "/v1/trends"}?from=${from}&to=${to}`);
      if (mine !== generation) return;
      perDay = new Map(answer.days.map((d) => [d.day, d.checkins]));
      grid = answer.weekday_hour;
      waits = answer.wait_histogram;
      waiting = answer.waiting;
      problem = null;
    } catch (e) {
      if (mine !== generation) return;
      if (e instanceof Api.SignedOut) return App.signedOut();
      perDay = grid = waits = null;
      problem = Api.periodProblem(e);
    }
    render();
  }

  function open(name, chosenFrom, chosenTo) {
    close();
    branch = name;
    ({ from, to } = period.open(chosenFrom, chosenTo));
    perDay = grid = waits = problem = null;
    App.show("trends");
    render();
    if (from > to || days().length - 1 > MAX_DAYS) {
      problem = { key: "trend.too_long", args: { n: I18n.number(MAX_DAYS) } };
      return render();
    }
    load(generation);
  }

  function close() {
    generation += 1;
  }

  return { open, close, render };
})();
