// An independent SSF receiver for Rein's transmitter. Every JWT is made or checked with panva's jose; HTTP is Node's
// own fetch and http server. Nothing Rein-specific is shared with the code under test.
//
// Input (environment):
//   REIN_ISSUER        Rein's issuer identifier, e.g. http://127.0.0.1:5080
//   REIN_RECEIVER_ID   the receiver's client_id (declared under signals.receivers, require_dpop: false)
//   REIN_RECEIVER_JWK  path to the receiver's private JWK (JSON, EC P-256, with kid)
//   REIN_PUSH_PORT     the loopback port this script listens on for pushed SETs (inside the receiver's push_endpoints)
//   REIN_TRIGGER_URL   the test harness's endpoint that makes Rein act: POST {"action":"kill"|"enable","agent":ID}
//   REIN_AGENT_PUSH    the agent acted on while the push stream is watched
//   REIN_AGENT_POLL    the agent acted on while the poll stream is watched
//
// Output: one "ok N - ..." line per check; exit code 0 only if every check held. Tokens are never printed.

import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import * as jose from 'jose';

const CAEP = 'https://schemas.openid.net/secevent/caep/event-type/';
const RISC = 'https://schemas.openid.net/secevent/risc/event-type/';
const SSF = 'https://schemas.openid.net/secevent/ssf/event-type/';
const SESSION_REVOKED = CAEP + 'session-revoked';
const ACCOUNT_DISABLED = RISC + 'account-disabled';
const ACCOUNT_ENABLED = RISC + 'account-enabled';
const VERIFICATION = SSF + 'verification';
const STREAM_UPDATED = SSF + 'stream-updated';
const PUSH = 'urn:ietf:rfc:8935';
const POLL = 'urn:ietf:rfc:8936';

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
}

let step = 0;
function ok(message) {
  step += 1;
  console.log(`ok ${step} - ${message}`);
}

const issuer = env('REIN_ISSUER');
const receiverId = env('REIN_RECEIVER_ID');
const pushPort = Number(env('REIN_PUSH_PORT'));
const triggerUrl = env('REIN_TRIGGER_URL');
const pushAgent = env('REIN_AGENT_PUSH');
const pollAgent = env('REIN_AGENT_POLL');

// ---- the SET checks every received event goes through (RFC 8417, SSF 1.0 §4.1) ----

let jwks;
let audience;

async function verifySet(set) {
  const { payload, protectedHeader } = await jose.jwtVerify(set, jwks, {
    issuer,
    audience,
    typ: 'secevent+jwt',
    algorithms: ['ES256', 'RS256'],
  });
  assert.equal(protectedHeader.typ, 'secevent+jwt');
  assert.equal(payload.sub, undefined, 'a SET must not carry sub');
  assert.equal(payload.exp, undefined, 'a SET must not carry exp');
  assert.equal(typeof payload.jti, 'string');
  assert.equal(typeof payload.iat, 'number');
  assert.equal(typeof payload.sub_id, 'object', 'SSF 1.0 §3.1: the top-level sub_id is required');
  const types = Object.keys(payload.events ?? {});
  assert.equal(types.length, 1, 'one event per SET');
  return { payload, type: types[0], event: payload.events[types[0]] };
}

// ---- a push endpoint (RFC 8935) ----

const pushAuthorization = 'Bearer ' + randomBytes(24).toString('base64url');
const pushed = [];
let pushWaiters = [];

function notifyPush() {
  const waiters = pushWaiters;
  pushWaiters = [];
  for (const wake of waiters) wake();
}

