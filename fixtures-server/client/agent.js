// sw-conformance in-page agent.
// This file is the body of a function whose one parameter, SWC = {run, role}, is embedded as JSON by
// templates.ts. It exposes window.__swc:
//   run(step)  → Promise of a StepResult-shaped value. The browser's answers (values, rejections by
//                error name) resolve; only a harness mistake (unknown step, missing frame, timeout)
//                rejects, so a harness error is never mistaken for a browser deviation.
//   info()     → {href, controller, secure}
//   reported   → Promise settled when the "page-load" report reached the log.
// Steps with `frame` run in that frame: same-origin frames directly, cross-origin ones through a
// postMessage relay to the frame's own agent.
// Area "proposals": connect, lookasideFetch and probeNative run the cross-origin shim (loaded from
// /__swc-shim/ on first use) or, with `native`, the engine's own API (see the section below).
'use strict';
var LOG_URL = '/__sw-conformance/log?__run=' + encodeURIComponent(SWC.run);
var SETTLE_TIMEOUT_MS = 30000;
var SETTLE_WAITING_GRACE_MS = 1000;
var FRAME_TIMEOUT_MS = 15000;
var RELAY_TIMEOUT_MS = SETTLE_TIMEOUT_MS + 5000;
var INFO_TIMEOUT_MS = 3000;

var container = null;
try {
  container = navigator.serviceWorker || null;
} catch (e) {
  container = null;
}
var frames = Object.create(null);
// Registration objects this document's register()/getRegistration() resolved with, by scope: an
// unregister step acts on that very object (a second unregister on it resolves false).
var registrations = Object.create(null);
var pending = Object.create(null);
var nextId = 1;

function errorName(e) {
  return e && typeof e.name === 'string' ? e.name : String(e);
}

function controllerOf(win) {
  try {
    var c = win.navigator.serviceWorker;
    return c && c.controller ? c.controller.scriptURL : null;
  } catch (e) {
    return null;
  }
}

function info() {
  return { href: location.href, controller: controllerOf(window), secure: window.isSecureContext === true };
}

function report(type, data) {
  try {
    return fetch(LOG_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // The server bounds a source to 2048 characters.
      body: JSON.stringify({ source: ('page:' + location.href).slice(0, 2048), type: type, data: data }),
      cache: 'no-store',
      keepalive: true,
    }).then(function () {}, function () {});
  } catch (e) {
    return Promise.resolve();
  }
}

function harnessError(message) {
  return new Error('sw-conformance agent: ' + message);
}

function unsupported() {
  return { unsupported: 'navigator.serviceWorker' };
}

function failed(e) {
  return { ok: false, error: errorName(e) };
}

function lookup(scope) {
  return scope === undefined ? container.getRegistration() : container.getRegistration(scope);
}

function remember(reg) {
  if (reg) registrations[reg.scope] = reg;
  return reg;
}

// The registration object for a scope: the remembered one, else what getRegistration(scope) finds.
function registrationFor(scope) {
  var key = null;
  try {
    var u = new URL(scope, location.href);
    u.hash = '';
    key = u.href;
  } catch (e) {
    key = null;
  }
  if (key !== null && registrations[key]) return Promise.resolve(registrations[key]);
  return lookup(scope).then(remember);
}

// Wait until the registration's newest worker is activated or redundant. A worker that installed
// while an active worker exists may legitimately stay waiting; after a short grace it counts as settled.
function settle(reg) {
  var deadline = Date.now() + SETTLE_TIMEOUT_MS;
  return new Promise(function (resolve, reject) {
    var timer = null;
    var watched = null;
    function detach() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (watched) watched.removeEventListener('statechange', next);
      watched = null;
    }
    function next() {
      detach();
      var w = reg.installing || reg.waiting || reg.active;
      if (!w || w.state === 'activated' || w.state === 'redundant') return resolve();
      var left = deadline - Date.now();
      if (left <= 0) {
        return reject(harnessError('register settle: the newest worker is still ' + w.state + ' after ' + SETTLE_TIMEOUT_MS + ' ms'));
      }
      watched = w;
      w.addEventListener('statechange', next);
      if (w.state === 'installed' && reg.active) {
        timer = setTimeout(function () { detach(); resolve(); }, Math.min(left, SETTLE_WAITING_GRACE_MS));
      } else {
        timer = setTimeout(next, left);
      }
    }
    next();
  });
}

