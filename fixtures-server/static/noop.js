// An empty classic script, served at /__sw-conformance/static/noop.js for scenarios that need a
// known-good importScripts() target.
