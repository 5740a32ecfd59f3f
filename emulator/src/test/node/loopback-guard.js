'use strict';
// Preloaded (node --require) before the driver: every socket the process opens must go to the loopback stand-in.
// A connection anywhere else (cloud metadata probes, OCSP, telemetry, a DNS lookup of any other name) is refused
// and reported, and the process exits non-zero, so the test fails instead of reaching out.
const net = require('node:net');
const dns = require('node:dns');

const violations = [];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function report(what) {
  violations.push(what);
  process.stderr.write(`loopback-guard: refused ${what}\n`);
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  let options = args[0];
  if (Array.isArray(options)) {
    options = options[0];
  }
  let host;
  let port;
  if (options !== null && typeof options === 'object') {
    host = options.host ?? (options.path ? 'unix-socket' : 'localhost');
    port = options.port;
  } else {
    port = args[0];
    host = typeof args[1] === 'string' ? args[1] : 'localhost';
  }
  if (host !== 'unix-socket' && !LOOPBACK.has(String(host))) {
    report(`a connection to ${host}:${port}`);
    throw new Error(`loopback-guard: no connection to ${host}:${port} allowed in this test`);
  }
  return originalConnect.apply(this, args);
};

const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (!LOOPBACK.has(String(hostname))) {
    report(`a DNS lookup of ${hostname}`);
    const callback = rest[rest.length - 1];
    const error = new Error(`loopback-guard: no DNS lookup of ${hostname} allowed in this test`);
    error.code = 'ENOTFOUND';
    process.nextTick(() => callback(error));
    return {};
  }
  return originalLookup.call(this, hostname, ...rest);
};

process.on('exit', (code) => {
  if (violations.length > 0) {
    process.stderr.write(`loopback-guard: ${violations.length} outbound attempt(s): ${violations.join('; ')}\n`);
    process.exitCode = 3;
    if (code === 0) {
      process.reallyExit(3);
    }
  }
});
