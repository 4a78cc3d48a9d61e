// Rein broker interop: panva's oauth4webapi (client), dpop (DPoP key pair) and jose (token verification) talk to a
// running Rein exactly as their documentation says, with nothing Rein-specific in between.
//
// Input (environment):
//   REIN_ISSUER         Rein's issuer identifier, e.g. http://127.0.0.1:5080
//   REIN_AGENT_ID       the agent's client_id
//   REIN_AGENT_JWK      path to the agent's private JWK (JSON, EC P-256, with kid)
//   REIN_ADMIN_ID       an admin client_id (may introspect)
//   REIN_ADMIN_JWK      path to the admin's private JWK
//   REIN_TOOL_AUDIENCE  the tool's audience, sent as the RFC 8707 resource
//   REIN_SCOPE          the actions to request, space-separated
//   REIN_HELPER_ID      a second agent, the next hop of a delegation chain
//   REIN_HELPER_JWK     path to its private JWK
//   REIN_IDP_ISSUER     the organisation's IdP (a trust entry of kind user)
//   REIN_IDP_JWK        path to the IdP's private JWK (the script plays the IdP and signs the person's token)
//   REIN_USER           the person's subject at the IdP, who delegated to both agents
//
// Output: one line per step; exit code 0 only if every step behaved as the standards say. Tokens are never printed.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import * as oauth from 'oauth4webapi';
import * as dpop from 'dpop';
import * as jose from 'jose';

// Rein listens on plain-HTTP loopback in tests. This option exists in oauth4webapi for exactly this kind of local
// testing; it must never be copied into a client that talks to a real deployment.
const insecure = { [oauth.allowInsecureRequests]: true };

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

async function loadPrivateKey(path) {
  const jwk = JSON.parse(await readFile(path, 'utf8'));
  assert.ok(jwk.d, `${path} must hold a private JWK`);
  const alg = jwk.alg ?? 'ES256';
  return { key: await jose.importJWK(jwk, alg), kid: jwk.kid };
}

