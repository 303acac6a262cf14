import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { STAGES_FOR_FILTER, usage } from './cli-usage';
import { actsAcross, delayedProcedures, type Act, type DelayedProcedure } from './accountability';
import { ApiRefusalLog } from './api-refusal-log';
import { bundleRuns } from './archive/bundle-runs';
import { DirectoryDocumentSource } from './archive/document-source';
import { exportArchive } from './archive/export';
import { defaultKeyPath, generateSigningKey, loadSigningKey, publicKeyPathOf, signingKeyLocation } from './archive/signing-key';
import { renderArchiveCheck, verifyArchive } from './archive/verify';
import { InstantError, parseInstant, stateAsOf } from './as-of';
import { ProcedureNotFoundError } from './history-source';
import { readProcedureRecord } from './procedure-record';
import { progressBar } from './progress';
import { readOnlyClientFor } from './read-only-client';
import { replayAll, replayProcedureRuns } from './replay';
import { renderReplay, renderSummary } from './replay-report';
import { buildTimeline, renderTimeline } from './timeline';
import { ConfigError, loadConfig, type Config } from '../runtime/config';
import type { Stage } from '../domain';

/*
 * `npm run audit -- <command>`: the auditor's tool (issue #6). Read-only by construction: its
 * Temporal connection refuses every RPC that is not a read (read-only-client.ts), and no
 * command here starts, signals or updates anything. Exit codes: 0 done and intact, 1 a check
 * failed (replay, archive, log), 2 wrong usage or configuration.
 */

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  /** For the progress bar; default process.stderr. */
  stderr?: NodeJS.WriteStream;
}

class UsageError extends Error {}

