import path from 'node:path';
import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import express, { Router } from 'express';
import { z } from 'zod';
import { ROLES } from '../domain';
import { ACTING_ROLE_HEADER, routeRule } from './authorization';
import { DOCUMENT_MAX_BYTES } from './documents/documents.routes';
import { IDEMPOTENCY_HEADER } from './idempotency';
import { problemTypeUri } from './problem';
import type { RouteDoc } from './route-doc';

/*
 * The OpenAPI 3.1 description, generated from the same zod schemas the routes use (the
 * domain's command schemas for command bodies) and from the authorization table, so it
 * cannot drift from what the API does. Served at /openapi.json, with Swagger UI at /docs
 * (served from the installed swagger-ui-dist package: nothing is fetched from the internet).
 */
extendZodWithOpenApi(z);

const ROLE_NAMES: Record<(typeof ROLES)[number], string> = {
  decision_organ: '决策机关 / decision organ',
  sponsor: '决策承办单位 / sponsoring unit',
  legality_office: '合法性审查部门 / legality-review office',
  sponsor_legal_unit: '承办单位法制机构 / sponsor’s own legal unit',
  legal_adviser: '法律顾问、公职律师 / legal adviser, public lawyer',
  expert: '专家、专业机构 / expert, professional body',
  executing_unit: '决策执行单位 / executing unit',
  evaluator: '后评估单位 / evaluator',
  auditor: '审计、监察、上级机关 / auditor (read only)',
  public: '公众 / the public',
};

