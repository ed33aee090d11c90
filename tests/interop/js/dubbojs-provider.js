// A Dubbo provider we did not write: the dubbo-js server (`apache-dubbo-service` with the
// ZooKeeper registry from `apache-dubbo-registry`), serving com.example.UserService 1.0.0 so that
// svcctl's tests and benchmarks can call a third-party implementation.
//
// Environment:
//   ZK           ZooKeeper connect string (default 127.0.0.1:2181)
//   ZK_ROOT      registry root (default /dubbo); the provider registers under ZK_ROOT/<interface>
//   DUBBO_PORT   port to serve on, 127.0.0.1 only (default: a free port)
//   URL_STYLE    `js` (default): the URL dubbo-js builds itself (`method=a%2Cb`, no `interface=`)
//                `java`: a URL shaped like a Java 2.7 provider's (`methods=a,b`, `interface=` ...)
//
// Prints `ready <port>` on stdout once the provider node exists in ZooKeeper. On SIGTERM or
// SIGINT it closes its ZooKeeper session (the ephemeral node goes away) and exits 0.
//
// Methods (dubbo-js dispatches by name only; it ignores the parameter-types descriptor):
//   getById(id)  -> com.example.User {id: long, name: "user-<id>"}; throws for a negative id,
//                   which dubbo-js sends back as the plain string "no such user <id>"
//   getMap(id)   -> an untyped map {id, name}
//   echo(x)      -> x unchanged
'use strict';

require('./loopback');

const net = require('net');

function fail(what, err) {
  console.error('dubbojs-provider.js: ' + what + ': ' + (err && err.stack ? err.stack : err));
  process.exit(1);
}

let Zk, DubboService, dubboSetting, java, portModule;
try {
  ({ Zk } = require('apache-dubbo-registry'));
  ({ DubboService, dubboSetting } = require('apache-dubbo-service'));
  portModule = require('apache-dubbo-service/lib/port');
  java = require('js-to-java');
} catch (e) {
  console.error('dubbojs-provider.js: the dubbo-js packages are not installed; run `npm ci` in tests/interop/js (' + e.message + ')');
  process.exit(3);
}

const INTERFACE = 'com.example.UserService';
const VERSION = '1.0.0';
const zkConnect = process.env.ZK || '127.0.0.1:2181';
const zkRoot = process.env.ZK_ROOT || '/dubbo';
const urlStyle = process.env.URL_STYLE || 'js';
if (!['js', 'java'].includes(urlStyle)) {
  fail('bad URL_STYLE', JSON.stringify(urlStyle) + ' (expected js or java)');
}

// A long may arrive as a number or as a Long-like object, depending on its size.
function toNumber(v) {
  if (v !== null && typeof v === 'object' && typeof v.toNumber === 'function') return v.toNumber();
  return Number(v);
}

const userService = {
  getById(id) {
    const n = toNumber(id);
    if (n < 0) {
      throw new Error('no such user ' + n);
    }
    return java('com.example.User', { id: java.long(n), name: java.String('user-' + n) });
  },
  getMap(id) {
    const n = toNumber(id);
    return { id: n, name: 'user-' + n };
  },
  echo(x) {
    return x;
  },
};

// The Java-shaped URL: the parameters a Java 2.7 provider registers, sorted by key.
function javaStyleUrl(service) {
  const params = {
    anyhost: 'true',
    application: 'svcctl-dubbojs-provider',
    deprecated: 'false',
    dubbo: '2.0.2',
    dynamic: 'true',
    generic: 'false',
    interface: service.dubboInterface,
    methods: Object.keys(service.methods).sort().join(','),
    pid: String(process.pid),
    release: '2.7.23',
    revision: service.version,
    side: 'provider',
    timestamp: String(Date.now()),
    version: service.version,
  };
  if (service.group) params.group = service.group;
  const query = Object.keys(params)
    .sort()
    .map((k) => k + '=' + params[k])
    .join('&');
  return 'dubbo://127.0.0.1:' + this.port + '/' + service.dubboInterface + '?' + query;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function main() {
  const port = process.env.DUBBO_PORT ? Number(process.env.DUBBO_PORT) : await freePort();
  // dubbo-js picks a random port itself; make it take ours.
  portModule.randomPort = async () => port;
  if (urlStyle === 'java') {
    DubboService.prototype.buildUrl = javaStyleUrl;
  }
  const registry = Zk({ connect: zkConnect, zkRootPath: zkRoot });
  const service = DubboService.from({
    registry,
    dubboSetting: dubboSetting.match([INTERFACE], { version: VERSION, group: '' }),
    services: { UserService: { dubboInterface: INTERFACE, methods: userService } },
  });
  const deadline = setTimeout(() => fail('not registered in ZooKeeper within 20 s', zkConnect + zkRoot), 20000);
  await service.ready();
  clearTimeout(deadline);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    service.close().then(() => process.exit(0), () => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write('ready ' + service.getPort() + '\n');
}

main().catch((e) => fail('start failed', e));