async function main() {
  const issuer = new URL(env('REIN_ISSUER'));
  const agentId = env('REIN_AGENT_ID');
  const adminId = env('REIN_ADMIN_ID');
  const audience = env('REIN_TOOL_AUDIENCE');
  const scope = env('REIN_SCOPE');
  const agentKey = await loadPrivateKey(env('REIN_AGENT_JWK'));
  const adminKey = await loadPrivateKey(env('REIN_ADMIN_JWK'));

  // 1. RFC 8414 discovery.
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
  for (const member of ['token_endpoint', 'jwks_uri', 'introspection_endpoint', 'revocation_endpoint']) {
    assert.equal(typeof as[member], 'string', `metadata lacks ${member}`);
  }
  assert.ok(as.dpop_signing_alg_values_supported?.includes('ES256'), 'metadata must list ES256 for DPoP');
  ok(`discovered ${as.issuer} (token, jwks, introspection and revocation endpoints present)`);

  // 2. client_credentials with private_key_jwt and a DPoP-bound token (RFC 9449), retrying once on use_dpop_nonce.
  const agent = { client_id: agentId, token_endpoint_auth_method: 'private_key_jwt' };
  const agentAuth = oauth.PrivateKeyJwt(agentKey);
  const dpopKeys = await dpop.generateKeyPair('ES256');
  const DPoP = oauth.DPoP(agent, dpopKeys);
  const parameters = new URLSearchParams({ resource: audience, scope });

  const requestToken = () => oauth.clientCredentialsGrantRequest(as, agent, agentAuth, parameters, { DPoP, ...insecure });
  let nonceRetried = false;
  let tokenResponse;
  try {
    tokenResponse = await oauth.processClientCredentialsResponse(as, agent, await requestToken());
  } catch (err) {
    if (!oauth.isDPoPNonceError(err)) throw err;
    // The DPoP handle has already stored the DPoP-Nonce the server sent; the retry's proof carries it.
    nonceRetried = true;
    tokenResponse = await oauth.processClientCredentialsResponse(as, agent, await requestToken());
  }
  assert.equal(tokenResponse.token_type, 'dpop', 'token_type must be DPoP (RFC 9449 §5)');
  assert.equal(typeof tokenResponse.expires_in, 'number');
  assert.ok(tokenResponse.expires_in > 0, 'expires_in must be positive');
  assert.equal(tokenResponse.refresh_token, undefined, 'client_credentials must not issue a refresh token (RFC 6749 §4.4.3)');
  const accessToken = tokenResponse.access_token;
  ok(`client_credentials + private_key_jwt + DPoP: token_type=${tokenResponse.token_type}, scope='${tokenResponse.scope}', ` +
    `expires_in=${tokenResponse.expires_in}, use_dpop_nonce retry=${nonceRetried ? 'yes' : 'no'}`);

  // 3. RFC 9068 access token, verified against the discovered JWKS, bound to our DPoP key (RFC 9449 §6.1).
  const jwks = jose.createRemoteJWKSet(new URL(as.jwks_uri));
  const { payload, protectedHeader } = await jose.jwtVerify(accessToken, jwks, {
    issuer: as.issuer,
    audience,
    typ: 'at+jwt',
    algorithms: ['ES256', 'ES384', 'ES512', 'RS256', 'PS256'],
    requiredClaims: ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'],
  });
  assert.equal(payload.client_id, agentId, 'client_id claim');
  assert.equal(payload.sub, agentId, 'sub claim (client_credentials: the client itself)');
  assert.deepEqual(new Set(payload.scope.split(' ')), new Set(tokenResponse.scope.split(' ')), 'scope claim matches the token response');
  const jkt = await jose.calculateJwkThumbprint(await jose.exportJWK(dpopKeys.publicKey), 'sha256');
  assert.equal(payload.cnf?.jkt, jkt, 'cnf.jkt must be the RFC 7638 thumbprint of the DPoP public key');
  assert.equal(await dpop.calculateThumbprint(dpopKeys.publicKey), jkt, 'dpop and jose agree on the thumbprint');
  assert.equal(await DPoP.calculateThumbprint(), jkt, 'oauth4webapi and jose agree on the thumbprint');
  ok(`jose verified the access token: typ=${protectedHeader.typ}, alg=${protectedHeader.alg}, kid=${protectedHeader.kid}, ` +
    `sub=${payload.sub}, aud=${payload.aud}, cnf.jkt matches the DPoP key`);

  // 4. RFC 7662 introspection by the admin client: active, with the same binding.
  const admin = { client_id: adminId, token_endpoint_auth_method: 'private_key_jwt' };
  const adminAuth = oauth.PrivateKeyJwt(adminKey);
  const introspect = async () => oauth.processIntrospectionResponse(as, admin,
    await oauth.introspectionRequest(as, admin, adminAuth, accessToken, insecure));
  const active = await introspect();
  assert.equal(active.active, true, 'introspection must report the fresh token active');
  assert.equal(active.cnf?.jkt, jkt, 'introspection cnf.jkt');
  assert.equal(active.client_id, agentId, 'introspection client_id');
  assert.equal(active.sub, payload.sub, 'introspection sub');
  assert.equal(active.jti, payload.jti, 'introspection jti');
  assert.equal(active.exp, payload.exp, 'introspection exp');
  ok(`admin introspection: active=${active.active}, sub=${active.sub}, token_type=${active.token_type}, cnf.jkt matches`);

  // 5. RFC 7009 revocation by the agent that holds the token.
  await oauth.processRevocationResponse(await oauth.revocationRequest(as, agent, agentAuth, accessToken, {
    additionalParameters: { token_type_hint: 'access_token' },
    ...insecure,
  }));
  ok('agent revoked its token (RFC 7009: 200)');

  // 6. Introspection again: inactive.
  const inactive = await introspect();
  assert.equal(inactive.active, false, 'introspection must report the revoked token inactive');
  ok(`admin introspection after revocation: active=${inactive.active}`);

  await delegation({ as, agent, agentAuth, DPoP, jwks, jkt, audience, scope, introspectWith: { admin, adminAuth } });

  console.log(`all ${step} steps passed`);
}

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

// RFC 8693 token exchange through oauth4webapi's generic grant request (genericTokenEndpointRequest in 3.x), with
// the same DPoP handling as any other grant: one retry when the server asks for a nonce.
async function exchange(as, client, clientAuth, DPoP, parameters) {
  const request = () => oauth.genericTokenEndpointRequest(as, client, clientAuth, TOKEN_EXCHANGE, new URLSearchParams(parameters), { DPoP, ...insecure });
  try {
    return await oauth.processGenericTokenEndpointResponse(as, client, await request());
  } catch (err) {
    if (!oauth.isDPoPNonceError(err)) throw err;
    return await oauth.processGenericTokenEndpointResponse(as, client, await request());
  }
}