function register(step) {
  if (!container) return Promise.resolve(unsupported());
  var options = {};
  var any = false;
  ['scope', 'type', 'updateViaCache'].forEach(function (k) {
    if (step[k] !== undefined) {
      options[k] = step[k];
      any = true;
    }
  });
  var p = any ? container.register(step.script, options) : container.register(step.script);
  return p.then(function (reg) {
    remember(reg);
    var result = { ok: true, scope: reg.scope };
    return step.settle ? settle(reg).then(function () { return result; }) : result;
  }, failed);
}

function getRegistration(step) {
  if (!container) return Promise.resolve(unsupported());
  return lookup(step.url).then(function (reg) {
    remember(reg);
    return { scope: reg ? reg.scope : null };
  }, failed);
}

function getRegistrations() {
  if (!container) return Promise.resolve(unsupported());
  return container.getRegistrations().then(function (regs) {
    return { scopes: Array.prototype.map.call(regs, function (r) { return r.scope; }) };
  }, failed);
}

function unregister(step) {
  if (!container) return Promise.resolve(unsupported());
  return registrationFor(step.scope).then(function (reg) {
    if (!reg) return { unregistered: false };
    return reg.unregister().then(function (ok) { return { unregistered: ok === true }; });
  }).then(null, failed);
}

function update(step) {
  if (!container) return Promise.resolve(unsupported());
  return lookup(step.scope).then(function (reg) {
    if (!reg) return { ok: false, error: 'NoRegistration' };
    return reg.update().then(function () { return { ok: true, scope: reg.scope }; });
  }).then(null, failed);
}

function fetchStep(step) {
  var init = {};
  if (step.redirect !== undefined) init.redirect = step.redirect;
  if (step.mode !== undefined) init.mode = step.mode;
  return fetch(step.url, init).then(function (res) {
    return res.text().then(function (text) {
      return { status: res.status, body: text.slice(0, 200), type: res.type, redirected: res.redirected, finalUrl: res.url };
    });
  }).then(null, function (e) { return { fetchError: errorName(e) }; });
}

function controller() {
  if (!container) return Promise.resolve(unsupported());
  return Promise.resolve({ controller: controllerOf(window) });
}

function ready(step) {
  if (!container) return Promise.resolve(unsupported());
  return new Promise(function (resolve) {
    var timer = setTimeout(function () { resolve({ ok: false, error: 'Timeout' }); }, step.timeoutMs || 5000);
    container.ready.then(function (reg) {
      clearTimeout(timer);
      resolve({ ok: true, scope: reg.scope });
    });
  });
}

function message(step) {
  if (!container) return Promise.resolve(unsupported());
  var target = step.target || 'controller';
  if (['controller', 'installing', 'waiting', 'active'].indexOf(target) === -1) {
    return Promise.reject(harnessError('message: unknown target ' + target));
  }
  var found = target === 'controller'
    ? Promise.resolve(container.controller)
    : lookup(step.scope).then(function (reg) { return reg ? reg[target] : null; });
  return found.then(function (worker) {
    if (!worker) return { ok: false, error: 'NoWorker' };
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      var timer = setTimeout(function () {
        channel.port1.close();
        resolve({ ok: false, error: 'Timeout' });
      }, step.timeoutMs || 5000);
      channel.port1.onmessage = function (event) {
        clearTimeout(timer);
        channel.port1.close();
        var d = event.data || {};
        resolve({ version: d.version, state: d.state });
      };
      worker.postMessage({ swc: 1, kind: 'ping' }, [channel.port2]);
    });
  }, failed);
}

// ---- area "proposals": the cross-origin shim (/__swc-shim/) and the designs' native APIs
// (model/scenario.ts: connect, lookasideFetch, probeNative). The shim is loaded on first use.

