import { allHandlersFinished, condition, defineQuery, defineUpdate, setHandler } from '@temporalio/workflow';
import { z } from 'zod';
import {
  DomainError,
  IN_SCOPE_CATEGORIES,
  actorSchema,
  documentRefSchema,
  text,
  type Actor,
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

export const createCatalogSchema = z.object({ decisionOrgan: unit, year: catalogYearSchema });
export const catalogEntrySchema = z.object({
  entryId: text(100),
  title: text(200),
  category: z.enum(IN_SCOPE_CATEGORIES),
  /** The sponsoring unit foreseen, if already known. */
  sponsorUnit: unit.optional(),
  note: text(2000).optional(),
});
export const catalogPartyConsentSchema = z.object({ document: documentRefSchema });
export const publishCatalogSchema = z.object({ channels: z.array(text(200)).min(1).max(20) });

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
}

export interface DecisionCatalogInput {
  decisionOrgan: string;
  year: number;
  actor: Actor;
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
} as const;
export type CatalogCommandName = keyof typeof CATALOG_COMMANDS;

export const catalogUpdates = {
  addCatalogEntry: defineUpdate<CatalogState, [CatalogCommandInput]>('addCatalogEntry'),
  recordCatalogPartyConsent: defineUpdate<CatalogState, [CatalogCommandInput]>('recordCatalogPartyConsent'),
  publishCatalog: defineUpdate<CatalogState, [CatalogCommandInput]>('publishCatalog'),
};
export const catalogStateQuery = defineQuery<CatalogState>('catalogState');

const missing = (s: CatalogState, item: string, message: string): MissingItem => ({
  item,
  ruleId: 'R-02',
  responsible: { role: 'decision_organ', unit: s.decisionOrgan },
  message,
});

/** Everything that must hold before a catalog command is accepted; throws ZodError or DomainError. */
function check(s: CatalogState, name: CatalogCommandName, cmd: CatalogCommandInput): unknown {
  const actor = actorSchema.parse(cmd?.actor);
  const payload = CATALOG_COMMANDS[name].schema.parse(cmd.payload);
  if (actor.role !== 'decision_organ' || actor.unit !== s.decisionOrgan) {
    throw new DomainError('NOT_ALLOWED', `决策事项目录由${s.decisionOrgan}编制`, ['R-02']);
  }
  if (s.status === 'published') {
    throw new DomainError('INVALID_TRANSITION', `${s.year}年度决策事项目录已经公布`, ['R-02']);
  }
  if (name === 'addCatalogEntry' && s.entries.some((e) => e.entryId === (payload as CatalogEntry).entryId)) {
    throw new DomainError('INVALID_INPUT', `目录中已有编号为${(payload as CatalogEntry).entryId}的事项`, ['R-02']);
  }
  if (name === 'recordCatalogPartyConsent' && s.entries.length === 0) {
    throw new DomainError('STEP_MISSING', '目录尚无事项', ['R-02'], [missing(s, 'catalog.entries', '应当先列入决策事项')]);
  }
  if (name === 'publishCatalog' && s.status !== 'consented') {
    throw new DomainError('STEP_MISSING', '决策事项目录应当经同级党委同意后公布', ['R-02'], [
      missing(s, 'catalog.partyConsent', '尚未记录同级党委同意（第三条）'),
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
  await condition(() => state.status === 'published');
  await condition(allHandlersFinished);
  return state;
}
