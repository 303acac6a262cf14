import type { Request, RequestHandler, Response } from 'express';
import { cut } from '../audit/api-refusal-log';
import { COMMANDS, ROLES, readsProcedure, unitsOfRole, type Actor, type ProcedureState, type Role } from '../domain';
import type { Principal, TokenVerifier } from './auth/tokens';
import { bearerPrincipal } from './auth/authenticate';
import { ApiProblem } from './problem';
import { PENDING_REFUSAL, authFailureVerdict, recordRefusal, type PendingRefusal } from './refusal-sink';

/*
 * The one authorization table (docs/rules.md §1: a person acts only within their role and unit).
 * Every route has a row: which roles may call it, and for each role whether any unit will do
 * or only the caller's own unit — the unit the resource gives that role (the procedure's
 * sponsoring unit for a sponsor, the catalog's organ for a decision organ…). The guard
 * middleware, the handlers' unit checks, the OpenAPI page and the matrix test
 * (test/api/authorization-matrix.test.ts) all read this table.
 */

export type Scope = 'any' | 'own';
export type Access = Partial<Record<Role, Scope>>;

export interface RouteRule {
  /** Also the OpenAPI operationId. */
  id: string;
  method: 'get' | 'post';
  /** OpenAPI path template. */
  path: string;
  /** 'public': no token needed (published decisions and catalogs, the API description). */
  access: Access | 'public';
  /** What "own unit" means on this route, for people reading the docs. */
  own?: string;
}

const PARTIES: Access = {
  auditor: 'any',
  decision_organ: 'own',
  sponsor: 'own',
  sponsor_legal_unit: 'own',
  legality_office: 'own',
  executing_unit: 'own',
  evaluator: 'own',
};
const PARTY_OWN = '本程序中该角色的单位 / the unit the procedure gives the role';
/**
 * Reading one procedure: its parties (own unit), the experts its panel names and the advisers
 * the office engaged (by person), the public when something of it is public —
 * each in the view of their role (domain/views.ts) — and auditors.
 */
const READ_ONE: Access = { ...PARTIES, expert: 'own', legal_adviser: 'own', public: 'own' };
const READ_ONE_OWN = '本程序的当事方；专家须在论证名单中，法律顾问须受邀参与审查，公众只能查看已公开的程序 / the procedure’s parties; experts on its panel, engaged advisers, the public when it is public';
const ORGAN_OWN: Access = { decision_organ: 'own' };
const ORGAN_OR_AUDITOR: Access = { decision_organ: 'own', auditor: 'any' };
const ORGAN_UNIT = '决策机关本身 / the decision organ named by the path or body';
/** Everyone who may hand in a document: all but auditors (read only) and the public. */
const UPLOADERS: Access = Object.fromEntries(ROLES.filter((r) => r !== 'auditor' && r !== 'public').map((r) => [r, 'any']));
const READERS: Access = Object.fromEntries(ROLES.filter((r) => r !== 'public').map((r) => [r, 'any']));
/**
 * Every role with a token: planning dates (domain/planning.ts) come from published policy and
 * the official calendar and reveal nothing about any procedure, but the route stays behind a
 * token so anonymous callers cannot use the service as a free date calculator.
 */
const ANY_AUTHENTICATED: Access = Object.fromEntries(ROLES.map((r) => [r, 'any']));

/** `submitLegalityReview` → `submit-legality-review`: the command's path segment. */
export const commandPath = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A command's row follows its domain spec: its roles, and `units` makes the unit check "own". */
function commandRule(name: string): RouteRule {
  const spec = COMMANDS[name];
  if (!spec) throw new Error(`unknown command ${name}`);
  const scope: Scope = spec.units ? 'own' : 'any';
  return {
    id: name,
    method: 'post',
    path: `/procedures/{key}/${commandPath(name)}`,
    access: Object.fromEntries(spec.roles.map((r) => [r, scope])),
    ...(spec.units ? { own: '程序中指定的办理单位 / the unit the procedure names for this command' } : {}),
  };
}

/** Rows for the authorization table (api/audit.routes.ts): auditors only. */
export const AUDIT_ROUTE_RULES: readonly RouteRule[] = [
  { id: 'auditTimeline', method: 'get', path: '/audit/procedures/{key}/timeline', access: { auditor: 'any' } },
  { id: 'auditStateAsOf', method: 'get', path: '/audit/procedures/{key}/as-of', access: { auditor: 'any' } },
  { id: 'auditReplay', method: 'get', path: '/audit/procedures/{key}/replay', access: { auditor: 'any' } },
  { id: 'auditArchive', method: 'get', path: '/audit/procedures/{key}/archive', access: { auditor: 'any' } },
  { id: 'auditActs', method: 'get', path: '/audit/acts', access: { auditor: 'any' } },
  { id: 'auditDelayed', method: 'get', path: '/audit/delayed', access: { auditor: 'any' } },
  { id: 'auditRefusals', method: 'get', path: '/audit/refusals', access: { auditor: 'any' } },
];

