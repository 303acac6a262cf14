import { Router, type Request, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { roleSchema } from '../domain';
import type { Config } from '../runtime/config';
import { directoryPeople } from './auth/directory-people';
import { LOGIN_STATE_TTL_MS, OidcSignIn, SignInError } from './auth/oidc';
import { mintLocalToken } from './auth/tokens';
import type { RouteContext } from './context';
import { handlePublic, parseWith, requireJson } from './http';
import { ApiProblem, invalidInput, sendProblem } from './problem';
import type { RouteDoc } from './route-doc';

/*
 * How a person gets the bearer token the API wants, for the web application (web/): through
 * the OpenID Connect issuer (api/auth/oidc.ts), or, in embedded mode only, by picking a person
 * of the directory (the dev sign-in: a first try on one machine, never production). The API
 * itself keeps accepting any valid bearer token exactly as before; these routes only hand
 * tokens out. Public (no token); all but GET /auth/config are rate-limited per client address.
 */

export const OIDC_LOGIN_PATH = '/auth/oidc/login';
/** Where the callback sends the browser: the web application's page that redeems the ticket. */
export const SIGN_IN_COMPLETE_PATH = '/signin/complete';
/** Binds a sign-in's state to the browser that started it, so a callback URL sent to someone else signs no one in. */
const STATE_COOKIE = 'decision_oidc_state';

export const authConfigSchema = z.object({
  mode: z.enum(['embedded', 'oidc']).meta({ description: 'embedded:本服务自行签发令牌(HS256);oidc:令牌来自 OIDC 签发方 / embedded: this service mints its tokens; oidc: tokens come from an OIDC issuer' }),
  devSignIn: z.boolean().meta({ description: '是否可用开发登录(仅内置模式)/ whether the dev sign-in is on (embedded mode only)' }),
  oidc: z.object({ loginUrl: z.string() }).optional(),
});
type AuthConfigAnswer = z.infer<typeof authConfigSchema>;

const principalSchema = z.object({ personId: z.string(), name: z.string(), unit: z.string(), roles: z.array(roleSchema) });
const devPersonSchema = principalSchema.extend({ head: z.literal(true).optional() });
const devPeopleSchema = z.object({ people: z.array(devPersonSchema), hint: z.string().optional() });
const signedInSchema = z.object({
  token: z.string().meta({ description: '放入 Authorization: Bearer 的令牌 / the bearer token' }),
  expiresAt: z.iso.datetime(),
  principal: principalSchema,
});
const ticketAnswerSchema = signedInSchema.extend({
  returnTo: z.string().meta({ description: '登录前所在的本站路径 / the path of this site the sign-in started from' }),
});
const devSignInBody = z.object({ personId: z.string().min(1).max(128) });
const ticketBody = z.object({ ticket: z.string().min(1).max(128) });

/** A path of this site: one leading `/`, no scheme or host, no backslash or control character. */
function isLocalPath(p: string): boolean {
  if (!p.startsWith('/') || p.startsWith('//') || /[\\\p{Cc}]/u.test(p)) return false;
  return new URL(p, 'http://site.invalid').origin === 'http://site.invalid';
}
const loginQuery = z.object({
  returnTo: z
    .string()
    .max(2048)
    .refine(isLocalPath, { error: '应为本站路径,以单个 / 开头,例如 /tasks / must be a path of this site starting with a single /, e.g. /tasks' })
    .optional(),
});
const callbackQuery = z.object({
  state: z.string().min(1).max(512),
  code: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
  iss: z.string().optional(),
});

export function authConfigOf(config: Config): AuthConfigAnswer {
  const { jwks, oidc, devSignIn } = config.auth;
  return {
    mode: jwks || oidc ? 'oidc' : 'embedded',
    devSignIn: devSignIn === true,
    ...(oidc ? { oidc: { loginUrl: OIDC_LOGIN_PATH } } : {}),
  };
}

const cookieOf = (req: Request, name: string): string | undefined =>
  (req.get('cookie') ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === name)?.[1];

export function authRouter(ctx: RouteContext): Router {
  const { auth } = ctx.config;
  const oidc = auth.oidc ? new OidcSignIn(auth.oidc, ctx.verify) : undefined;
  const log = ctx.logger.child({ component: 'auth' });
  const router = Router();
  const limiter = rateLimit({
    windowMs: ctx.publicRateLimit.windowMs,
    limit: ctx.publicRateLimit.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => sendProblem(req, res, new ApiProblem('too-many-requests', '请稍后再试 / please retry later')),
  });
  router.use(['/auth/dev', '/auth/oidc'], limiter);
  // Turned off, a route answers 404 as if absent; it stays mounted so the routes the API serves do not depend on configuration.
  const only = (on: boolean, detail: string): RequestHandler => (req, res, next) => (on ? next() : sendProblem(req, res, new ApiProblem('not-found', detail)));
  const devOnly = only(
    auth.devSignIn === true,
    '开发登录未开启:仅内置模式可用,且可用 DEV_SIGN_IN=false 关闭 / the dev sign-in is off: embedded mode only, and DEV_SIGN_IN=false turns it off',
  );
  const oidcOnly = only(oidc !== undefined, '未配置 OIDC 登录(OIDC_ISSUER)/ OIDC sign-in is not configured (OIDC_ISSUER)');
  const noStore = { 'Cache-Control': 'no-store' };

  router.get('/auth/config', handlePublic(async () => ({ status: 200, body: authConfigOf(ctx.config) })));

  router.get(
    '/auth/dev/people',
    devOnly,
    handlePublic(async () => {
      const people = await directoryPeople(ctx.directory.file);
      if (people) return { status: 200, body: { people } };
      const hint = `没有通讯录文件 ${ctx.directory.file}:请按 docs/api.md“准备”一节创建,或用 npm run mint-token 签发令牌 / no directory file at ${ctx.directory.file}: write one (docs/api.md, Setup) or mint tokens with npm run mint-token`;
      return { status: 200, body: { people: [], hint } };
    }),
  );

  router.post(
    '/auth/dev/sign-in',
    devOnly,
    requireJson,
    handlePublic(async ({ req }) => {
      const { personId } = parseWith(devSignInBody, req.body, 'body');
      const person = (await directoryPeople(ctx.directory.file))?.find((p) => p.personId === personId);
      if (!person) throw new ApiProblem('not-found', `通讯录中没有人员「${personId}」/ no person ${personId} in the directory`);
      if (person.roles.length === 0) {
        throw new ApiProblem('unprocessable', `通讯录未给「${person.name}」分配角色,无法登录 / the directory gives ${personId} no role: no token can name them`);
      }
      const principal = { personId: person.personId, name: person.name, unit: person.unit, roles: person.roles };
      const { token, expiresAt } = await mintLocalToken(auth, principal);
      log.warn(
        { personId, unit: person.unit, roles: person.roles, expiresAt },
        `内置模式的开发登录:以「${person.name}」身份签发令牌,不得用于生产环境 / embedded mode's dev sign-in as ${personId}: not for production`,
      );
      return { status: 200, headers: noStore, body: { token, expiresAt, principal } };
    }),
  );

  router.get(
    OIDC_LOGIN_PATH,
    oidcOnly,
    handlePublic(async ({ req, res }) => {
      const { returnTo } = parseWith(loginQuery, req.query, 'query');
      const { url, state } = await oidc!.begin(returnTo ?? '/').catch(signInProblem);
      res.cookie(STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', secure: auth.oidc!.redirectUri.startsWith('https:'), path: '/auth/oidc', maxAge: LOGIN_STATE_TTL_MS });
      return { status: 302, headers: { Location: url.href, ...noStore }, body: undefined };
    }),
  );

  router.get(
    '/auth/oidc/callback',
    oidcOnly,
    handlePublic(async ({ req, res }) => {
      const { state } = parseWith(callbackQuery, req.query, 'query');
      const fromThisBrowser = cookieOf(req, STATE_COOKIE) === state;
      res.clearCookie(STATE_COOKIE, { path: '/auth/oidc' });
      if (!fromThisBrowser) {
        throw invalidInput([{ path: 'query.state', message: '登录不是在此浏览器中开始的,或已过期,请重新登录 / the sign-in was not started in this browser, or has expired: sign in again' }]);
      }
      const search = new URL(req.originalUrl, 'http://site.invalid').search;
      const ticket = await oidc!.complete(state, search).catch((err: unknown) => {
        if (err instanceof SignInError) log.warn({ reason: err.message }, 'OIDC 登录失败 / OIDC sign-in failed');
        return signInProblem(err);
      });
      return { status: 302, headers: { Location: `${SIGN_IN_COMPLETE_PATH}?ticket=${ticket}`, ...noStore }, body: undefined };
    }),
  );

  router.post(
    '/auth/oidc/ticket',
    oidcOnly,
    requireJson,
    handlePublic(async ({ req }) => {
      const { ticket } = parseWith(ticketBody, req.body, 'body');
      const signedIn = oidc!.redeem(ticket);
      if (!signedIn) throw new ApiProblem('not-found', '登录凭据无效、已过期或已使用,请重新登录 / unknown, expired or already used ticket: sign in again');
      log.info({ personId: signedIn.principal.personId, unit: signedIn.principal.unit }, 'OIDC 登录 / OIDC sign-in');
      return { status: 200, headers: noStore, body: signedIn };
    }),
  );
  return router;
}

/** A failed sign-in as the problem the browser sees. */
function signInProblem(err: unknown): never {
  if (!(err instanceof SignInError)) throw err;
  switch (err.kind) {
    case 'state':
      throw invalidInput([{ path: 'query.state', message: err.message }], err.message);
    case 'refused':
    case 'token':
      throw new ApiProblem('unauthenticated', err.message);
    case 'unavailable':
      throw new ApiProblem('temporarily-unavailable', err.message, {}, { 'Retry-After': '5' });
  }
}

const DEV_NOTE = '仅内置模式,不得用于生产环境;DEV_SIGN_IN=false 关闭,关闭时答 404 / embedded mode only, never production; DEV_SIGN_IN=false turns it off (404 then)';
const OIDC_NOTE = '未配置 OIDC_ISSUER 时答 404 / 404 without OIDC_ISSUER';

export const authDocs: RouteDoc[] = [
  {
    id: 'authConfig',
    summary: '登录方式 / How to sign in',
    description: 'Web 应用据此选择登录方式 / the web application picks its sign-in from this.',
    tags: ['sign-in'],
    responses: { 200: { description: '登录方式 / the sign-in on offer', schema: authConfigSchema } },
    problems: [500],
  },
  {
    id: 'listDevSignInPeople',
    summary: '开发登录:通讯录中的人员 / Dev sign-in: the people of the directory',
    description: DEV_NOTE,
    tags: ['sign-in'],
    responses: { 200: { description: '每个单位的每个人员;没有通讯录文件时为空,并附 hint / every person of every unit; empty with a hint without a directory file', schema: devPeopleSchema } },
    problems: [404, 429, 500],
  },
  {
    id: 'devSignIn',
    summary: '开发登录:以通讯录中的人员身份取得令牌 / Dev sign-in: a token as a person of the directory',
    description: `${DEV_NOTE}。令牌有效 8 小时,不超过 JWT_MAX_LIFETIME;不适用 Idempotency-Key / 8 hours, at most JWT_MAX_LIFETIME; Idempotency-Key does not apply.`,
    tags: ['sign-in'],
    body: { schema: devSignInBody },
    responses: { 200: { description: '令牌 / the token', schema: signedInSchema } },
    problems: [400, 404, 415, 422, 429, 500],
  },
  {
    id: 'oidcLogin',
    summary: 'OIDC 登录:转到签发方 / OIDC sign-in: off to the issuer',
    description: `授权码 + PKCE(S256);returnTo 为登录后回到的本站路径。${OIDC_NOTE} / authorization code with PKCE; returnTo is the path to come back to.`,
    tags: ['sign-in'],
    query: loginQuery,
    responses: { 302: { description: '转到签发方的授权端点 / to the issuer’s authorization endpoint' } },
    problems: [400, 404, 429, 500, 503],
  },
  {
    id: 'oidcCallback',
    summary: 'OIDC 登录:签发方回调 / OIDC sign-in: the issuer’s callback',
    description: `以授权码换取访问令牌并校验,然后转到 ${SIGN_IN_COMPLETE_PATH}?ticket=…(一次性,60 秒内有效)。${OIDC_NOTE} / exchanges the code, verifies the access token, then redirects to ${SIGN_IN_COMPLETE_PATH}?ticket=… (one-time, 60 s).`,
    tags: ['sign-in'],
    query: callbackQuery,
    responses: { 302: { description: `转到 ${SIGN_IN_COMPLETE_PATH}?ticket=… / to the web application with a ticket` } },
    problems: [400, 401, 404, 429, 500, 503],
  },
  {
    id: 'exchangeSignInTicket',
    summary: 'OIDC 登录:以一次性凭据取得令牌 / OIDC sign-in: the token for a ticket',
    description: `每个凭据只能使用一次,60 秒内有效;不适用 Idempotency-Key。${OIDC_NOTE} / each ticket works once, within 60 s; Idempotency-Key does not apply.`,
    tags: ['sign-in'],
    body: { schema: ticketBody },
    responses: { 200: { description: '令牌 / the token', schema: ticketAnswerSchema } },
    problems: [400, 404, 415, 429, 500],
  },
];