const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('ascii');
  request.on('data', (chunk) => { body += chunk; });
  request.on('end', async () => {
    const refuse = (err, description) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ err, description }));
    };
    if (request.method !== 'POST' || request.url !== '/ssf/events') return refuse('invalid_request', 'unknown endpoint');
    if (request.headers.authorization !== pushAuthorization) return refuse('authentication_failed', 'wrong authorization');
    if (!(request.headers['content-type'] ?? '').startsWith('application/secevent+jwt')) return refuse('invalid_request', 'content type');
    try {
      const verified = await verifySet(body);
      // RFC 8935 §2: a redelivered SET is acknowledged again and has no second effect.
      if (!pushed.some((p) => p.payload.jti === verified.payload.jti)) pushed.push(verified);
      response.writeHead(202);
      response.end();
      notifyPush();
    } catch (error) {
      refuse('invalid_request', String(error.code ?? error.message));
    }
  });
});

async function waitForPushed(predicate, what) {
  const deadline = Date.now() + 20_000;
  while (true) {
    const found = pushed.find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no pushed SET: ${what}`);
    await new Promise((resolve) => {
      pushWaiters.push(resolve);
      setTimeout(resolve, 1000);
    });
  }
}

// ---- talking to Rein ----

let accessToken;

async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${accessToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(!text.includes(accessToken), 'a response must never echo the access token');
  return { status: response.status, json: text.length > 0 ? JSON.parse(text) : undefined };
}

async function trigger(action, agent) {
  const response = await fetch(triggerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action, agent }),
  });
  assert.equal(response.status, 200, `trigger ${action} ${agent}`);
}

const isAbout = (agent) => (s) => s.payload.sub_id?.format === 'iss_sub' && s.payload.sub_id.iss === issuer && s.payload.sub_id.sub === agent;

async function main() {
  // 1. SSF 1.0 §7: transmitter configuration metadata.
  const configuration = await (await fetch(`${issuer}/.well-known/ssf-configuration`)).json();
  assert.equal(configuration.spec_version, '1_0');
  assert.equal(configuration.issuer, issuer, 'SSF 1.0 §7.2.4: issuer must be the one asked for');
  assert.deepEqual([...configuration.delivery_methods_supported].sort(), [PUSH, POLL]);
  for (const member of ['jwks_uri', 'configuration_endpoint', 'status_endpoint', 'add_subject_endpoint', 'remove_subject_endpoint', 'verification_endpoint']) {
    assert.equal(typeof configuration[member], 'string', `metadata lacks ${member}`);
  }
  assert.ok(configuration.authorization_schemes.some((s) => s.spec_urn === 'urn:ietf:rfc:6749'));
  jwks = jose.createRemoteJWKSet(new URL(configuration.jwks_uri));
  ok('discovered the transmitter configuration (spec_version 1_0, push and poll, every endpoint, OAuth)');

  // 2. An access token by client credentials with a private_key_jwt assertion made by jose (RFC 7523).
  const as = await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json();
  const jwk = JSON.parse(await readFile(env('REIN_RECEIVER_JWK'), 'utf8'));
  const key = await jose.importJWK(jwk, jwk.alg ?? 'ES256');
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new jose.SignJWT({})
    .setProtectedHeader({ alg: jwk.alg ?? 'ES256', kid: jwk.kid, typ: 'JWT' })
    .setIssuer(receiverId).setSubject(receiverId).setAudience(issuer)
    .setIssuedAt(now).setExpirationTime(now + 60).setJti(randomUUID())
    .sign(key);
  const tokenResponse = await fetch(as.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: 'ssf.manage',
      resource: `${issuer}/ssf`,
    }),
  });
  const token = await tokenResponse.json();
  assert.equal(tokenResponse.status, 200, `token endpoint: ${token.error} ${token.error_description}`);
  assert.equal(token.token_type, 'Bearer');
  assert.equal(token.scope, 'ssf.manage');
  accessToken = token.access_token;
  const claims = await jose.jwtVerify(accessToken, jwks, { issuer, audience: `${issuer}/ssf`, typ: 'at+jwt' });
  assert.equal(claims.payload.client_id, receiverId);
  ok('obtained an ssf.manage access token for the management API (verified with jose)');

  // 3. A push stream (SSF 1.0 §8.1.1.1).
  await new Promise((resolve) => server.listen(pushPort, '127.0.0.1', resolve));
  const created = await call('POST', configuration.configuration_endpoint, {
    delivery: { method: PUSH, endpoint_url: `http://127.0.0.1:${pushPort}/ssf/events`, authorization_header: pushAuthorization },
    events_requested: [SESSION_REVOKED, ACCOUNT_DISABLED, ACCOUNT_ENABLED],
    description: 'jose interop receiver (push)',
  });
  assert.equal(created.status, 201);
  const pushStream = created.json;
  assert.equal(pushStream.iss, issuer, 'SSF 1.0 §8.1.1.1: the stream iss must be the issuer');
  assert.deepEqual([...pushStream.events_delivered].sort(), [ACCOUNT_DISABLED, ACCOUNT_ENABLED, SESSION_REVOKED].sort());
  assert.equal(pushStream.delivery.authorization_header, undefined, 'the push credential must not be echoed');
  audience = pushStream.aud;
  ok(`created push stream ${pushStream.stream_id}`);

  // 4. Verification (SSF 1.0 §8.1.4).
  const state = randomBytes(16).toString('base64url');
  const verify = await call('POST', configuration.verification_endpoint, { stream_id: pushStream.stream_id, state });
  assert.equal(verify.status, 204);
  const verification = await waitForPushed((s) => s.type === VERIFICATION, 'verification');
  assert.equal(verification.event.state, state);
  assert.deepEqual(verification.payload.sub_id, { format: 'opaque', id: pushStream.stream_id });
  ok('verification SET pushed with our state and the stream as subject');

  // 5. Agent kill over push: CAEP session-revoked and RISC account-disabled about the agent.
  await trigger('kill', pushAgent);
  const revoked = await waitForPushed((s) => s.type === SESSION_REVOKED && isAbout(pushAgent)(s), 'session-revoked');
  const disabled = await waitForPushed((s) => s.type === ACCOUNT_DISABLED && isAbout(pushAgent)(s), 'account-disabled');
  assert.ok(pushed.indexOf(revoked) < pushed.indexOf(disabled), 'session-revoked comes first');
  assert.equal(revoked.event.initiating_entity, 'admin');
  assert.ok(Object.values(revoked.event.reason_admin ?? {}).some((v) => v.length > 0), 'reason_admin is required by the CAEP interop profile');
  assert.equal(revoked.payload.txn, disabled.payload.txn, 'both SETs share the txn of the kill');
  ok(`agent kill pushed: session-revoked then account-disabled for ${pushAgent}`);

  // 6. Pause and resume without loss (SSF 1.0 §8.1.2).
  const pause = await call('POST', configuration.status_endpoint, { stream_id: pushStream.stream_id, status: 'paused' });
  assert.equal(pause.status, 200);
  assert.equal(pause.json.status, 'paused');
  await waitForPushed((s) => s.type === STREAM_UPDATED && s.event.status === 'paused', 'stream-updated paused');
  await trigger('enable', pushAgent);
  const status = await call('GET', `${configuration.status_endpoint}?stream_id=${encodeURIComponent(pushStream.stream_id)}`);
  assert.equal(status.json.status, 'paused');
  assert.ok(!pushed.some((s) => s.type === ACCOUNT_ENABLED), 'a paused stream transmits nothing');
  const resume = await call('POST', configuration.status_endpoint, { stream_id: pushStream.stream_id, status: 'enabled' });
  assert.equal(resume.status, 200);
  await waitForPushed((s) => s.type === ACCOUNT_ENABLED && isAbout(pushAgent)(s), 'account-enabled held while paused');
  await waitForPushed((s) => s.type === STREAM_UPDATED && s.event.status === 'enabled', 'stream-updated enabled');
  ok('paused push stream held account-enabled and delivered it on resume');

  // 7. A poll stream (RFC 8936): no delivery given means poll, with the transmitter's endpoint.
  const pollCreated = await call('POST', configuration.configuration_endpoint, {
    events_requested: [SESSION_REVOKED, ACCOUNT_DISABLED, ACCOUNT_ENABLED],
    description: 'jose interop receiver (poll)',
  });
  assert.equal(pollCreated.status, 201);
  const pollStream = pollCreated.json;
  assert.equal(pollStream.delivery.method, POLL);
  const pollUrl = pollStream.delivery.endpoint_url;
  assert.equal(typeof pollUrl, 'string');
  ok(`created poll stream ${pollStream.stream_id}`);

  const received = [];
  const poll = async (request) => {
    const answer = await call('POST', pollUrl, request);
    assert.equal(answer.status, 200);
    const sets = [];
    for (const [jti, set] of Object.entries(answer.json.sets)) {
      const verified = await verifySet(set);
      assert.equal(verified.payload.jti, jti, 'RFC 8936 §2.3: sets are keyed by jti');
      sets.push(verified);
    }
    return sets;
  };
  const pollUntil = async (predicate, what) => {
    for (let i = 0; i < 10; i++) {
      const already = received.find(predicate);
      if (already) return already;
      const sets = await poll({ returnImmediately: false, ack: received.filter((s) => !s.acked).map((s) => { s.acked = true; return s.payload.jti; }) });
      received.push(...sets);
    }
    throw new Error(`no polled SET: ${what}`);
  };

  await trigger('kill', pollAgent);
  const polledRevoked = await pollUntil((s) => s.type === SESSION_REVOKED && isAbout(pollAgent)(s), 'session-revoked');
  const polledDisabled = await pollUntil((s) => s.type === ACCOUNT_DISABLED && isAbout(pollAgent)(s), 'account-disabled');
  assert.ok(received.indexOf(polledRevoked) < received.indexOf(polledDisabled));
  ok(`agent kill polled (long poll): session-revoked then account-disabled for ${pollAgent}`);

  const acknowledged = await poll({ returnImmediately: true, ack: received.filter((s) => !s.acked).map((s) => { s.acked = true; return s.payload.jti; }) });
  assert.deepEqual(acknowledged, [], 'acknowledged SETs are not returned again');
  ok('acknowledged SETs are gone');

  // 8. Pause and resume the poll stream without loss.
  await call('POST', configuration.status_endpoint, { stream_id: pollStream.stream_id, status: 'paused' });
  const notice = await poll({ returnImmediately: true });
  assert.ok(notice.some((s) => s.type === STREAM_UPDATED && s.event.status === 'paused'));
  await trigger('enable', pollAgent);
  const whilePaused = await poll({ returnImmediately: true, ack: notice.map((s) => s.payload.jti) });
  assert.deepEqual(whilePaused, [], 'a paused stream hands out nothing');
  await call('POST', configuration.status_endpoint, { stream_id: pollStream.stream_id, status: 'enabled' });
  const resumed = await poll({ returnImmediately: true });
  assert.ok(resumed.some((s) => s.type === ACCOUNT_ENABLED && isAbout(pollAgent)(s)), 'the held account-enabled arrives after resume');
  assert.ok(resumed.some((s) => s.type === STREAM_UPDATED && s.event.status === 'enabled'));
  await poll({ maxEvents: 0, ack: resumed.map((s) => s.payload.jti) });
  ok('paused poll stream held account-enabled and handed it out on resume');

  // 9. Clean up (SSF 1.0 §8.1.1.5).
  for (const stream of [pushStream, pollStream]) {
    const deleted = await call('DELETE', `${configuration.configuration_endpoint}?stream_id=${encodeURIComponent(stream.stream_id)}`);
    assert.equal(deleted.status, 204);
  }
  ok('deleted both streams');
}

main()
  .then(() => {
    server.close();
    process.exit(0);
  })
  .catch((error) => {
    console.log(`not ok ${step + 1} - ${error.message}`);
    server.close();
    process.exit(1);
  });
