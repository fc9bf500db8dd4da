/*
 * swc-connect-worker.js — the service worker side of swc-connect.js. A target origin's service
 * worker loads it at top level and defines the hooks that decide:
 *
 *   importScripts('/__swc-shim/swc-connect-worker.js');
 *
 *   // navigator.connect: return true to accept; then talk on connection.port.
 *   self.onSWConnect = (origin, connection) => {
 *     if (origin !== 'https://app.example') return false;
 *     connection.port.onmessage = (e) => connection.port.postMessage(e.data);
 *     return true;
 *   };
 *
 *   // Look-aside fetch: return a Response (or a promise of one) to answer, nothing to decline.
 *   self.onSWLookasideFetch = (request, origin) =>
 *     origin === 'https://app.example' ? caches.match(request) : undefined;
 *
 * `origin` is the calling page's origin as its browser reported it to the endpoint frame
 * (MessageEvent.origin). Messages reach a service worker only from clients of its own origin, so
 * the value comes from this origin's own endpoint page, not from the caller.
 *
 * Missing hooks decline everything. A hook that throws declines a connect and answers a
 * look-aside fetch with a network error (like a rejected respondWith()).
 */
(function () {
  'use strict';

  var PROTOCOL = 'swc-connect/1';
  var NOT_HANDLED = { handled: false };

  // Registered during the first evaluation, as service worker event listeners must be.
  self.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.protocol !== PROTOCOL || data.kind !== 'request') return;
    // Belt and braces: only our own origin's clients (the endpoint) may relay requests.
    if (event.origin && event.origin !== self.location.origin) return;
    var reply = event.ports[0];
    if (!reply || typeof data.origin !== 'string') return;
    var ports = Array.prototype.slice.call(event.ports, 1);
    // Keep the worker alive until the hook has decided.
    event.waitUntil(
      answer(data, ports).then(function (a) {
        reply.postMessage(a.message, a.transfer || []);
        reply.close();
      }),
    );
  });

  function answer(data, ports) {
    if (data.type === 'connect' && ports.length === 1) return onConnect(data.origin, data.url, ports[0]);
    ports.forEach(function (port) {
      port.close();
    });
    if (data.type === 'lookaside') return onLookasideFetch(data.origin, data.request);
    return Promise.resolve({ message: NOT_HANDLED });
  }

  function onConnect(origin, url, port) {
    var hook = self.onSWConnect;
    return Promise.resolve()
      .then(function () {
        return typeof hook === 'function' ? hook(origin, { url: url, port: port }) : false;
      })
      .then(
        function (accept) {
          // Only an explicit true accepts.
          return accept === true;
        },
        function () {
          return false;
        },
      )
      .then(function (accepted) {
        // A refused caller never gets this end: it is closed here, and the caller closes its own
        // end without starting it, so nothing posted on it is ever delivered.
        if (!accepted) port.close();
        return { message: { handled: accepted } };
      });
  }

  function onLookasideFetch(origin, serialized) {
    var hook = self.onSWLookasideFetch;
    if (typeof hook !== 'function' || !serialized) return Promise.resolve({ message: NOT_HANDLED });
    var request;
    try {
      var init = { method: serialized.method, headers: serialized.headers };
      if (serialized.body) init.body = serialized.body;
      request = new Request(serialized.url, init);
    } catch (e) {
      return Promise.resolve({ message: NOT_HANDLED });
    }
    return Promise.resolve()
      .then(function () {
        return hook(request, origin);
      })
      .then(
        function (response) {
          // No Response: declined, like a fetch handler that does not call respondWith().
          if (!response || typeof response.arrayBuffer !== 'function' || typeof response.status !== 'number') {
            return { message: NOT_HANDLED };
          }
          // Response.error() and opaque responses are network errors for a cors-mode request
          // (Fetch, HTTP fetch 3.5.7); their contents never leave this worker.
          if (response.type === 'error' || response.type === 'opaque' || response.type === 'opaqueredirect') {
            return { message: { handled: true, networkError: true } };
          }
          return response.arrayBuffer().then(function (body) {
            var headers = [];
            response.headers.forEach(function (value, name) {
              headers.push([name, value]);
            });
            return {
              message: {
                handled: true,
                response: { status: response.status, statusText: response.statusText, headers: headers, body: body },
              },
              transfer: [body],
            };
          });
        },
        function () {
          return { message: { handled: true, networkError: true } };
        },
      )
      .catch(function () {
        // The body could not be read: a network error, as for a failed respondWith().
        return { message: { handled: true, networkError: true } };
      });
  }
})();
