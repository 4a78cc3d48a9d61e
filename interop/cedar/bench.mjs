#!/usr/bin/env node
// Times the official Cedar implementation (@cedar-policy/cedar-wasm) per authorization decision on a realistic,
// Rein-shaped policy set of 10, 100 and 1,000 policies (or the --sizes given), so Rein.Policy's numbers can be set
// beside it. bench/run-policy.sh runs it with Rein's benchmark in one run.
//
//   node bench.mjs [--sizes 10,100,1000] [--apis stateless,stateful,slice] [--seconds 3] [--max 20000] [--seed 7]
//                  [--out DIR] [--json]
//
// Three ways of calling it can be timed for each size (all with the same 200 agents, their roles, the tools and
// actions); --apis picks some (the stateless call takes seconds per decision at 10,000 policies):
//   isAuthorized           the stateless call: policies and all entities are parsed on every decision
//   statefulIsAuthorized   the policy set is parsed once (preparsePolicySet); all entities are still read on every call
//   stateful+entity slice  as above, but passing only the request's entities (principal and its roles, resource,
//                          action and its group), the cheapest way to use cedar-wasm
// They return the same decisions (checked on a sample of the requests). --out DIR writes, per size N, the policies
// (policies-N.cedar; cedar-wasm names them policy0, policy1, ... in file order, as Rein's PolicyIdMode.Position
// does), the entities (entities-N.json), the requests (requests-N.json, Cedar's JSON request shape) and cedar-wasm's
// answer to every request (decisions-N.json: decision, determining policies, erroring policies), so the same
// workload can be run through Rein and its answers compared. The numbers are per decision, in microseconds, measured
// in this process on this machine.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

const APIS = ['stateless', 'stateful', 'slice'];

