/**
 * The operator's repair of procedures whose workflow task keeps failing (a history the workflow
 * code no longer reproduces). Connects like the worker (TEMPORAL_ADDRESS or the embedded server).
 *
 *   npm run -s repair -- list                    procedures whose workflow task keeps failing
 *   npm run -s repair -- reset <key>… [--dry-run] reset each to its last good point and re-apply
 *   npm run -s repair -- reset --all [--dry-run]  every failing procedure
 *
 * A reset that would drop an accepted command is refused, and names the command (ops/repair.ts).
 * Exit codes: 0 done, 1 something was refused or failed, 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../runtime/config';
import { connectionOptions } from '../runtime/temporal';
import { buildWorkflowBundle } from '../runtime/workflow-bundle';
import { failingProcedures, repairProcedure } from '../ops/repair';
import { procedureWorkflowId } from '../workflows/ids';

const USAGE = '用法 / usage: npm run -s repair -- list [--json] | reset (<key>… | --all) [--dry-run] [--json]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { all: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [command, ...keys] = positionals;
  if (values.help || (command !== 'list' && command !== 'reset') || (command === 'reset' && keys.length === 0 && !values.all)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig(process.env);
  const connection = await Connection.connect(connectionOptions(config.temporal));
  const client = new Client({ connection, namespace: config.temporal.namespace });
  try {
    const failing = await failingProcedures(client);
    if (command === 'list') {
      if (values.json) console.log(JSON.stringify(failing, null, 2));
      else if (failing.length === 0) console.log('没有工作流任务反复失败的程序 / no procedure has a failing workflow task');
      else for (const f of failing) console.log(`${f.procedureKey}  第 ${f.attempt} 次尝试 / attempt ${f.attempt}  ${f.failure ?? ''}`);
      return 0;
    }
    const ids = values.all ? failing.map((f) => f.workflowId) : keys.map(procedureWorkflowId);
    const bundle = await buildWorkflowBundle();
    let code = 0;
    for (const id of ids) {
      const outcome = await repairProcedure(client, bundle, id, { dryRun: values['dry-run'] });
      if (!outcome.repaired && !values['dry-run']) code = 1;
      if (values.json) console.log(JSON.stringify(outcome, null, 2));
      else if (outcome.repaired) console.log(`✓ ${id}: 已重置到事件 ${outcome.resetToEventId}，重放 ${outcome.reapplied.length} 个命令 / reset, re-applied: ${outcome.reapplied.join(', ') || '—'}`);
      else {
        console.log(`✗ ${id}: ${outcome.reason}`);
        for (const c of outcome.notReapplied ?? []) console.log(`    ${c.name} ${c.updateId} ${JSON.stringify({ actor: c.actor, payload: c.payload })}`);
      }
    }
    return code;
  } finally {
    await connection.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
