import { allHandlersFinished, condition, defineQuery, defineUpdate, setHandler, upsertMemo } from '@temporalio/workflow';
import { z } from 'zod';
import {
  CATEGORY_NAMES,
  DomainError,
  IN_SCOPE_CATEGORIES,
  actorSchema,
  bilingual,
  documentField,
  namedEnum,
  text,
  type Actor,
  type Bilingual,
  type DocumentRef,
  type MissingItem,
} from '../domain';
import { toFailure } from './failures';

/*
 * R-02 决策事项目录: a decision organ keeps a yearly catalog of decision items and publishes it
 * after the Party committee has consented [D§3]. One workflow per organ and year; it ends when
 * the catalog is published, and its final state stays readable (queries work on closed
 * workflows), which is what procedures cite when they name their catalog entry.
 */

/** One workflow per organ and year, so a second catalog for the same year is rejected. */
export function catalogWorkflowId(decisionOrgan: string, year: number): string {
  return `decision-catalog/${decisionOrgan}/${year}`;
}

const unit = z.string().trim().min(1).max(128);
export const catalogYearSchema = z.number().int().min(2000).max(2100);

export const createCatalogSchema = z.object({ decisionOrgan: unit.meta({ title: '决策机关' }), year: catalogYearSchema.meta({ title: '年度' }) });
export const catalogEntrySchema = z.object({
  entryId: text(100).meta({ title: '事项编号' }),
  title: text(200).meta({ title: '事项名称' }),
  category: namedEnum(IN_SCOPE_CATEGORIES, CATEGORY_NAMES).meta({ title: '事项类别' }),
  /** The sponsoring unit foreseen, if already known. */
  sponsorUnit: unit.optional().meta({ title: '承办单位' }),
  note: text(2000).optional().meta({ title: '备注' }),
});
export const catalogPartyConsentSchema = z.object({ document: documentField('党委同意的文件') });
export const publishCatalogSchema = z.object({ channels: z.array(text(200)).min(1).max(20).meta({ title: '公布途径' }) });
/** an adjustment of the published catalog during the year, with its reason. */
export const startCatalogAdjustmentSchema = z.object({ reason: text(2000).meta({ title: '调整理由' }) });
export const withdrawCatalogEntrySchema = z.object({ entryId: text(100).meta({ title: '事项编号' }), reason: text(2000).meta({ title: '撤出理由' }) });

export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export type CatalogStatus = 'draft' | 'consented' | 'published';

export interface CatalogState {
  decisionOrgan: string;
  year: number;
  status: CatalogStatus;
  createdAt: string;
  createdBy: Actor;
  entries: (CatalogEntry & { addedAt: string; addedBy: Actor })[];
  partyConsent?: { at: string; actor: Actor; document: DocumentRef };
  publication?: { at: string; actor: Actor; channels: string[] };
  /** the version being prepared or last published (1 is the first publication). */
  version?: number;
  /** every published version, never changed once published; the last one is in force. */
  versions?: PublishedCatalogVersion[];
  /** the adjustment under way (cleared when it is published). */
  adjustment?: { at: string; actor: Actor; reason: string; withdrawn: { entryId: string; reason: string }[] };
}

export interface PublishedCatalogVersion {
  version: number;
  entries: CatalogState['entries'];
  partyConsent: { at: string; actor: Actor; document: DocumentRef };
  publication: { at: string; actor: Actor; channels: string[] };
  adjustment?: NonNullable<CatalogState['adjustment']>;
}

/** The entries of the catalog in force: its last published version (none before the first publication). */
export function publishedEntries(s: CatalogState): CatalogState['entries'] | undefined {
  if (s.versions && s.versions.length > 0) return s.versions.at(-1)?.entries;
  return s.status === 'published' ? s.entries : undefined;
}

/**
 * Catalog workflows started under version 2 stay open for their year, so the published catalog
 * can be adjusted; those started without a version end at their publication, as recorded.
 */
export const CATALOG_WORKFLOW_VERSION = 2;

export interface DecisionCatalogInput {
  decisionOrgan: string;
  year: number;
  actor: Actor;
  version?: number;
}

