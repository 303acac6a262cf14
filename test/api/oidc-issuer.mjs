/* global process, console */
/*
 * A real OpenID Connect issuer for test/api/oidc.test.ts: oidc-provider (ES modules only, so it
 * runs in a node process of its own rather than inside jest) on a loopback port, with its
 * built-in login and consent forms (devInteractions), its clients, and a resource server whose
 * access tokens are JWTs for the API's audience carrying `name`, `unit` and `roles`.
 *
 *   node test/api/oidc-issuer.mjs '{"clients":[{"clientId":…,"clientSecret":…,"redirectUri":…}],"resource":…,"audience":…,"people":{…}}'
 *
 * Prints one JSON line, {"issuer": "http://127.0.0.1:<port>"}, once it listens.
 */
import http from 'node:http';
import Provider, { errors } from 'oidc-provider';

const options = JSON.parse(process.argv[2] ?? '{}');
/** personId → { name, unit?, roles? }: whoever logs in with another id gets no such claims. */
const people = options.people ?? {};

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  // A public client (PKCE only) or a confidential one (client_secret_basic), each with the API's callback.
  clients: options.clients.map((c) => ({
    client_id: c.clientId,
    ...(c.clientSecret ? { client_secret: c.clientSecret, token_endpoint_auth_method: 'client_secret_basic' } : { token_endpoint_auth_method: 'none' }),
    redirect_uris: [c.redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  })),
  cookies: { keys: ['oidc-issuer-test-cookie-key'] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'api'],
  claims: { openid: ['sub'], profile: ['name'] },
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, ...(people[id] ? { name: people[id].name } : {}) }) }),
  extraTokenClaims: (_ctx, token) => {
    const who = people[token.accountId];
    if (token.kind !== 'AccessToken' || !who) return undefined;
    return { name: who.name, ...(who.unit ? { unit: who.unit } : {}), ...(who.roles ? { roles: who.roles } : {}) };
  },
  ttl: { AccessToken: 3600, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => options.resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, indicator) => {
        if (indicator !== options.resource) throw new errors.InvalidTarget();
        return { scope: 'api', audience: options.audience, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
});
server.on('request', provider.callback());
console.log(JSON.stringify({ issuer }));
