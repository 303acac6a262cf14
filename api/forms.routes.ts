import { Router } from 'express';
import { z } from 'zod';
import { COMMAND_NAMES, commandSpec, type CommandName } from '../domain';
import { CATALOG_COMMANDS, createCatalogSchema, type CatalogCommandName } from '../workflows/catalog.workflow';
import { commandPath, guard, routeRule } from './authorization';
import type { RouteContext } from './context';
import { handle } from './http';
import { createProcedureSchema } from './procedures.routes';
import type { RouteDoc } from './route-doc';

/*
 * The forms of the web application (ARCHITECTURE decision 10: forms rendered from the commands'
 * JSON Schema): each body's zod schema as JSON Schema, with the titles, `x-widget` and
 * `x-enumNames` the schemas carry in `.meta()` (domain/document.ts). Draft-07, the dialect
 * react-jsonschema-form validates by default (its Ajv does not know 2020-12's `$schema`).
 * Built once per process: the schemas are code.
 */
export type JsonSchema = Record<string, unknown>;

/** A body's JSON Schema as a form reads it: what the client sends (`io: 'input'`: defaults are optional). */
export const formSchemaOf = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as JsonSchema;

const commandSchemas = new Map<CommandName, JsonSchema>();
/** The form of one command of a procedure (cached). */
export function commandFormSchema(name: CommandName): JsonSchema {
  let schema = commandSchemas.get(name);
  if (!schema) commandSchemas.set(name, (schema = formSchemaOf(commandSpec(name).schema)));
  return schema;
}

const CATALOG_CREATE_TITLE = '编制年度决策事项目录';

/** Every form of the web application, as GET /forms answers (bench/web-bundle.ts serves it too). */
export function buildForms() {
  const commands = Object.fromEntries(
    COMMAND_NAMES.map((name) => {
      const spec = commandSpec(name);
      return [name, { command: commandPath(name), title: spec.title, rules: spec.rules, roles: spec.roles, schema: commandFormSchema(name) }];
    }),
  );
  const catalog = {
    createCatalog: { title: CATALOG_CREATE_TITLE, path: routeRule('createCatalog').path, schema: formSchemaOf(createCatalogSchema) },
    ...Object.fromEntries(
      (Object.keys(CATALOG_COMMANDS) as CatalogCommandName[]).map((name) => [
        name,
        { title: CATALOG_COMMANDS[name].title, path: routeRule(name).path, schema: formSchemaOf(CATALOG_COMMANDS[name].schema) },
      ]),
    ),
  };
  return { startProcedure: formSchemaOf(createProcedureSchema), commands, catalog };
}

export function formsRouter(ctx: RouteContext): Router {
  const router = Router();
  let forms: ReturnType<typeof buildForms> | undefined;
  router.get(
    '/forms',
    guard(ctx.verify, 'readForms'),
    handle(null, async () => {
      forms ??= buildForms();
      return { status: 200, body: forms };
    }),
  );
  return router;
}

const jsonSchema = z.looseObject({}).meta({ description: 'JSON Schema (draft-07)：字段含 title；文件字段 x-widget: document；枚举的中文名称 x-enumNames / JSON Schema (draft-07): fields carry a title; document fields `x-widget: document`; enums `x-enumNames`' });

export const formDocs: RouteDoc[] = [
  {
    id: 'readForms',
    summary: '表单：启动程序与各命令的请求体 JSON Schema / Forms: the JSON Schema of every request body',
    description:
      '供网页应用生成表单（如 react-jsonschema-form）：启动决策程序、每个程序命令（含中文名称、规则、可办理角色）与年度目录的命令。字段标题为中文；文件字段先上传（POST /documents）再以 {sha256, size, mediaType, name} 引用。/ ' +
      'For rendering forms: starting a procedure, every command of a procedure (with its zh-CN title, rules and roles) and the catalog’s commands. Document fields are uploaded first (POST /documents), then referenced.',
    tags: ['meta'],
    responses: {
      200: {
        description: '表单 / the forms',
        schema: z.object({
          startProcedure: jsonSchema,
          commands: z.record(
            z.string(),
            z.object({ command: z.string().meta({ description: '路径中的命令名 / the command’s path segment' }), title: z.string(), rules: z.array(z.string()), roles: z.array(z.string()), schema: jsonSchema }),
          ),
          catalog: z.record(z.string(), z.object({ title: z.string(), path: z.string(), schema: jsonSchema })),
        }),
      },
    },
  },
];
