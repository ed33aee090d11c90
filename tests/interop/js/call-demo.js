// Calls svcctl's demo provider through ZooKeeper with dubbo2.js, a Dubbo consumer we did not
// write (it discovers providers under /dubbo/<iface>/providers, speaks the dubbo protocol with
// hessian.js). Prints one JSON object with what came back; exits non-zero on any mismatch.
//
// usage: node call-demo.js <zk-host:port>
// needs: npm ci (in this directory) for dubbo2.js, hessian.js, js-to-java.
'use strict';

let Dubbo, java, setting;
try {
  ({ Dubbo, java, setting } = require('dubbo2.js'));
} catch (e) {
  console.error('call-demo.js: dubbo2.js is not installed; run `npm ci` in tests/interop/js (' + e.message + ')');
  process.exit(3);
}

const zk = process.argv[2];
if (!zk) {
  console.error('usage: node call-demo.js <zk-host:port>');
  process.exit(2);
}

const dubboSetting = setting
  .match('com.example.UserService', { version: '1.0.0' })
  .match('com.example.OrderService', { version: '2.0.0', group: 'shop' });

const dubbo = new Dubbo({
  application: { name: 'svcctl-interop-dubbo2js' },
  register: zk,
  dubboVersion: '2.0.2',
  dubboInvokeTimeout: 5,
  dubboSetting,
});

const users = dubbo.proxyService({
  dubboInterface: 'com.example.UserService',
  methods: {
    whoami() { return []; },
    getById(id) { return [java.long(id)]; },
    findByName(name) { return [java.String(name)]; },
    greet(n) { return [java.int(n)]; }, // the greet(int) overload: descriptor "I"
    failOnDemand(fail) { return [java.boolean(fail)]; },
    slow(ms) { return [java.long(ms)]; },
  },
});

const orders = dubbo.proxyService({
  dubboInterface: 'com.example.OrderService',
  methods: {
    count() { return []; },
    getOrder(id) { return [java.long(id)]; },
  },
});

function check(cond, what, got) {
  if (!cond) {
    console.error('call-demo.js: unexpected ' + what + ': ' + JSON.stringify(got));
    process.exit(1);
  }
}

// long values decode as numbers or Long objects depending on the hessian.js version.
const num = (v) => (v !== null && typeof v === 'object' && 'low' in v ? Number(v.toString()) : Number(v));

async function main() {
  const deadline = setTimeout(() => {
    console.error('call-demo.js: timed out (no provider found in ZooKeeper, or calls hung)');
    process.exit(1);
  }, 20000);
  await dubbo.ready();

  const who = await users.whoami();
  check(!who.err && typeof who.res === 'string', 'whoami', who);

  const user = await users.getById(1);
  check(!user.err && user.res && user.res.name === 'alice' && num(user.res.id) === 1, 'getById(1)', user);

  const found = await users.findByName('ali');
  check(!found.err && Array.isArray(found.res) && found.res.length === 2, 'findByName', found);

  const greet = await users.greet(7);
  check(!greet.err && greet.res === 'Hello, number 7!', 'greet(int)', greet);

  const fail = await users.failOnDemand(true);
  check(fail.err, 'failOnDemand(true) to fail', fail);

  const ok = await users.failOnDemand(false);
  check(!ok.err && ok.res === 'did not fail', 'failOnDemand(false)', ok);

  const count = await orders.count();
  check(!count.err && count.res === 6, 'OrderService.count (group shop)', count);

  const order = await orders.getOrder(2);
  check(!order.err && order.res && num(order.res.userId) === 2, 'getOrder(2)', order);

  clearTimeout(deadline);
  console.log(JSON.stringify({
    whoami: who.res,
    user: { id: num(user.res.id), name: user.res.name, email: user.res.email },
    found: found.res.map((u) => u.name),
    greet: greet.res,
    failOnDemand: String(fail.err && (fail.err.message || fail.err)),
    count: count.res,
  }));
  process.exit(0);
}

main().catch((e) => {
  console.error('call-demo.js: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
