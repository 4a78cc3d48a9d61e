#!/usr/bin/env node
// Differential test cases for Rein.Policy: random but well-formed Cedar policies, entities and requests, decided by the
// official implementation (@cedar-policy/cedar-wasm) and written out in the format of Cedar's integration tests, so
// `rein policy test` / Rein.Policy.Testing.PolicyTestRunner can replay them.
//
//   node generate.mjs --seed 42 --count 2000 --out DIR [--requests 6] [--first 0] [--quiet]
//
// Every case k is generated from its own generator seeded by (seed, k), so `--first k --count 1` with the same seed
// reproduces case k alone. For each kept case the folder gets case-K.json (the test), case-K.cedar (the policies,
// policy0... in file order) and case-K.entities.json. Cases that cedar-wasm refuses (a policy that does not parse,
// entities it rejects) are not written, nor are requests whose context it rejects; each refused policy, entity list
// and context goes to _rejected.json (an array, which the test runner skips) so the test can check that Rein refuses
// it too. A summary line in JSON goes to stdout.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

// ---------------------------------------------------------------------------------------------------------------------
// Command line

function parseArgs(argv) {
  const args = { seed: '1', count: 100, out: null, requests: 6, first: 0, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--seed') args.seed = next();
    else if (a === '--count') args.count = Number.parseInt(next(), 10);
    else if (a === '--out') args.out = next();
    else if (a === '--requests') args.requests = Number.parseInt(next(), 10);
    else if (a === '--first') args.first = Number.parseInt(next(), 10);
    else if (a === '--quiet') args.quiet = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.out) throw new Error('usage: node generate.mjs --seed N --count N --out DIR [--requests N] [--first K]');
  if (!(args.count >= 0) || !(args.requests >= 1) || !(args.first >= 0)) throw new Error('bad --count, --requests or --first');
  return args;
}

// ---------------------------------------------------------------------------------------------------------------------
// Seeded randomness (sfc32 seeded through a 32-bit FNV-1a of the text "seed/case")

function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

class Rng {
  constructor(text) {
    this.a = hash32(text + '#a');
    this.b = hash32(text + '#b');
    this.c = hash32(text + '#c');
    this.d = hash32(text + '#d') | 1;
    for (let i = 0; i < 16; i++) this.next();
  }

  next() {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  int(n) { return Math.floor(this.next() * n); }
  range(lo, hi) { return lo + this.int(hi - lo + 1); }
  chance(p) { return this.next() < p; }
  pick(list) { return list[this.int(list.length)]; }

  /** Picks from [[weight, value], ...]. */
  weighted(options) {
    let total = 0;
    for (const [w] of options) total += w;
    let r = this.next() * total;
    for (const [w, v] of options) {
      if ((r -= w) < 0) return v;
    }
    return options[options.length - 1][1];
  }

  subset(list, p) { return list.filter(() => this.chance(p)); }
}

// ---------------------------------------------------------------------------------------------------------------------
// Vocabulary shared by entities, requests and policies, so conditions are often true and often false

const USER_IDS = ['alice', 'bob', 'carol', 'dave', 'erin', '', 'ünï', 'o"q', 'back\\slash', 'line\nbreak'];
const GROUP_IDS = ['admins', 'staff', 'eng', 'ops', 'all'];
const TEAM_IDS = ['t1', 't2'];
const FOLDER_IDS = ['root', 'f1', 'f2', 'f3'];
const DOC_IDS = ['d1', 'd2', 'd3', 'd4', 'd5'];
const ACTION_IDS = ['read', 'write', 'delete', 'list', 'share'];
const ACTION_GROUPS = ['readOnly', 'all'];

const STRINGS = ['', 'a', 'alice', 'Alice', 'bob', 'prod', 'dev', 'eng', 'sales', 'Seattle', 'seattle', 'Paris',
  'a*b', 'héllo', 'ünï', '日本', '😀', 'tab\there', 'quo"te', 'back\\slash', 'new\nline', 'x y', 'secret', 'public',
  'alice@example.com', 'bob@example.org', '98101', '*', '\\*', 'foo.bar', 'Ω'];
const SMALL_LONGS = [0n, 1n, 2n, 3n, 5n, 7n, 10n, 18n, 21n, 42n, 100n, -1n, -5n, 1000n];
const BIG_LONGS = [2147483647n, 2147483648n, 4294967296n, 9007199254740991n, 9007199254740993n,
  4611686018427387904n, 9223372036854775807n, 9223372036854775806n, 3037000500n, 3037000499n];
// Longs in JSON are kept within ±(2^53 - 1): cedar-wasm takes entities and context as JS values, and a JS number
// beyond that is not the integer written (a BigInt makes the wasm module panic).
const JSON_LONGS = [0, 1, 2, 3, 5, 7, 10, 18, 21, 42, 100, -1, -7, 1000, 65535, 2147483647, 2147483648,
  9007199254740991, -9007199254740991];

const IPS = ['10.0.0.1', '10.0.0.0/8', '10.1.2.3', '192.168.1.1', '192.168.0.0/16', '127.0.0.1', '127.0.0.0/8',
  '224.0.0.1', '255.255.255.255', '0.0.0.0', '0.0.0.0/0', '::1', '::', '::/0', 'fe80::1', '2001:db8::/32',
  '2001:db8::1', 'ff02::1', '::1/128', '10.0.0.1/32', '10.0.0.1/8'];
const BAD_IPS = ['1.2.3.4/33', '1.2.3.04', '1.2.3', '', 'not-an-ip', '::ffff:127.0.0.1', '2001:db8::1%eth0', '::1/129',
  '256.0.0.1', '1.2.3.4/'];
const DECIMALS = ['0.0', '1.0', '1.5', '-1.5', '2.25', '3.1415', '0.0001', '-0.0', '10.0', '100.0001',
  '922337203685477.5807', '-922337203685477.5808'];
const BAD_DECIMALS = ['1.23456', '1', '.5', '1.', '1e3', '+1.0', '922337203685477.5808', 'abc', '', '1.0.0'];
const DATETIMES = ['2024-10-15', '2024-10-15T11:35:00Z', '2024-10-15T11:35:00.123Z', '2024-10-15T11:35:00+0100',
  '2024-10-15T11:35:00-0230', '1970-01-01', '2000-02-29', '2024-01-01T00:00:00Z', '1969-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999Z'];
const BAD_DATETIMES = ['2024-13-01', '2024-02-30', '2024-10-15T25:00:00Z', '2024-10-15 11:35:00', '24-10-15',
  '2024-10-15T11:35Z', '2024-10-15T11:35:00+01:00', ''];
const DURATIONS = ['1h', '1d2h3m4s5ms', '-1d', '0ms', '2h30m', '90m', '1s', '-3h', '365d', '1ms', '24h'];
const BAD_DURATIONS = ['1x', 'h', '1h1d', '', '1.5h', '9223372036854775807d', '--1h', '1d 2h'];

const IDENT_ATTRS = ['name', 'age', 'active', 'email', 'level', 'tags', 'roles', 'profile', 'manager', 'addr',
  'score', 'joined', 'owner', 'title', 'size', 'public', 'labels', 'readers', 'classification', 'meta', 'subnet',
  'price', 'created', 'missing', 'dept', 'city', 'zip', 'kind', 'rev', 'flag', 'x'];
const ODD_ATTRS = ['b c', 'if', 'true', 'in', 'like', 'principal', '', 'ü', 'has'];
const TAG_KEYS = ['env', 'level', 'region', 'owner', 'clearance', 'missing', ''];

const EXT_TYPES = new Set(['ip', 'dec', 'dt', 'dur']);

// Attribute "types" for the generator's guesses: what an attribute of this entity type or record usually holds.
const SHAPES = {
  User: { name: 'str', age: 'long', active: 'bool', email: 'str', level: 'long', tags: 'set:str', roles: 'set:ent',
    profile: 'rec:profile', manager: 'ent', addr: 'ip', score: 'dec', joined: 'dt' },
  Doc: { owner: 'ent', title: 'str', size: 'long', public: 'bool', labels: 'set:str', readers: 'set:ent',
    classification: 'long', meta: 'rec:meta', subnet: 'ip', price: 'dec', created: 'dt' },
  Group: { name: 'str', level: 'long' },
  Folder: { name: 'str', level: 'long', public: 'bool' },
  Action: { risk: 'long', name: 'str' },
  ctx: { ip: 'ip', amount: 'long', label: 'str', flags: 'set:str', authenticated: 'bool', nested: 'rec:nested',
    score: 'dec', who: 'ent', when: 'dt', items: 'set:long', ttl: 'dur' },
  profile: { dept: 'str', level: 'long', address: 'rec:address' },
  address: { city: 'str', zip: 'str' },
  meta: { kind: 'str', rev: 'long', nested: 'rec:metaNested', 'b c': 'str' },
  metaNested: { flag: 'bool' },
  nested: { depth: 'rec:depth', name: 'str' },
  depth: { x: 'long' },
};

// ---------------------------------------------------------------------------------------------------------------------
// The world of one case: entities, with hierarchy, attributes and tags

const uid = (type, id) => ({ type, id });
const uidKey = (u) => `${u.type}::${JSON.stringify(u.id)}`;

class World {
  constructor(rng) {
    this.rng = rng;
    this.users = rng.subset(USER_IDS, 0.4).map((id) => uid('User', id));
    if (this.users.length === 0) this.users.push(uid('User', 'alice'));
    this.groups = rng.subset(GROUP_IDS, 0.5).map((id) => uid('Group', id));
    this.teams = rng.subset(TEAM_IDS, 0.4).map((id) => uid('Org::Team', id));
    this.folders = rng.subset(FOLDER_IDS, 0.5).map((id) => uid('Folder', id));
    this.docs = rng.subset(DOC_IDS, 0.5).map((id) => uid('Doc', id));
    if (this.docs.length === 0) this.docs.push(uid('Doc', 'd1'));
    this.actions = ACTION_IDS.map((id) => uid('Action', id));
    this.actionGroups = ACTION_GROUPS.map((id) => uid('Action', id));
    this.ghosts = [uid('User', 'ghost'), uid('Doc', 'ghost'), uid('Group', 'ghost'), uid('Action', 'ghost')];
    // Entities that policies and requests may name, present in the store or not.
    this.allUsers = USER_IDS.map((id) => uid('User', id)).concat([uid('User', 'ghost')]);
    this.allGroups = GROUP_IDS.map((id) => uid('Group', id)).concat([uid('Group', 'ghost')]);
    this.allTeams = TEAM_IDS.map((id) => uid('Org::Team', id));
    this.allFolders = FOLDER_IDS.map((id) => uid('Folder', id));
    this.allDocs = DOC_IDS.map((id) => uid('Doc', id)).concat([uid('Doc', 'ghost')]);
    this.allActions = ACTION_IDS.concat(ACTION_GROUPS).map((id) => uid('Action', id)).concat([uid('Action', 'ghost')]);
    // Extension values in JSON are slow for cedar-wasm to read (tens to hundreds of µs each), so only some cases
    // carry many of them: the share of extension-typed attributes that are present.
    this.extShare = rng.weighted([[5, 0.1], [3, 0.4], [2, 1]]);
    // Likewise every attribute costs cedar-wasm microseconds per request: worlds are small, and vary in how full.
    this.attrShare = rng.weighted([[3, 0.35], [4, 0.6], [2, 0.85]]);
    this.entities = this.buildEntities();
  }