export const ROUTE_RULES: readonly RouteRule[] = [
  {
    id: 'createProcedure',
    method: 'post',
    path: '/procedures',
    access: { decision_organ: 'own', sponsor: 'own' },
    own: '决策机关：请求体中的 decisionOrgan；承办单位：请求体中的 sponsorUnit / the organ: body.decisionOrgan; a sponsor: body.sponsorUnit (R-03)',
  },
  { id: 'listProcedures', method: 'get', path: '/procedures', access: PARTIES, own: '查询条件中本角色对应的单位 / the unit filter of the role' },
  // 看板: the organ's own procedures; auditors all of them.
  { id: 'dashboardStageTimes', method: 'get', path: '/dashboard/stage-times', access: { decision_organ: 'own', auditor: 'any' }, own: '本机关为决策机关的程序 / procedures of the caller’s organ' },
  { id: 'readProcedure', method: 'get', path: '/procedures/{key}', access: READ_ONE, own: READ_ONE_OWN },
  { id: 'readProcedureEvents', method: 'get', path: '/procedures/{key}/events', access: PARTIES, own: PARTY_OWN },
  // What the caller may do now: whoever reads the procedure (each sees only what their role and unit allow).
  { id: 'listProcedureActions', method: 'get', path: '/procedures/{key}/actions', access: READ_ONE, own: READ_ONE_OWN },
  ...Object.keys(COMMANDS).map(commandRule),
  { id: 'myTasks', method: 'get', path: '/me/tasks', access: UPLOADERS },
  // Notices go to a desk (role and unit) or a person: whoever holds a token reads their own.
  { id: 'myNotices', method: 'get', path: '/me/notices', access: ANY_AUTHENTICATED },
  { id: 'markNoticeRead', method: 'post', path: '/me/notices/{id}/read', access: ANY_AUTHENTICATED },
  // The forms are the schemas of the API's bodies: no procedure's data.
  { id: 'readForms', method: 'get', path: '/forms', access: ANY_AUTHENTICATED },
  { id: 'uploadDocument', method: 'post', path: '/documents', access: UPLOADERS },
  { id: 'downloadDocument', method: 'get', path: '/documents/{sha256}', access: READERS },
  { id: 'createCatalog', method: 'post', path: '/catalogs', access: ORGAN_OWN, own: ORGAN_UNIT },
  { id: 'listCatalogs', method: 'get', path: '/catalogs', access: ORGAN_OR_AUDITOR, own: ORGAN_UNIT },
  { id: 'readCatalog', method: 'get', path: '/catalogs/{organ}/{year}', access: ORGAN_OR_AUDITOR, own: ORGAN_UNIT },
  { id: 'addCatalogEntry', method: 'post', path: '/catalogs/{organ}/{year}/entries', access: ORGAN_OWN, own: ORGAN_UNIT },
  { id: 'recordCatalogPartyConsent', method: 'post', path: '/catalogs/{organ}/{year}/party-consent', access: ORGAN_OWN, own: ORGAN_UNIT },
  { id: 'publishCatalog', method: 'post', path: '/catalogs/{organ}/{year}/publish', access: ORGAN_OWN, own: ORGAN_UNIT },
  { id: 'startCatalogAdjustment', method: 'post', path: '/catalogs/{organ}/{year}/adjustments', access: ORGAN_OWN, own: ORGAN_UNIT },
  { id: 'withdrawCatalogEntry', method: 'post', path: '/catalogs/{organ}/{year}/withdrawals', access: ORGAN_OWN, own: ORGAN_UNIT },
  { id: 'planPeriods', method: 'get', path: '/planning/periods', access: ANY_AUTHENTICATED },
  { id: 'listPublicConsultations', method: 'get', path: '/public/consultations', access: 'public' },
  { id: 'readPublicConsultation', method: 'get', path: '/public/consultations/{key}', access: 'public' },
  { id: 'downloadConsultationDocument', method: 'get', path: '/public/consultations/{key}/documents/{sha256}', access: 'public' },
  { id: 'listPublishedDecisions', method: 'get', path: '/public/decisions', access: 'public' },
  { id: 'readPublishedDecision', method: 'get', path: '/public/decisions/{key}', access: 'public' },
  { id: 'readPublishedCatalog', method: 'get', path: '/public/catalogs/{organ}/{year}', access: 'public' },
  ...AUDIT_ROUTE_RULES,
  // Sign-in (api/auth.routes.ts): public, they hand tokens out.
  { id: 'authConfig', method: 'get', path: '/auth/config', access: 'public' },
  { id: 'listDevSignInPeople', method: 'get', path: '/auth/dev/people', access: 'public' },
  { id: 'devSignIn', method: 'post', path: '/auth/dev/sign-in', access: 'public' },
  { id: 'oidcLogin', method: 'get', path: '/auth/oidc/login', access: 'public' },
  { id: 'oidcCallback', method: 'get', path: '/auth/oidc/callback', access: 'public' },
  { id: 'exchangeSignInTicket', method: 'post', path: '/auth/oidc/ticket', access: 'public' },
  { id: 'metrics', method: 'get', path: '/metrics', access: 'public' },
  { id: 'openapi', method: 'get', path: '/openapi.json', access: 'public' },
  { id: 'docs', method: 'get', path: '/docs', access: 'public' },
];

