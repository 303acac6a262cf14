import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/*
 * Issue #6 §6, read only: besides the read-only connection (cli.test.ts), the audit code names
 * no write of the Temporal client at all — no start, signal, update, cancel or terminate, and
 * none of the workflow's message definitions that act.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
const AUDIT_CODE = [...files(path.join(ROOT, 'audit')), path.join(ROOT, 'scripts', 'audit.ts'), path.join(ROOT, 'api', 'audit.routes.ts')];
const WRITES = /\.(executeUpdate|startUpdate|signal|signalWithStart|terminate|cancel|executeUpdateWithStart)\(|workflow\.(start|execute|signalWithStart)\(|\b(commandUpdates|reportRefusalSignal|loadHolidayScheduleSignal|catalogUpdates)\b|(start|signal|update|terminate|requestCancel|reset|delete)Workflow(Execution)?\(/;

it.each(AUDIT_CODE.map((f) => path.relative(ROOT, f)))('%s sends nothing that acts', (file) => {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const hits = source.split('\n').filter((line) => WRITES.test(line) && !line.trim().startsWith('*') && !line.trim().startsWith('//'));
  expect(hits).toEqual([]);
});
