// Choosing days in the page's language. A native <input type="date"> shows its date in the
// browser's own locale whatever the page's (mm/dd/yyyy in a Chinese page on an English
// browser), so a day is chosen here with three selects, year, month and day, in the order and
// words of the page's language (2026年 11月 4日; Nov 4 2026): keyboard-usable as any
// select, each named, the three grouped under their fieldset's legend. periodForm() is the
// from-to form of the pages that show a period (fairness, trends).
"use strict";

const Dates = (() => {
  const { el } = Dom;
  const YEARS_BACK = 10;  // years offered before this one (and the shown day's, if older)

  const isoDay = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  const dateOf = (iso) => new Date(`${iso}T00:00:00`);
  const isDay = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text || "") && isoDay(dateOf(text)) === text;
  const daysIn = (year, month) => new Date(year, month, 0).getDate();  // month 1-12
  const format = (options, date) => new Intl.DateTimeFormat(I18n.current(), options).format(date);

  // A day chooser in `fieldset` (which holds its legend): set(iso) chooses a day, draw() draws
  // the chooser in the page's language, value() is the day chosen, YYYY-MM-DD.
  function dayField(fieldset) {
    const parts = {
      year: el("select", { "data-part": "year" }),
      month: el("select", { "data-part": "month" }),
      day: el("select", { "data-part": "day" }),
    };
    const NAMES = { year: "date.year", month: "date.month", day: "date.day" };
    let y = 2000, m = 1, d = 1;
    let drawnIn = null;  // the language drawn in, null when a day has been set since: a view's
                         // redraw after each answer must not take the focus from a select

    const options = (first, last, words) => {
      const out = [];
      for (let n = first; n <= last; n++) out.push(el("option", { value: String(n), text: words(n) }));
      return out;
    };
    // The month's days (28 to 31), the day chosen kept within them.
    function drawDays() {
      const count = daysIn(y, m);
      d = Math.min(d, count);
      parts.day.replaceChildren(...options(1, count, (n) => format({ day: "numeric" }, new Date(2000, 0, n))));
      parts.day.value = String(d);
    }

    function draw() {
      if (drawnIn === I18n.current()) return;
      drawnIn = I18n.current();
      const now = new Date().getFullYear();
      parts.year.replaceChildren(...options(Math.min(y, now - YEARS_BACK), Math.max(y, now),
                                            (n) => format({ year: "numeric" }, new Date(n, 0, 1))));
      // Short month names: "12月" (a long one is "十二月", not what a Chinese date says), "Dec".
      parts.month.replaceChildren(...options(1, 12, (n) => format({ month: "short" }, new Date(2000, n - 1, 1))));
      parts.year.value = String(y);
      parts.month.value = String(m);
      drawDays();
      for (const [part, select] of Object.entries(parts)) select.setAttribute("aria-label", I18n.t(NAMES[part]));
      // The language's own order of year, month and day.
      const order = new Intl.DateTimeFormat(I18n.current(), { year: "numeric", month: "long", day: "numeric" })
        .formatToParts(new Date(2000, 10, 4)).map((p) => p.type).filter((t) => t in parts);
      const legend = fieldset.querySelector("legend");
      fieldset.replaceChildren(...(legend ? [legend] : []), ...order.map((t) => parts[t]));
    }

    function set(iso) {
      const date = dateOf(iso);
      [y, m, d] = [date.getFullYear(), date.getMonth() + 1, date.getDate()];
      drawnIn = null;
    }

    parts.year.addEventListener("change", () => { y = Number(parts.year.value); drawDays(); });
    parts.month.addEventListener("change", () => { m = Number(parts.month.value); drawDays(); });
    parts.day.addEventListener("change", () => { d = Number(parts.day.value); });
    return { set, draw, value: () => isoDay(new Date(y, m - 1, d)) };
  }

  // The period form `id` (a form #ID-form holding fieldsets #ID-from and #ID-to, and a submit
  // button) of a view that shows `days` days unless told otherwise. open(from, to) gives the
  // period an address asks for, each end that is not a day taken as the default (to: today;
  // from: `days` days up to `to`), and the form shows it; render() draws the form in the page's
  // language, keeping what is chosen; choosing goes to the address href(from, to).
  function periodForm(id, { days, href }) {
    const from = dayField(document.getElementById(`${id}-from`)), to = dayField(document.getElementById(`${id}-to`));
    document.getElementById(`${id}-form`).addEventListener("submit", (event) => {
      event.preventDefault();
      location.hash = href(from.value(), to.value());
    });
    function open(askedFrom, askedTo) {
      const end = isDay(askedTo) ? askedTo : isoDay(new Date());
      const start = dateOf(end);
      start.setDate(start.getDate() - (days - 1));
      const period = { from: isDay(askedFrom) ? askedFrom : isoDay(start), to: end };
      from.set(period.from);
      to.set(period.to);
      return period;
    }
    function render() {
      from.draw();
      to.draw();
    }
    return { open, render };
  }

  const today = () => isoDay(new Date());  // in the browser's local time

  return { dayField, periodForm, isoDay, dateOf, today };
})();