async function delegation({ as, agent, agentAuth, DPoP, jwks, jkt, audience, scope, introspectWith }) {
  const helperId = env('REIN_HELPER_ID');
  const helperKey = await loadPrivateKey(env('REIN_HELPER_JWK'));
  const idpIssuer = env('REIN_IDP_ISSUER');
  const idpKey = await loadPrivateKey(env('REIN_IDP_JWK'));
  const user = env('REIN_USER');
  const verify = (token) => jose.jwtVerify(token, jwks, {
    issuer: as.issuer,
    audience,
    typ: 'at+jwt',
    algorithms: ['ES256', 'ES384', 'ES512', 'RS256', 'PS256'],
    requiredClaims: ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti', 'act', 'sub_id', 'grant_id'],
  });

  // 7. The person's token, as their IdP would issue it (jose signs it), exchanged by the first agent.
  const personToken = await new jose.SignJWT({ sub: user, aud: 'rein', groups: ['sre', 'on-call'] })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: idpKey.kid })
    .setIssuer(idpIssuer).setIssuedAt().setExpirationTime('10m').setJti(crypto.randomUUID())
    .sign(idpKey.key);
  const first = await exchange(as, agent, agentAuth, DPoP, {
    subject_token: personToken, subject_token_type: JWT_TYPE, resource: audience, scope,
  });
  assert.equal(first.token_type, 'dpop', 'token_type must be DPoP');
  assert.equal(first.issued_token_type, ACCESS_TOKEN_TYPE, 'issued_token_type (RFC 8693 §2.2.1)');
  assert.equal(first.refresh_token, undefined, 'token exchange issues no refresh token here');
  ok(`token exchange (RFC 8693) by ${agent.client_id}: issued_token_type=${first.issued_token_type}, scope='${first.scope}'`);

  // 8. jose verifies the delegated token: the person is sub (and sub_id, RFC 9493), the agent is act (RFC 8693 §4.1).
  const { payload: one } = await verify(first.access_token);
  assert.equal(one.sub, user, 'sub is the person');
  assert.deepEqual(one.sub_id, { format: 'iss_sub', iss: idpIssuer, sub: user }, 'sub_id names the person by issuer and subject');
  assert.deepEqual(one.act, { sub: agent.client_id }, 'act names the acting agent');
  assert.equal(one.client_id, agent.client_id, 'client_id is the agent');
  assert.equal(one.cnf?.jkt, jkt, 'bound to the agent\'s DPoP key');
  assert.deepEqual(one.groups, ['sre', 'on-call'], 'groups (RFC 9068 §2.2.3.1) are the person\'s, from the IdP\'s groups claim');
  ok(`jose verified the delegated token: sub=${one.sub}, act.sub=${one.act.sub}, grant_id=${one.grant_id}`);

  // 9. The next hop: a second agent exchanges the first agent's token and appears on top of the chain.
  const helper = { client_id: helperId, token_endpoint_auth_method: 'private_key_jwt' };
  const helperDPoP = oauth.DPoP(helper, await dpop.generateKeyPair('ES256'));
  const second = await exchange(as, helper, oauth.PrivateKeyJwt(helperKey), helperDPoP, {
    subject_token: first.access_token, subject_token_type: ACCESS_TOKEN_TYPE, resource: audience, scope,
  });
  const { payload: two } = await verify(second.access_token);
  assert.deepEqual(two.act, { sub: helperId, act: { sub: agent.client_id } }, 'the newest actor is outermost');
  assert.equal(two.sub, user, 'still the same person');
  assert.equal(two.sid, one.sid, 'the chain keeps its root session');
  assert.deepEqual(two.groups, one.groups, 'a next hop carries the person\'s groups unchanged');
  assert.ok(two.exp <= one.exp, 'a hop never outlives the token it came from');
  assert.equal(two.cnf?.jkt, await helperDPoP.calculateThumbprint(), 'bound to the second agent\'s key');
  ok(`second hop by ${helperId}: act=${JSON.stringify(two.act)}`);

  // 10. Introspection returns the whole chain.
  const introspected = await oauth.processIntrospectionResponse(as, introspectWith.admin,
    await oauth.introspectionRequest(as, introspectWith.admin, introspectWith.adminAuth, second.access_token, insecure));
  assert.equal(introspected.active, true);
  assert.deepEqual(introspected.act, two.act, 'introspection returns the act chain');
  assert.deepEqual(introspected.sub_id, two.sub_id, 'introspection returns sub_id');
  assert.deepEqual(introspected.groups, two.groups, 'introspection returns groups');
  ok(`admin introspection of the second hop: active=${introspected.active}, act chain matches`);

  // 11. A person's token the IdP never signed is refused with RFC 8693 §2.2.2's invalid_request.
  const forger = await jose.generateKeyPair('ES256');
  const forged = await new jose.SignJWT({ sub: user, aud: 'rein' })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: idpKey.kid })
    .setIssuer(idpIssuer).setIssuedAt().setExpirationTime('10m')
    .sign(forger.privateKey);
  await assert.rejects(
    exchange(as, helper, oauth.PrivateKeyJwt(helperKey), helperDPoP, {
      subject_token: forged, subject_token_type: JWT_TYPE, resource: audience, scope,
    }),
    (err) => err instanceof oauth.ResponseBodyError && err.error === 'invalid_request' && err.status === 400,
  );
  ok('a forged person token is refused: invalid_request');
}

function describe(err) {
  const lines = [`${err?.name ?? 'Error'}: ${err?.message ?? String(err)}`];
  if (err?.code) lines.push(`  code: ${err.code}`);
  if (err?.error) lines.push(`  error: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`);
  if (err?.status) lines.push(`  status: ${err.status}`);
  if (err?.cause !== undefined && !(err instanceof assert.AssertionError)) {
    // oauth4webapi puts the offending response body or challenge here; tokens in it are redacted.
    let cause;
    const redact = (key, value) => (key === 'access_token' || key === 'refresh_token' ? '[redacted]' : value);
    try { cause = JSON.stringify(err.cause, redact); } catch { cause = String(err.cause); }
    lines.push(`  cause: ${cause}`);
  }
  return lines.join('\n');
}

try {
  await main();
} catch (err) {
  console.error(`not ok ${step + 1} - ${describe(err)}`);
  process.exitCode = 1;
}
