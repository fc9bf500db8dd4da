/*
 * swc-connect.js — the cross-origin service worker designs of "Design Alternatives"
 * (navigator.connect, local and universal look-aside fetch), built from what browsers ship.
 *
 *   <script src="/__swc-shim/swc-connect.js"></script>
 *   const port = await SWConnect.connect('https://service.example/api/');      // MessagePort
 *   const res  = await SWConnect.localFetch('https://service.example/api/x');  // worker only
 *   const res2 = await SWConnect.universalFetch('https://service.example/x');  // worker, else network
 *
 * The folder (swc-connect.js, endpoint.html, endpoint.js, swc-connect-worker.js) is served at the
 * same path on every origin; /__swc-shim/ here.
 *
 * How: for a target origin, a hidden iframe loads <target-origin>/__swc-shim/endpoint.html. The
 * endpoint asks its own origin's registration for the URL (getRegistration(url)) and relays the
 * request to that registration's active worker, which has importScripts()'d swc-connect-worker.js
 * and decides by the caller's origin. The endpoint takes that origin from MessageEvent.origin —
 * the browser's word, never the message's.
 *
 * What a caller can learn: "handled" (a port or a response) or "not handled". Whether there is no
 * worker, or a worker that said no, looks the same from here, as the navigator.connect draft asked.
 *
 * Plain browser JavaScript, no dependencies, no build step.
 */
