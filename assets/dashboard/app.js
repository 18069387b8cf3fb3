// The dashboard's frame: who is signed in, which view shows (from the address: #/ is every
// branch, #/branch/NAME?day=D one branch, #/fairness/NAME?from=D&to=D its fairness and audit,
// #/trends/NAME?from=D&to=D its trends, #/trends the whole chain's), the language, signing out.
"use strict";

const App = (() => {
  const VIEWS = ["signin", "overview", "branch", "fairness", "trends"];
  let user = null;     // {name, role} while signed in
  let notice = null;   // a word for the person above the view, e.g. "you have signed out"

  function show(view) {
    document.getElementById("loading").hidden = true;
    for (const v of VIEWS) document.getElementById(`view-${v}`).hidden = v !== view;
    const heading = document.querySelector(`#view-${view} h1`);
    if (heading && view !== "signin") heading.focus();
  }

  function renderFrame() {
    const signedIn = user !== null;
    document.getElementById("nav-overview").hidden = !signedIn;
    document.getElementById("sign-out").hidden = !signedIn;
    const who = document.getElementById("who");
    who.hidden = !signedIn;
    const role = signedIn && user.role === "supervisor" ? I18n.t("role.supervisor") : I18n.t("role.viewer");
    who.textContent = signedIn ? I18n.t("nav.signed_in", { name: user.name, role }) : "";
    const line = document.getElementById("notice");
    line.hidden = notice === null;
    line.textContent = notice === null ? "" : I18n.t(notice);
    document.getElementById("language").value = I18n.current();
  }

  function route() {
    Overview.close();
    Branch.close();
    Fairness.close();
    Trends.close();
    renderFrame();
    if (user === null) return SignIn.open();
    const match = /^#\/branch\/([^?]+)(?:\?day=([0-9-]+))?$/.exec(location.hash);
    if (match) return Branch.open(decodeURIComponent(match[1]), match[2]);
    const fair = /^#\/fairness\/([^?]+)(?:\?from=([0-9-]+)&to=([0-9-]+))?$/.exec(location.hash);
    if (fair) return Fairness.open(decodeURIComponent(fair[1]), fair[2], fair[3]);
    const trends = /^#\/trends(?:\/([^?]+))?(?:\?from=([0-9-]+)&to=([0-9-]+))?$/.exec(location.hash);
    if (trends) return Trends.open(decodeURIComponent(trends[1] || ""), trends[2], trends[3]);
    return Overview.open();
  }

  function signedIn(who) {
    user = who;
    notice = null;
    route();
  }

  // The session is over (signed out here, idle too long, or ended elsewhere).
  function signedOut(word = "signin.ended") {
    user = null;
    notice = word;
    route();
  }

  async function changeLanguage(event) {
    await I18n.use(event.target.value);
    renderFrame();
    SignIn.render();
    Overview.render();
    if (!document.getElementById("view-branch").hidden) Branch.render();
    if (!document.getElementById("view-fairness").hidden) Fairness.render();
    if (!document.getElementById("view-trends").hidden) Trends.render();
  }

  async function start() {
    await I18n.use(I18n.initial());
    try {
      user = await Api.me();
    } catch (e) {  // HQ not reached: the sign-in form, which says so when it is used
      user = null;
    }
    document.getElementById("language").addEventListener("change", changeLanguage);
    document.getElementById("sign-out").addEventListener("click", async () => {
      await Api.signOut();
      signedOut("signin.signed_out");
    });
    window.addEventListener("hashchange", route);
    route();
  }

  document.addEventListener("DOMContentLoaded", start);
  return { show, signedIn, signedOut, role: () => (user ? user.role : null) };
})();
