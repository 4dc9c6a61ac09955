// The sample's DPoP client (RFC 9449), as a non-browser API client would do it: a P-256 key pair made by WebCrypto
// (the private key is not extractable), a login with a proof, and a fresh proof for every call, naming the call's
// method and URL and the hash of the token it sends. The token lives in this closure only, for the demo.
"use strict";

(function () {
  const state = { keys: null, jwk: null, token: null };
  const $ = (id) => document.getElementById(id);
  const encoder = new TextEncoder();

  function base64url(bytes) {
    let text = "";
    for (const byte of new Uint8Array(bytes)) { text += String.fromCharCode(byte); }
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  async function newKey() {
    state.keys = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
    const full = await crypto.subtle.exportKey("jwk", state.keys.publicKey);
    state.jwk = { kty: full.kty, crv: full.crv, x: full.x, y: full.y };
  }

  // The DPoP header: header {typ, alg, jwk}, claims {jti, htm, htu, iat, ath}; WebCrypto's ECDSA signature is r || s,
  // which is what JWS wants.
  async function proof(method, url, token) {
    const claims = { jti: crypto.randomUUID(), htm: method, htu: url, iat: Math.floor(Date.now() / 1000) };
    if (token) { claims.ath = base64url(await crypto.subtle.digest("SHA-256", encoder.encode(token))); }
    const input = base64url(encoder.encode(JSON.stringify({ typ: "dpop+jwt", alg: "ES256", jwk: state.jwk }))) + "."
      + base64url(encoder.encode(JSON.stringify(claims)));
    const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, state.keys.privateKey, encoder.encode(input));
    return input + "." + base64url(signature);
  }

  // The URL a proof names: absolute, without query or fragment.
  function absolute(path) {
    const url = new URL(path, document.baseURI);
    return url.origin + url.pathname;
  }

  async function show(response) {
    const body = await response.text();
    $("dpop-result").textContent = response.status + " " + body;
  }

  async function login(event) {
    event.preventDefault();
    await newKey();
    const url = absolute("auth/login");
    const response = await fetch(url, {
      method: "POST", credentials: "omit", cache: "no-store",
      headers: { "Content-Type": "application/json", "DPoP": await proof("POST", url, null) },
      body: JSON.stringify({ u: $("dpop-username").value, p: $("dpop-password").value })
    });
    $("dpop-password").value = "";
    if (response.status !== 200) { await show(response); return; }
    const tokens = await response.json();
    state.token = tokens.accessToken;
    $("dpop-token-type").textContent = tokens.tokenType;
    $("dpop-jkt").textContent = JSON.parse(atob(state.token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).cnf.jkt;
    $("dpop-result").textContent = "Signed in with a DPoP-bound token; its renewal token is not kept by this demo.";
    $("dpop-call-button").disabled = false;
    $("dpop-bearer-button").disabled = false;
  }

  async function call(withProof) {
    const url = absolute("api/me");
    const headers = withProof
      ? { "Authorization": "DPoP " + state.token, "DPoP": await proof("GET", url, state.token) }
      : { "Authorization": "Bearer " + state.token };
    await show(await fetch(url, { headers, credentials: "omit", cache: "no-store" }));
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("dpop-form").addEventListener("submit", login);
    $("dpop-call-button").addEventListener("click", () => call(true));
    $("dpop-bearer-button").addEventListener("click", () => call(false));
  });
})();
