import { SignJWT, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { roleSchema, type Role } from '../../domain';
import type { AuthConfig } from '../../runtime/config';

/*
 * Who calls the API. A bearer JWT names one person: `sub` (person id), `name`, `unit` and
 * `roles`. Embedded default: HS256 with the configured secret, minted by `npm run mint-token`.
 * Production: an OIDC issuer's tokens, verified against its JWKS (the issuer must be set up
 * to put `unit` and `roles` into its access tokens).
 */

/** iss and aud of the tokens this service mints itself (HS256). */
export const LOCAL_ISSUER = 'decision-procedures';
export const LOCAL_AUDIENCE = 'decision-procedures-api';

export const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  name: z.string().min(1).max(128),
  unit: z.string().min(1).max(128),
  roles: z.array(roleSchema).min(1).max(10),
});

/** The authenticated caller; the acting role is chosen per request (api/authorization.ts). */
export interface Principal {
  personId: string;
  name: string;
  unit: string;
  roles: Role[];
}

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

export type TokenVerifier = (token: string) => Promise<Principal>;

// Asymmetric only: a JWKS key must never verify an HS256 token signed with its public key.
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

function principalOf(payload: JWTPayload): Principal {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new TokenError(`令牌缺少或含有无效的声明 / token claims missing or invalid: ${fields}`);
  }
  const { sub, name, unit, roles } = parsed.data;
  return { personId: sub, name, unit, roles: [...new Set(roles)] };
}

/** Default longest token lifetime (exp − iat): 12 hours (JWT_MAX_LIFETIME). */
export const DEFAULT_MAX_LIFETIME_S = 12 * 3600;
/** Clock difference tolerated between the issuer and this service. */
const CLOCK_TOLERANCE_S = 60;

/**
 * A token must say when it was issued and when it expires, and live no longer than the cap:
 * a token valid until the year 9999 is a password that never changes. Bounding exp − iat, with
 * `iat` not in the future and `exp` not past, also bounds the token's age (what jose's
 * `maxTokenAge` does), so one check covers both.
 */
function checkLifetime(payload: JWTPayload, maxLifetimeS: number): void {
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || typeof exp !== 'number') {
    throw new TokenError('令牌须含签发时间 iat 与过期时间 exp / the token must carry iat and exp');
  }
  if (iat > Date.now() / 1000 + CLOCK_TOLERANCE_S) throw new TokenError('令牌的签发时间在未来 / the token is issued in the future (iat)');
  if (exp - iat > maxLifetimeS) {
    throw new TokenError(`令牌有效期超过上限 ${maxLifetimeS} 秒 / the token lives longer than the limit of ${maxLifetimeS} s (exp − iat)`);
  }
}

/**
 * Verifies a bearer token with whatever the configuration provides: the HS256 secret for
 * tokens whose header says HS256, the JWKS for the others. Every failure is a TokenError
 * whose message may be shown to the caller (it names no key material).
 */
export function createTokenVerifier(auth: AuthConfig): TokenVerifier {
  const secret = auth.jwtSecret ? new TextEncoder().encode(auth.jwtSecret) : undefined;
  const jwks = auth.jwks ? { ...auth.jwks, keys: createRemoteJWKSet(new URL(auth.jwks.url)) } : undefined;
  const maxLifetimeS = auth.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_S;
  // jose checks exp (an expired token is reported as such first); checkLifetime then requires iat,
  // refuses one in the future and bounds exp − iat, which also bounds the token's age.
  const limits = { requiredClaims: ['exp'], clockTolerance: CLOCK_TOLERANCE_S };
  return async (token) => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new TokenError('令牌格式错误 / malformed token');
    }
    try {
      if (alg === 'HS256' && secret) {
        const { payload } = await jwtVerify(token, secret, {
          algorithms: ['HS256'],
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          ...limits,
        });
        checkLifetime(payload, maxLifetimeS);
        return principalOf(payload);
      }
      if (jwks && alg && JWKS_ALGORITHMS.includes(alg)) {
        const { payload } = await jwtVerify(token, jwks.keys, {
          algorithms: JWKS_ALGORITHMS,
          issuer: jwks.issuer,
          audience: jwks.audience,
          ...limits,
        });
        checkLifetime(payload, maxLifetimeS);
        return principalOf(payload);
      }
    } catch (err) {
      if (err instanceof TokenError) throw err;
      // jose's codes (ERR_JWT_EXPIRED, ERR_JWS_SIGNATURE_VERIFICATION_FAILED…) are safe to show.
      const { code, claim, reason } = err as { code?: unknown; claim?: unknown; reason?: unknown };
      // A failed claim check names the claim (one of ours) and jose's reason (`missing`, `check_failed`).
      const which = typeof claim === 'string' && typeof reason === 'string' ? `: ${claim} ${reason}` : '';
      throw new TokenError(`令牌无效 / invalid token${typeof code === 'string' ? ` (${code}${which})` : ''}`);
    }
    // The header's `alg` is the caller's text: it is not echoed into answers and refusal logs.
    throw new TokenError('不接受此签名算法 / signing algorithm not accepted');
  };
}

/**
 * An HS256 token for one person (scripts/mint-token.ts, tests). `ttl` as jose reads it: '8h',
 * '30m' (at most JWT_MAX_LIFETIME, 12 h by default, or the API refuses it).
 */
export async function mintToken(secret: string, who: Principal, ttl: string | number = '8h'): Promise<string> {
  return new SignJWT({ name: who.name, unit: who.unit, roles: who.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(who.personId)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}

/** When a token (already verified, or just minted) expires, as ISO 8601; undefined without `exp`. */
export function expiresAtOf(token: string): string | undefined {
  const { exp } = decodeJwt(token);
  return typeof exp === 'number' ? new Date(exp * 1000).toISOString() : undefined;
}

/** Lifetime of the tokens the embedded mode's sign-in hands out: a working day, at most JWT_MAX_LIFETIME. */
export const LOCAL_SIGN_IN_LIFETIME_S = 8 * 3600;

/**
 * A token of this service for one person, as `npm run mint-token` signs it (mintToken), living
 * `lifetimeS` capped by the configured JWT_MAX_LIFETIME so the API never refuses it as too long-lived.
 */
export async function mintLocalToken(
  auth: AuthConfig,
  who: Principal,
  lifetimeS = LOCAL_SIGN_IN_LIFETIME_S,
): Promise<{ token: string; expiresAt: string }> {
  if (!auth.jwtSecret) throw new Error('no JWT secret: this service mints no tokens of its own');
  const seconds = Math.min(lifetimeS, auth.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_S);
  const token = await mintToken(auth.jwtSecret, who, `${seconds}s`);
  return { token, expiresAt: expiresAtOf(token) ?? '' };
}
