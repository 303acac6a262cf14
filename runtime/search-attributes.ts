import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/*
 * The project's custom search attributes (ARCHITECTURE decision 5). They are stored in
 * plain text by the visibility store, so they carry no personal data: stages, unit and
 * organ codes, the parties awaited, dates, the catalogue year and the category.
 *
 * One list for everyone: the embedded dev server registers it at start, docker-compose's
 * setup job registers the same names (a test compares them), workflows upsert through the
 * typed keys and the API filters on them. This file must stay importable from workflow
 * code, so it imports @temporalio/common only.
 */
export const SEARCH_ATTRIBUTES = {
  /** Current stage of the procedure (程序阶段). */
  ProcedureStage: defineSearchAttributeKey('ProcedureStage', SearchAttributeType.KEYWORD),
  /** Sponsor unit code (决策承办单位). */
  SponsorUnit: defineSearchAttributeKey('SponsorUnit', SearchAttributeType.KEYWORD),
  /** Decision organ code (决策机关). */
  DecisionOrgan: defineSearchAttributeKey('DecisionOrgan', SearchAttributeType.KEYWORD),
  /** Parties (roles or units, never people) whose action the procedure waits for. */
  AwaitingParties: defineSearchAttributeKey('AwaitingParties', SearchAttributeType.KEYWORD_LIST),
  /** The nearest statutory deadline. */
  NextDeadline: defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME),
  /** Year of the decision catalogue the item is listed in (决策事项目录年度). */
  CatalogYear: defineSearchAttributeKey('CatalogYear', SearchAttributeType.INT),
  /** Category of the decision (决策类别). */
  DecisionCategory: defineSearchAttributeKey('DecisionCategory', SearchAttributeType.KEYWORD),
  /** The procedure is past a planned date. */
  Delayed: defineSearchAttributeKey('Delayed', SearchAttributeType.BOOL),
  /** A statutory deadline has passed. */
  Overdue: defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL),
  /** When the procedure entered each stage, `stage@instant` (workflow v10; the dashboard's time in stage). */
  StageEntries: defineSearchAttributeKey('StageEntries', SearchAttributeType.KEYWORD_LIST),
} as const;

export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;

/** Spelling of each type as the Temporal CLI and server expect it (`--search-attribute Name=Type`). */
export const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

/** `[name, 'Keyword' | 'Int' | …]` pairs for command lines and comparisons. */
export function searchAttributeCliPairs(): Array<[SearchAttributeName, string]> {
  return (Object.keys(SEARCH_ATTRIBUTES) as SearchAttributeName[]).map((name) => [
    name,
    CLI_TYPE_NAMES[SEARCH_ATTRIBUTES[name].type],
  ]);
}

/**
 * How long the server keeps a closed procedure's history (R-66: accountability for life;
 * the signed archive, exported at close, is the record beyond it). Ten years; the
 * docker-compose setup uses the same figure.
 */
export const HISTORY_RETENTION_DAYS = 3650;
