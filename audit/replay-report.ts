import type { BulkReplaySummary, ProcedureReplay } from './replay';

/** One procedure's replay proof as text: each run, and where the first one diverged. */
export function renderReplay(r: ProcedureReplay): string {
  const lines = [`决策程序 / procedure ${r.procedureKey}: ${r.ok ? '重放通过 / replay OK' : '重放失败 / replay FAILED'}`];
  if (r.error) lines.push(`  无法读取历史 / history unreadable: ${r.error}`);
  for (const run of r.runs) {
    if (run.ok) {
      lines.push(`  run ${run.runId}: ${run.historyEvents} 个历史事件全部重现 / all ${run.historyEvents} history events reproduced`);
      continue;
    }
    const d = run.divergence;
    lines.push(`  run ${run.runId}: ${d?.nondeterminism ? '不确定性错误：现行代码不再产生此历史 / nondeterminism: the code no longer produces this history' : '重放出错 / replay error'}`);
    if (d?.eventId !== undefined) {
      lines.push(`    首个分歧 / first divergence: 历史事件 / history event #${d.eventId}${d.eventType ? ` (${d.eventType})` : ''}${d.command ? `，正在办理命令 / while applying ${d.command}` : ''}`);
    }
    lines.push(`    ${d?.message ?? ''}`);
  }
  for (const m of r.missingRuns) lines.push(`  run ${m}: 历史已超过保留期，未重放 / history past retention, not replayed`);
  return lines.join('\n');
}

/** The bulk summary: counts, then every failure in full. */
export function renderSummary(s: BulkReplaySummary): string {
  const lines = [
    `重放 / replayed ${s.total} 个程序 / procedures (${s.runsReplayed} runs) in ${(s.durationMs / 1000).toFixed(1)} s`,
    `  通过 / OK: ${s.ok}`,
    `  失败 / failed: ${s.failed.length}`,
  ];
  for (const f of s.failed) lines.push('', renderReplay(f));
  return lines.join('\n');
}