function parseArgs(argv) {
  const args = { sizes: [10, 100, 1000], apis: [...APIS], seconds: 3, max: 20000, seed: 7, out: null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--sizes') args.sizes = next().split(',').map((s) => Number.parseInt(s, 10));
    else if (a === '--apis') args.apis = next().split(',');
    else if (a === '--seconds') args.seconds = Number.parseFloat(next());
    else if (a === '--max') args.max = Number.parseInt(next(), 10);
    else if (a === '--seed') args.seed = Number.parseInt(next(), 10);
    else if (a === '--out') args.out = next();
    else if (a === '--json') args.json = true;
    else throw new Error(`unknown argument ${a}`);
  }
  for (const api of args.apis) if (!APIS.includes(api)) throw new Error(`unknown api ${api} (one of ${APIS.join(', ')})`);
  if (args.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive integers');
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
  // Note: 200 agents up to 1,000 policies, then one per 5 policies, so the kill switches (4 % of the policies, one
  // agent each) do not stop nearly every agent at 10,000 policies, which would make every decision a denial.
  const agents = Math.max(200, Math.round(size / 5));
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
  // Warm up (JIT and the wasm tiers) with up to 200 calls or a third of the time budget, whichever ends first, then
  // time single decisions until the time or count budget is spent (at least 50 decisions either way).
  const warmUntil = process.hrtime.bigint() + BigInt(Math.round((seconds / 3) * 1e9));
  for (let i = 0; i < Math.min(200, requests.length); i++) {
    call(requests[i]);
    if (i >= 4 && process.hrtime.bigint() > warmUntil) break;
  }
  const samples = [];
  const cpu0 = process.cpuUsage();
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
  // CPU time (user + system) of the process over the timed loop, per decision: on a loaded machine, less inflated
  // by waiting for a core than the wall-clock figures.
  const cpu = process.cpuUsage(cpu0);
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  return { api: label, decisions: samples.length, allowShare: +(allow / samples.length).toFixed(3), p50: +percentile(samples, 50).toFixed(1), p99: +percentile(samples, 99).toFixed(1), mean: +mean.toFixed(1), cpuMean: +((cpu.user + cpu.system) / samples.length).toFixed(1) };
}

// cedar-wasm's answer in a form that compares across engines: the decision, and the determining and erroring policy
// ids as sorted sets.
function answerOf(label, answer) {
  if (answer.type !== 'success') throw new Error(`${label}: ${JSON.stringify(answer.errors)}`);
  const { decision, diagnostics } = answer.response;
  return {
    decision,
    reason: [...diagnostics.reason].sort(),
    errors: [...new Set(diagnostics.errors.map((e) => e.policyId))].sort(),
  };
}

const sameAnswer = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// How many requests each pair of APIs is checked on before timing (the full-entity calls take a second or more each
// at 10,000 policies); the entity-slice answers, which are written for every request, are checked on the same ones.
const AGREEMENT_SAMPLE = 24;

function main() {
  const args = parseArgs(process.argv.slice(2));
  const results = [];
  if (!args.json) {
    console.log(`cedar-wasm ${cedar.getCedarVersion()} (Cedar language ${cedar.getCedarLangVersion()}), node ${process.version}`);
    console.log('policies  api                    decisions  allow   p50 µs    p99 µs   mean µs    CPU µs');
  }
  for (const size of args.sizes) {
    const w = workload(size, args.seed);
    const staticPolicies = Object.fromEntries(w.policies.map((p, i) => [`policy${i}`, p]));
    const id = `bench-${size}`;
    const parsed = cedar.preparsePolicySet(id, { staticPolicies });
    if (parsed.type !== 'success') throw new Error(JSON.stringify(parsed.errors));

    // What a caller that sends only the request's entities (the principal and its roles, the resource, the action
    // and its group) pays: cedar-wasm reads the entities passed on every call, so this is its cheapest use. The
    // policies read attributes of the principal and the resource only, so the slice holds everything they can see.
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
    const calls = {
      stateless: ['isAuthorized', (req) => cedar.isAuthorized({ principal: req.principal, action: req.action, resource: req.resource, context: req.context, policies: { staticPolicies }, entities: w.entities }), w.requests],
      stateful: ['statefulIsAuthorized', (req) => cedar.statefulIsAuthorized({ principal: req.principal, action: req.action, resource: req.resource, context: req.context, preparsedPolicySetId: id, entities: w.entities }), w.requests],
      slice: ['stateful+entity slice', (req) => cedar.statefulIsAuthorized({ principal: req.principal, action: req.action, resource: req.resource, context: req.context, preparsedPolicySetId: id, entities: req.slice }), sliced],
    };

    // The APIs must agree before they are timed: every API asked for, and the entity slice (whose answers are
    // written), on the same sample of requests.
    const answers = sliced.map((req) => answerOf('stateful+entity slice', calls.slice[1](req)));
    for (let i = 0; i < Math.min(AGREEMENT_SAMPLE, w.requests.length); i++) {
      for (const api of args.apis) {
        const [label, call, requests] = calls[api];
        if (!sameAnswer(answerOf(label, call(requests[i])), answers[i])) throw new Error(`${label} and the entity slice disagree on request ${i} of size ${size}`);
      }
    }

    if (args.out) {
      mkdirSync(args.out, { recursive: true });
      writeFileSync(join(args.out, `policies-${size}.cedar`), w.policies.join('\n\n') + '\n');
      writeFileSync(join(args.out, `entities-${size}.json`), JSON.stringify(w.entities, null, 1) + '\n');
      writeFileSync(join(args.out, `requests-${size}.json`), JSON.stringify(w.requests, null, 1) + '\n');
      writeFileSync(join(args.out, `decisions-${size}.json`), JSON.stringify(answers, null, 1) + '\n');
    }

    for (const api of args.apis) {
      const [label, call, requests] = calls[api];
      const r = time(label, call, requests, args.seconds, args.max);
      const row = { policies: size, entities: w.entities.length, ...r };
      results.push(row);
      if (!args.json) {
        console.log(`${String(size).padStart(8)}  ${r.api.padEnd(21)}  ${String(r.decisions).padStart(9)}  ${r.allowShare.toFixed(2).padStart(5)}  ${r.p50.toFixed(1).padStart(8)}  ${r.p99.toFixed(1).padStart(8)}  ${r.mean.toFixed(1).padStart(8)}  ${r.cpuMean.toFixed(1).padStart(8)}`);
      }
    }
  }
  if (args.json) console.log(JSON.stringify({ cedar: cedar.getCedarVersion(), node: process.version, results }));
}

main();
