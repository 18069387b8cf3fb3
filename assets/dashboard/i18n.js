// The dashboard's words and formats. Words come from strings/<language>.txt (`key = text` lines,
// as the kiosk's own strings); numbers, times and dates go through Intl in the chosen language.
// The choice is remembered in this browser (localStorage). The kiosk's own words (its board's
// cells, the kinds of reception, skips, void reasons: what its audit log says) come from
// explain/<language>.txt, the kiosk's strings file itself, so HQ says a decision as the kiosk does.
"use strict";

const I18n = (() => {
  const LANGUAGES = ["zh-CN", "en"];
  const REMEMBERED = "hq-dashboard-language";
  let language = "en";
  let words = new Map();
  let kioskWords = new Map();

  // `key = text` lines; the kiosk's loader also takes `key=text`, so the first "=" splits.
  function parse(text) {
    const table = new Map();
    for (const line of text.split("\n")) {
      if (line.trimStart().startsWith("#")) continue;
      const eq = line.indexOf("=");
      if (eq > 0) table.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
    }
    return table;
  }

  async function load(path) {
    const answer = await fetch(path);
    if (!answer.ok) throw new Error(`${path}: ${answer.status}`);
    return parse(await answer.text());
  }

  // The remembered language, else the browser's if it is Chinese, else English.
  function initial() {
    let remembered = null;
    try { remembered = localStorage.getItem(REMEMBERED); } catch (e) { /* storage off: not remembered */ }
    if (LANGUAGES.includes(remembered)) return remembered;
    return (navigator.language || "").toLowerCase().startsWith("zh") ? "zh-CN" : "en";
  }

  async function use(choice) {
    const wanted = LANGUAGES.includes(choice) ? choice : "en";
    // Without the kiosk's words (a dashboard folder copied without its links) the pages still
    // work, showing those words' keys.
    [words, kioskWords] = await Promise.all([load(`strings/${wanted}.txt`), load(`explain/${wanted}.txt`).catch(() => new Map())]);
    language = wanted;
    try { localStorage.setItem(REMEMBERED, wanted); } catch (e) { /* storage off: not remembered */ }
    document.documentElement.lang = wanted;
    document.title = t("app.title");
    apply(document);
  }

  // The words of `key` with each {name} filled from `args`; the key itself if it is missing,
  // so that a missing word shows as such rather than as nothing.
  function fill(text, key, args) {
    if (text === undefined) return key;
    return text.replace(/\{([a-z_]+)\}/g, (all, name) => (args && name in args ? String(args[name]) : all));
  }
  const t = (key, args) => fill(words.get(key), key, args);
  // The kiosk's words for `key` (assets/strings), e.g. kiosk("skip.busy", {m: "王丽"}).
  const kiosk = (key, args) => fill(kioskWords.get(key), key, args);

  // Every element marked data-i18n="key" gets its words.
  function apply(root) {
    for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  }

  const number = (n) => new Intl.NumberFormat(language).format(n);
  const time = (date) => new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(date);
  // A moment: its time if it is today, else its date and time.
  function moment(date) {
    const today = new Date().toDateString() === date.toDateString();
    const options = today ? { hour: "2-digit", minute: "2-digit" }
                          : { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" };
    return new Intl.DateTimeFormat(language, options).format(date);
  }
  const day = (isoDay) => new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${isoDay}T00:00:00Z`));
  // "12 seconds ago", "3 minutes ago": seconds before now, in the largest whole unit.
  function ago(seconds) {
    const format = new Intl.RelativeTimeFormat(language, { numeric: "always" });
    if (seconds < 60) return format.format(-Math.max(0, Math.round(seconds)), "second");
    if (seconds < 3600) return format.format(-Math.floor(seconds / 60), "minute");
    if (seconds < 86400) return format.format(-Math.floor(seconds / 3600), "hour");
    return format.format(-Math.floor(seconds / 86400), "day");
  }

  return { initial, use, t, kiosk, apply, number, time, moment, day, ago, current: () => language };
})();
