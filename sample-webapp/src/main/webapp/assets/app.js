// The sample's page: log in, call the API, renew before expiry, log out. Plain browser JavaScript, no
// libraries. It uses jwtauth's browser transport: the tokens live in HttpOnly cookies that this script
// cannot read, so no token is ever in JavaScript, and a reload keeps the user signed in. The script holds
// nothing secret: before every unsafe call it reads the CSRF token from the __Host-jwtauth-csrf cookie
// (which another site's page cannot read) and sends it as X-CSRF-Token.
"use strict";

(function () {
  const CSRF_COOKIE = "__Host-jwtauth-csrf";
  const session = { signedIn: false, expiresAt: 0, renewals: 0, timer: null };
  const $ = (id) => document.getElementById(id);

  function show(id, visible) { $(id).hidden = !visible; }
  function status(text) { $("status").textContent = text; }

  // The CSRF cookie also tells whether this browser holds a session: logout, in any tab, clears it.
  function csrfToken() {
    for (const part of document.cookie.split(";")) {
      const [name, value] = part.trim().split("=");
      if (name === CSRF_COOKIE && value) { return value; }
    }
    return null;
  }

  async function call(method, path, json) {
    const headers = { "Accept": "application/json" };
    if (method !== "GET") {
      const csrf = csrfToken();
      if (csrf) { headers["X-CSRF-Token"] = csrf; }
    }
    let body;
    if (json) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
    const response = await fetch(path, { method, headers, body, credentials: "same-origin", cache: "no-store" });
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

  function accept(reply) {
    session.signedIn = true;
    session.expiresAt = Date.now() + reply.expiresIn * 1000;
    $("expires-at").textContent = new Date(session.expiresAt).toLocaleTimeString() + " (in " + reply.expiresIn + " s)";
    $("expires-at").dataset.epochMillis = String(session.expiresAt);
    scheduleRenewal(reply.expiresIn);
  }

  // Renew shortly before expiry: a quarter of the lifetime ahead, at most a minute, at least one second.
  function scheduleRenewal(lifetimeSeconds) {
    clearTimeout(session.timer);
    const marginSeconds = Math.max(1, Math.min(60, lifetimeSeconds / 4));
    session.timer = setTimeout(renew, Math.max(0, (lifetimeSeconds - marginSeconds) * 1000));
  }

  // The renewal and access cookies go with the request by themselves; only the CSRF header is added.
  async function renew() {
    if (!session.signedIn || signedOutElsewhere()) { return; }
    const reply = await call("POST", "auth/extendtoken");
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
    const me = await call("GET", "api/me");
    if (me.status === 401) {
      signedOut("Signed out: " + describe(me) + ".");
      return;
    }
    $("me-result").textContent = describe(me);
    const admin = await call("GET", "api/admin/stats");
    $("admin-result").textContent = describe(admin);
    const clicks = await call("GET", "api/clicks");
    $("clicks-result").textContent = describe(clicks);
  }

  // An unsafe call: call() adds the X-CSRF-Token header, without which jwtauth answers 403 csrf.
  async function click() {
    const reply = await call("POST", "api/clicks");
    $("clicks-result").textContent = describe(reply);
  }

  function signedIn(displayName) {
    $("display-name").textContent = displayName;
    show("login-section", false);
    show("session-section", true);
  }

  function signedOut(message) {
    clearTimeout(session.timer);
    session.signedIn = false;
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
    const reply = await call("POST", "auth/login", { u: $("username").value, p: $("password").value, transport: "cookie" });
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
    accept(reply.data);
    signedIn(reply.data.displayName);
    status("Logged in.");
    await refresh();
  }

  // After a reload, or in a new tab: the cookies are still there. Renewing tells whether the session lives,
  // and how long the new access token does (the script cannot read the token's own expiry).
  async function resume() {
    if (!csrfToken()) {
      status("Not logged in.");
      return;
    }
    const reply = await call("POST", "auth/extendtoken");
    if (reply.status !== 200) {
      signedOut("Not logged in.");
      return;
    }
    accept(reply.data);
    const me = await call("GET", "api/me");
    signedIn(me.status === 200 ? me.data.name : "");
    status("Signed in (session resumed).");
    await refresh();
  }

  // A session signed in at an identity provider also ends there: jwtauth answers the provider's end-session URL,
  // and the provider sends the browser back to this page.
  async function logout(all) {
    const reply = await call("POST", all ? "auth/logout?all=true" : "auth/logout");
    signedOut(reply.status === 200 ? (all ? "Logged out of all sessions." : "Logged out.") : "Logout: " + describe(reply));
    if (reply.status === 200 && reply.data && reply.data.endSessionUrl) {
      status("Logged out here; now at the identity provider.");
      window.location.assign(reply.data.endSessionUrl);
    }
  }

  // "Sign in with ...": a plain link to jwtauth's sign-in endpoint for each provider the application offers.
  async function offerSignIn() {
    const reply = await call("GET", "api/public/sign-in");
    const providers = reply.status === 200 && reply.data ? reply.data.providers : [];
    const links = $("sign-in-links");
    for (const provider of providers) {
      const link = document.createElement("a");
      link.className = "button";
      link.id = "sign-in-" + provider;
      link.href = "auth/oidc/" + encodeURIComponent(provider) + "/login?return=" + encodeURIComponent(window.location.pathname);
      link.textContent = "Sign in with " + provider;
      links.appendChild(link);
    }
    show("sign-in-options", providers.length > 0);
  }

  // Logging out in another tab clears the cookies this tab shares: checked every second and before renewing.
  function signedOutElsewhere() {
    if (session.signedIn && !csrfToken()) {
      signedOut("Signed out in another tab.");
      return true;
    }
    return false;
  }

  function watchOtherTabs() {
    setInterval(signedOutElsewhere, 1000);
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("login-form").addEventListener("submit", login);
    $("refresh-button").addEventListener("click", refresh);
    $("click-button").addEventListener("click", click);
    $("logout-button").addEventListener("click", () => logout(false));
    $("logout-all-button").addEventListener("click", () => logout(true));
    watchOtherTabs();
    offerSignIn();
    resume();
  });
})();
