// HQ's API as the dashboard uses it: the session cookie goes with every request (same origin),
// and an answer 401 means the session is over, wherever it comes.
"use strict";

const Api = (() => {
  class SignedOut extends Error {}
  class Failed extends Error {
    constructor(status, why) { super(why || String(status)); this.status = status; }
  }

  async function json(answer) {
    try { return await answer.json(); } catch (e) { return {}; }
  }

  async function get(path) {
    const answer = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
    if (answer.status === 401) throw new SignedOut();
    if (!answer.ok) throw new Failed(answer.status, (await json(answer)).error);
    return answer.json();
  }

  // Who the cookie signs in ({name, role}), or null.
  async function me() {
    const answer = await fetch("/v1/session", { cache: "no-store" });
    return answer.ok ? answer.json() : null;
  }

  // {ok, status, body}: body is {name, role}, or {error, locked_until}.
  async function signIn(name, password) {
    const answer = await fetch("/v1/session", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name, password }),
    });
    return { ok: answer.ok, status: answer.status, body: await json(answer) };
  }

  async function signOut() {
    await fetch("/v1/session", { method: "DELETE" });
  }

  const branchPath = (branch) => `/v1/branches/${encodeURIComponent(branch)}`;

  // What to tell the reader when a read of a branch over a period failed: {key, args}.
  const periodProblem = (e) => (e.status === 404 ? { key: "branch.unknown" } : e.status === 400 ? { key: "fair.bad_period" }
                                                  : { key: "app.failed", args: { status: e.status || "?" } });

  return { SignedOut, Failed, get, me, signIn, signOut, branchPath, periodProblem };
})();
