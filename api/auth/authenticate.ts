import type { Request } from 'express';
import { ApiProblem } from '../problem';
import { TokenError, type Principal, type TokenVerifier } from './tokens';

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;

function unauthenticated(detail: string, error: 'invalid_request' | 'invalid_token'): ApiProblem {
  // RFC 6750 §3: tell the client which scheme is expected and what went wrong.
  return new ApiProblem('unauthenticated', detail, {}, {
    'WWW-Authenticate': `Bearer realm="decision-procedures", error="${error}"`,
  });
}

/** The person behind `Authorization: Bearer …`, or a 401 problem. */
export async function bearerPrincipal(req: Request, verify: TokenVerifier): Promise<Principal> {
  const header = req.get('authorization');
  if (!header) throw unauthenticated('缺少 Authorization: Bearer 令牌 / missing bearer token', 'invalid_request');
  const match = BEARER.exec(header);
  if (!match?.[1]) throw unauthenticated('Authorization 头格式应为 Bearer <令牌> / expected "Bearer <token>"', 'invalid_request');
  try {
    return await verify(match[1]);
  } catch (err) {
    if (err instanceof TokenError) throw unauthenticated(err.message, 'invalid_token');
    throw err;
  }
}