  buildEntities() {
    const rng = this.rng;
    const out = [];
    const parentsFrom = (list, p) => rng.subset(list, p);
    // Groups form a DAG: a group's parents come later in the list. Teams likewise.
    this.groups.forEach((g, i) => {
      const parents = parentsFrom(this.groups.slice(i + 1), 0.35).concat(parentsFrom(this.teams, 0.15));
      if (rng.chance(0.05)) parents.push(uid('Group', 'ghost'));
      out.push(this.entity(g, parents, 'Group'));
    });
    this.teams.forEach((t, i) => out.push(this.entity(t, parentsFrom(this.teams.slice(i + 1), 0.5), 'Group')));
    for (const u of this.users) {
      const parents = parentsFrom(this.groups, 0.35).concat(parentsFrom(this.teams, 0.2));
      if (rng.chance(0.05)) parents.push(uid('Group', 'ghost'));
      out.push(this.entity(u, parents, 'User'));
    }
    this.folders.forEach((f, i) => out.push(this.entity(f, parentsFrom(this.folders.slice(0, i), 0.5), 'Folder')));
    for (const d of this.docs) {
      const parents = parentsFrom(this.folders, 0.4);
      if (rng.chance(0.1) && this.groups.length) parents.push(rng.pick(this.groups));
      out.push(this.entity(d, parents, 'Doc'));
    }
    // Actions and their groups; sometimes the store has no actions at all, so `action in` sees no hierarchy.
    if (rng.chance(0.85)) {
      const readOnly = uid('Action', 'readOnly');
      const all = uid('Action', 'all');
      for (const a of this.actions) {
        const parents = [];
        if ((a.id === 'read' || a.id === 'list') && rng.chance(0.9)) parents.push(readOnly);
        if (a.id !== 'read' && a.id !== 'list' && rng.chance(0.8)) parents.push(all);
        out.push(this.entity(a, parents, 'Action'));
      }
      out.push(this.entity(readOnly, rng.chance(0.8) ? [all] : [], 'Action'));
      out.push(this.entity(all, [], 'Action'));
    }
    return out;
  }

  entity(u, parents, shape) {
    const rng = this.rng;
    const e = { uid: rng.chance(0.1) ? { __entity: u } : u, attrs: this.attrs(shape), parents: parents.map((p) => (rng.chance(0.1) ? { __entity: p } : p)) };
    if (shape === 'User' || shape === 'Doc') {
      if (rng.chance(0.6)) e.tags = this.tags();
    }
    return e;
  }

  attrs(shape) {
    const rng = this.rng;
    const out = {};
    for (const [name, type] of Object.entries(SHAPES[shape])) {
      if (!rng.chance(shape === 'Action' ? 0.1 : this.attrShare) || (EXT_TYPES.has(type) && !rng.chance(this.extShare))) continue;
      out[name] = rng.chance(0.04) ? this.jsonValue(rng.pick(['str', 'long', 'bool', 'set:str', 'ent']), 2) : this.jsonValue(type, 3);
    }
    if (rng.chance(0.08)) out[rng.pick(ODD_ATTRS)] = this.jsonValue(rng.pick(['str', 'long', 'bool']), 1);
    return out;
  }

