/**
 * Installation check for operators: `npm run self-check [duration]` while the service runs
 * (`npm start` in another terminal, or against the cluster of TEMPORAL_ADDRESS).
 * It checks the namespace and the project's search attributes, then runs the selfCheck
 * workflow (a durable timer of `duration`, default 2s) to completion on the task queue.
 */
import { Client, Connection } from '@temporalio/client';
import { msToNumber, type Duration } from '@temporalio/common/lib/time';
import { ConfigError, loadConfig } from '../runtime/config';
import { searchAttributeCliPairs } from '../runtime/search-attributes';
import { connectionOptions } from '../runtime/temporal';
import type { selfCheck } from '../workflows/self-check.workflow';

async function main(): Promise<number> {
  const config = loadConfig();
  const t = config.temporal;
  const sleep = process.argv[2] ?? '2s';
  // Throws on anything that is not a duration, before anything is started.
  const sleepMs = msToNumber(sleep as Duration);
  console.log(`Temporal: ${t.address} · 命名空间 / namespace: ${t.namespace} · 任务队列 / task queue: ${t.taskQueue}`);

  const connection = await Connection.connect({ ...connectionOptions(t), connectTimeout: 5000 });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: t.namespace });
    const missing = searchAttributeCliPairs().filter(([name]) => !(name in (customAttributes ?? {})));
    if (missing.length > 0) {
      console.error(`✗ 缺少检索属性 / missing search attributes: ${missing.map(([n, ty]) => `${n}=${ty}`).join(', ')}`);
      return 1;
    }
    console.log('✓ 命名空间与检索属性已注册 / namespace and search attributes registered');

    const client = new Client({ connection, namespace: t.namespace });
    const workflowId = `self-check-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const began = Date.now();
    const handle = await client.workflow.start<typeof selfCheck>('selfCheck', {
      taskQueue: t.taskQueue,
      workflowId,
      args: [{ sleep: sleepMs }],
      // No worker polling means no progress; say so instead of waiting forever.
      workflowExecutionTimeout: '5 minutes',
    });
    console.log(`… 已启动工作流 / started workflow ${workflowId}, 计时 / timer ${sleep}`);
    if (t.mode === 'embedded') {
      console.log(`  Web UI: ${t.embedded.uiUrl}/namespaces/${t.namespace}/workflows/${workflowId}`);
    }
    const result = await handle.result();
    console.log(`✓ 自检通过 / self-check passed in ${Date.now() - began} ms: ${JSON.stringify(result)}`);
    return 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`✗ 自检失败 / self-check failed: ${err instanceof ConfigError ? err.message : String(err)}`);
    process.exit(1);
  },
);