var SHIM_URL = '/__swc-shim/swc-connect.js';
var SHIM_TIMEOUT_MS = 10000;
var HELLO_TIMEOUT_MS = 5000;
var PROBE_TIMEOUT_MS = 5000;
var shim = null;

function loadShim() {
  if (window.SWConnect) return Promise.resolve(window.SWConnect);
  if (!shim) {
    shim = new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      var timer = setTimeout(function () { reject(harnessError('the shim ' + SHIM_URL + ' did not load within ' + SHIM_TIMEOUT_MS + ' ms')); }, SHIM_TIMEOUT_MS);
      script.onload = function () {
        clearTimeout(timer);
        if (window.SWConnect) resolve(window.SWConnect);
        else reject(harnessError('the shim loaded but defined no SWConnect'));
      };
      script.onerror = function () {
        clearTimeout(timer);
        reject(harnessError('the shim ' + SHIM_URL + ' did not load'));
      };
      script.src = SHIM_URL;
      (document.head || document.documentElement).appendChild(script);
    });
    shim.then(null, function () { shim = null; });
  }
  return shim;
}

function textOrNull(v) {
  return typeof v === 'string' ? v : null;
}

// A connected port: say hello; the accepting worker answers with its version, its registration's
// scope and the caller origin it was given. No answer within the bound: nulls (compared as such).
function hello(port) {
  return new Promise(function (resolve) {
    var timer = setTimeout(function () { done({ connected: true, worker: null, scope: null, origin: null }); }, HELLO_TIMEOUT_MS);
    function done(result) {
      clearTimeout(timer);
      port.onmessage = null;
      try { port.close(); } catch (e) { /* a port that cannot close is still done */ }
      resolve(result);
    }
    port.onmessage = function (event) {
      var m = event.data;
      if (!m || m.swc !== 1 || m.kind !== 'hello') return;
      done({ connected: true, worker: textOrNull(m.worker), scope: textOrNull(m.scope), origin: textOrNull(m.origin) });
    };
    port.postMessage({ swc: 1, kind: 'hello' });
  });
}

// The engine's own navigator.connect (the draft), or navigator.services.connect (its later name).
function nativeConnect() {
  var nav = navigator;
  if (typeof nav.connect === 'function') return function (url) { return nav.connect(url); };
  if (nav.services && typeof nav.services.connect === 'function') return function (url) { return nav.services.connect(url); };
  return null;
}

function connectStep(step) {
  if (typeof step.url !== 'string') return Promise.reject(harnessError('connect: a url is required'));
  if (step.native) {
    var connect = nativeConnect();
    if (!connect) return Promise.resolve({ unsupported: 'navigator.connect, navigator.services.connect' });
    return new Promise(function (resolve) { resolve(connect(step.url)); }).then(hello, failed);
  }
  return loadShim().then(function (SWConnect) {
    return SWConnect.connect(step.url).then(hello, failed);
  });
}

function responseResult(res) {
  return res.text().then(function (text) { return { status: res.status, body: text.slice(0, 200) }; });
}

function fetchFailed(e) {
  return { fetchError: errorName(e) };
}

function lookasideStep(step) {
  if (typeof step.url !== 'string') return Promise.reject(harnessError('lookasideFetch: a url is required'));
  if (step.fallback !== 'local' && step.fallback !== 'universal') {
    return Promise.reject(harnessError('lookasideFetch: fallback must be "local" or "universal"'));
  }
  var universal = step.fallback === 'universal';
  if (step.native) {
    // Local look-aside never had a native API. Universal look-aside's native form is foreign
    // fetch: a plain fetch() that a worker of the URL's origin opted into (registerForeignFetch).
    if (!universal) return Promise.resolve({ unsupported: 'local look-aside fetch: no native API was ever specified' });
    return probeWorker().then(function (present) {
      if (present['InstallEvent.prototype.registerForeignFetch'] !== true) {
        return { unsupported: 'foreign fetch: InstallEvent.prototype.registerForeignFetch' };
      }
      return fetch(step.url).then(responseResult).then(null, fetchFailed);
    });
  }
  return loadShim().then(function (SWConnect) {
    var lookaside = universal ? SWConnect.universalFetch : SWConnect.localFetch;
    return lookaside(step.url).then(responseResult).then(null, fetchFailed);
  });
}