export interface CatalogCommandInput {
  actor: Actor;
  payload: unknown;
}

/** The catalog's commands: schema and zh-CN title, by wire name (never renamed once released). */
export const CATALOG_COMMANDS = {
  addCatalogEntry: { title: '列入决策事项目录', schema: catalogEntrySchema },
  recordCatalogPartyConsent: { title: '记录党委同意决策事项目录', schema: catalogPartyConsentSchema },
  publishCatalog: { title: '公布决策事项目录', schema: publishCatalogSchema },
  startCatalogAdjustment: { title: '调整决策事项目录', schema: startCatalogAdjustmentSchema },
  withdrawCatalogEntry: { title: '从决策事项目录中撤出事项', schema: withdrawCatalogEntrySchema },
} as const;
export type CatalogCommandName = keyof typeof CATALOG_COMMANDS;

export const catalogUpdates = {
  addCatalogEntry: defineUpdate<CatalogState, [CatalogCommandInput]>('addCatalogEntry'),
  recordCatalogPartyConsent: defineUpdate<CatalogState, [CatalogCommandInput]>('recordCatalogPartyConsent'),
  publishCatalog: defineUpdate<CatalogState, [CatalogCommandInput]>('publishCatalog'),
  startCatalogAdjustment: defineUpdate<CatalogState, [CatalogCommandInput]>('startCatalogAdjustment'),
  withdrawCatalogEntry: defineUpdate<CatalogState, [CatalogCommandInput]>('withdrawCatalogEntry'),
};
export const catalogStateQuery = defineQuery<CatalogState>('catalogState');

const missing = (s: CatalogState, item: string, text: Bilingual): MissingItem => ({
  item,
  ruleId: 'R-02',
  responsible: { role: 'decision_organ', unit: s.decisionOrgan },
  message: bilingual(text),
});

/** Everything that must hold before a catalog command is accepted; throws ZodError or DomainError. */
function check(s: CatalogState, name: CatalogCommandName, cmd: CatalogCommandInput): unknown {
  const actor = actorSchema.parse(cmd?.actor);
  const payload = CATALOG_COMMANDS[name].schema.parse(cmd.payload);
  if (actor.role !== 'decision_organ' || actor.unit !== s.decisionOrgan) {
    throw new DomainError('NOT_ALLOWED', `决策事项目录由${s.decisionOrgan}编制`, ['R-02']);
  }
  if (name === 'startCatalogAdjustment') {
    if (s.status !== 'published' || s.version === undefined) {
      throw new DomainError('INVALID_TRANSITION', `${s.year}年度决策事项目录尚未公布或正在调整，不能另行调整 / only a published catalog is adjusted`, ['R-02']);
    }
    return payload;
  }
  if (s.status === 'published') {
    throw new DomainError(
      'INVALID_TRANSITION',
      `${s.year}年度决策事项目录已经公布，不得更改；调整须经党委同意后作为新版本公布 / a published catalog never changes: adjust it as a new version`,
      ['R-02'],
    );
  }
  if (name === 'withdrawCatalogEntry' && !s.entries.some((e) => e.entryId === (payload as { entryId: string }).entryId)) {
    throw new DomainError('INVALID_INPUT', `目录中没有编号为${(payload as { entryId: string }).entryId}的事项 / no such entry`, ['R-02']);
  }
  if (name === 'addCatalogEntry' && s.entries.some((e) => e.entryId === (payload as CatalogEntry).entryId)) {
    throw new DomainError('INVALID_INPUT', `目录中已有编号为${(payload as CatalogEntry).entryId}的事项`, ['R-02']);
  }
  if (name === 'recordCatalogPartyConsent' && s.entries.length === 0) {
    throw new DomainError('STEP_MISSING', '目录尚无事项', ['R-02'], [missing(s, 'catalog.entries', { zh: '应当先列入决策事项', en: 'decision items must first be entered in the catalog' })]);
  }
  if (name === 'publishCatalog' && s.status !== 'consented') {
    throw new DomainError('STEP_MISSING', '决策事项目录应当经同级党委同意后公布', ['R-02'], [
      missing(s, 'catalog.partyConsent', {
        zh: '尚未记录同级党委同意（第三条）',
        en: 'the consent of the Party committee at the same level has not been recorded (Decree 713, art. 3)',
      }),
    ]);
  }
  return payload;
}

