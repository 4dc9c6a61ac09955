// The sample's page: log in, call the API, renew before expiry, log out. Plain browser JavaScript, no
// libraries. The tokens live in this closure only (never in localStorage, sessionStorage or a cookie), so
// a reload or a closed tab ends the page's session.
"use strict";

(function () {
  const session = { access: null, renewal: null, expiresAt: 0, renewals: 0, timer: null };
  const $ = (id) => document.getElementById(id);

  function show(id, visible) { $(id).hidden = !visible; }
  function status(text) { $("status").textContent = text; }

  async function call(method, path, options) {
    const headers = { "Accept": "application/json" };
    if (options && options.token) { headers["Authorization"] = "Bearer " + options.token; }
    let body;
    if (options && options.json) { headers["Content-Type"] = "application/json"; body = JSON.stringify(options.json); }
    const response = await fetch(path, { method, headers, body, credentials: "omit", cache: "no-store" });
    let data = null;
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("application/json")) { data = await response.json(); }
    return { status: response.status, data, retryAfter: response.headers.get("Retry-After") };
  }

  function describe(reply) {
    if (reply.status === 200) { return JSON.stringify(reply.data, null, 2); }
    const code = reply.data && reply.data.error ? reply.data.error : "error";
    const message = reply.data && reply.data.message ? " (" + reply.data.message + ")" : "";
    return reply.status + " " + code + message;
  }

  function accept(tokens) {
    session.access = tokens.accessToken;
    session.renewal = tokens.renewalToken;
    session.expiresAt = Date.now() + tokens.expiresIn * 1000;
    $("expires-at").textContent = new Date(session.expiresAt).toLocaleTimeString() + " (in " + tokens.expiresIn + " s)";
    $("expires-at").dataset.epochMillis = String(session.expiresAt);
    scheduleRenewal(tokens.expiresIn);
  }

  // Renew shortly before expiry: a quarter of the lifetime ahead, at most a minute, at least one second.
  function scheduleRenewal(lifetimeSeconds) {
    clearTimeout(session.timer);
    const marginSeconds = Math.max(1, Math.min(60, lifetimeSeconds / 4));
    session.timer = setTimeout(renew, Math.max(0, (lifetimeSeconds - marginSeconds) * 1000));
  }

  async function renew() {
    if (!session.access) { return; }
    const reply = await call("POST", "auth/extendtoken", { token: session.access, json: { rtoken: session.renewal } });
    if (reply.status !== 200) {
      signedOut("Renewal refused: " + describe(reply) + ". Log in again.");
      return;
    }
    session.renewals += 1;
    $("renewals").textContent = String(session.renewals);
    $("renewal-status").textContent = "renewed at " + new Date().toLocaleTimeString();
    accept(reply.data);
    await refresh();
  }

  async function refresh() {
    const me = await call("GET", "api/me", { token: session.access });
    $("me-result").textContent = describe(me);
    const admin = await call("GET", "api/admin/stats", { token: session.access });
    $("admin-result").textContent = describe(admin);
  }

  function signedOut(message) {
    clearTimeout(session.timer);
    session.access = null;
    session.renewal = null;
    session.renewals = 0;
    $("renewals").textContent = "0";
    $("password").value = "";
    show("session-section", false);
    show("login-section", true);
    status(message);
  }

  async function login(event) {
    event.preventDefault();
    show("login-error", false);
    const reply = await call("POST", "auth/login", { json: { u: $("username").value, p: $("password").value } });
    $("password").value = "";
    if (reply.status !== 200) {
      let text = describe(reply);
      if (reply.status === 429 && reply.retryAfter) {
        text = "Too many attempts: wait " + reply.retryAfter + " s before trying again. " + text;
      }
      $("login-error").textContent = text;
      show("login-error", true);
      return;
    }
    $("display-name").textContent = reply.data.displayName;
    accept(reply.data);
    show("login-section", false);
    show("session-section", true);
    status("Logged in.");
    await refresh();
  }

  async function logout(all) {
    const reply = await call("POST", all ? "auth/logout?all=true" : "auth/logout", { token: session.access });
    signedOut(reply.status === 200 ? (all ? "Logged out of all sessions." : "Logged out.") : "Logout: " + describe(reply));
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("login-form").addEventListener("submit", login);
    $("refresh-button").addEventListener("click", refresh);
    $("logout-button").addEventListener("click", () => logout(false));
    $("logout-all-button").addEventListener("click", () => logout(true));
    status("Not logged in.");
  });
})();
