// Writes Hessian 2 test cases with hessian.js 2.11.0 (+ js-to-java type hints).
// Same line format and description schema as ../java/Corpus.java: "name<TAB>hex<TAB>description",
// the description written by hand next to each value.
'use strict';

const fs = require('fs');
const hessian = require('hessian.js');
const java = require('js-to-java');

const lines = [];

function c(name, value, desc, options) {
  stream(name, [value], desc, options);
}

function stream(name, values, desc, options) {
  const enc = new hessian.EncoderV2(options);
  for (const v of values) enc.write(v);
  lines.push(`${name}\t${enc.get().toString('hex')}\t${desc}`);
}

// ---- description helpers (see Corpus.java for the schema) ----
const q = (s) => JSON.stringify(s);
const I = (v) => `{"int":${v}}`;
const L = (v) => `{"long":${v}}`;
const D = (literal) => `{"double":"${literal}"}`;
const S = (s) => `{"str":${q(s)}}`;
const REP = (...pc) => `{"str":[${pairs(pc).map(([p, n]) => `[${q(p)},${n}]`).join(',')}]}`;
const BINSEQ = (n) => `{"binseq":${n}}`;
const DATE = (ms) => `{"date":${ms}}`;
const NULL = 'null';
const LIST = (type, ...items) => `{"list":${type === null ? 'null' : q(type)},"items":[${items.join(',')}]}`;
const MAP = (type, ...kv) =>
  `{"map":${type === null ? 'null' : q(type)},"entries":[${pairs(kv).map(([k, v]) => `[${k},${v}]`).join(',')}]}`;
const OBJ = (cls, ...nv) => `{"object":${q(cls)},"fields":[${pairs(nv).map(([n, v]) => `[${q(n)},${v}]`).join(',')}]}`;
const SHARED = (slot, value) => `{"ref":${slot},"value":${value}}`;
const STREAM = (...values) => `{"stream":[${values.join(',')}]}`;

function pairs(a) {
  const out = [];
  for (let i = 0; i < a.length; i += 2) out.push([a[i], a[i + 1]]);
  return out;
}

function binseq(n) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = i % 251;
  return b;
}

// ---- cases ----
c('null', null, NULL);
c('true', true, 'true');
c('false', false, 'false');
for (const v of [-2147483648, -262145, -262144, -2049, -2048, -17, -16, -1, 0, 47, 48, 2047, 2048, 262143, 262144, 2147483647]) {
  c(`int_${v}`, java.int(v), I(v));
}
for (const v of [-2147483649, -262145, -262144, -2049, -9, -8, 0, 15, 16, 2047, 2048, 262144, 2147483648, 1099511627776]) {
  c(`long_${v}`, java.long(v), L(v));
}
c('long_max', java.long('9223372036854775807'), L('9223372036854775807'));
c('long_min', java.long('-9223372036854775808'), L('-9223372036854775808'));
c('long_2^53+1', java.long('9007199254740993'), L('9007199254740993'));
for (const d of ['0', '1', '-1', '-128', '127', '-32768', '32767', '32768', '12.25', '0.001', '-0.5', '0.1', '1e300', 'NaN', 'Infinity', '-Infinity']) {
  c(`double_${d}`, java.double(Number(d)), D(d));
}
c('double_plain_number', 2.5, D('2.5'));
c('int_plain_number', 300, I(300));

c('str_empty', '', S(''));
c('str_hello', 'hello', S('hello'));
c('str_3byte', '\u4e2d\u6587\u20ac', S('\u4e2d\u6587\u20ac'));
c('str_nonbmp', '\ud83d\ude00', S('\ud83d\ude00'));
for (const n of [31, 32, 1023, 1024, 32768, 32769, 70000]) c(`str_ascii_${n}`, 'a'.repeat(n), REP('a', n));
c('str_nonbmp_70000', 'a' + '\ud83d\ude00'.repeat(34999) + 'b', REP('a', 1, '\ud83d\ude00', 34999, 'b', 1));

for (const n of [0, 15, 16, 1023, 1024, 4093, 4094, 10000]) c(`bin_${n}`, binseq(n), BINSEQ(n));

for (const ms of [0, 1700000040000, 1700000000123, -60000]) c(`date_${ms}`, new Date(ms), DATE(ms));