// Window-side names of the designs' native APIs, and each design's names (model/proposals/
// history.ts probes; model/test/proposals-probes.test.ts keeps them in step). Service-worker-side
// names are probed by the generated worker (client/worker.js NATIVE_PROBES).
var NATIVE_WINDOW_PROBES = {
  'navigator.connect': function () { return typeof navigator.connect === 'function'; },
  'navigator.services': function () { return 'services' in navigator; },
  'ServicePort': function () { return typeof ServicePort === 'function'; },
  '<link rel=serviceworker>': function () { return !!document.createElement('link').relList && document.createElement('link').relList.supports('serviceworker'); },
};
var NATIVE_DESIGNS = {
  'navigator-connect': ['navigator.connect', 'navigator.services', 'ServicePort', 'navigator.connect (worker)', 'navigator.services (worker)', 'CrossOriginConnectEvent'],
  'local-lookaside-fetch': [],
  'universal-lookaside-fetch': ['InstallEvent.prototype.registerForeignFetch', 'ForeignFetchEvent', 'self.onforeignfetch', '<link rel=serviceworker>'],
  'stashed-message-ports': ['self.ports', 'self.stashPort', 'StashedMessagePort', 'StashedPortCollection'],
};

// The service-worker-side names, answered by this origin's active (generated) worker for this document.
function probeWorker() {
  if (!container) return Promise.reject(harnessError('probe: no navigator.serviceWorker here to reach a worker'));
  return container.getRegistration().then(function (reg) {
    var worker = reg && reg.active;
    if (!worker) throw harnessError('probe: no active service worker for this document to probe the service-worker names (register one first)');
    return new Promise(function (resolve, reject) {
      var channel = new MessageChannel();
      var timer = setTimeout(function () {
        channel.port1.close();
        reject(harnessError('probe: the worker did not answer within ' + PROBE_TIMEOUT_MS + ' ms'));
      }, PROBE_TIMEOUT_MS);
      channel.port1.onmessage = function (event) {
        clearTimeout(timer);
        channel.port1.close();
        var d = event.data || {};
        resolve(d.present && typeof d.present === 'object' ? d.present : {});
      };
      worker.postMessage({ swc: 1, kind: 'probe' }, [channel.port2]);
    });
  });
}

function probeNativeStep(step) {
  var names = Object.prototype.hasOwnProperty.call(NATIVE_DESIGNS, step.design) ? NATIVE_DESIGNS[step.design] : null;
  if (!names) return Promise.reject(harnessError('probeNative: unknown design ' + step.design));
  if (names.length === 0) return Promise.resolve({ unsupported: step.design + ': no native API was ever specified' });
  var inWindow = function (name) { return Object.prototype.hasOwnProperty.call(NATIVE_WINDOW_PROBES, name); };
  var needsWorker = names.some(function (name) { return !inWindow(name); });
  return (needsWorker ? probeWorker() : Promise.resolve({})).then(function (sw) {
    var present = names.filter(function (name) {
      if (!inWindow(name)) return sw[name] === true;
      try { return NATIVE_WINDOW_PROBES[name]() === true; } catch (e) { return false; }
    });
    if (present.length === 0) return { unsupported: step.design + ': ' + names.join(', ') + ' absent' };
    return { native: { design: step.design, present: present } };
  });
}

// ---- area "caches": Cache and CacheStorage methods (contract/scenario.ts `cache` and `caches`
// steps). A cache step calls its method on caches.open(cacheName) (with `reuse`: the Cache object
// the last caches.open step for that name resolved with), with a Request object built first when
// the request is not a string, then the Response for put. Rejections are answers {ok: false, error}.

var openedCaches = Object.create(null);

function cacheStorage() {
  try {
    return typeof caches === 'undefined' || !caches ? null : caches;
  } catch (e) {
    return null;
  }
}

function buildRequest(init) {
  if (typeof init === 'string') return init;
  var opts = {};
  if (init.method !== undefined) opts.method = init.method;
  if (init.headers !== undefined) opts.headers = init.headers;
  return new Request(init.url, opts);
}

