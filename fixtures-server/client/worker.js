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
// Area "proposals": the shim's worker side, loaded at top level so its message listener is
// registered during the first evaluation (hooks are defined further down).
if (B.crossOrigin) importScripts(new URL(SHIM_PATH + 'swc-connect-worker.js', self.location.href).href);

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

// Area "caches": what the worker does with its caches is reported as "cache" entries
// {worker, op, target, result} (contract CacheEventObservation).
function reportCache(op, target, result) {
  return report('cache', { op: op, target: target, result: result });
}

self.addEventListener('install', function (event) {
  if (!tracked && self.registration) track(self.registration.installing);
  var cfg = B.install || {};
  var p = report('install', {});
  if (cfg.skipWaiting) self.skipWaiting().catch(function () {});
  if (cfg.addAll) {
    var add = cfg.addAll;
    p = p.then(function () {
      return caches.open(add.cacheName).then(function (c) { return c.addAll(add.urls); }).then(
        function () { return reportCache('addAll', add.cacheName, 'ok'); },
        function (e) { return reportCache('addAll', add.cacheName, errorName(e)).then(function () { throw e; }); }
      );
    });
  }
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
  if (cfg.keepCaches) {
    var keep = cfg.keepCaches;
    p = p.then(function () { return caches.keys(); }).then(function (names) {
      return Promise.all(Array.prototype.filter.call(names, function (n) { return keep.indexOf(n) === -1; }).map(function (n) {
        return caches.delete(n).then(function (ok) { return reportCache('deleteCache', n, String(ok)); });
      }));
    });
  }
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
      case 'cache':
      case 'network-first':
        event.respondWith(cacheAction(event, action));
        return;
    }
  });
}

// Area "caches": the cache fetch actions (contract FetchAction "cache", "network-first"). What
// respondWith gets: a cached response, the network's, or undefined (a miss: a network error).
function matchOptions(action) {
  var opts = {};
  var o = action.options || {};
  Object.keys(o).forEach(function (k) { opts[k] = o[k]; });
  if (action.cacheName !== undefined) opts.cacheName = action.cacheName;
  return opts;
}

function served(url, source, response) {
  return reportCache('serve', url, source).then(function () { return response; });
}

// cache.put(event.request, response.clone()) into `store`, reported; a rejection is caught.
function storeResponse(request, store, response) {
  if (store === undefined) return Promise.resolve();
  var copy = response.clone();
  return caches.open(store).then(function (c) { return c.put(request, copy); }).then(
    function () { return reportCache('put', request.url, 'ok'); },
    function (e) { return reportCache('put', request.url, errorName(e)); }
  );
}

function fromNetwork(request, store) {
  return fetch(request).then(function (r) {
    return storeResponse(request, store, r).then(function () { return served(request.url, 'network', r); });
  });
}

function cacheAction(event, action) {
  var request = event.request;
  if (action.kind === 'cache') {
    return caches.match(action.url !== undefined ? action.url : request, matchOptions(action)).then(function (r) {
      if (r) return served(request.url, 'cache', r);
      if (action.miss !== 'network') return served(request.url, 'miss', undefined);
      return fromNetwork(request, action.store).then(null, function (e) {
        return served(request.url, 'miss', undefined).then(function () { throw e; });
      });
    }, function (e) {
      return served(request.url, 'miss', undefined).then(function () { throw e; });
    });
  }
  // network-first: the network's response, else the cache's (fallback URL or the request).
  return fromNetwork(request, action.store).then(null, function () {
    return caches.match(action.fallback !== undefined ? action.fallback : request, matchOptions(action)).then(function (r) {
      return served(request.url, r ? 'cache' : 'miss', r);
    }, function () {
      return served(request.url, 'miss', undefined);
    });
  });
}

// The agent's "message" step: answer {version, state} on the transferred port (or to the source).
// The agent's "probeNative" step: answer which native service-worker names are there.
self.addEventListener('message', function (event) {
  var m = event.data;
  if (m && m.swc === 1 && m.kind === 'probe') {
    var probed = { swc: 1, kind: 'probed', version: VERSION, present: probeNative() };
    if (event.ports && event.ports[0]) event.ports[0].postMessage(probed);
    return;
  }
  if (!m || m.swc !== 1 || m.kind !== 'ping') return;
  var reply = { swc: 1, kind: 'pong', version: VERSION, state: tracked ? tracked.state : null };
  if (event.ports && event.ports[0]) event.ports[0].postMessage(reply);
  else if (event.source) event.source.postMessage(reply);
});

// ---------------------------------------------------------------------------------------------
// Area "proposals" (model/scenario.ts CrossOriginBehaviour): the target worker of the cross-origin
// designs in ../shared/seeds/000_d8eb3ac6ef5d1746.txt. Through the shim (swc-connect-worker.js,
// imported above) and, where an engine has them, the designs' native events. Every decision is
// reported as a "crossorigin" entry {worker, event, origin, url, result, via}; the origin is the
// one the worker was given (the shim's endpoint takes it from MessageEvent.origin).

