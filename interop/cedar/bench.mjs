#!/usr/bin/env node
// Times the official Cedar implementation (@cedar-policy/cedar-wasm) per authorization decision on a realistic,
// Rein-shaped policy set of 10, 100 and 1,000 policies, so Rein.Policy's numbers can be set beside it.
//
//   node bench.mjs [--sizes 10,100,1000] [--seconds 3] [--max 20000] [--seed 7] [--out DIR] [--json]
//
// Three ways of calling it are timed for each size (all with the same 200 agents, their roles, the tools and actions):
//   isAuthorized           the stateless call: policies and all entities are parsed on every decision
//   statefulIsAuthorized   the policy set is parsed once (preparsePolicySet); all entities are still read on every call
//   stateful+entity slice  as above, but passing only the request's entities (principal and its roles, resource,
//                          action and its group), the cheapest way to use cedar-wasm
// Both return the same decisions (checked). --out DIR writes the policies (policies-N.cedar), the entities
// (entities.json) and the requests (requests.json, Cedar's JSON request shape) so the same workload can be run
// through Rein. The numbers are per decision, in microseconds, measured in this process on this machine.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

function parseArgs(argv) {
  const args = { sizes: [10, 100, 1000], seconds: 3, max: 20000, seed: 7, out: null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--sizes') args.sizes = next().split(',').map((s) => Number.parseInt(s, 10));
    else if (a === '--seconds') args.seconds = Number.parseFloat(next());
    else if (a === '--max') args.max = Number.parseInt(next(), 10);
    else if (a === '--seed') args.seed = Number.parseInt(next(), 10);
    else if (a === '--out') args.out = next();
    else if (a === '--json') args.json = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

// A small deterministic generator (mulberry32), so every run times the same workload.
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)] };
}

const VERBS = ['read', 'list', 'write', 'delete', 'admin'];
const ENVS = ['prod', 'staging', 'dev'];

/**
 * A workload shaped like Rein's: agents (with an owner team, an environment and a clearance) in roles, tools whose
 * actions are grouped, policies that grant a role a tool's actions under conditions on the agent and the request
 * context, and some forbids (kill switches, off-hours, IP ranges).
 */