function consumed(response, used) {
  return used ? response.text().then(function () { return response; }) : Promise.resolve(response);
}

// The put step's Response; {fetchError} when a fetched one rejects.
function buildResponse(init) {
  switch (init.from) {
    case 'new': {
      var opts = {};
      if (init.status !== undefined) opts.status = init.status;
      if (init.headers !== undefined) opts.headers = init.headers;
      return consumed(new Response(init.body === undefined ? null : init.body, opts), init.used);
    }
    case 'fetch': {
      var fopts = {};
      if (init.mode !== undefined) fopts.mode = init.mode;
      return fetch(init.url, fopts).then(function (r) { return consumed(r, init.used); }, function (e) { return { fetchError: errorName(e) }; });
    }
    case 'error':
      return Promise.resolve(Response.error());
    case 'redirect':
      return Promise.resolve(init.status === undefined ? Response.redirect(new URL(init.location, location.href).href) : Response.redirect(new URL(init.location, location.href).href, init.status));
    default:
      return Promise.reject(harnessError('cache: unknown response kind ' + init.from));
  }
}

function responseView(r) {
  return r.text().then(function (text) {
    return { status: r.status, type: r.type, url: r.url, body: text.slice(0, 200) };
  });
}

function matchResult(r) {
  return r === undefined || r === null ? { response: null } : responseView(r).then(function (v) { return { response: v }; });
}

function done() {
  return { done: true };
}

function cacheStep(step) {
  var cs = cacheStorage();
  if (!cs) return Promise.resolve({ unsupported: 'caches' });
  var opened;
  if (step.reuse) {
    if (!openedCaches[step.cacheName]) return Promise.reject(harnessError('cache: no Cache object for "' + step.cacheName + '" (open it with a caches step first)'));
    opened = Promise.resolve(openedCaches[step.cacheName]);
  } else {
    opened = cs.open(step.cacheName);
  }
  return opened.then(function (cache) {
    var req = step.request === undefined ? undefined : buildRequest(step.request);
    var opts = step.options;
    switch (step.op) {
      case 'match': return cache.match(req, opts).then(matchResult);
      case 'matchAll':
        return cache.matchAll(req, opts).then(function (rs) {
          return Promise.all(Array.prototype.map.call(rs, responseView)).then(function (views) { return { responses: views }; });
        });
      case 'keys':
        return cache.keys(req, opts).then(function (rs) { return { urls: Array.prototype.map.call(rs, function (r) { return r.url; }) }; });
      case 'delete': return cache.delete(req, opts).then(function (v) { return { value: v }; });
      case 'add': return cache.add(req).then(done);
      case 'addAll': return cache.addAll(step.requests.map(buildRequest)).then(done);
      case 'put':
        return buildResponse(step.response).then(function (built) {
          if (built && built.fetchError !== undefined) return built;
          return cache.put(req, built).then(done);
        });
      default: throw harnessError('cache: unknown op ' + step.op);
    }
  }).then(null, function (e) {
    if (e && typeof e.message === 'string' && e.message.indexOf('sw-conformance agent:') === 0) throw e;
    return failed(e);
  });
}

function cachesStep(step) {
  var cs = cacheStorage();
  if (!cs) return Promise.resolve({ unsupported: 'caches' });
  return new Promise(function (resolve) {
    switch (step.op) {
      case 'match': {
        var opts = {};
        var any = false;
        Object.keys(step.options || {}).forEach(function (k) { opts[k] = step.options[k]; any = true; });
        if (step.cacheName !== undefined) { opts.cacheName = step.cacheName; any = true; }
        var req = buildRequest(step.request);
        resolve((any ? cs.match(req, opts) : cs.match(req)).then(matchResult));
        return;
      }
      case 'has': resolve(cs.has(step.cacheName).then(function (v) { return { value: v }; })); return;
      case 'open':
        resolve(cs.open(step.cacheName).then(function (c) { openedCaches[step.cacheName] = c; return done(); }));
        return;
      case 'delete': resolve(cs.delete(step.cacheName).then(function (v) { return { value: v }; })); return;
      case 'keys': resolve(cs.keys().then(function (names) { return { names: Array.prototype.slice.call(names) }; })); return;
      default: throw harnessError('caches: unknown op ' + step.op);
    }
  }).then(null, function (e) {
    if (e && typeof e.message === 'string' && e.message.indexOf('sw-conformance agent:') === 0) throw e;
    return failed(e);
  });
}