// Service-worker-side names of the designs' native APIs (model/proposals/history.ts, context
// "serviceworker"; model/test/proposals-probes.test.ts keeps the two in step).
var NATIVE_PROBES = {
  'navigator.connect (worker)': function () { return typeof navigator.connect === 'function'; },
  'navigator.services (worker)': function () { return 'services' in navigator; },
  'CrossOriginConnectEvent': function () { return typeof CrossOriginConnectEvent === 'function'; },
  'InstallEvent.prototype.registerForeignFetch': function () { return typeof InstallEvent === 'function' && typeof InstallEvent.prototype.registerForeignFetch === 'function'; },
  'ForeignFetchEvent': function () { return typeof ForeignFetchEvent === 'function'; },
  'self.onforeignfetch': function () { return 'onforeignfetch' in self; },
  'self.ports': function () { return 'ports' in self; },
  'self.stashPort': function () { return typeof self.stashPort === 'function'; },
  'StashedMessagePort': function () { return typeof StashedMessagePort === 'function'; },
  'StashedPortCollection': function () { return typeof StashedPortCollection === 'function'; },
};

function probeNative() {
  var present = {};
  Object.keys(NATIVE_PROBES).forEach(function (name) {
    try {
      present[name] = NATIVE_PROBES[name]() === true;
    } catch (e) {
      present[name] = false;
    }
  });
  return present;
}

if (B.crossOrigin) (function (CO) {
  function allowed(list, origin) {
    return !!list && (list.indexOf('*') !== -1 || list.indexOf(origin) !== -1);
  }
  function decided(event, origin, url, result, via) {
    return report('crossorigin', { event: event, origin: origin, url: url, result: result, via: via });
  }

  // navigator.connect (seed line 11): accept the listed origins. On the accepted port the worker
  // answers a hello with what it knows: its version, its registration's scope, the caller's origin.
  function serve(port, origin) {
    port.onmessage = function (e) {
      var m = e.data;
      if (!m || m.swc !== 1 || m.kind !== 'hello') return;
      port.postMessage({ swc: 1, kind: 'hello', worker: VERSION, scope: self.registration ? self.registration.scope : null, origin: origin });
    };
  }
  if (CO.connect) {
    self.onSWConnect = function (origin, connection) {
      var accept = allowed(CO.connect, origin);
      if (accept) serve(connection.port, origin);
      return decided('connect', origin, connection.url, accept ? 'accepted' : 'rejected', 'shim').then(function () { return accept; });
    };
  }

  // Look-aside fetch (seed lines 17, 23): answer the listed origins, decline the others.
  var L = CO.lookaside;
  function lookasideResult(origin) {
    if (!allowed(L.origins, origin)) return 'declined';
    var kind = (L.answer || { kind: 'respond' }).kind;
    return kind === 'respond' ? 'responded' : kind === 'error' ? 'error' : kind === 'forward' ? 'forwarded' : 'declined';
  }
  function lookasideResponse(request) {
    var a = L.answer || { kind: 'respond' };
    switch (a.kind) {
      case 'respond': {
        var init = {};
        if (a.status !== undefined) init.status = a.status;
        if (a.headers !== undefined) init.headers = a.headers;
        return new Response(a.body !== undefined ? a.body : 'sw:' + VERSION, init);
      }
      case 'error':
        return Response.error();
      case 'forward':
        return fetch(request);
      default:
        return undefined;
    }
  }
  if (L) {
    self.onSWLookasideFetch = function (request, origin) {
      var result = lookasideResult(origin);
      return decided('lookasidefetch', origin, request.url, result, 'shim').then(function () {
        return result === 'declined' ? undefined : lookasideResponse(request);
      });
    };
  }

  // The designs' native events, for an engine that ever ships them. None does (history.ts), so
  // this is written from the drafts and has never run: [UNSURE] about every name below.
  // navigator.connect draft: a "connect" event (Blink's experiment: "crossoriginconnect") with
  // the caller's origin, accepted through respondWith / acceptConnection.
  function onNativeConnect(e) {
    var origin = e.origin || (e.client && e.client.origin) || '';
    var url = e.targetURL || (e.client && e.client.targetUrl) || '';
    var accept = !!CO.connect && allowed(CO.connect, origin);
    var port = (e.ports && e.ports[0]) || e.source || null;
    if (accept && port && typeof port.postMessage === 'function') serve(port, origin);
    var decision = decided('connect', origin, url, accept ? 'accepted' : 'rejected', 'native').then(function () { return accept; });
    if (typeof e.acceptConnection === 'function') e.acceptConnection(decision);
    else if (typeof e.respondWith === 'function') e.respondWith(decision);
  }
  self.addEventListener('connect', onNativeConnect);
  self.addEventListener('crossoriginconnect', onNativeConnect);
  // Foreign fetch (Chrome's 2016 origin trial): registerForeignFetch({scopes, origins}) during
  // install, then "foreignfetch" events answered with respondWith({response, origin}).
  if (L) {
    self.addEventListener('install', function (event) {
      if (typeof event.registerForeignFetch !== 'function') return;
      try {
        event.registerForeignFetch({ scopes: [self.registration.scope], origins: L.origins.indexOf('*') !== -1 ? ['*'] : L.origins });
      } catch (e) { /* an engine whose foreign fetch differs: the check shows it */ }
    });
    self.addEventListener('foreignfetch', function (event) {
      var origin = event.origin || '';
      var result = lookasideResult(origin);
      var decision = decided('lookasidefetch', origin, event.request.url, result, 'native');
      if (result === 'declined') return;
      event.respondWith(decision.then(function () {
        return Promise.resolve(lookasideResponse(event.request)).then(function (response) {
          return { response: response, origin: origin };
        });
      }));
    });
  }
})(B.crossOrigin);