function applyCommand(s: CatalogState, name: CatalogCommandName, actor: Actor, payload: unknown, at: string): void {
  switch (name) {
    case 'addCatalogEntry':
      s.entries.push({ ...(payload as CatalogEntry), addedAt: at, addedBy: actor });
      // An entry added after consent needs the Party committee's consent again.
      if (s.status === 'consented') {
        s.status = 'draft';
        delete s.partyConsent;
      }
      return;
    case 'recordCatalogPartyConsent':
      s.partyConsent = { at, actor, document: (payload as { document: DocumentRef }).document };
      s.status = 'consented';
      return;
    case 'publishCatalog':
      s.publication = { at, actor, channels: (payload as { channels: string[] }).channels };
      s.status = 'published';
      if (s.version !== undefined && s.partyConsent) {
        s.versions = [
          ...(s.versions ?? []),
          { version: s.version, entries: s.entries, partyConsent: s.partyConsent, publication: s.publication, ...(s.adjustment ? { adjustment: s.adjustment } : {}) },
        ];
        delete s.adjustment;
      }
      return;
    case 'startCatalogAdjustment':
      // a new version, prepared from the one in force; the published versions stay as they were.
      s.entries = [...s.entries];
      s.version = (s.version ?? 1) + 1;
      s.status = 'draft';
      s.adjustment = { at, actor, reason: (payload as { reason: string }).reason, withdrawn: [] };
      delete s.partyConsent;
      delete s.publication;
      return;
    case 'withdrawCatalogEntry': {
      const w = payload as { entryId: string; reason: string };
      s.entries = s.entries.filter((e) => e.entryId !== w.entryId);
      s.adjustment?.withdrawn.push({ entryId: w.entryId, reason: w.reason });
      if (s.status === 'consented') {
        s.status = 'draft';
        delete s.partyConsent;
      }
    }
  }
}

/** the yearly decision-item catalog of one decision organ, until it is published. */
export async function decisionCatalog(input: DecisionCatalogInput): Promise<CatalogState> {
  const state: CatalogState = {
    decisionOrgan: input.decisionOrgan,
    year: input.year,
    status: 'draft',
    createdAt: new Date().toISOString(),
    createdBy: input.actor,
    entries: [],
    ...(input.version !== undefined ? { version: 1, versions: [] } : {}),
  };
  setHandler(catalogStateQuery, () => state);
  for (const name of Object.keys(CATALOG_COMMANDS) as CatalogCommandName[]) {
    setHandler(
      catalogUpdates[name],
      (cmd: CatalogCommandInput) => {
        const payload = check(state, name, cmd);
        applyCommand(state, name, cmd.actor, payload, new Date().toISOString());
        return state;
      },
      {
        validator: (cmd: CatalogCommandInput) => {
          try {
            check(state, name, cmd);
          } catch (err) {
            throw toFailure(err);
          }
        },
      },
    );
  }
  if (input.version === undefined) {
    // As released first: the workflow ends at the publication (no adjustment possible).
    await condition(() => state.status === 'published');
    await condition(allHandlersFinished);
    return state;
  }
  // open for the year (until 1 January of the next, Beijing time), so it can be adjusted.
  const yearEnd = Date.UTC(input.year + 1, 0, 1) - 8 * 3600 * 1000;
  let memoVersion = 0;
  for (;;) {
    await condition(() => state.status === 'published');
    if (memoVersion !== state.version) {
      memoVersion = state.version ?? 0;
      upsertMemo({ publishedVersion: memoVersion });
    }
    const left = yearEnd - Date.now();
    if (left <= 0) break;
    if (!(await condition(() => state.status !== 'published', left))) break;
  }
  await condition(allHandlersFinished);
  return state;
}