function workload(size, seed) {
  const r = rng(seed + size);
  const tools = Math.max(5, Math.round(size / 4));
  const roles = Math.max(3, Math.round(size / 10));
  const agents = 200;
  const entities = [];
  for (let t = 0; t < roles; t++) entities.push({ uid: { type: 'Role', id: `role-${t}` }, attrs: {}, parents: t > 0 && r.next() < 0.3 ? [{ type: 'Role', id: `role-${r.int(t)}` }] : [] });
  for (let t = 0; t < tools; t++) {
    entities.push({ uid: { type: 'Tool', id: `tool-${t}` }, attrs: { risk: r.int(4), owner: `team-${r.int(10)}`, env: r.pick(ENVS) }, parents: [] });
    for (const v of VERBS) entities.push({ uid: { type: 'Action', id: `tool-${t}.${v}` }, attrs: {}, parents: [{ type: 'Action', id: v === 'read' || v === 'list' ? 'readOnly' : 'mutating' }] });
  }
  entities.push({ uid: { type: 'Action', id: 'readOnly' }, attrs: {}, parents: [] }, { uid: { type: 'Action', id: 'mutating' }, attrs: {}, parents: [] });
  for (let a = 0; a < agents; a++) {
    const parents = [{ type: 'Role', id: `role-${r.int(roles)}` }];
    if (r.next() < 0.4) parents.push({ type: 'Role', id: `role-${r.int(roles)}` });
    entities.push({
      uid: { type: 'Agent', id: `agent-${a}` },
      attrs: { owner: `team-${r.int(10)}`, env: r.pick(ENVS), clearance: r.int(4), purpose: r.pick(['triage', 'billing', 'support', 'ops']), scopes: [r.pick(VERBS), r.pick(VERBS)] },
      parents,
    });
  }

  const policies = [];
  for (let i = 0; i < size; i++) {
    const t = r.int(tools);
    const kind = r.next();
    if (kind < 0.92) {
      const verbs = VERBS.filter(() => r.next() < 0.5);
      const actions = (verbs.length ? verbs : ['read']).map((v) => `Action::"tool-${t}.${v}"`).join(', ');
      const cond = r.pick([
        'principal.clearance >= resource.risk',
        'principal.env == resource.env && context.mfa',
        'principal.owner == resource.owner || principal.clearance > 2',
        'context.ip.isInRange(ip("10.0.0.0/8")) && principal has purpose && principal.purpose like "*tri*"',
        'principal.scopes.contains("write") && context.hour >= 8 && context.hour < 20',
      ]);
      policies.push(`@id("grant-${i}")\npermit (principal in Role::"role-${r.int(roles)}", action in [${actions}], resource == Tool::"tool-${t}")\nwhen { ${cond} };`);
    } else if (kind < 0.96) {
      policies.push(`@id("kill-${i}")\nforbid (principal == Agent::"agent-${r.int(agents)}", action, resource);`);
    } else {
      policies.push(`@id("guard-${i}")\nforbid (principal, action in Action::"mutating", resource is Tool)\nwhen { resource.risk >= 3 && !(context.mfa) }\nunless { principal.clearance >= 3 };`);
    }
  }

  // Requests mostly name an agent in a role that some policy grants on the tool, so decisions are not all denials.
  const grants = [];
  policies.forEach((p) => {
    const m = /Role::"(role-\d+)".*Tool::"tool-(\d+)"/s.exec(p);
    if (m) grants.push([m[1], Number(m[2])]);
  });
  const agentsIn = new Map();
  for (const e of entities) {
    if (e.uid.type !== 'Agent') continue;
    for (const p of e.parents) {
      if (!agentsIn.has(p.id)) agentsIn.set(p.id, []);
      agentsIn.get(p.id).push(e.uid.id);
    }
  }
  const requests = [];
  for (let i = 0; i < 512; i++) {
    let t = r.int(tools);
    let agent = `agent-${r.int(agents)}`;
    const grant = r.next() < 0.8 && grants.length ? r.pick(grants) : null;
    if (grant && agentsIn.has(grant[0])) {
      t = grant[1];
      agent = r.pick(agentsIn.get(grant[0]));
    }
    requests.push({
      principal: { type: 'Agent', id: agent },
      action: { type: 'Action', id: `tool-${t}.${r.pick(VERBS)}` },
      resource: { type: 'Tool', id: `tool-${t}` },
      context: { mfa: r.next() < 0.7, hour: r.int(24), ip: { __extn: { fn: 'ip', arg: r.pick(['10.1.2.3', '192.168.1.9', '10.200.0.1']) } } },
    });
  }
  return { policies, entities, requests };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function time(label, call, requests, seconds, max) {
  // Warm up (JIT and the wasm tiers), then time single decisions until the time or count budget is spent.
  const warm = Math.min(200, requests.length);
  for (let i = 0; i < warm; i++) call(requests[i]);
  const samples = [];
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  let allow = 0;
  for (let i = 0; samples.length < max; i++) {
    const req = requests[i % requests.length];
    const t0 = process.hrtime.bigint();
    const answer = call(req);
    const t1 = process.hrtime.bigint();
    if (answer.type !== 'success') throw new Error(`${label}: ${JSON.stringify(answer.errors)}`);
    if (answer.response.decision === 'allow') allow++;
    samples.push(Number(t1 - t0) / 1000);
    if (t1 > deadline && samples.length >= 50) break;
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  return { api: label, decisions: samples.length, allowShare: +(allow / samples.length).toFixed(3), p50: +percentile(samples, 50).toFixed(1), p99: +percentile(samples, 99).toFixed(1), mean: +mean.toFixed(1) };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const results = [];
  if (!args.json) {
    console.log(`cedar-wasm ${cedar.getCedarVersion()} (Cedar language ${cedar.getCedarLangVersion()}), node ${process.version}`);
    console.log('policies  api                    decisions  allow   p50 µs    p99 µs   mean µs');
  }
  for (const size of args.sizes) {
    const w = workload(size, args.seed);
    const staticPolicies = Object.fromEntries(w.policies.map((p, i) => [`policy${i}`, p]));
    if (args.out) {
      mkdirSync(args.out, { recursive: true });
      writeFileSync(join(args.out, `policies-${size}.cedar`), w.policies.join('\n\n') + '\n');
      writeFileSync(join(args.out, `entities-${size}.json`), JSON.stringify(w.entities, null, 1) + '\n');
      writeFileSync(join(args.out, `requests-${size}.json`), JSON.stringify(w.requests, null, 1) + '\n');
    }
    const id = `bench-${size}`;
    const parsed = cedar.preparsePolicySet(id, { staticPolicies });
    if (parsed.type !== 'success') throw new Error(JSON.stringify(parsed.errors));

    // The two APIs must agree before they are timed.
    for (const req of w.requests.slice(0, 64)) {
      const a = cedar.isAuthorized({ ...req, policies: { staticPolicies }, entities: w.entities });
      const b = cedar.statefulIsAuthorized({ ...req, preparsedPolicySetId: id, entities: w.entities });
      if (a.type !== 'success' || b.type !== 'success' || a.response.decision !== b.response.decision) throw new Error('the stateless and stateful APIs disagree');
    }

    // What a caller that sends only the request's entities (the principal and its roles, the resource, the action
    // and its group) pays: cedar-wasm reads the entities passed on every call, so this is its cheapest use.
    const byId = new Map(w.entities.map((e) => [`${e.uid.type}::${e.uid.id}`, e]));
    const slice = (req) => {
      const out = new Map();
      const add = (uid) => {
        const key = `${uid.type}::${uid.id}`;
        const e = byId.get(key);
        if (!e || out.has(key)) return;
        out.set(key, e);
        for (const p of e.parents) add(p);
      };
      add(req.principal);
      add(req.action);
      add(req.resource);
      return [...out.values()];
    };
    const sliced = w.requests.map((req) => ({ ...req, slice: slice(req) }));

    const stateless = time('isAuthorized', (req) => cedar.isAuthorized({ ...req, policies: { staticPolicies }, entities: w.entities }), w.requests, args.seconds, args.max);
    const stateful = time('statefulIsAuthorized', (req) => cedar.statefulIsAuthorized({ ...req, preparsedPolicySetId: id, entities: w.entities }), w.requests, args.seconds, args.max);
    const statefulSlice = time('stateful+entity slice', (req) => cedar.statefulIsAuthorized({ principal: req.principal, action: req.action, resource: req.resource, context: req.context, preparsedPolicySetId: id, entities: req.slice }), sliced, args.seconds, args.max);
    for (const r of [stateless, stateful, statefulSlice]) {
      const row = { policies: size, entities: w.entities.length, ...r };
      results.push(row);
      if (!args.json) {
        console.log(`${String(size).padStart(8)}  ${r.api.padEnd(21)}  ${String(r.decisions).padStart(9)}  ${r.allowShare.toFixed(2).padStart(5)}  ${r.p50.toFixed(1).padStart(8)}  ${r.p99.toFixed(1).padStart(8)}  ${r.mean.toFixed(1).padStart(8)}`);
      }
    }
  }
  if (args.json) console.log(JSON.stringify({ cedar: cedar.getCedarVersion(), node: process.version, results }));
}

main();