c('list_ints', [1, 2, 3], LIST(null, I(1), I(2), I(3)));
c('list_8', [1, 2, 3, 4, 5, 6, 7, 8], LIST(null, I(1), I(2), I(3), I(4), I(5), I(6), I(7), I(8)));
c('list_mixed', [java.long(1), 'two', null, true, 2.5], LIST(null, L(1), S('two'), NULL, 'true', D('2.5')));
c('int_array', java.array.int([1, -1, 300]), LIST('[int', I(1), I(-1), I(300)));
c('string_array', java.array('java.lang.String', ['a', 'b']), LIST('[java.lang.String', S('a'), S('b')));
c('typed_list_9', { $class: 'java.util.LinkedList', $: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
  LIST('java.util.LinkedList', I(1), I(2), I(3), I(4), I(5), I(6), I(7), I(8), I(9)));
c('nested_list', [[1], []], LIST(null, LIST(null, I(1)), LIST(null)));

c('map_plain', { b: 'two', a: 1, c: true }, MAP(null, S('a'), I(1), S('b'), S('two'), S('c'), 'true'));
c('map_empty', {}, MAP(null));
c('map_int_keys', new Map([[1, 'one'], [2, 'two']]), MAP(null, I(1), S('one'), I(2), S('two')));
c('map_hashmap_hint', java('java.util.HashMap', { k: java.long(5) }), MAP(null, S('k'), L(5)));
c('map_treemap', { $class: 'java.util.TreeMap', $: { a: 1, z: 2 } }, MAP('java.util.TreeMap', S('a'), I(1), S('z'), I(2)),
  { mapTypes: { 'java.util.TreeMap': true } });
c('map_nested', { inner: { x: [1.5] } }, MAP(null, S('inner'), MAP(null, S('x'), LIST(null, D('1.5')))));

const U = 'com.example.User';
const user = (id, name) => java(U, { id: java.long(id), name: name });
c('user', user(42, 'alice'), OBJ(U, 'id', L(42), 'name', S('alice')));
c('users_reuse_def', [user(1, 'a'), user(2, 'b')],
  LIST(null, OBJ(U, 'id', L(1), 'name', S('a')), OBJ(U, 'id', L(2), 'name', S('b'))));
c('user_null_field', user(3, null), OBJ(U, 'id', L(3), 'name', NULL));
c('enum', java.enum('com.example.Status', 'ACTIVE'), OBJ('com.example.Status', 'name', S('ACTIVE')));
c('bigdecimal', java('java.math.BigDecimal', { value: '123.456' }), OBJ('java.math.BigDecimal', 'value', S('123.456')));
const shared = { a: 1 };
c('shared_map_ref', [shared, shared], LIST(null, MAP(null, S('a'), I(1)), SHARED(1, MAP(null, S('a'), I(1)))));
const seventeen = [];
const seventeenDesc = [];
for (let i = 0; i <= 17; i++) {
  const k = i === 17 ? 0 : i;
  seventeen.push(java(`com.example.K${k}`, { v: java.int(k) }));
  seventeenDesc.push(OBJ(`com.example.K${k}`, 'v', I(k)));
}
c('seventeen_classes', seventeen, LIST(null, ...seventeenDesc));
c('object_with_date_and_bytes', java('com.example.Blob', { at: new Date(60000), data: binseq(3) }),
  OBJ('com.example.Blob', 'at', DATE(60000), 'data', BINSEQ(3)));

stream('stream_request_like',
  ['2.0.2', 'com.example.UserService', '0.0.0', 'save', 'Lcom/example/User;', user(1, 'a'), user(2, 'b'),
    java.array.int([1]), java.array.int([2]), { path: 'com.example.UserService' }],
  STREAM(S('2.0.2'), S('com.example.UserService'), S('0.0.0'), S('save'), S('Lcom/example/User;'),
    OBJ(U, 'id', L(1), 'name', S('a')), OBJ(U, 'id', L(2), 'name', S('b')),
    LIST('[int', I(1)), LIST('[int', I(2)), MAP(null, S('path'), S('com.example.UserService'))));

fs.writeFileSync(process.argv[2], lines.map((l) => l + '\n').join(''));
console.error(`hessian.js corpus: ${lines.length} cases`);
