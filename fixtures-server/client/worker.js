// sw-conformance generated service worker.
// This file is the body of a function whose one parameter, SWC = {run, behaviour}, is the scenario's
// WorkerBehaviour embedded as JSON by templates.ts. The body never changes, so the same behaviour
// always yields the same bytes (the update check then sees "no change"). It must stay valid both as a
// classic and as a module worker, and must not depend on anything but the ServiceWorkerGlobalScope.
'use strict';
var B = SWC.behaviour;
var VERSION = B.version;
var CONTROL_PATH = '/__sw-conformance/';
var SHIM_PATH = '/__swc-shim/';
var LOG_URL = new URL(CONTROL_PATH + 'log?__run=' + encodeURIComponent(SWC.run), self.location.href).href;

// Reports go to this worker's own origin. A fetch() made by a service worker is not itself
// intercepted by a service worker (its service-workers mode is "none"), so reporting never loops.
// Every report's data starts with {worker: VERSION}; the entry's source is "worker:" + VERSION.
function report(type, fields) {
  var data = { worker: VERSION };
  for (var k in fields) if (k !== 'worker') data[k] = fields[k];
  try {
    return fetch(LOG_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'worker:' + VERSION, type: type, data: data }),
      cache: 'no-store',
    }).then(function () {}, function () {});
  } catch (e) {
    return Promise.resolve();
  }
}

function delay(ms) {
  return new Promise(function (resolve) { setTimeout(resolve, ms); });
}

function errorName(e) {
  return e && typeof e.name === 'string' ? e.name : String(e);
}

self.__swcVersion = VERSION;

if (B.imports && B.imports.length) importScripts.apply(self, B.imports);
if (B.evaluationThrows) throw new Error('sw-conformance: script evaluation throws (' + VERSION + ')');

// statechange of this worker: self.serviceWorker where the engine has it, else the registration's
// installing worker as seen during the install event.
var tracked = null;
function track(worker) {
  if (!worker || tracked) return;
  tracked = worker;
  worker.addEventListener('statechange', function () {
    report('statechange', { state: worker.state });
  });
}
if (self.serviceWorker) track(self.serviceWorker);

self.addEventListener('install', function (event) {
  if (!tracked && self.registration) track(self.registration.installing);
  var cfg = B.install || {};
  var p = report('install', {});
  if (cfg.skipWaiting) self.skipWaiting().catch(function () {});
  if (cfg.delayMs) p = p.then(function () { return delay(cfg.delayMs); });
  if (cfg.outcome === 'reject') {
    p = p.then(function () { throw new Error('sw-conformance: install waitUntil rejects (' + VERSION + ')'); });
  }
  event.waitUntil(p);
  if (cfg.outcome === 'throw') throw new Error('sw-conformance: install listener throws (' + VERSION + ')');
});

self.addEventListener('activate', function (event) {
  var cfg = B.activate || {};
  var p = report('activate', {});
  if (cfg.delayMs) p = p.then(function () { return delay(cfg.delayMs); });
  if (cfg.claim) {
    p = p.then(function () { return self.clients.claim(); }).then(
      function () { return report('claim', { ok: true }); },
      function (e) { return report('claim', { ok: false, error: errorName(e) }); }
    );
  }
  if (cfg.outcome === 'reject') {
    p = p.then(function () { throw new Error('sw-conformance: activate waitUntil rejects (' + VERSION + ')'); });
  }
  event.waitUntil(p);
  if (cfg.outcome === 'throw') throw new Error('sw-conformance: activate listener throws (' + VERSION + ')');
});

function chooseAction(request) {
  var rules = (B.fetch && B.fetch.rules) || [];
  for (var i = 0; i < rules.length; i++) {
    var rule = rules[i];
    if (rule.urlContains !== undefined && request.url.indexOf(rule.urlContains) === -1) continue;
    if (rule.mode !== undefined && request.mode !== rule.mode) continue;
    return rule.action;
  }
  return B.fetch ? B.fetch.otherwise : { kind: 'fallback' };
}

// fetch: null → no listener at all; absent → a listener that falls back for everything.
if (B.fetch !== null) {
  self.addEventListener('fetch', function (event) {
    var request = event.request;
    var url = new URL(request.url);
    // The suite's own traffic (a controlled page's log reports, the shim's files) is not part of
    // any scenario: neither observed nor answered.
    if (url.origin === self.location.origin && (url.pathname.indexOf(CONTROL_PATH) === 0 || url.pathname.indexOf(SHIM_PATH) === 0)) return;
    var action = chooseAction(request);
    var observed = report('fetch', {
      url: request.url,
      mode: request.mode,
      redirect: request.redirect,
      destination: request.destination,
      clientId: event.clientId === undefined ? null : event.clientId,
      resultingClientId: event.resultingClientId === undefined ? null : event.resultingClientId,
      action: action.kind,
    });
    try { event.waitUntil(observed); } catch (e) { /* engine without FetchEvent.waitUntil */ }
    var init;
    switch (action.kind) {
      case 'fallback':
        return;
      case 'respond':
        init = {};
        if (action.status !== undefined) init.status = action.status;
        if (action.headers !== undefined) init.headers = action.headers;
        event.respondWith(new Response(action.body !== undefined ? action.body : 'sw:' + VERSION, init));
        return;
      case 'redirect':
        event.respondWith(Response.redirect(action.location, action.status !== undefined ? action.status : 302));
        return;
      case 'forward':
        event.respondWith(fetch(request));
        return;
      case 'fetch':
        init = {};
        if (action.redirect !== undefined) init.redirect = action.redirect;
        event.respondWith(fetch(action.url !== undefined ? action.url : request.url, init));
        return;
      case 'error':
        event.respondWith(Response.error());
        return;
      case 'cancel':
        event.preventDefault();
        return;
    }
  });
}

// The agent's "message" step: answer {version, state} on the transferred port (or to the source).
self.addEventListener('message', function (event) {
  var m = event.data;
  if (!m || m.swc !== 1 || m.kind !== 'ping') return;
  var reply = { swc: 1, kind: 'pong', version: VERSION, state: tracked ? tracked.state : null };
  if (event.ports && event.ports[0]) event.ports[0].postMessage(reply);
  else if (event.source) event.source.postMessage(reply);
});
