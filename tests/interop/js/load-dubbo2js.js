// Load generator built on dubbo2.js (an npm Dubbo consumer we did not write), the yardstick for
// `svcctl invoke ... -n N -c C`: it finds com.example.UserService 1.0.0 through ZooKeeper and
// keeps C calls of getById(long ID) in flight until N have completed. A call counts as ok when
// it returns a user (an object with a name). Prints one JSON object:
//   {"client":"dubbo2.js","count":N,"ok_count":..,"error_count":..,"concurrency":C,
//    "total_ms":..,"rate_per_sec":..,"p50_ms":..,"p90_ms":..,"p99_ms":..,"first_error":..}
// Percentiles are nearest-rank over every call's latency, as svcctl's load report computes them.
//
// usage: node load-dubbo2js.js --zk HOST:PORT [--root /dubbo] [-n 1000] [-c 16] [--id 42]
'use strict';

let Dubbo, java, setting;
try {
  ({ Dubbo, java, setting } = require('dubbo2.js'));
} catch (e) {
  console.error('load-dubbo2js.js: dubbo2.js is not installed; run `npm ci` in tests/interop/js (' + e.message + ')');
  process.exit(3);
}

function parseArgs(argv) {
  const opts = { zk: null, root: '/dubbo', n: 1000, c: 16, id: 42 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) usage('missing value for ' + flag);
    switch (flag) {
      case '--zk': opts.zk = value; break;
      case '--root': opts.root = value; break;
      case '-n': opts.n = Number(value); break;
      case '-c': opts.c = Number(value); break;
      case '--id': opts.id = Number(value); break;
      default: usage('unknown option ' + flag);
    }
  }
  if (!opts.zk) usage('--zk is required');
  if (!(opts.n > 0 && opts.c > 0)) usage('-n and -c must be positive');
  return opts;
}

function usage(why) {
  console.error('load-dubbo2js.js: ' + why);
  console.error('usage: node load-dubbo2js.js --zk HOST:PORT [--root /dubbo] [-n 1000] [-c 16] [--id 42]');
  process.exit(2);
}

function nearestRank(sorted, pct) {
  const rank = Math.max(1, Math.ceil((pct / 100) * sorted.length));
  return sorted[rank - 1];
}

const round3 = (x) => Math.round(x * 1000) / 1000;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const dubbo = new Dubbo({
    application: { name: 'svcctl-bench-dubbo2js' },
    register: opts.zk,
    zkRoot: opts.root.replace(/^\/+/, ''), // dubbo2.js adds the leading slash itself
    dubboVersion: '2.0.2',
    dubboInvokeTimeout: 10,
    dubboSetting: setting.match('com.example.UserService', { version: '1.0.0' }),
  });
  const users = dubbo.proxyService({
    dubboInterface: 'com.example.UserService',
    methods: {
      getById(id) {
        return [java.long(id)];
      },
    },
  });
  const deadline = setTimeout(() => {
    console.error('load-dubbo2js.js: timed out (no provider found in ZooKeeper, or calls hung)');
    process.exit(1);
  }, 120000);
  await dubbo.ready();

  const latencies = new Float64Array(opts.n);
  let issued = 0;
  let ok = 0;
  let firstError = null;
  async function worker() {
    while (issued < opts.n) {
      const i = issued++;
      const t0 = process.hrtime.bigint();
      const { res, err } = await users.getById(opts.id);
      latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
      if (!err && res && typeof res.name === 'string') {
        ok += 1;
      } else if (firstError === null) {
        firstError = String(err ? err.message || err : JSON.stringify(res));
      }
    }
  }
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(opts.c, opts.n) }, worker));
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  clearTimeout(deadline);

  const sorted = Array.from(latencies).sort((a, b) => a - b);
  console.log(JSON.stringify({
    client: 'dubbo2.js',
    count: opts.n,
    ok_count: ok,
    error_count: opts.n - ok,
    concurrency: opts.c,
    total_ms: round3(totalMs),
    rate_per_sec: round3(opts.n / (totalMs / 1000)),
    p50_ms: round3(nearestRank(sorted, 50)),
    p90_ms: round3(nearestRank(sorted, 90)),
    p99_ms: round3(nearestRank(sorted, 99)),
    first_error: firstError,
  }));
  process.exit(ok === opts.n ? 0 : 1);
}

main().catch((e) => {
  console.error('load-dubbo2js.js: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