const problemSchema = z
  .looseObject({
    type: z.string().meta({ description: `tag: URI, e.g. ${problemTypeUri('step-missing')}` }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional().meta({ description: '400: every invalid field' }),
    missing: z
      .array(z.object({ item: z.string(), ruleId: z.string(), responsible: z.object({ role: z.string(), unit: z.string().optional() }), message: z.string() }))
      .optional()
      .meta({ description: '409: every missing step, its rule and who must act' }),
    code: z.string().optional(),
    ruleIds: z.array(z.string()).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const PROBLEM_TEXT: Record<number, string> = {
  400: '请求不合法，errors 列出每个字段 / malformed: `errors` lists each field',
  401: '缺少或无效的令牌 / missing or invalid bearer token',
  403: '角色或单位无权办理 / role or unit not allowed',
  404: '未找到 / not found',
  409: '缺少前置步骤（missing 列出每项、规则和责任方）、阶段不符或已存在 / steps missing (each with rule and party), wrong stage, or already exists',
  413: `请求体过大（JSON 1 MB，文件 ${DOCUMENT_MAX_BYTES} 字节）/ body too large (JSON 1 MB, documents ${DOCUMENT_MAX_BYTES} bytes)`,
  415: '内容类型不受支持 / unsupported media type',
  422: '格式正确但无法受理（超出范围 R-01、引用未上传的文件、目录中无此事项…）/ well-formed but not acceptable',
  429: '请求过于频繁 / rate limited',
  500: '服务器内部错误（不含内部细节）/ internal error, no details',
  503: 'Temporal 暂时未应答：稍后用同一幂等键重试（Retry-After）/ Temporal did not answer in time: retry with the same Idempotency-Key (Retry-After)',
};

function problemStatuses(doc: RouteDoc, isPublic: boolean, method: string): number[] {
  if (doc.problems) return doc.problems;
  const out = new Set<number>([500, 503]);
  if (!isPublic) [401, 403].forEach((s) => out.add(s));
  else out.add(429);
  if (doc.params) out.add(404);
  if (doc.query) out.add(400);
  if (method === 'post') [400, 409, 413, 415, 422].forEach((s) => out.add(s));
  return [...out].sort();
}

/**
 * zod 4 copies methods onto each schema when it is built, so schemas built before
 * extendZodWithOpenApi ran (in route modules, at import) lack the `.openapi` the generator
 * calls on parameters. A clone is built now, keeps the original's metadata, and has it.
 */
const fresh = (o: z.ZodObject): z.ZodObject => z.object(Object.fromEntries(Object.entries(o.shape).map(([k, v]) => [k, (v as z.ZodType).clone()])));

function register(registry: OpenAPIRegistry, doc: RouteDoc): void {
  const rule = routeRule(doc.id);
  const isPublic = rule.access === 'public';
  const responses: Record<string, ResponseConfig> = {};
  for (const [status, r] of Object.entries(doc.responses)) {
    responses[status] = { description: r.description, ...(r.schema ? { content: { [r.mediaType ?? 'application/json']: { schema: r.schema } } } : {}) };
  }
  for (const status of problemStatuses(doc, isPublic, rule.method)) {
    responses[String(status)] = { description: PROBLEM_TEXT[status] ?? '', content: { 'application/problem+json': { schema: problemSchema } } };
  }
  const headers: Record<string, z.ZodType> = {};
  if (!isPublic) headers[ACTING_ROLE_HEADER] = z.enum(ROLES).optional().meta({ description: '令牌含多个角色时指定本次办理的角色 / the role to act in, when the token has several' });
  if (rule.method === 'post') headers[IDEMPOTENCY_HEADER] = z.string().min(1).max(255).optional().meta({ description: '重复请求只生效一次并返回首次结果 / repeats get the first answer, once' });
  for (const h of doc.headers ?? []) headers[h.name] = h.required ? z.string().meta({ description: h.description }) : z.string().optional().meta({ description: h.description });
  const roles = isPublic
    ? '公开，无需令牌 / public, no token'
    : Object.entries(rule.access)
        .map(([role, scope]) => `- ${ROLE_NAMES[role as keyof typeof ROLE_NAMES]}${scope === 'own' ? `：仅本单位 / own unit only (${rule.own ?? ''})` : ''}`)
        .join('\n');
  registry.registerPath({
    method: rule.method,
    path: rule.path,
    operationId: rule.id,
    summary: doc.summary,
    description: [doc.description, `**办理角色 / roles**\n\n${roles}`].filter(Boolean).join('\n\n'),
    tags: doc.tags,
    security: isPublic ? [] : [{ bearer: [] }],
    'x-roles': isPublic ? 'public' : rule.access,
    request: {
      ...(doc.params ? { params: fresh(doc.params) } : {}),
      ...(doc.query ? { query: fresh(doc.query) } : {}),
      ...(Object.keys(headers).length > 0 ? { headers: z.object(headers) } : {}),
      ...(doc.body ? { body: { required: true, content: { [doc.body.mediaType ?? 'application/json']: { schema: doc.body.schema } } } } : {}),
    },
    responses,
  });
}

const DESCRIPTION = `重大行政决策程序（《重大行政决策程序暂行条例》，国务院令第713号）的办理接口。

- 认证：\`Authorization: Bearer <JWT>\`，声明 sub、name、unit、roles。/ Bearer JWT with sub, name, unit, roles.
- 授权：每个接口列出可办理的角色，以及是否仅限本单位。/ Each operation lists its roles and whether only the caller's own unit may act.
- 幂等：所有 POST 接受 \`Idempotency-Key\`，重复请求返回首次结果且只生效一次。/ Every POST accepts Idempotency-Key.
- 错误：application/problem+json（RFC 9457）。400 列出每个字段；409 列出每个缺少的步骤及其规则编号和责任方；422 为格式正确但无法受理。/ Errors are RFC 9457 problems.
- 文件：先 POST /documents 上传，命令中以 {sha256, size, mediaType, name} 引用。/ Upload documents first, then reference them by hash.`;

export function buildOpenApiDocument(docs: readonly RouteDoc[]) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  registry.register('Problem', problemSchema);
  for (const doc of docs) register(registry, doc);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: '重大行政决策程序 API / Major administrative decision procedures API', version: '0.1.0', description: DESCRIPTION },
    tags: [
      ...ROLES.map((r) => ({ name: r, description: ROLE_NAMES[r] })),
      { name: 'catalog', description: '年度决策事项目录 / yearly decision-item catalog (R-02)' },
      { name: 'documents', description: '文件 / documents (content-addressed)' },
      { name: 'planning', description: '规划法定期间 / planning the statutory periods (R-06, R-11, R-14, R-42, R-48)' },
      { name: 'meta', description: '接口说明 / API description' },
    ],
  });
}

export const metaDocs: RouteDoc[] = [
  { id: 'openapi', summary: 'OpenAPI 3.1 描述 / the OpenAPI 3.1 description', tags: ['meta'], responses: { 200: { description: 'OpenAPI document', schema: z.looseObject({ openapi: z.string() }) } } },
  { id: 'docs', summary: '交互式接口文档 / interactive API page (Swagger UI)', tags: ['meta'], responses: { 200: { description: 'HTML', schema: z.string(), mediaType: 'text/html' } } },
];

const DOCS_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>重大行政决策程序 API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;
// A file rather than an inline script, so helmet's Content-Security-Policy (script-src 'self') holds.
const INIT_JS = "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });\n";

export function openapiRouter(docs: readonly RouteDoc[]): Router {
  // Built on first request (about half a second), not at every app start.
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    document ??= buildOpenApiDocument(docs);
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  // The page's assets are files, not API operations: middleware, not routes.
  router.use('/docs', (req, res, next) => {
    if (req.method === 'GET' && req.path === '/init.js') res.type('application/javascript').send(INIT_JS);
    else next();
  });
  const assets = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  router.use('/docs', express.static(assets, { index: false, fallthrough: true, maxAge: '1d' }));
  return router;
}
