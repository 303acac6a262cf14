import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { OidcConfig } from '../../runtime/config';
import { OneTimeStore } from './one-time-store';
import { TokenError, expiresAtOf, type Principal, type TokenVerifier } from './tokens';

/*
 * Sign-in through an OpenID Connect issuer: the authorization code flow with PKCE (S256), the
 * client side done by openid-client. The browser leaves for the issuer from GET
 * /auth/oidc/login and comes back to GET /auth/oidc/callback; the access token obtained there
 * is the bearer token the web application then sends, so it must be one this API accepts
 * (a JWT for JWT_AUDIENCE, verified against the issuer's JWKS, with `unit` and `roles`).
 * The token reaches the web application through a one-time ticket, never in a URL.
 *
 * The state of a sign-in under way and the tickets are kept in this process's memory: with
 * several API replicas, the login, the callback and the ticket exchange must reach the same
 * one (sticky sessions), or these stores must move to a shared one.
 */

/** A sign-in under way, between the login and the callback. */
interface PendingSignIn {
  codeVerifier: string;
  returnTo: string;
}

/** What a ticket hands to the web application, once. */
export interface SignedIn {
  token: string;
  expiresAt: string;
  principal: Principal;
  returnTo: string;
}

export const LOGIN_STATE_TTL_MS = 10 * 60_000;
export const TICKET_TTL_MS = 60_000;
const MAX_PENDING = 10_000;

/** Why a sign-in could not be completed; `kind` chooses the answer (api/auth.routes.ts). */
export class SignInError extends Error {
  constructor(
    readonly kind: 'state' | 'refused' | 'token' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/**
 * The issuer did not answer: fetch's "fetch failed" or a timeout, possibly wrapped by
 * openid-client. By name, not instanceof: the error may come from another realm (undici's).
 */
function isNetworkError(err: unknown): boolean {
  let e = err;
  for (let depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    const { name, message } = e as { name?: unknown; message?: unknown };
    if (name === 'TimeoutError' || name === 'AbortError' || (name === 'TypeError' && message === 'fetch failed')) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export class OidcSignIn {
  private configuration: Promise<client.Configuration> | undefined;
  private readonly pending = new OneTimeStore<PendingSignIn>(LOGIN_STATE_TTL_MS, MAX_PENDING);
  private readonly tickets = new OneTimeStore<SignedIn>(TICKET_TTL_MS, MAX_PENDING);

  constructor(
    readonly settings: OidcConfig,
    private readonly verify: TokenVerifier,
  ) {}

  /** The issuer's metadata, discovered on first use (the API starts while the issuer is down) and kept once found. */
  private discover(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    const insecure = new URL(issuer).protocol === 'http:'; // config allows http on loopback only
    this.configuration ??= client
      .discovery(
        new URL(issuer),
        clientId,
        clientSecret === undefined ? undefined : { client_secret: clientSecret },
        clientSecret === undefined ? client.None() : client.ClientSecretBasic(clientSecret),
        { timeout: 10, ...(insecure ? { execute: [client.allowInsecureRequests] } : {}) },
      )
      .catch((err: unknown) => {
        this.configuration = undefined;
        throw isNetworkError(err)
          ? new SignInError('unavailable', `无法连接 OIDC 签发方 / cannot reach the OIDC issuer ${issuer}`)
          : new SignInError('unavailable', `OIDC 签发方的元数据无效 / the OIDC issuer's metadata is not usable (${(err as { code?: string }).code ?? (err as Error).message})`);
      });
    return this.configuration;
  }

  /** Where to send the browser: the issuer's authorization endpoint, with a fresh state and PKCE challenge. */
  async begin(returnTo: string): Promise<{ url: URL; state: string }> {
    const configuration = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const { redirectUri, scope, resource } = this.settings;
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope,
      state,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      ...(resource ? { resource } : {}),
    });
    this.pending.put(state, { codeVerifier, returnTo });
    return { url, state };
  }

  /**
   * The issuer's answer at the callback (its query in `search`): the code exchanged for tokens,
   * the access token verified as any bearer token is, and a one-time ticket for it.
   */
  async complete(state: string, search: string): Promise<string> {
    const pending = this.pending.take(state);
    if (!pending) {
      throw new SignInError('state', '登录状态未知、已过期或已使用,请重新登录 / unknown, expired or already used sign-in state: sign in again');
    }
    const configuration = await this.discover();
    // The URL the issuer redirected to, as registered: openid-client takes redirect_uri from it.
    const currentUrl = new URL(this.settings.redirectUri);
    currentUrl.search = search;
    let tokens: client.TokenEndpointResponse;
    try {
      tokens = await client.authorizationCodeGrant(
        configuration,
        currentUrl,
        { pkceCodeVerifier: pending.codeVerifier, expectedState: state },
        this.settings.resource ? { resource: this.settings.resource } : undefined,
      );
    } catch (err) {
      throw refusal(err) ?? err;
    }
    let principal: Principal;
    try {
      principal = await this.verify(tokens.access_token);
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      throw new SignInError(
        'token',
        `签发方的访问令牌不能用于本服务:${err.message}。签发方须为本服务(JWT_AUDIENCE)签发 JWT 格式、带 unit 与 roles 声明的访问令牌 / the issuer's access token is not accepted here: ${err.message}. The issuer must issue this service (JWT_AUDIENCE) JWT access tokens carrying unit and roles`,
      );
    }
    const ticket = randomBytes(32).toString('base64url');
    this.tickets.put(ticket, { token: tokens.access_token, expiresAt: expiresAtOf(tokens.access_token) ?? '', principal, returnTo: pending.returnTo });
    return ticket;
  }

  /** The signed-in token for a ticket, once. */
  redeem(ticket: string): SignedIn | undefined {
    return this.tickets.take(ticket);
  }
}

/** openid-client's errors as what the person is told: the issuer said no, or could not be reached. */
function refusal(err: unknown): SignInError | undefined {
  if (isNetworkError(err)) return new SignInError('unavailable', '无法连接 OIDC 签发方,请稍后重试 / cannot reach the OIDC issuer: retry later');
  if (err instanceof client.AuthorizationResponseError || err instanceof client.ResponseBodyError) {
    const what = [err.error, err.error_description].filter(Boolean).join(': ');
    return new SignInError('refused', `OIDC 签发方拒绝了登录 / the OIDC issuer refused the sign-in (${what})`);
  }
  if (err instanceof client.ClientError) {
    return new SignInError('refused', `OIDC 签发方的应答未通过校验 / the OIDC issuer's answer failed validation (${err.code ?? err.message})`);
  }
  return undefined;
}
