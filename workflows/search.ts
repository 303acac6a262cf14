import { upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { awaitingParties, dueItems, overdueItems, partyKeywords, type ProcedureState } from '../domain';
import { SEARCH_ATTRIBUTES as SA } from '../runtime/search-attributes';

/** The search attributes a state implies: no personal data (ARCHITECTURE decision 5). */
export function searchAttributesOf(s: ProcedureState): SearchAttributeUpdatePair[] {
  const next = dueItems(s)[0];
  return [
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

/** Upserts only when something changed, so a command that changes nothing indexed adds no history event. */
export class SearchAttributeSync {
  private last = '';
  sync(s: ProcedureState): void {
    const attrs = searchAttributesOf(s);
    const key = JSON.stringify(attrs.map((a) => a.value));
    if (key === this.last) return;
    this.last = key;
    upsertSearchAttributes(attrs);
  }
}
