import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { bilingual, type StartProcedure } from '../domain';
import { catalogStateQuery, catalogWorkflowId, publishedEntries } from '../workflows/catalog.workflow';
import type { Actor } from '../domain';
import { ApiProblem } from './problem';

/**
 * a procedure names its entry in the decision organ's yearly catalog (or says why the
 * item is outside it). The entry must exist (422 otherwise) in a catalog already published
 * after the Party committee's consent (409 naming the missing step otherwise).
 * a sponsoring unit launches a catalog item itself only when the entry names that unit
 * (`forbid` answers 403 otherwise); whoever launches it, the sponsoring unit and the category
 * are the entry's (422 naming each that differs).
 */
export async function assertCatalogEntry(
  client: Client,
  start: Omit<StartProcedure, 'amends'>,
  actor?: Actor,
  forbid?: (reason: string) => Error,
): Promise<void> {
  const { catalog, decisionOrgan } = start;
  if (!('year' in catalog)) return;
  const unknown = (path: string, message: string) =>
    new ApiProblem('unprocessable', message, { code: 'INVALID_INPUT', ruleIds: ['R-02'], errors: [{ path, message }] });
  let state;
  try {
    state = await client.workflow.getHandle(catalogWorkflowId(decisionOrgan, catalog.year)).query(catalogStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw unknown('catalog.year', `${decisionOrgan}没有${catalog.year}年度决策事项目录`);
    throw err;
  }
  // the version in force; an entry only in an adjustment not yet published is not in force.
  const inForce = publishedEntries(state);
  const entry = (inForce ?? state.entries).find((e) => e.entryId === catalog.entryId);
  if (!entry) {
    throw unknown('catalog.entryId', `${catalog.year}年度决策事项目录中没有编号为${catalog.entryId}的事项`);
  }
  if (!inForce) {
    throw new ApiProblem('step-missing', '决策事项目录尚未公布', {
      code: 'STEP_MISSING',
      ruleIds: ['R-02'],
      missing: [
        {
          item: 'catalog.published',
          ruleId: 'R-02',
          responsible: { role: 'decision_organ', unit: decisionOrgan },
          message: bilingual({
            zh: `${catalog.year}年度决策事项目录应当经党委同意后公布`,
            en: `the ${catalog.year} decision-item catalog must be published after the Party committee consents`,
          }),
        },
      ],
    });
  }
  if (actor?.role === 'sponsor' && entry.sponsorUnit !== actor.unit) {
    const reason =
      `${catalog.year}年度决策事项目录中的${catalog.entryId}未列明由${actor.unit}承办，承办单位只能启动目录中由本单位承办的事项（R-03） / ` +
      `catalog entry ${catalog.entryId} does not name ${actor.unit} as its sponsoring unit`;
    throw forbid ? forbid(reason) : new ApiProblem('forbidden', reason);
  }
  // R-02 R-03: whoever launches it, the procedure is the item the published catalog lists:
  // its sponsoring unit and its category, as listed (each differing field named).
  const differ = [
    ...(entry.sponsorUnit && entry.sponsorUnit !== start.sponsorUnit
      ? [{ path: 'sponsorUnit', message: `目录事项${catalog.entryId}的承办单位是${entry.sponsorUnit} / the catalog names ${entry.sponsorUnit} as the sponsoring unit` }]
      : []),
    ...(entry.category && entry.category !== start.category
      ? [{ path: 'category', message: `目录事项${catalog.entryId}的类别是${entry.category} / the catalog lists the item as ${entry.category}` }]
      : []),
  ];
  if (differ.length > 0) {
    throw new ApiProblem('unprocessable', `与${catalog.year}年度决策事项目录所列事项不符 / the procedure differs from the catalog's entry`, {
      code: 'INVALID_INPUT',
      ruleIds: ['R-02', 'R-03'],
      errors: differ,
    });
  }
}