const BY_ID = new Map(ROUTE_RULES.map((r) => [r.id, r]));
export function routeRule(id: string): RouteRule {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`no authorization rule for route ${id}`);
  return rule;
}

/** The units a role plays in a procedure: what "own" means for reads. */
export const partyUnits = (s: ProcedureState, role: Role): string[] => unitsOfRole(s, role);

/** Header naming the role a person with several roles acts in; otherwise the first that fits. */
export const ACTING_ROLE_HEADER = 'X-Acting-Role';

interface Locals {
  actor?: Actor;
  scope?: Scope;
  rule?: RouteRule;
}
const locals = (res: Response) => res.locals as Locals;

/** The actor a guarded handler acts for (every command carries it into the workflow). */
export function actorOf(res: Response): Actor {
  const actor = locals(res).actor;
  if (!actor) throw new Error('route is not guarded');
  return actor;
}

export const REFUSAL_LOG_MESSAGE = '拒绝越权请求 / request refused';

/** Every refusal for role or unit is logged with who tried, where, and why (docs/rules.md §3). */
/** Who tried, as far as the request tells (nothing when the token was missing or bad). */
export type Attempter = { personId?: string; name?: string; unit?: string; role?: string };

function pendingRefusal(routeId: string, who: Attempter, reason: string, status: 401 | 403 | 409): PendingRefusal {
  const actor = who.personId
    ? { personId: who.personId, ...(who.name ? { name: who.name } : {}), ...(who.unit ? { unit: who.unit } : {}), ...(who.role ? { role: who.role } : {}) }
    : undefined;
  return { status, reason, route: routeId, ...(actor ? { actor } : {}) };
}

/** Logs the refusal and appends it to the durable refusal log; resolves once it is written. */
export function logRefusal(req: Request, routeId: string, who: Attempter, reason: string, status: 401 | 403 | 409 = 403): Promise<void> {
  req.log.warn({ actor: who, route: routeId, reason }, REFUSAL_LOG_MESSAGE);
  return recordRefusal(req, pendingRefusal(routeId, who, reason, status));
}

export const RATE_LIMITED_REASON = '认证失败次数过多，已限流 / too many failed authentications from this client: rate limited';

/**
 * A request that failed authentication (401): recorded, unless its client has failed too often
 * in this window — then it is answered 429 with Retry-After, and only the first such request of
 * the window leaves one "rate limited" entry in the durable log. Returns the error to answer with.
 */
export async function unauthenticated(req: Request, res: Response, routeId: string, err: ApiProblem, who: Attempter = {}): Promise<ApiProblem> {
  const verdict = await authFailureVerdict(req, res);
  if (verdict.kind === 'record') {
    await logRefusal(req, routeId, who, err.detail ?? err.message, 401);
    return err;
  }
  if (verdict.kind === 'first-limited') {
    req.log.warn({ route: routeId, ip: req.ip }, RATE_LIMITED_REASON);
    await recordRefusal(req, { status: 429, reason: RATE_LIMITED_REASON, route: routeId });
  }
  return new ApiProblem(
    'too-many-requests',
    `认证失败次数过多，请 ${verdict.retryAfterS} 秒后再试 / too many failed authentications: retry in ${verdict.retryAfterS} s`,
    {},
    { 'Retry-After': String(verdict.retryAfterS) },
  );
}

/** A 403 for the error handlers, which record it (recordPendingRefusal) before answering. */
function refuse(req: Request, rule: RouteRule, who: Partial<Actor>, reason: string): ApiProblem {
  req.log.warn({ actor: who, route: rule.id, reason }, REFUSAL_LOG_MESSAGE);
  const problem = new ApiProblem('forbidden', reason, { route: rule.id });
  Object.assign(problem, { [PENDING_REFUSAL]: pendingRefusal(rule.id, who, reason, 403) });
  return problem;
}

