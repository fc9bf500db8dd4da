/*
 * endpoint.js — the target origin's side of swc-connect.js, running in endpoint.html inside a
 * hidden iframe of the calling page.
 *
 * For each request: find this origin's registration for the requested URL, and if it has an
 * active worker, hand the request to it together with the caller's origin. That origin is
 * MessageEvent.origin — set by the browser, so a page cannot claim to be someone else. The
 * worker (swc-connect-worker.js) decides; this page decides nothing itself.
 *
 * Only three things ever go back to the caller: "not handled", "handled" (connect), or a response
 * (look-aside). Replies are addressed to the caller's origin explicitly, never "*".
 */
(function () {
  'use strict';

  var PROTOCOL = 'swc-connect/1';
  var NOT_HANDLED = { handled: false };
  // A worker that never answers (it did not import swc-connect-worker.js) counts as "declined".
  var WORKER_TIMEOUT_MS = 5000;

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.protocol !== PROTOCOL || data.kind !== 'request') return;
    var ports = Array.prototype.slice.call(event.ports);
    // The verified sender. Never data.origin or anything else from the message body.
    var callerOrigin = event.origin;
    var source = event.source;
    // An opaque origin ("null") can be neither named in an accept list nor answered with an
    // explicit targetOrigin; its request is dropped (the caller times out: "not handled").
    if (!source || typeof callerOrigin !== 'string' || callerOrigin === 'null') {
      closeAll(ports);
      return;
    }
    handle(data, callerOrigin, ports).then(function (result) {
      var reply = Object.assign({ protocol: PROTOCOL, kind: 'reply', id: data.id }, result.reply);
      // Delivered only if the caller's document is still of that origin.
      source.postMessage(reply, callerOrigin, result.transfer);
    });
  });

  function closeAll(ports) {
    ports.forEach(function (port) {
      port.close();
    });
  }

  /** Resolves with { reply, transfer }; never rejects. */
  function handle(data, callerOrigin, ports) {
    var notHandled = function () {
      closeAll(ports);
      return { reply: NOT_HANDLED, transfer: [] };
    };
    if (data.type === 'connect' && ports.length !== 1) return Promise.resolve(notHandled());
    if (data.type !== 'connect' && data.type !== 'lookaside') return Promise.resolve(notHandled());
    return findActiveWorker(data.url)
      .then(function (worker) {
        return worker ? askWorker(worker, data, callerOrigin, ports) : notHandled();
      })
      .catch(notHandled);
  }

  /** The active worker of this origin's registration for href, or null. */
  function findActiveWorker(href) {
    var url;
    try {
      url = new URL(href);
    } catch (e) {
      return Promise.resolve(null);
    }
    // This page speaks only for its own origin.
    if (url.origin !== location.origin) return Promise.resolve(null);
    // No service worker API here: this frame is not a secure context (for instance because the
    // calling page is not). Then no worker can be reached.
    if (!('serviceWorker' in navigator)) return Promise.resolve(null);
    // Match Service Worker Registration: the longest scope that prefixes the URL, in this
    // frame's storage partition (the calling page's top-level site, in partitioning engines).
    return navigator.serviceWorker.getRegistration(url.href).then(function (registration) {
      // Only an active worker handles requests; an installing or waiting one does not.
      return registration && registration.active ? registration.active : null;
    });
  }

  /** Relay to the worker and wait for its answer on a private channel. */
  function askWorker(worker, data, callerOrigin, ports) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      var timer = setTimeout(function () {
        done(NOT_HANDLED);
      }, WORKER_TIMEOUT_MS);
      var finished = false;
      function done(answer) {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        channel.port1.onmessage = null;
        channel.port1.close();
        var reply = sanitize(data.type, answer);
        resolve({ reply: reply, transfer: reply.response && reply.response.body ? [reply.response.body] : [] });
      }
      channel.port1.onmessage = function (event) {
        done(event.data);
      };
      var message = { protocol: PROTOCOL, kind: 'request', type: data.type, url: data.url, origin: callerOrigin };
      var transfer = [channel.port2].concat(ports);
      if (data.type === 'lookaside') {
        message.request = data.request;
        if (data.request && isArrayBuffer(data.request.body)) transfer.push(data.request.body);
      }
      worker.postMessage(message, transfer);
    });
  }

  function isArrayBuffer(value) {
    return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
  }

  /** Only the protocol's fields cross to the other origin, whatever else the worker sent. */
  function sanitize(type, answer) {
    if (!answer || answer.handled !== true) return NOT_HANDLED;
    if (type === 'connect') return { handled: true };
    if (answer.networkError === true || !answer.response) return { handled: true, networkError: true };
    var r = answer.response;
    return {
      handled: true,
      response: {
        status: r.status,
        statusText: typeof r.statusText === 'string' ? r.statusText : '',
        headers: Array.isArray(r.headers) ? r.headers : [],
        body: isArrayBuffer(r.body) ? r.body : null,
      },
    };
  }
})();