(function (global) {
  'use strict';

  // Marks this library's messages; every other message is ignored.
  var PROTOCOL = 'swc-connect/1';
  var NOT_HANDLED = { handled: false };

  // The endpoint page sits next to this script, at the same path on every origin: wherever this
  // folder is served, "endpoint.html" beside the script that is running now.
  var script = global.document && document.currentScript;
  var defaultEndpoint = script && script.src ? new URL('endpoint.html', script.src).pathname : '/__swc-shim/endpoint.html';

  var SWConnect = {
    /** Path of the endpoint page on every target origin (same-named folder on each origin). */
    endpointPath: defaultEndpoint,
    /** How long to wait for a target origin before treating a request as not handled. */
    timeoutMs: 10000,
    connect: connect,
    localFetch: localFetch,
    universalFetch: universalFetch,
  };

  var endpoints = Object.create(null); // target origin → Promise<WindowProxy of its endpoint frame>
  var pending = Object.create(null); // request id → { origin, window, settle }
  var lastId = 0;

  global.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.protocol !== PROTOCOL || data.kind !== 'reply') return;
    var request = pending[data.id];
    // Only the endpoint frame we asked, still on the origin we asked, can answer a request.
    if (!request || event.origin !== request.origin || event.source !== request.window) return;
    delete pending[data.id];
    request.settle(data);
  });

  /** The endpoint frame of a target origin, created once and reused. */
  function endpointFor(origin) {
    if (!endpoints[origin]) {
      endpoints[origin] = new Promise(function (resolve) {
        var frame = document.createElement('iframe');
        frame.hidden = true;
        frame.setAttribute('aria-hidden', 'true');
        frame.tabIndex = -1;
        // The endpoint's listener is installed by a classic script, so it is there by "load".
        // A frame that fails to load also fires "load", with an error page of another origin:
        // our explicit targetOrigin then drops the messages and the request times out.
        frame.addEventListener('load', function () {
          resolve(frame.contentWindow);
        }, { once: true });
        frame.src = origin + SWConnect.endpointPath;
        (document.body || document.documentElement).appendChild(frame);
      });
    }
    return endpoints[origin];
  }

  /** Send one request to the endpoint of url's origin; resolves with its reply (never rejects). */
  function ask(url, message, transfer) {
    var id = ++lastId;
    return new Promise(function (resolve) {
      var settled = false;
      function settle(reply) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        delete pending[id];
        resolve(reply);
      }
      // The clock covers loading the frame too (a frame can be blocked and never load).
      var timer = setTimeout(function () {
        settle(NOT_HANDLED);
      }, SWConnect.timeoutMs);
      endpointFor(url.origin).then(function (win) {
        if (settled) return;
        pending[id] = { origin: url.origin, window: win, settle: settle };
        message.protocol = PROTOCOL;
        message.kind = 'request';
        message.id = id;
        message.url = url.href;
        // Explicit targetOrigin, never "*": the browser delivers this only while the frame shows
        // the target origin, so a request (and a port) never reaches anyone else.
        win.postMessage(message, url.origin, transfer);
      });
    });
  }

  function isHTTP(url) {
    return url.protocol === 'http:' || url.protocol === 'https:';
  }

  // ------------------------------------------------------------------------------------------
  // navigator.connect(url) — seed lines 11–12.

  /** The one error for "refused" and "nobody there" (the draft: indistinguishable on purpose). */
  function refused() {
    return new DOMException('The connection to the service worker was refused.', 'AbortError');
  }

  function connect(url) {
    return new Promise(function (resolve) {
      // An unparsable URL throws a TypeError here, as the draft's connect(url) step 2.
      resolve(new URL(url, document.baseURI));
    }).then(function (target) {
      // Only http(s) URLs can have a service worker registration.
      if (!isHTTP(target)) throw refused();
      // Our end is port1. port2 goes to the target worker, which keeps it only if it accepts.
      var channel = new MessageChannel();
      return ask(target, { type: 'connect' }, [channel.port2]).then(function (reply) {
        if (reply.handled === true) return channel.port1;
        // Closed without ever being started, so nothing the worker might have sent is delivered.
        channel.port1.close();
        throw refused();
      });
    });
  }

  // ------------------------------------------------------------------------------------------
  // Look-aside fetch() — seed lines 17–18 (local) and 23–24 (universal).

  /** A Request as plain data (its body as an ArrayBuffer, transferred, not copied). */
  function serializeRequest(request) {
    var hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    return (hasBody ? request.arrayBuffer() : Promise.resolve(null)).then(function (body) {
      var headers = [];
      request.headers.forEach(function (value, name) {
        headers.push([name, value]);
      });
      return {
        url: request.url,
        method: request.method,
        headers: headers,
        body: body && body.byteLength ? body : null,
      };
    });
  }

  /** Ask the target origin's worker; resolves with { request, reply }. */
  function lookaside(input, init) {
    return new Promise(function (resolve) {
      // Same argument handling and TypeErrors as fetch(input, init).
      resolve(new Request(input, init));
    }).then(function (request) {
      var target = new URL(request.url);
      if (!isHTTP(target)) return { request: request, reply: NOT_HANDLED };
      // A clone is sent, so the original can still go to the network (universal fallback).
      return serializeRequest(request.clone())
        .then(function (serialized) {
          return ask(target, { type: 'lookaside', request: serialized }, serialized.body ? [serialized.body] : []);
        })
        .then(function (reply) {
          return { request: request, reply: reply };
        });
    });
  }

  /** The worker's answer as a Response, or the TypeError of a network error. */
  function toResponse(reply) {
    if (reply.networkError === true || !reply.response) {
      throw new TypeError('Failed to fetch: the service worker answered with a network error.');
    }
    var r = reply.response;
    // Responses with a null body status cannot be constructed with a body.
    var nullBody = r.status === 204 || r.status === 205 || r.status === 304;
    return new Response(nullBody ? null : r.body, { status: r.status, statusText: r.statusText, headers: r.headers });
  }

  function localFetch(input, init) {
    return lookaside(input, init).then(function (x) {
      if (x.reply.handled === true) return toResponse(x.reply);
      // seed line 18: never the network. One TypeError for "no worker" and "worker declined".
      throw new TypeError('Failed to fetch: no service worker handled this look-aside request.');
    });
  }

  function universalFetch(input, init) {
    return lookaside(input, init).then(function (x) {
      if (x.reply.handled === true) return toResponse(x.reply);
      // seed line 23: "goes to the network just as it would in today's world" — a plain fetch()
      // from this page: this page's own service worker first, then the network, with CORS.
      return fetch(x.request);
    });
  }

  global.SWConnect = SWConnect;
})(self);