  tags() {
    const rng = this.rng;
    const t = {};
    if (rng.chance(0.7)) t.env = rng.pick(['prod', 'dev', 'test']);
    if (rng.chance(0.6)) t.level = rng.pick(JSON_LONGS.slice(0, 8));
    if (rng.chance(0.4)) t.region = rng.pick(['eu', 'us', 'Seattle']);
    if (rng.chance(0.3)) t.owner = { __entity: rng.pick(this.allUsers) };
    if (rng.chance(0.3)) t.clearance = rng.pick([0, 1, 2, 3]);
    if (rng.chance(0.1)) t[''] = 'empty';
    return t;
  }

  /** A JSON value (Cedar's entity/context JSON) of the given generator type. */
  jsonValue(type, depth) {
    const rng = this.rng;
    const [kind, arg] = type.split(':');
    switch (kind) {
      case 'str': return rng.pick(STRINGS);
      case 'long': return rng.pick(JSON_LONGS);
      case 'bool': return rng.chance(0.5);
      case 'ent': {
        const target = rng.pick([...this.allUsers, ...this.allGroups, ...this.allDocs]);
        return { __entity: target };
      }
      case 'ip': return { __extn: { fn: 'ip', arg: rng.pick(IPS) } };
      case 'dec': return { __extn: { fn: 'decimal', arg: rng.pick(DECIMALS) } };
      case 'dt': return { __extn: { fn: 'datetime', arg: rng.pick(DATETIMES) } };
      case 'dur': return { __extn: { fn: 'duration', arg: rng.pick(DURATIONS) } };
      case 'set': {
        const n = rng.int(4);
        const items = [];
        for (let i = 0; i < n; i++) items.push(this.jsonValue(arg === 'ent' ? 'ent' : arg || 'str', depth - 1));
        if (arg === 'ent' && rng.chance(0.5)) {
          for (let i = 0; i < 2; i++) items.push({ __entity: rng.pick(this.allGroups) });
        }
        return items;
      }
      case 'rec': {
        const out = {};
        for (const [name, t] of Object.entries(SHAPES[arg])) {
          if (!rng.chance(this.attrShare + 0.1) || (EXT_TYPES.has(t) && !rng.chance(this.extShare))) continue;
          out[name] = depth > 0 ? this.jsonValue(t, depth - 1) : this.jsonValue('long', 0);
        }
        return out;
      }
      default: throw new Error(`no JSON for ${type}`);
    }
  }