const OPTIONS = {
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  stage: { type: 'string' },
  organ: { type: 'string' },
  sponsor: { type: 'string' },
  bundle: { type: 'string' },
  person: { type: 'string' },
  unit: { type: 'string' },
  out: { type: 'string' },
  procedure: { type: 'string' },
  verify: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function stageOf(v: Values): Stage | undefined {
  if (v.stage === undefined) return undefined;
  if (!(STAGES_FOR_FILTER as readonly string[]).includes(v.stage)) throw new UsageError(`未知阶段 / unknown stage: ${v.stage}（${STAGES_FOR_FILTER.join(', ')}）`);
  return v.stage as Stage;
}

const filterOf = (v: Values) => {
  const stage = stageOf(v);
  return { ...(stage ? { stage } : {}), ...(v.organ ? { decisionOrgan: v.organ } : {}), ...(v.sponsor ? { sponsorUnit: v.sponsor } : {}) };
};

function need(positionals: string[], n: number, what: string): string[] {
  if (positionals.length !== n) throw new UsageError(`需要 / expected: ${what}`);
  return positionals;
}

const renderActs = (acts: Act[]) =>
  acts.length === 0
    ? '没有找到 / none found'
    : acts
        .map((a) => `${a.beijingTime}  [${a.kind}] ${a.action}  ${a.procedureKey}${a.title ? `「${a.title}」` : ''}  ${a.person ? `${a.person.name ?? ''}(${a.person.personId})` : ''} ${a.role ?? ''} ${a.unit ?? ''}${a.ruleIds.length ? `  ${a.ruleIds.join(' ')}` : ''}${a.detail ? `\n    ${a.detail}` : ''}`)
        .join('\n');

const renderDelayed = (list: DelayedProcedure[]) =>
  list.length === 0
    ? '没有久拖不决的程序 / no delayed procedures'
    : list
        .map((d) => `${d.procedureKey}「${d.title}」 ${d.decisionOrgan} / ${d.sponsorUnit}  阶段 stage ${d.stage}  启动 started ${d.startedAt}  期限 ${d.limitDays} 天, due ${d.dueAt}  ${d.flaggedAt ? `已标记 flagged ${d.flaggedAt}` : '已超期但未标记 / past due, not flagged'}`)
        .join('\n');

/** Runs one command; returns the exit code. */
export async function runAuditCli(argv: string[], io: CliIo): Promise<number> {
  let config: Config | undefined;
  let client: Client | undefined;
  const cfg = () => (config ??= loadConfig(io.env));
  const temporal = async () => (client ??= await readOnlyClientFor(cfg().temporal));
  const refusals = () => ApiRefusalLog.inDataDir(cfg().dataDir);
  const print = (json: boolean, value: unknown, text: () => string) => io.out(json ? JSON.stringify(value, null, 2) : text());
  try {
    const { values: v, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const [command, ...args] = positionals;
    const json = v.json ?? false;
    if (v.help || command === undefined || command === 'help') {
      io.out(usage());
      return command === undefined && !v.help ? 2 : 0;
    }
    switch (command) {
      case 'timeline': {
        const [key] = need(args, 1, 'timeline <key>') as [string];
        const record = await readProcedureRecord(await temporal(), key);
        const t = buildTimeline(key, record.extracted, await refusals().list({ procedureKey: key }));
        print(json, t, () => renderTimeline(t));
        return 0;
      }
      case 'as-of': {
        const [key, when] = need(args, 2, 'as-of <key> <instant|YYYY-MM-DD>') as [string, string];
        const at = parseInstant(when);
        const state = stateAsOf((await readProcedureRecord(await temporal(), key)).extracted.events, at);
        if (!state) {
          io.err(`程序 ${key} 在 ${at} 尚未启动 / not started by then`);
          return 1;
        }
        io.err(`${key} 截至 / as of ${at}: 阶段 stage ${state.stage}`);
        io.out(JSON.stringify(state, null, 2));
        return 0;
      }
      case 'replay': {
        if (v.bundle !== undefined) {
          const r = await replayProcedureRuns(await bundleRuns(v.bundle));
          print(json, r, () => renderReplay(r));
          return r.ok ? 0 : 1;
        }
        if (v.all) {
          need(args, 0, 'replay --all [--stage X] [--organ U] [--sponsor U]');
          const bar = progressBar(io.stderr);
          const s = await replayAll(await temporal(), { filter: filterOf(v), onProgress: (d, t, last) => bar.update(d, t, last?.procedureKey) });
          bar.stop();
          print(json, s, () => renderSummary(s));
          return s.failed.length === 0 ? 0 : 1;
        }
        const [key] = need(args, 1, 'replay <key> | replay --all | replay --bundle <dir>') as [string];
        const record = await readProcedureRecord(await temporal(), key);
        const r = await replayProcedureRuns(record);
        print(json, r, () => renderReplay(r));
        return r.ok ? 0 : 1;
      }
      case 'export': {
        const [key, dir] = need(args, 2, 'export <key> <dir>') as [string, string];
        const c = cfg();
        const signing = loadSigningKey(signingKeyLocation(c));
        const { manifest } = await exportArchive({
          record: await readProcedureRecord(await temporal(), key),
          documents: new DirectoryDocumentSource(c.documentsDir),
          key: signing,
          outDir: path.resolve(dir),
          refusals: await refusals().list({ procedureKey: key }),
        });
        io.out(
          [
            `已导出 / exported ${key} → ${path.resolve(dir)}`,
            `  ${manifest.files.length} files, ${manifest.eventChain.links.length} events, ${manifest.documents.length} documents${manifest.missingDocuments.length ? `, ${manifest.missingDocuments.length} missing from the store` : ''}`,
            `  事件链头 / chain head: ${manifest.eventChain.head}`,
            `  签名公钥 / signed by: ${publicKeyPathOf(signing.file)} (sha256 ${signing.fingerprint})`,
          ].join('\n'),
        );
        return 0;
      }
      case 'verify': {
        const [dir, keyFile] = need(args, 2, 'verify <dir> <public-key.pem>') as [string, string];
        const check = await verifyArchive(dir, readFileSync(keyFile, 'utf8'));
        print(json, check, () => renderArchiveCheck(check));
        return check.ok ? 0 : 1;
      }
      case 'acts': {
        need(args, 0, 'acts --person <id> | --unit <name>');
        if ((v.person === undefined) === (v.unit === undefined)) throw new UsageError('请指定 --person 或 --unit 之一 / give --person or --unit');
        const bar = progressBar(io.stderr);
        const acts = await actsAcross(await temporal(), v.person !== undefined ? { personId: v.person } : { unit: v.unit as string }, {
          filter: filterOf(v),
          refusals: refusals(),
          onProgress: (d, t) => bar.update(d, t),
        });
        bar.stop();
        print(json, acts, () => renderActs(acts));
        return 0;
      }
      case 'delayed': {
        need(args, 0, 'delayed');
        const list = await delayedProcedures(await temporal());
        print(json, list, () => renderDelayed(list));
        return 0;
      }
      case 'refusals': {
        need(args, 0, 'refusals [--procedure K] [--person P] [--verify]');
        const log = refusals();
        if (v.verify) {
          const check = await log.verify();
          print(json, check, () => (check.problems.length === 0 ? `API 拒绝日志完整 / refusal log intact: ${check.entries} entries (${log.file})` : check.problems.map((p) => `line ${p.line}: ${p.message}`).join('\n')));
          return check.problems.length === 0 ? 0 : 1;
        }
        const list = await log.list({ ...(v.procedure ? { procedureKey: v.procedure } : {}), ...(v.person ? { personId: v.person } : {}) });
        print(json, list, () => list.map((r) => `#${r.seq} ${r.at} ${r.status} ${r.method} ${JSON.stringify(r.path)} ${r.actor?.personId ?? '-'} ${JSON.stringify(r.reason)}`).join('\n') || '没有记录 / none');
        return 0;
      }
      case 'keygen': {
        need(args, 0, 'keygen [--out <private-key.pem>]');
        const file = v.out ?? cfg().auditSigningKeyPath ?? defaultKeyPath(cfg().dataDir);
        // A key is never replaced (archives signed with it must keep verifying): an existing one is kept and named.
        const existing = existsSync(file);
        const k = existing ? loadSigningKey({ dataDir: cfg().dataDir, keyPath: file }) : generateSigningKey(file);
        const what = existing ? `已存在，保留原密钥 / a key exists there and is kept: ${file}` : `已生成 / generated ${file}`;
        io.out(`${what}\n公钥 / public key: ${publicKeyPathOf(file)}\n指纹 / fingerprint (sha256): ${k.fingerprint}`);
        return 0;
      }
      default:
        throw new UsageError(`未知命令 / unknown command: ${command}（审计工具只读，没有办理命令 / the audit tool is read-only and has no commands that act）`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof InstantError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(err as Error).message}\n\n${usage()}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 2;
    }
    if (err instanceof ProcedureNotFoundError || (err as NodeJS.ErrnoException).code === 'EEXIST') {
      io.err((err as Error).message);
      return 1;
    }
    io.err((err as Error).message ?? String(err));
    return 1;
  } finally {
    await client?.connection.close();
  }
}