// ---- frames

function relay(win, msg, timeoutMs) {
  return new Promise(function (resolve, reject) {
    var id = nextId++;
    var timer = setTimeout(function () {
      delete pending[id];
      reject(harnessError('no answer from a cross-origin frame within ' + timeoutMs + ' ms (is the agent in its document?)'));
    }, timeoutMs);
    pending[id] = {
      win: win,
      resolve: function (r) { clearTimeout(timer); resolve(r); },
      reject: function (e) { clearTimeout(timer); reject(e); },
    };
    msg.swc = 1;
    msg.id = id;
    win.postMessage(msg, '*');
  });
}

// Engine error pages that a same-origin parent can still read (a navigation that ended in a
// network error). Chromium's error pages are cross-origin (chrome-error://) and cannot be told apart
// from a cross-origin document without the agent: those reject as a harness error.
var ERROR_PAGE = /^(chrome-error:|about:neterror|about:certerror|about:blocked)/;

function frameInfo(iframe) {
  var win = iframe.contentWindow;
  if (!win) return Promise.reject(harnessError('frame ' + iframe.name + ' has no window'));
  var href;
  var documentURI = '';
  try {
    href = win.location.href;
    documentURI = (win.document && win.document.documentURI) || '';
  } catch (e) {
    return relay(win, { kind: 'info' }, INFO_TIMEOUT_MS).then(function (i) {
      return { url: i.href, controller: i.controller };
    }, function () {
      // The harness can tell these apart through the engine (e.g. Playwright's frame URLs).
      var e = harnessError('frame ' + iframe.name + ' shows a cross-origin document that does not answer: an engine error page, or a document without the agent');
      e.name = 'FrameUnreachable';
      throw e;
    });
  }
  if (ERROR_PAGE.test(href) || ERROR_PAGE.test(documentURI)) return Promise.resolve({ fetchError: 'NetworkError' });
  return Promise.resolve({ url: href, controller: controllerOf(win) });
}

// A frame step in two halves, so that a driver never waits inside one long script (classic
// WebDriver runs one script at a time): startFrame navigates and returns at once; frameState
// says whether the frame's load event came and what the frame shows then. run({do: 'frame'})
// waits for both (the harness's runner polls frameState itself: suites/harness/frame-navigation.ts).
var frameStates = Object.create(null);

function startFrame(step) {
  if (typeof step.frame !== 'string' || step.frame === '') throw harnessError('frame: a frame name is required');
  if (typeof step.url !== 'string') throw harnessError('frame: a url is required');
  var iframe = frames[step.frame];
  var created = !iframe;
  if (created) {
    iframe = document.createElement('iframe');
    iframe.name = step.frame;
    frames[step.frame] = iframe;
  }
  var state = { done: false, result: null, error: null, before: null };
  frameStates[step.frame] = state;
  var settle = function (result, error) {
    if (state.done || frameStates[step.frame] !== state) return;
    state.done = true;
    state.result = result;
    state.error = error;
  };
  var timer = setTimeout(function () {
    settle(null, harnessError('frame ' + step.frame + ' did not load within ' + FRAME_TIMEOUT_MS + ' ms'));
  }, FRAME_TIMEOUT_MS);
  iframe.addEventListener('load', function () {
    clearTimeout(timer);
    frameInfo(iframe).then(function (r) { settle(r, null); }, function (e) { settle(null, e); });
  }, { once: true });
  iframe.src = step.url;
  if (created) (document.body || document.documentElement).appendChild(iframe);
  // The document the frame shows before the navigation commits (null: cross-origin, unknown).
  state.before = documentOf(iframe);
  return { started: true };
}

function documentOf(iframe) {
  try {
    return (iframe.contentWindow && iframe.contentWindow.document) || null;
  } catch (e) {
    return null;
  }
}

