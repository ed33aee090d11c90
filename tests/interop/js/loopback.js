// Keeps the dubbo-js provider on 127.0.0.1. Out of the box it advertises the machine's first
// non-loopback address (`ip.address()`) and listens on every interface (`listen(port)` without a
// host). Require this before any apache-dubbo-* module.
'use strict';

const ip = require('ip');
const net = require('net');

ip.address = function loopbackOnly() {
  return '127.0.0.1';
};

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  // Only the `listen(port[, callback])` form is rewritten; calls that name a host, a path or an
  // options object are left as they are.
  const portOnly = typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function');
  if (portOnly) {
    args = [args[0], '127.0.0.1', ...args.slice(1)];
  }
  return listen.apply(this, args);
};
