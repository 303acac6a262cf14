import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig, type ConfigVariable } from '../../runtime/config';
import { searchAttributeCliPairs } from '../../runtime/search-attributes';

/*
 * There is no Docker engine on these machines, so the production-like stack is checked by
 * reading docker-compose.yml against the application's own configuration: variable names and
 * values (through the same zod schema), ports, task queue, namespace, search attributes,
 * commands that exist, health checks and volumes.
 */
const ROOT = path.resolve(__dirname, '../..');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const svc = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};

/** `${VAR:-default}` → default; `${VAR:?message}` → `required`; anything else as written. */
function interpolate(value: string, required: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
    if (op === '-') return arg ?? '';
    if (op === '?') return required[name] ?? '';
    throw new Error(`unguarded variable ${name}`);
  });
}
const appEnv = (name: string) =>
  Object.fromEntries(
    Object.entries(svc(name).environment ?? {}).map(([k, v]) => [k, interpolate(String(v), { JWT_SECRET: 's'.repeat(40) })]),
  );
const defaults = loadConfig({ TEMPORAL_ADDRESS: 'x:1', JWT_SECRET: 's'.repeat(40) });

it('has the production-like services, on pinned official images', () => {
  for (const name of ['postgresql', 'temporal-schema', 'temporal', 'temporal-setup', 'temporal-ui', 'api', 'worker']) svc(name);
  expect(svc('postgresql').image).toMatch(/^postgres:16(\.\d+)+$/);
  expect(svc('temporal').image).toMatch(/^temporalio\/server:\d+\.\d+\.\d+$/);
  expect(svc('temporal-ui').image).toMatch(/^temporalio\/ui:\d+\.\d+\.\d+$/);
  // Schema and setup jobs use admin-tools of the very server version they prepare for.
  const serverVersion = svc('temporal').image!.split(':')[1];
  expect(svc('temporal-schema').image).toBe(`temporalio/admin-tools:${serverVersion}`);
  expect(svc('temporal-setup').image).toBe(`temporalio/admin-tools:${serverVersion}`);
  for (const s of Object.values(compose.services)) expect(s.image ?? '').not.toMatch(/:latest$/);
});

it('builds api and worker from the one Dockerfile, with two commands that exist', () => {
  expect(svc('api').build).toBe('.');
  expect(svc('worker').build).toBe('.');
  expect(svc('api').image).toBe(svc('worker').image);
  expect(existsSync(path.join(ROOT, 'Dockerfile'))).toBe(true);
  const tsconfig = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: { outDir: string } };
  expect(tsconfig.compilerOptions.outDir).toBe('dist');
  const source = (js: string) => path.join(ROOT, js.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
  // The worker's main thread gets its own heap limit; its workflow thread's is WORKER_WORKFLOW_HEAP_MB.
  expect(svc('worker').command).toEqual(['node', '--max-old-space-size=192', 'dist/worker.js']);
  expect(svc('api').command).toEqual(['node', 'dist/api/server.js']);
  for (const name of ['api', 'worker']) {
    const command = svc(name).command as string[];
    const [node, script] = [command[0], command.at(-1)];
    expect(node).toBe('node');
    expect(existsSync(source(script!))).toBe(true);
    const check = svc(name).healthcheck!.test;
    expect(check.slice(0, 4)).toEqual(['CMD', 'node', 'dist/scripts/healthcheck.js', name]);
    expect(existsSync(source(check[2]!))).toBe(true);
  }
});

it('configures api and worker only with variables the service reads, and values its schema accepts', () => {
  for (const name of ['api', 'worker']) {
    const env = appEnv(name);
    for (const key of Object.keys(env)) expect(CONFIG_VARIABLES).toContain(key as ConfigVariable);
    const config = loadConfig(env, '/app');
    expect(config.temporal.mode).toBe('external');
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.temporal.namespace).toBe(defaults.temporal.namespace);
    expect(config.temporal.taskQueue).toBe(defaults.temporal.taskQueue);
    expect(config.dataDir).toBe('/data');
    expect(svc(name).volumes).toContain('app-data:/data');
    // The secret is required, not defaulted: compose refuses to start without it.
    expect(svc(name).environment!.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
  }
  // The Temporal address points at the temporal service and the port it publishes.
  expect(svc('temporal').ports).toContain('7233:7233');
});

it('publishes the API on the port it listens on, and the UI where `npm start` puts it', () => {
  const api = loadConfig(appEnv('api'), '/app');
  expect(api.http.host).toBe('0.0.0.0');
  expect(svc('api').ports).toEqual([`${api.http.port}:${api.http.port}`]);
  const embedded = loadConfig({ JWT_SECRET: 's'.repeat(40) }).temporal;
  const uiPort = embedded.mode === 'embedded' ? embedded.embedded.uiPort : NaN;
  expect(svc('temporal-ui').ports).toEqual([`${uiPort}:8080`]);
  expect(svc('temporal-ui').environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');
  expect(interpolate(svc('temporal-ui').environment!.TEMPORAL_DEFAULT_NAMESPACE!, {})).toBe(defaults.temporal.namespace);
});

it('registers the namespace and exactly the project search attributes', () => {
  const setup = svc('temporal-setup');
  expect(interpolate(setup.environment!.TEMPORAL_NAMESPACE!, {})).toBe(defaults.temporal.namespace);
  expect(setup.environment!.TEMPORAL_NAMESPACE).toBe(svc('api').environment!.TEMPORAL_NAMESPACE);
  const script = (setup.command as string[]).join('\n');
  expect(script).toMatch(/namespace create -n "\$\$ns"/);
  const registered = [...script.matchAll(/^\s*attr (\w+) (\w+)\s*$/gm)].map((m) => [m[1], m[2]]);
  expect(registered).toEqual(searchAttributeCliPairs());
});

it('orders start-up with health checks and keeps state in named volumes', () => {
  for (const name of ['postgresql', 'temporal', 'api', 'worker']) expect(svc(name).healthcheck?.test.length).toBeGreaterThan(0);
  expect(svc('temporal-schema').depends_on).toEqual({ postgresql: { condition: 'service_healthy' } });
  expect(svc('temporal').depends_on).toEqual({ 'temporal-schema': { condition: 'service_completed_successfully' } });
  expect(svc('temporal-setup').depends_on).toEqual({ temporal: { condition: 'service_healthy' } });
  for (const name of ['api', 'worker']) {
    expect(svc(name).depends_on).toEqual({ 'temporal-setup': { condition: 'service_completed_successfully' } });
  }
  expect(svc('postgresql').volumes).toContain('postgres-data:/var/lib/postgresql/data');
  expect(Object.keys(compose.volumes).sort()).toEqual(['app-data', 'postgres-data']);
});
