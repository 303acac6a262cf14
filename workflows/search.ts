import { upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributePair, SearchAttributeUpdatePair, TypedSearchAttributes } from '@temporalio/common';
import { awaitingParties, dueItems, overdueItems, partyKeywords, stageEntryKeywords, type ProcedureState } from '../domain';
import { SEARCH_ATTRIBUTES as SA } from '../runtime/search-attributes';

/**
 * The search attributes a state implies: no personal data (ARCHITECTURE decision 5).
 * `stageEntries`: procedures started under v10 also index when they entered each stage
 * (stageEntriesIndexed, workflows/patches.ts); it changes only with the stage, so it rides the
 * stage's own upsert and adds no event.
 */
export function searchAttributesOf(s: ProcedureState, stageEntries: boolean): SearchAttributeUpdatePair[] {
  const next = dueItems(s)[0];
  return [
    ...(stageEntries ? [{ key: SA.StageEntries, value: stageEntryKeywords(s) }] : []),
    { key: SA.ProcedureStage, value: s.stage },
    { key: SA.SponsorUnit, value: s.sponsorUnit },
    { key: SA.DecisionOrgan, value: s.decisionOrgan },
    { key: SA.AwaitingParties, value: partyKeywords(awaitingParties(s)) },
    { key: SA.DecisionCategory, value: s.category },
    { key: SA.Delayed, value: s.delayed },
    { key: SA.CatalogYear, value: 'year' in s.catalog ? s.catalog.year : null },
    { key: SA.NextDeadline, value: next ? new Date(next.dueAt) : null },
    { key: SA.Overdue, value: overdueItems(s).length > 0 },
  ];
}

/**
 * What the starter sets at the start (the API, from the start event it computes as the
 * workflow does): a new procedure is in lists and inboxes before its first task, and that task
 * upserts nothing. Unset values are left out.
 */
export function searchAttributesAtStart(s: ProcedureState, stageEntries: boolean): SearchAttributePair[] {
  return searchAttributesOf(s, stageEntries).filter((a): a is SearchAttributePair => a.value !== null && a.value !== undefined);
}

/** The comparison key of a set of values: Dates as their ISO strings, unset as null. */
const keyOf = (values: unknown[]): string => JSON.stringify(values.map((v) => v ?? null));

/**
 * Upserts only when something changed, so a command that changes nothing indexed adds no history
 * event. `present`: the run's search attributes at its start (set by the starter, or carried by
 * continue-as-new); the first sync upserts only if the state's differ from them.
 */
export class SearchAttributeSync {
  private last = '';
  constructor(
    private readonly stageEntries: boolean,
    private present?: TypedSearchAttributes,
  ) {}
  sync(s: ProcedureState): void {
    const attrs = searchAttributesOf(s, this.stageEntries);
    if (this.present) {
      const present = this.present;
      this.last = keyOf(attrs.map((a) => present.get(a.key)));
      this.present = undefined;
    }
    const key = keyOf(attrs.map((a) => a.value));
    if (key === this.last) return;
    this.last = key;
    upsertSearchAttributes(attrs);
  }
}