  context() {
    const rng = this.rng;
    const out = {};
    for (const [name, type] of Object.entries(SHAPES.ctx)) {
      if (!rng.chance(this.attrShare) || (EXT_TYPES.has(type) && !rng.chance(this.extShare))) continue;
      out[name] = rng.chance(0.04) ? this.jsonValue(rng.pick(['str', 'long', 'bool']), 1) : this.jsonValue(type, 3);
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Policy text: a typed expression generator that prints with Cedar's precedence
//
// Levels: 0 if-then-else, 1 ||, 2 &&, 3 relations (== != < <= > >= in has like is), 4 + -, 5 *, 6 unary ! -,
// 7 member access and method calls, 8 primary.

const node = (s, p) => ({ s, p });

function cedarString(rng, text, { pattern = false } = {}) {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += rng.chance(0.5) ? '\\t' : '\\u{9}';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\0') out += '\\0';
    else if (ch === '*' && pattern) out += '*';
    else if (ch === "'" && rng.chance(0.5)) out += "\\'";
    else if (cp > 127 && rng.chance(0.4)) out += `\\u{${cp.toString(16)}}`;
    else if (cp < 32) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

class PolicyGen {
  constructor(rng, world) {
    this.rng = rng;
    this.world = world;
  }

  wrap(n, min) {
    if (n.p < min) return `(${n.s})`;
    return this.rng.chance(0.04) ? `(${n.s})` : n.s;
  }

  bin(op, l, r, level, assoc = true) {
    // Left-associative chains (||, &&, + - *) take an operand of the same level on the left; relations take none.
    return node(`${this.wrap(l, assoc ? level : level + 1)} ${op} ${this.wrap(r, level + 1)}`, level);
  }

  member(base, suffix) { return node(`${this.wrap(base, 7)}${suffix}`, 7); }

  str(text) { return node(cedarString(this.rng, text), 8); }

  long(v) {
    // A negative literal prints as unary minus applied to its magnitude, as Cedar reads it.
    return v < 0n ? node(`-${(-v).toString()}`, 6) : node(v.toString(), 8);
  }

  entityLit(u) {
    const sep = this.rng.chance(0.03) ? ' :: ' : '::';
    return node(`${u.type.split('::').join(sep)}${sep}${cedarString(this.rng, u.id)}`, 8);
  }

  /** Sometimes a trailing comma after a non-empty list (Cedar syntax since language version 4.4, RFC 71). */
  trailingComma(items) { return items.length > 0 && this.rng.chance(0.05) ? ',' : ''; }

  attrName(name) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : null;
  }

  access(base, name) {
    const ident = this.attrName(name);
    if (ident && !['if', 'true', 'false', 'in', 'like', 'has', 'is', 'then', 'else'].includes(ident) && this.rng.chance(0.9)) {
      return this.member(base, `.${ident}`);
    }
    return this.member(base, `[${cedarString(this.rng, name)}]`);
  }

  /** An entity or record expression together with the shape name the generator believes it has. */
  shaped(d) {
    const rng = this.rng;
    const opts = [
      [4, () => [node('principal', 8), 'User']],
      [4, () => [node('resource', 8), 'Doc']],
      [3, () => [node('context', 8), 'ctx']],
      [1, () => [node('action', 8), 'Action']],
      [1, () => [this.entityLit(rng.pick(this.world.allUsers)), 'User']],
      [1, () => [this.entityLit(rng.pick(this.world.allDocs)), 'Doc']],
    ];
    if (d > 0) {
      opts.push(
        [2, () => [this.access(node('principal', 8), 'profile'), 'profile']],
        [1, () => [this.access(this.access(node('principal', 8), 'profile'), 'address'), 'address']],
        [2, () => [this.access(node('resource', 8), 'meta'), 'meta']],
        [1, () => [this.access(node('context', 8), 'nested'), 'nested']],
        [1, () => [this.access(node('principal', 8), 'manager'), 'User']],
        [1, () => [this.access(node('resource', 8), 'owner'), 'User']],
        [1, () => [this.access(node('context', 8), 'who'), 'User']],
      );
    }
    return rng.weighted(opts)();
  }

  /** An attribute access whose attribute (usually) has the given type. */
  attrOf(type, d) {
    const rng = this.rng;
    for (let tries = 0; tries < 6; tries++) {
      const [base, shape] = this.shaped(d);
      const names = Object.entries(SHAPES[shape]).filter(([, t]) => t === type || (type === 'set' && t.startsWith('set:')) || (type === 'rec' && t.startsWith('rec:'))).map(([n]) => n);
      if (names.length) return this.access(base, rng.pick(names));
    }
    return null;
  }

  /** A has-guarded use: `E has a && <use E.a>`, or with nested has `E has a.b && ...`. */
  guarded(d) {
    const rng = this.rng;
    const [base, shape] = this.shaped(d - 1);
    const entries = Object.entries(SHAPES[shape]);
    const [name, type] = rng.pick(entries);
    const path = [name];
    let t = type;
    if (t.startsWith('rec:') && rng.chance(0.6)) {
      const [n2, t2] = rng.pick(Object.entries(SHAPES[t.slice(4)]));
      path.push(n2);
      t = t2;
    }
    const ok = path.every((p) => this.attrName(p) && !['if', 'true', 'false', 'in', 'like', 'has', 'is', 'then', 'else'].includes(p));
    let hasText;
    if (ok && (path.length === 1 || rng.chance(0.6))) {
      hasText = `${this.wrap(base, 4)} has ${path.join('.')}`;
    } else {
      // The two-step form: E has a && E.a has b.
      hasText = `${this.wrap(base, 4)} has ${ok ? path[0] : cedarString(rng, path[0])}`;
      if (path.length > 1) hasText += ` && ${this.wrap(this.access(base, path[0]), 4)} has ${ok ? path[1] : cedarString(rng, path[1])}`;
    }
    let target = base;
    for (const p of path) target = this.access(target, p);
    const use = this.useOf(target, t.split(':')[0], d - 1);
    return node(`${hasText} && ${this.wrap(use, 3)}`, 2);
  }

  /** A boolean expression that uses a value of the given type. */
  useOf(v, type, d) {
    const rng = this.rng;
    switch (type) {
      case 'bool': return rng.chance(0.5) ? v : this.bin(rng.pick(['==', '!=']), v, this.expr('bool', d), 3, false);
      case 'long': return this.bin(rng.pick(['<', '<=', '>', '>=', '==', '!=']), v, this.expr('long', d), 3, false);
      case 'str': return rng.chance(0.5) ? this.like(v) : this.bin(rng.pick(['==', '!=']), v, this.expr('str', d), 3, false);
      case 'ent': return this.bin(rng.pick(['==', 'in']), v, this.expr('ent', d), 3, false);
      case 'set': return this.member(v, rng.chance(0.6) ? `.contains(${this.expr(rng.pick(['str', 'ent', 'long']), d).s})` : '.isEmpty()');
      case 'rec': return this.bin('has', v, node(rng.pick(IDENT_ATTRS), 8), 3, false);
      case 'ip': return this.member(v, rng.pick(['.isIpv4()', '.isIpv6()', '.isLoopback()', '.isMulticast()', `.isInRange(${this.expr('ip', d).s})`]));
      case 'dec': return this.member(v, `.${rng.pick(['lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual'])}(${this.expr('dec', d).s})`);
      case 'dt': return this.bin(rng.pick(['<', '<=', '>', '>=', '==']), v, this.expr('dt', d), 3, false);
      case 'dur': return this.bin(rng.pick(['<', '>=', '==']), v, this.expr('dur', d), 3, false);
      default: return this.bin('==', v, this.expr('str', d), 3, false);
    }
  }

  like(v) {
    const rng = this.rng;
    const base = rng.pick(STRINGS);
    let pat = '';
    for (const ch of base) {
      const r = rng.next();
      if (r < 0.15) pat += '*';
      else if (r < 0.2) continue;
      else if (ch === '*') pat += '\\*';
      else pat += ch;
    }
    if (rng.chance(0.3)) pat = '*' + pat;
    if (rng.chance(0.3)) pat += '*';
    if (rng.chance(0.05)) pat = '**';
    // Escape the pattern by hand: a literal star is `\*`, a wildcard is a bare `*`.
    let text = '"';
    const chars = Array.from(pat);
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      if (ch === '\\' && chars[i + 1] === '*') { text += '\\*'; i++; continue; }
      if (ch === '*') { text += '*'; continue; }
      text += cedarString(rng, ch).slice(1, -1);
    }
    text += '"';
    return node(`${this.wrap(v, 4)} like ${text}`, 3);
  }

  ifThen(type, d) {
    return node(`if ${this.expr('bool', d - 1).s} then ${this.expr(type, d - 1).s} else ${this.expr(type, d - 1).s}`, 0);
  }

  /** An expression of the given type; sometimes (type errors on purpose) of another. */
  expr(type, d) {
    const rng = this.rng;
    if (rng.chance(0.025)) type = rng.pick(['bool', 'long', 'str', 'ent', 'set', 'rec', 'ip', 'dec']);
    const leaf = d <= 0;
    switch (type) {
      case 'bool': return this.boolExpr(d, leaf);
      case 'long': return this.longExpr(d, leaf);
      case 'str': return this.strExpr(d, leaf);
      case 'ent': return this.entExpr(d, leaf);
      case 'set': return this.setExpr(d, leaf);
      case 'rec': return this.recExpr(d, leaf);
      case 'ip': return this.extExpr('ip', d, leaf);
      case 'dec': return this.extExpr('dec', d, leaf);
      case 'dt': return this.extExpr('dt', d, leaf);
      case 'dur': return this.extExpr('dur', d, leaf);
      default: throw new Error(type);
    }
  }

  boolExpr(d, leaf) {
    const rng = this.rng;
    const w = this.world;
    const leaves = [
      [2, () => node(rng.pick(['true', 'false']), 8)],
      [3, () => this.attrOf('bool', 0) ?? node('true', 8)],
      [3, () => { const [b] = this.shaped(0); return node(`${this.wrap(b, 4)} has ${rng.pick(IDENT_ATTRS)}`, 3); }],
      [1, () => { const [b] = this.shaped(0); return node(`${this.wrap(b, 4)} has ${cedarString(rng, rng.pick(ODD_ATTRS))}`, 3); }],
      [2, () => node(`principal == ${this.entityLit(rng.pick(w.allUsers)).s}`, 3)],
      [3, () => node(`principal in ${this.entityLit(rng.pick([...w.allGroups, ...w.allTeams, ...w.allUsers])).s}`, 3)],
      [2, () => node(`resource in ${this.entityLit(rng.pick([...w.allFolders, ...w.allDocs, ...w.allGroups])).s}`, 3)],
      [1, () => node(`action in ${this.entityLit(rng.pick(w.allActions)).s}`, 3)],
      [2, () => this.member(node(rng.pick(['principal', 'resource']), 8), `.hasTag(${cedarString(rng, rng.pick(TAG_KEYS))})`)],
    ];
    if (leaf) return rng.weighted(leaves)();
    const e = (t) => this.expr(t, d - 1);
    return rng.weighted([
      [6, () => rng.weighted(leaves)()],
      [5, () => this.bin('&&', e('bool'), e('bool'), 2)],
      [4, () => this.bin('||', e('bool'), e('bool'), 1)],
      [3, () => { const n = e('bool'); const bangs = rng.chance(0.8) ? '!' : '!!'; return node(`${bangs}${this.wrap(n, 7)}`, 6); }],
      [5, () => this.bin(rng.pick(['<', '<=', '>', '>=']), e('long'), e('long'), 3, false)],
      [4, () => { const t = rng.pick(['long', 'str', 'ent', 'bool', 'set', 'rec', 'ip', 'dec']); const other = rng.chance(0.15) ? rng.pick(['long', 'str', 'bool']) : t; return this.bin(rng.pick(['==', '!=']), e(t), e(other), 3, false); }],
      [4, () => this.bin('in', e('ent'), rng.chance(0.6) ? e('ent') : this.entSet(d - 1), 3, false)],
      [5, () => this.guarded(d)],
      [3, () => { const [b] = this.shaped(d - 1); const a = rng.pick(IDENT_ATTRS); const b2 = rng.pick(IDENT_ATTRS); return node(`${this.wrap(b, 4)} has ${a}${rng.chance(0.5) ? '.' + b2 : ''}`, 3); }],
      [4, () => this.like(e('str'))],
      [3, () => {
        const t = rng.pick(['User', 'Doc', 'Group', 'Folder', 'Org::Team', 'Action', 'Nope']);
        const inPart = rng.chance(0.4) ? ` in ${this.wrap(rng.chance(0.7) ? e('ent') : this.entSet(d - 1), 4)}` : '';
        return node(`${this.wrap(e('ent'), 4)} is ${t}${inPart}`, 3);
      }],
      [4, () => this.member(e('set'), `.contains(${e(rng.pick(['str', 'long', 'ent'])).s})`)],
      [3, () => this.member(e('set'), `.${rng.pick(['containsAll', 'containsAny'])}(${e('set').s})`)],
      [2, () => this.member(e('set'), '.isEmpty()')],
      [3, () => this.member(e('ent'), `.hasTag(${e('str').s})`)],
      [2, () => this.bin(rng.pick(['==', '!=', '<']), this.member(e('ent'), `.getTag(${cedarString(rng, rng.pick(TAG_KEYS))})`), e(rng.pick(['str', 'long'])), 3, false)],
      [3, () => this.useOf(this.extExpr('ip', d - 1, false), 'ip', d - 1)],
      [3, () => this.useOf(this.extExpr('dec', d - 1, false), 'dec', d - 1)],
      [2, () => this.useOf(this.extExpr('dt', d - 1, false), 'dt', d - 1)],
      [1, () => this.useOf(this.extExpr('dur', d - 1, false), 'dur', d - 1)],
      [2, () => this.ifThen('bool', d)],
      [1, () => this.member(e('rec'), `.${rng.pick(['flag', 'active', 'authenticated', 'public'])}`)],
    ])();
  }

  longExpr(d, leaf) {
    const rng = this.rng;
    const leaves = [
      [4, () => this.long(rng.pick(SMALL_LONGS))],
      [1, () => this.long(rng.chance(0.8) ? rng.pick(BIG_LONGS) : -rng.pick(BIG_LONGS))],
      [1, () => node('-9223372036854775808', 6)],
      [4, () => this.attrOf('long', 1) ?? this.long(1n)],
      [1, () => this.member(node(rng.pick(['principal', 'resource']), 8), `.getTag(${cedarString(rng, rng.pick(['level', 'clearance']))})`)],
    ];
    if (leaf) return rng.weighted(leaves)();
    const e = (t) => this.expr(t, d - 1);
    return rng.weighted([
      [6, () => rng.weighted(leaves)()],
      [3, () => this.bin('+', e('long'), e('long'), 4)],
      [3, () => this.bin('-', e('long'), e('long'), 4)],
      [3, () => this.bin('*', e('long'), e('long'), 5)],
      [1, () => node(`-${this.wrap(e('long'), 7)}`, 6)],
      [1, () => node(`${this.long(rng.pick(BIG_LONGS)).s} ${rng.pick(['+', '*'])} ${this.wrap(this.long(rng.pick(BIG_LONGS)), 6)}`, 4)],
      [1, () => this.member(this.extExpr('dur', d - 1, false), `.${rng.pick(['toDays', 'toHours', 'toMinutes', 'toSeconds', 'toMilliseconds'])}()`)],
      [1, () => this.ifThen('long', d)],
    ])();
  }

  strExpr(d, leaf) {
    const rng = this.rng;
    const leaves = [
      [4, () => this.str(rng.pick(STRINGS))],
      [4, () => this.attrOf('str', 1) ?? this.str('a')],
      [1, () => this.member(node(rng.pick(['principal', 'resource']), 8), `.getTag(${cedarString(rng, rng.pick(['env', 'region']))})`)],
    ];
    if (leaf) return rng.weighted(leaves)();
    return rng.weighted([[8, () => rng.weighted(leaves)()], [1, () => this.ifThen('str', d)]])();
  }

  entExpr(d, leaf) {
    const rng = this.rng;
    const w = this.world;
    const leaves = [
      [4, () => node(rng.pick(['principal', 'resource', 'action']), 8)],
      [4, () => this.entityLit(rng.pick([...w.allUsers, ...w.allGroups, ...w.allTeams, ...w.allDocs, ...w.allFolders, ...w.allActions]))],
      [2, () => this.attrOf('ent', 1) ?? node('principal', 8)],
      [1, () => this.member(node('resource', 8), '.getTag("owner")')],
    ];
    if (leaf) return rng.weighted(leaves)();
    return rng.weighted([[10, () => rng.weighted(leaves)()], [1, () => this.ifThen('ent', d)]])();
  }

  entSet(d) {
    const rng = this.rng;
    const w = this.world;
    if (rng.chance(0.4)) return this.attrOf('set', 1) ?? node('[]', 8);
    const n = rng.int(4);
    const items = [];
    for (let i = 0; i < n; i++) items.push(d > 0 && rng.chance(0.2) ? this.expr('ent', d - 1).s : this.entityLit(rng.pick([...w.allGroups, ...w.allTeams, ...w.allFolders, ...w.allUsers, ...w.allActions])).s);
    return node(`[${items.join(', ')}${this.trailingComma(items)}]`, 8);
  }

  setExpr(d, leaf) {
    const rng = this.rng;
    const lit = () => {
      const t = rng.pick(['str', 'long', 'ent', 'mixed']);
      const n = rng.int(4);
      const items = [];
      for (let i = 0; i < n; i++) items.push(this.expr(t === 'mixed' ? rng.pick(['str', 'long', 'ent', 'bool']) : t, Math.min(d - 1, 0)).s);
      if (rng.chance(0.1) && items.length) items.push(items[0]);
      return node(`[${items.join(', ')}${this.trailingComma(items)}]`, 8);
    };
    const leaves = [[3, lit], [3, () => this.attrOf('set', 1) ?? node('[]', 8)], [1, () => this.entSet(0)]];
    if (leaf) return rng.weighted(leaves)();
    return rng.weighted([
      [8, () => rng.weighted(leaves)()],
      [1, () => node(`[${this.expr('set', d - 1).s}, ${this.expr('set', d - 1).s}]`, 8)],
      [1, () => this.ifThen('set', d)],
    ])();
  }

  recExpr(d, leaf) {
    const rng = this.rng;
    const lit = () => {
      const n = rng.int(4);
      const keys = new Set();
      const items = [];
      for (let i = 0; i < n; i++) {
        const k = rng.chance(0.8) ? rng.pick(IDENT_ATTRS) : rng.pick(ODD_ATTRS);
        if (keys.has(k) && !rng.chance(0.05)) continue;
        keys.add(k);
        const key = this.attrName(k) && rng.chance(0.8) ? k : cedarString(rng, k);
        items.push(`${key}: ${this.expr(rng.pick(['str', 'long', 'bool', 'ent', 'set']), Math.max(0, d - 1)).s}`);
      }
      return node(`{${items.join(', ')}${this.trailingComma(items)}}`, 8);
    };
    const leaves = [[3, lit], [3, () => this.attrOf('rec', 1) ?? node('context', 8)], [2, () => node('context', 8)]];
    if (leaf) return rng.weighted(leaves)();
    return rng.weighted([[8, () => rng.weighted(leaves)()], [1, () => this.ifThen('rec', d)]])();
  }

  extExpr(kind, d, leaf) {
    const rng = this.rng;
    const table = {
      ip: ['ip', IPS, BAD_IPS],
      dec: ['decimal', DECIMALS, BAD_DECIMALS],
      dt: ['datetime', DATETIMES, BAD_DATETIMES],
      dur: ['duration', DURATIONS, BAD_DURATIONS],
    }[kind];
    const [fn, good, bad] = table;
    const leaves = [
      [6, () => node(`${fn}(${cedarString(rng, rng.chance(0.08) ? rng.pick(bad) : rng.pick(good))})`, 8)],
      [3, () => this.attrOf(kind, 1) ?? node(`${fn}(${cedarString(rng, good[0])})`, 8)],
      [1, () => node(`${fn}(${this.expr('str', 0).s})`, 8)],
    ];
    if (leaf) return rng.weighted(leaves)();
    const opts = [[8, () => rng.weighted(leaves)()], [1, () => this.ifThen(kind, d)]];
    if (kind === 'dt') {
      opts.push(
        [2, () => this.member(this.extExpr('dt', d - 1, false), `.offset(${this.extExpr('dur', d - 1, false).s})`)],
        [1, () => this.member(this.extExpr('dt', d - 1, false), '.toDate()')],
      );
    }
    if (kind === 'dur') {
      opts.push(
        [2, () => this.member(this.extExpr('dt', d - 1, false), `.durationSince(${this.extExpr('dt', d - 1, false).s})`)],
        [1, () => this.member(this.extExpr('dt', d - 1, false), '.toTime()')],
      );
    }
    return rng.weighted(opts)();
  }

  /**
   * A corner of the syntax or of the semantics that random expressions rarely reach, drawn from a fixed list: reserved
   * words and __cedar where names go, trailing commas, escapes (in strings and patterns), literal limits, unary
   * chains, calls in the wrong style, extension corner cases. Some are not Cedar: those cases are refused and their
   * policies go to _rejected.json, so Rein must refuse them too.
   */
  oddFragment() {
    const rng = this.rng;
    const reserved = ['if', 'then', 'else', 'true', 'false', 'in', 'is', 'has', 'like', '__cedar', 'principal', 'permit', 'when', 'unless', 'context', '__cedarX', '_'];
    const word = rng.pick(reserved);
    return rng.pick([
      () => `{${word}: 1} has ${rng.pick(IDENT_ATTRS)}`,
      () => `{"${word}": 1}["${word}"] == 1`,
      () => `principal has ${word}`,
      () => `principal has name.${word}`,
      () => `context.${word} == 1`,
      () => `principal is ${word}`,
      () => `principal is User::${word}`,
      () => `principal == ${word}::"a"`,
      () => `principal == User::${word}::"a"`,
      () => `principal.${word}(1)`,
      () => `[1, 2,] == [2, 1]`,
      () => `{a: 1, b: [1,],} == {b: [1], a: 1}`,
      () => `ip("10.0.0.1",).isIpv4()`,
      () => `[1].contains(1,)`,
      () => `[,] == []`,
      () => `"ab" like "a${rng.pick(['\\u{2a}', '\\x2a', '\\*', '*', '\\u{2A}', '\\x2A'])}"`,
      () => `"a*" like "a${rng.pick(['\\u{2a}', '\\x2a', '\\*'])}"`,
      () => `"a${rng.pick(['\r', '\r\n', '\n', '\t', '\u0085', '\u2028'])}b" like "a*b"`,
      () => `"${rng.pick(['\\x41', '\\x7f', '\\x80', '\\x4', '\\u{41}', '\\u{0}', '\\u{D800}', '\\u{110000}', '\\u{10FFFF}', '\\u{}', '\\u{1_F600}', '\\u{0000041}', '\\q', '\\\'', "'"])}" != ""`,
      () => `${rng.pick(['!', '!!', '!!!!', '!!!!!'])}true`,
      () => `${rng.pick(['-', '--', '----', '-----', '- -'])}1 < 0`,
      () => `${rng.pick(['-9223372036854775808', '9223372036854775807', '9223372036854775808', '-9223372036854775809', '-(9223372036854775808)', '007', '0'])} != 1`,
      () => `${rng.pick(['-9223372036854775808', '9223372036854775807'])} ${rng.pick(['+', '-', '*'])} ${rng.pick(['1', '-1', '2', '0'])} != 1`,
      () => `${rng.pick(['lessThan(decimal("1.0"), decimal("2.0"))', 'isIpv4(ip("1.2.3.4"))', '"1.0".decimal()', 'contains([1], 1)', 'foo(1)', 'principal.foo()', 'ip()', 'ip("1.2.3.4", "x").isIpv4()', 'decimal(1) == decimal("1.0")', '[].isEmpty(1)', 'ip("1.2.3.4").isIpv4(1)'])}`,
      () => `${rng.pick(['1 < 2 < 3', '1 == 1 == true', '(1 == 1) == true', 'principal has name has x', 'principal is User is User', 'if true then 1 else 2 == 1', '!if true then true else false', '[if true then 1 else 2].contains(1)'])}`,
      () => `${rng.pick(['decimal("1.0") < decimal("2.0")', 'ip("1.2.3.4") < ip("1.2.3.5")', 'datetime("2024-01-01") < duration("1h")', '"a" < "b"', 'true < false', 'principal < principal'])}`,
      () => `${rng.pick(['decimal("1.0") == decimal("1.0000")', 'ip("10.0.0.1") == ip("10.0.0.1/32")', 'ip("10.0.0.1/8") == ip("10.0.0.0/8")', 'datetime("2024-01-01") == datetime("2024-01-01T00:00:00Z")', 'datetime("2024-01-01T00:00:00+0100") == datetime("2023-12-31T23:00:00Z")', 'duration("60m") == duration("1h")', '[decimal("1.0")] == [decimal("1.00")]', '{a: [1, 2]} == {a: [2, 1, 1]}'])}`,
      () => `ip(${cedarString(rng, rng.pick(['::ffff:1.2.3.4', '::1.2.3.4', '1:2:3:4:5:6:7:8', '1::2::3', 'FE80::1', '1.2.3.4/0', '1.2.3.4/01', ' 1.2.3.4', '0.0.0.0/0', 'ff00::/8', '127.255.255.255/8', '::/128']))}).${rng.pick(['isIpv4()', 'isIpv6()', 'isLoopback()', 'isMulticast()', 'isInRange(ip("::/0"))', 'isInRange(ip("0.0.0.0/0"))'])}`,
      () => `decimal(${cedarString(rng, rng.pick(['1.0000', '00.1', '-0.0', ' 1.0', '1_0.0', '-922337203685477.5808', '922337203685477.58070']))}).${rng.pick(['lessThan', 'greaterThanOrEqual'])}(decimal("0.0"))`,
      () => `datetime(${cedarString(rng, rng.pick(['2024-02-29', '2023-02-29', '2024-01-01T00:00:00.1Z', '2024-01-01T24:00:00Z', '2024-01-01T23:59:60Z', '2024-01-01T00:00:00+2359', '2024-01-01T00:00:00+0060', '2024-01-01T00:00:00z', '+2024-01-01', '0000-01-01', '1969-12-31T23:59:59.999Z']))}).${rng.pick(['toDate()', 'toTime()', 'offset(duration("-1ms"))', 'durationSince(datetime("1970-01-01"))'])} != duration("1ms")`,
      () => `duration(${cedarString(rng, rng.pick(['1d-1h', '-1d-1h', '1m1h', '1d1d', '0', '1H', '9223372036854775807ms', '9223372036854775808ms', '-9223372036854775808ms', '106751991167d', '106751991168d', '-1999ms']))}).${rng.pick(['toSeconds()', 'toDays()', 'toMilliseconds()'])} != 0`,
      () => `datetime("9999-12-31").offset(duration(${cedarString(rng, rng.pick(['1000000000d', '1d', '-100000000d']))})) > datetime("1970-01-01")`,
      () => `principal.getTag(${cedarString(rng, rng.pick(TAG_KEYS))}) ${rng.pick(['==', '!='])} ${rng.pick(['1', '"prod"', 'principal'])}`,
      () => `${rng.pick(['1', '"a"', '[1]', '{a: 1}', 'context'])}.hasTag("a")`,
      () => `principal in [Group::"admins", ${rng.pick(['1', '"a"', 'principal', 'Doc::"d1"'])}]`,
      () => `${rng.pick(['1', '"a"', 'context'])} in principal`,
      () => `principal in ${rng.pick(['1', '"a"', '[]', 'context'])}`,
    ])();
  }

  // --- scopes and whole policies -----------------------------------------------------------------------------------

  scopePart(variable, pool, types) {
    const rng = this.rng;
    return rng.weighted([
      [10, () => variable],
      [3, () => `${variable} == ${this.entityLit(rng.pick(pool)).s}`],
      [4, () => `${variable} in ${this.entityLit(rng.pick(pool)).s}`],
      [2, () => `${variable} is ${rng.pick(types)}`],
      [1, () => `${variable} is ${rng.pick(types)} in ${this.entityLit(rng.pick(pool)).s}`],
    ])();
  }

  actionScope() {
    const rng = this.rng;
    const w = this.world;
    return rng.weighted([
      [7, () => 'action'],
      [5, () => `action == ${this.entityLit(rng.pick(w.allActions)).s}`],
      [3, () => `action in ${this.entityLit(rng.pick(w.allActions)).s}`],
      [3, () => `action in [${rng.subset(w.allActions, 0.3).map((a) => this.entityLit(a).s).join(', ')}]`],
    ])();
  }

  policy() {
    const rng = this.rng;
    const w = this.world;
    let text = '';
    if (rng.chance(0.15)) text += `@${rng.pick(['id', 'advice', 'reason'])}(${cedarString(rng, rng.pick(STRINGS))})\n`;
    if (rng.chance(0.05)) text += '@bare\n';
    if (rng.chance(0.1)) text += '// a comment\n';
    const effect = rng.chance(0.7) ? 'permit' : 'forbid';
    // Scope entities are mostly ones the store has, sometimes any the vocabulary knows.
    const known = (present, all) => (rng.chance(0.75) && present.length ? present : all);
    const principal = this.scopePart('principal', known([...w.users, ...w.groups, ...w.teams], [...w.allUsers, ...w.allGroups, ...w.allTeams]), ['User', 'Group', 'Org::Team', 'Doc']);
    const action = this.actionScope();
    const resource = this.scopePart('resource', known([...w.docs, ...w.folders], [...w.allDocs, ...w.allFolders, ...w.allGroups]), ['Doc', 'Folder', 'User']);
    const sep = rng.chance(0.5) ? ',\n  ' : ', ';
    text += `${effect} (${principal}${sep}${action}${sep}${resource})`;
    // A forbid without conditions would decide most requests alone: forbids nearly always have one.
    const clauses = effect === 'forbid' && rng.chance(0.9) ? rng.range(1, 2) : rng.weighted([[3, 0], [5, 1], [2, 2], [0.5, 3]]);
    for (let i = 0; i < clauses; i++) {
      const kind = rng.chance(0.75) ? 'when' : 'unless';
      const depth = rng.range(1, 4);
      let condition = this.expr('bool', depth).s;
      if (rng.chance(0.04)) condition = `(${condition}) ${rng.pick(['&&', '||'])} (${this.oddFragment()})`;
      text += `\n${kind} { ${condition} }`;
    }
    if (rng.chance(0.03)) text = text.replace(/resource\)(?![^]*resource\))/, 'resource,)');
    return text + ';';
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Requests and cedar-wasm's answers

function request(rng, world) {
  const principal = rng.weighted([
    [7, () => rng.pick(world.users)],
    [1, () => uid('User', 'ghost')],
    [1, () => rng.pick(world.allGroups)],
    [0.5, () => rng.pick(world.allTeams)],
    [0.5, () => rng.pick(world.allDocs)],
  ])();
  const action = rng.weighted([[8, () => rng.pick(world.actions)], [1, () => rng.pick(world.actionGroups)], [0.5, () => uid('Action', 'ghost')]])();
  const resource = rng.weighted([
    [7, () => rng.pick(world.docs)],
    [2, () => rng.pick(world.allFolders)],
    [1, () => uid('Doc', 'ghost')],
    [0.5, () => rng.pick(world.users)],
  ])();
  return { principal, action, resource, context: world.context() };
}

const BAD_TYPE_NAMES = ['if', 'User::', ' User', '__cedar::X', '1G', 'A :: B', 'true', 'Ns::in', 'ü', ''];

/** A record value that looks like an escape but lacks its shape (Cedar reads it as a plain record), or the retired __expr. */
function oddJsonValue(rng) {
  return rng.pick([
    () => ({ __entity: 'User::"alice"' }),
    () => ({ __entity: { type: 'User' } }),
    () => ({ __entity: 1 }),
    () => ({ __extn: { fn: 'ip' } }),
    () => ({ __extn: 1 }),
    () => ({ __extn: { fn: 'ip', args: '10.0.0.1' } }),
    () => ({ __extn: { fn: 'ip', args: ['10.0.0.1'] } }),
    () => ({ __extn: { fn: 'decimal', arg: '1.5', args: ['2.5'] } }),
    () => ({ __extn: { fn: 'offset', args: [{ __extn: { fn: 'datetime', arg: '2024-01-01' } }, { __extn: { fn: 'duration', arg: '1d' } }] } }),
    () => ({ __entity: { type: 'User', id: 'alice' }, extra: 1 }),
    () => ({ __entity: { type: 'User', id: 'alice', extra: 1 } }),
    () => ({ __entity: { type: rng.pick(BAD_TYPE_NAMES), id: 'x' } }),
    () => ({ __expr: 'User::"alice"' }),
    () => ({ __expr: 1 }),
    () => ({ type: 'User', id: 'alice' }),
  ])();
}

/**
 * Entity JSON that stresses the reader: repeated entities (identical or not), cycles, missing or null fields, type
 * names that are not Cedar names, values shaped like escapes. Cedar refuses some of these (then the case is not
 * kept, and the entities go to _rejected.json so Rein must refuse them too).
 */
function mutateEntities(rng, entities) {
  const copy = (x) => JSON.parse(JSON.stringify(x));
  const i = rng.int(entities.length);
  const e = entities[i];
  rng.pick([
    () => entities.push(copy(e)),
    () => { const d = copy(e); d.attrs = { ...d.attrs, zz: 1 }; entities.push(d); },
    () => { const d = copy(e); d.parents = [...d.parents].reverse(); entities.push(d); },
    () => { e.parents = [...e.parents, e.uid.__entity ?? e.uid]; },
    () => { const o = entities[rng.int(entities.length)]; o.parents = [...o.parents, e.uid.__entity ?? e.uid]; e.parents = [...e.parents, o.uid.__entity ?? o.uid]; },
    () => { delete e.attrs; },
    () => { delete e.parents; },
    () => { e.attrs = null; },
    () => { e.parents = null; },
    () => { e.tags = null; },
    () => { e.tags = {}; },
    () => { e.parents = [...e.parents, { type: rng.pick(BAD_TYPE_NAMES), id: 'g' }]; },
    () => { e.attrs = { ...e.attrs, odd: oddJsonValue(rng) }; },
    () => { e.attrs = { ...e.attrs, odd: [oddJsonValue(rng)] }; },
    () => { e.tags = { ...(e.tags ?? {}), odd: oddJsonValue(rng) }; },
    () => { e.attrs = { ...e.attrs, __entity: { type: 'User', id: 'alice' } }; },
  ])();
}

function makeCase(seed, k, requestCount) {
  const rng = new Rng(`${seed}/${k}`);
  const world = new World(rng);
  const gen = new PolicyGen(rng, world);
  const n = rng.weighted([[1, 1], [3, 2], [3, 3], [2, 4], [1, 6]]);
  const policies = [];
  for (let i = 0; i < n; i++) policies.push(gen.policy());
  if (rng.chance(0.06)) mutateEntities(rng, world.entities);
  const requests = [];
  for (let i = 0; i < requestCount; i++) {
    const r = request(rng, world);
    if (rng.chance(0.02)) r.context = { ...r.context, odd: oddJsonValue(rng) };
    if (rng.chance(0.005)) r.context = oddJsonValue(rng);
    requests.push(r);
  }
  return { policies, entities: world.entities, requests };
}

/** Cedar's answers for every request of a case; the policy set is parsed once (preparsePolicySet). */
function decide(c, policySetId) {
  const out = [];
  for (const r of c.requests) {
    const answer = cedar.statefulIsAuthorized({
      principal: r.principal, action: r.action, resource: r.resource, context: r.context,
      preparsedPolicySetId: policySetId, entities: c.entities,
    });
    if (answer.type !== 'success') return { failure: answer.errors.map((e) => e.message).join('; ') };
    const { decision, diagnostics } = answer.response;
    out.push({
      decision,
      reason: [...diagnostics.reason].sort(),
      errors: [...new Set(diagnostics.errors.map((e) => e.policyId))].sort(),
      messages: diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`),
    });
  }
  return { answers: out };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.out, { recursive: true });
  const stats = { seed: args.seed, cedar: cedar.getCedarVersion(), first: args.first, count: args.count, written: 0,
    discardedPolicyParse: 0, discardedEntities: 0, rejectedContexts: 0, discardedOther: 0, requests: 0, allow: 0, deny: 0, withErrors: 0, policies: 0, rejectedPolicies: 0 };
  const rejected = [];
  for (let k = args.first; k < args.first + args.count; k++) {
    const c = makeCase(args.seed, k, args.requests);
    const name = `case-${String(k).padStart(5, '0')}`;
    // Policy ids are given explicitly (policy0, policy1, ... in file order), as Rein's test runner names them.
    const parse = cedar.preparsePolicySet('case', { staticPolicies: Object.fromEntries(c.policies.map((p, i) => [`policy${i}`, p])) });
    if (parse.type !== 'success') {
      stats.discardedPolicyParse++;
      c.policies.forEach((p) => {
        const one = cedar.checkParsePolicySet({ staticPolicies: { policy0: p } });
        if (one.type !== 'success') {
          stats.rejectedPolicies++;
          rejected.push({ case: name, kind: 'policy', policy: p, cedar: one.errors.map((e) => e.message).join('; ') });
        }
      });
      continue;
    }
    // Entities or a context that cedar-wasm refuses: Rein must refuse them too (the test checks _rejected.json).
    const entitiesCheck = cedar.checkParseEntities({ entities: c.entities });
    if (entitiesCheck.type !== 'success') {
      stats.discardedEntities++;
      rejected.push({ case: name, kind: 'entities', json: JSON.stringify(c.entities), cedar: entitiesCheck.errors.map((e) => e.message).join('; ') });
      continue;
    }
    c.requests = c.requests.filter((r) => {
      const contextCheck = cedar.checkParseContext({ context: r.context });
      if (contextCheck.type === 'success') return true;
      stats.rejectedContexts++;
      rejected.push({ case: name, kind: 'context', json: JSON.stringify(r.context), cedar: contextCheck.errors.map((e) => e.message).join('; ') });
      return false;
    });
    let result;
    try {
      result = decide(c, 'case');
    } catch (e) {
      // A panic inside cedar-wasm (for example a stack overflow on a deeply nested expression) leaves the module
      // unusable, so every later answer would be wrong: stop here, loudly.
      process.stderr.write(`${name}: cedar-wasm threw (${e.message}); its policies:\n${c.policies.join('\n')}\n`);
      process.exit(2);
    }
    if (result.failure) {
      stats.discardedOther++;
      if (!args.quiet) process.stderr.write(`${name}: discarded: ${result.failure}\n`);
      continue;
    }
    const header = `// Generated by interop/cedar/generate.mjs --seed ${args.seed} --first ${k} --count 1 (cedar ${stats.cedar})\n`;
    writeFileSync(join(args.out, `${name}.cedar`), header + c.policies.join('\n\n') + '\n');
    writeFileSync(join(args.out, `${name}.entities.json`), JSON.stringify(c.entities, null, 1) + '\n');
    const test = {
      policies: `${name}.cedar`,
      entities: `${name}.entities.json`,
      schema: null,
      shouldValidate: false,
      requests: c.requests.map((r, i) => {
        const a = result.answers[i];
        stats.requests++;
        stats[a.decision]++;
        if (a.errors.length) stats.withErrors++;
        return {
          description: `request ${i}`,
          principal: r.principal, action: r.action, resource: r.resource, context: r.context,
          decision: a.decision, reason: a.reason, errors: a.errors,
          cedarErrorMessages: a.messages,
        };
      }),
    };
    writeFileSync(join(args.out, `${name}.json`), JSON.stringify(test, null, 1) + '\n');
    stats.written++;
    stats.policies += c.policies.length;
  }
  writeFileSync(join(args.out, '_rejected.json'), JSON.stringify(rejected, null, 1) + '\n');
  process.stdout.write(JSON.stringify(stats) + '\n');
}

main();
