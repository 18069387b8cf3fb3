// The sign-in view: a name and a password. Five wrong passwords in a row lock the name for a
// while (HQ counts them); the page then says until when.
"use strict";

const SignIn = (() => {
  const form = () => document.getElementById("signin-form");
  const error = () => document.getElementById("signin-error");
  let shown = null;  // what the error line says: {key, args}, kept to say it again in another language

  function render() {
    error().textContent = shown ? I18n.t(shown.key, shown.args) : "";
  }

  function open() {
    shown = null;
    render();
    App.show("signin");
    document.getElementById("signin-name").focus();
  }

  async function submit(event) {
    event.preventDefault();
    const name = document.getElementById("signin-name");
    const password = document.getElementById("signin-password");
    let answer;
    try {
      answer = await Api.signIn(name.value.trim(), password.value);
    } catch (e) {  // HQ not reached at all
      answer = { ok: false, status: "?", body: {} };
    }
    password.value = "";
    if (answer.ok) {
      App.signedIn(answer.body);
      return;
    }
    if (answer.body.locked_until) shown = { key: "signin.locked", args: { until: I18n.moment(new Date(answer.body.locked_until)) } };
    else if (answer.status === 401) shown = { key: "signin.wrong" };
    else shown = { key: "app.failed", args: { status: answer.status } };
    render();
    password.focus();
  }

  document.addEventListener("DOMContentLoaded", () => form().addEventListener("submit", submit));
  return { open, render };
})();
