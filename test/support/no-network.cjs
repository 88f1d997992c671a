// Preload (`node --require`) that makes every network API record the attempt and throw, so a
// test can prove a process opens no connection and makes no request. Attempts are appended
// to the file named by POLICY_LENS_NETWORK_LOG (one JSON line each) before throwing, so
// they are seen even when the caller catches the error.
//
// Local IPC stays allowed: stdio pipes (the language server's transport) are never
// "connected", and a Unix socket or Windows pipe path is not the network.
"use strict";
const fs = require("node:fs");
const net = require("node:net");
const tls = require("node:tls");
const dns = require("node:dns");
const http = require("node:http");
const https = require("node:https");
const http2 = require("node:http2");
const dgram = require("node:dgram");

const logFile = process.env.POLICY_LENS_NETWORK_LOG;

function blocked(api, detail) {
  const entry = { api, detail: safeDetail(detail), pid: process.pid };
  if (logFile) fs.appendFileSync(logFile, JSON.stringify(entry) + "\n");
  const error = new Error(`network access blocked by the no-network guard: ${api}`);
  error.code = "ENETUNREACH";
  throw error;
}

function safeDetail(args) {
  try {
    return JSON.parse(JSON.stringify(args, (_, v) => (typeof v === "function" ? "[function]" : v))) ?? null;
  } catch {
    return String(args);
  }
}

/** True for a connect/listen target that is a local pipe or Unix socket path. */
function isLocalPath(args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === "string" && isNaN(Number(first))) return true;
  if (first && typeof first === "object" && typeof first.path === "string" && first.port === undefined) return true;
  return false;
}

function guard(owner, name, api = name, allow = () => false) {
  const original = owner[name];
  if (typeof original !== "function") return;
  owner[name] = function guarded(...args) {
    if (allow(args)) return original.apply(this, args);
    return blocked(api, args);
  };
}

guard(net.Socket.prototype, "connect", "net.Socket.connect", isLocalPath);
guard(net, "connect", "net.connect", isLocalPath);
guard(net, "createConnection", "net.createConnection", isLocalPath);
// Listening on a port would let others connect in; a handle or a pipe path is local.
guard(net.Server.prototype, "listen", "net.Server.listen", (args) => isLocalPath(args) || (args[0] && typeof args[0] === "object" && ("fd" in args[0] || "_handle" in args[0])));
guard(tls, "connect", "tls.connect");
for (const name of ["lookup", "lookupService", "resolve", "resolve4", "resolve6", "resolveAny", "resolveCname", "resolveMx", "resolveNs", "resolveTxt", "resolveSrv", "resolvePtr", "resolveNaptr", "resolveSoa", "resolveCaa", "reverse"]) {
  guard(dns, name, `dns.${name}`);
  if (dns.promises) guard(dns.promises, name, `dns.promises.${name}`);
  if (dns.Resolver) guard(dns.Resolver.prototype, name, `dns.Resolver.${name}`);
}
for (const [mod, label] of [
  [http, "http"],
  [https, "https"],
]) {
  guard(mod, "request", `${label}.request`);
  guard(mod, "get", `${label}.get`);
}
guard(http2, "connect", "http2.connect");
guard(dgram, "createSocket", "dgram.createSocket");
guard(globalThis, "fetch", "fetch");
if (typeof globalThis.WebSocket === "function") {
  globalThis.WebSocket = function WebSocket(...args) {
    return blocked("WebSocket", args);
  };
}
if (typeof globalThis.EventSource === "function") {
  globalThis.EventSource = function EventSource(...args) {
    return blocked("EventSource", args);
  };
}