function chooseRole(p: Principal, access: Access, requested: string | undefined): Role | string {
  if (requested !== undefined) return requested;
  // A role of office before the public one: a civil servant who is also a citizen acts officially unless they say otherwise.
  return p.roles.find((r) => r !== 'public' && access[r] !== undefined) ?? p.roles.find((r) => access[r] !== undefined) ?? p.roles[0] ?? '';
}

/**
 * Authenticates the bearer token and checks the role column of the table. The unit column
 * needs the resource, so handlers finish it with `requireOwnUnit`.
 */
export function guard(verify: TokenVerifier, ruleId: string): RequestHandler {
  const rule = routeRule(ruleId);
  if (rule.access === 'public') throw new Error(`route ${ruleId} is public`);
  const access = rule.access;
  return async (req, res, next) => {
    try {
      const p = await bearerPrincipal(req, verify);
      const who = { personId: p.personId, name: p.name, unit: p.unit };
      const role = chooseRole(p, access, req.get(ACTING_ROLE_HEADER) ?? undefined);
      if (!(p.roles as string[]).includes(role)) {
        // The role named by the header is the caller's text: kept (cut) as the claimed role, not echoed in the reason.
        throw refuse(req, rule, { ...who, role: cut(role, 128) as Role }, `令牌不含 ${ACTING_ROLE_HEADER} 所请求的角色 / the token does not grant the role named in ${ACTING_ROLE_HEADER}`);
      }
      const scope = access[role as Role];
      if (!scope) {
        const allowed = Object.keys(access).join(', ');
        throw refuse(req, rule, { ...who, role: role as Role }, `角色 ${role} 不能办理此事项（可办理角色：${allowed}）/ role ${role} may not call ${rule.id}`);
      }
      Object.assign(locals(res), { actor: { ...who, role: role as Role }, scope, rule });
      next();
    } catch (err) {
      // No or bad token: recorded too, before the answer leaves (refusals for role are recorded in refuse()).
      if (err instanceof ApiProblem && err.status === 401) return next(await unauthenticated(req, res, rule.id, err));
      else if (err instanceof ApiProblem && (err as { [PENDING_REFUSAL]?: PendingRefusal })[PENDING_REFUSAL]) {
        // Refused for role here: record it now, so the error handlers need not.
        const pending = (err as { [PENDING_REFUSAL]?: PendingRefusal })[PENDING_REFUSAL] as PendingRefusal;
        delete (err as { [PENDING_REFUSAL]?: PendingRefusal })[PENDING_REFUSAL];
        await recordRefusal(req, pending);
      }
      next(err);
    }
  };
}

/** The unit column: with scope "own", the actor's unit must be one of the resource's units for the role. */
export function requireOwnUnit(req: Request, res: Response, units: readonly string[]): void {
  const { actor, scope, rule } = locals(res);
  if (!actor || !rule) throw new Error('route is not guarded');
  if (scope !== 'own' || units.includes(actor.unit)) return;
  throw refuse(req, rule, actor, `${actor.unit} 不是本事项的办理单位 / unit ${actor.unit} may not act here`);
}

/**
 * Reading one procedure with scope "own": a party by unit, an outsider by person (the panel's
 * experts, the engaged advisers) or, for the public, only a procedure something of which is public.
 */
export function requireReader(req: Request, res: Response, s: ProcedureState): void {
  const { actor, scope, rule } = locals(res);
  if (!actor || !rule) throw new Error('route is not guarded');
  if (scope !== 'own' || readsProcedure(s, actor)) return;
  throw refuse(req, rule, actor, `${actor.unit}（${actor.personId}）不是本程序的当事方 / ${actor.personId} of ${actor.unit} is not a party of this procedure`);
}

/** A 403 for the current route and actor, recorded (with who, route and reason) before it is answered. */
export function forbid(req: Request, res: Response, reason: string): ApiProblem {
  const { actor, rule } = locals(res);
  if (!actor || !rule) throw new Error('route is not guarded');
  return refuse(req, rule, actor, reason);
}

/** The authorization rule of the route that matched (set by `guard`). */
export function ruleOf(res: Response): RouteRule {
  const rule = locals(res).rule;
  if (!rule) throw new Error('route is not guarded');
  return rule;
}

/** Whether the route's scope for the current actor is "own" (lists narrow their query by it). */
export const scopeOf = (res: Response): Scope | undefined => locals(res).scope;