/**
 * {done: false, unchanged} while the frame's navigation has not loaded (unchanged: the frame still
 * shows the very document it showed when the step started); then {done: true, result} or
 * {done: true, error: "<name>: <message>"}.
 */
function frameState(name) {
  var state = frameStates[name];
  if (!state) throw harnessError('no frame step started for ' + name);
  if (!state.done) return { done: false, unchanged: state.before !== null && documentOf(frames[name]) === state.before };
  return state.error !== null ? { done: true, error: errorName(state.error) + ': ' + String(state.error.message) } : { done: true, result: state.result };
}

function frameStep(step) {
  startFrame(step);
  var state = frameStates[step.frame];
  return new Promise(function (resolve, reject) {
    (function poll() {
      if (!state.done) return void setTimeout(poll, 20);
      if (state.error !== null) reject(state.error);
      else resolve(state.result);
    })();
  });
}

function inFrame(name, step) {
  var iframe = frames[name];
  if (!iframe) throw harnessError('no frame named ' + name + ' (create it with a frame step first)');
  var win = iframe.contentWindow;
  if (!win) throw harnessError('frame ' + name + ' has no window');
  var agent;
  try {
    agent = win.__swc;
  } catch (e) {
    return relay(win, { kind: 'run', step: step }, RELAY_TIMEOUT_MS);
  }
  if (agent && typeof agent.run === 'function') return agent.run(step);
  if (step.do === 'controller') return Promise.resolve({ controller: controllerOf(win) });
  throw harnessError('frame ' + name + ' has no agent (' + win.location.href + ')');
}

function withoutFrame(step) {
  var copy = {};
  Object.keys(step).forEach(function (k) { if (k !== 'frame') copy[k] = step[k]; });
  return copy;
}

function run(step) {
  try {
    if (!step || typeof step !== 'object' || typeof step.do !== 'string') {
      throw harnessError('a step is an object with a "do" key');
    }
    if (step.frame !== undefined && step.do !== 'frame') return Promise.resolve(inFrame(step.frame, withoutFrame(step)));
    switch (step.do) {
      case 'register': return register(step);
      case 'getRegistration': return getRegistration(step);
      case 'getRegistrations': return getRegistrations(step);
      case 'unregister': return unregister(step);
      case 'update': return update(step);
      case 'fetch': return fetchStep(step);
      case 'controller': return controller(step);
      case 'frame': return frameStep(step);
      case 'ready': return ready(step);
      case 'message': return message(step);
      case 'connect': return connectStep(step);
      case 'lookasideFetch': return lookasideStep(step);
      case 'probeNative': return probeNativeStep(step);
      case 'cache': return cacheStep(step);
      case 'caches': return cachesStep(step);
      default: throw harnessError('step "' + step.do + '" is not run inside a document');
    }
  } catch (e) {
    return Promise.reject(e);
  }
}

// Relay: answer run/info requests from the parent document, and route replies to our own requests.
window.addEventListener('message', function (event) {
  var m = event.data;
  if (!m || typeof m !== 'object' || m.swc !== 1) return;
  if (m.kind === 'reply') {
    var p = pending[m.id];
    if (!p || event.source !== p.win) return;
    delete pending[m.id];
    if (m.error !== undefined) p.reject(harnessError('in frame: ' + m.error));
    else p.resolve(m.result);
    return;
  }
  if ((m.kind === 'run' || m.kind === 'info') && window.parent !== window && event.source === window.parent) {
    var source = event.source;
    var answer = m.kind === 'run' ? run(m.step) : Promise.resolve(info());
    answer.then(function (result) {
      source.postMessage({ swc: 1, kind: 'reply', id: m.id, result: result }, '*');
    }, function (e) {
      source.postMessage({ swc: 1, kind: 'reply', id: m.id, error: String((e && e.message) || e) }, '*');
    });
  }
});

window.__swc = {
  protocol: 1,
  run: run,
  startFrame: function (step) {
    try {
      return Promise.resolve(startFrame(step));
    } catch (e) {
      return Promise.reject(e);
    }
  },
  frameState: frameState,
  info: info,
  config: SWC,
  reported: report('page-load', { url: location.href, controller: controllerOf(window) }),
};
