import type { Role } from './actor';
import { DUE_ITEM_LABELS, dueItems } from './awaiting';
import type { WorkingCalendar } from './calendar';
import { reportsMissing } from './commands/after';
import { launchApprovalItem } from './commands';
import { missing } from './commands/spec';
import { bilingual, type Bilingual, type MissingItem } from './errors';
import { discussionGate } from './gates';
import type { ProcedureState } from './state';

/** One thing a procedure waits for from a party: what, by which rule, in words, and by when. */
export interface AwaitedItem {
  item: string;
  ruleId: string;
  /** `中文 / English` */
  message: string;
  /** The statutory date the party must act by (domain/awaiting.ts dueItems), if there is one. */
  dueAt?: string;
}

/** A party as the inbox knows it: a role in a unit. */
export interface AwaitedParty {
  role: Role;
  unit: string;
}

/** A due date that concerns a missing step: the step carries it rather than a second line. */
const DUE_FOR_STEP: Record<string, string> = {
  'legality.reply': 'legality.opinion',
  'legality.supplement': 'legality.submission',
};

const dueLabel = (item: string): Bilingual => DUE_ITEM_LABELS[item] ?? { zh: item, en: item };

const owedBy = (m: MissingItem, p: AwaitedParty): boolean =>
  m.responsible.role === p.role && (m.responsible.unit === undefined || m.responsible.unit === p.unit);

/**
 * The step a stage waits for once nothing is missing (R-50 submission, R-51 meeting, R-61
 * publication, R-63 executing unit and reports, R-64 evaluation, R-65 resumption), by the party
 * `awaitingParties` names for the stage.
 */
function nextStep(s: ProcedureState): MissingItem | undefined {
  switch (s.stage) {
    case 'preparation':
      return missing('discussion.submission', 'R-50', 'sponsor', s.sponsorUnit, {
        zh: '各项程序已完成：提请集体讨论',
        en: 'every required step is done: submit the draft to collective discussion',
      });
    case 'awaiting_discussion':
      return missing('discussion.meeting', 'R-51', 'decision_organ', s.decisionOrgan, {
        zh: '安排并召开集体讨论会议，记录讨论决定',
        en: 'schedule and hold the collective discussion meeting, and record its decision',
      });
    case 'decided':
      return missing('decision.publication', 'R-61', 'decision_organ', s.decisionOrgan, {
        zh: '公布决策',
        en: 'publish the decision',
      });
    case 'published':
      return missing('execution.unit', 'R-63', 'decision_organ', s.decisionOrgan, {
        zh: '确定决策执行单位',
        en: 'name the executing unit',
      });
    case 'executing':
      return s.after.executingUnit
        ? missing('execution.report', 'R-63', 'executing_unit', s.after.executingUnit.unit, dueLabel('execution.report'))
        : undefined;
    case 'post_evaluation':
      return s.after.postEvaluation
        ? missing('evaluation.report', 'R-64', 'evaluator', s.after.postEvaluation.evaluatorUnit, { zh: '提交后评估报告', en: 'submit the post-evaluation report' })
        : undefined;
    case 'suspended':
      return missing('execution.resumption', 'R-65', 'decision_organ', s.decisionOrgan, {
        zh: '决定恢复执行或者停止执行',
        en: 'decide to resume or to stop execution',
      });
    default:
      return undefined;
  }
}

/** What must happen before the stage's next step, by whoever owes it. */
function missingNow(s: ProcedureState, cal: WorkingCalendar, now: string): MissingItem[] {
  switch (s.stage) {
    case 'launch_requested':
      return [launchApprovalItem(s)];
    case 'preparation':
    case 'legality_review':
    case 'legality_returned':
      return discussionGate(s, cal, now);
    case 'decided':
      return reportsMissing(s);
    default:
      return [];
  }
}

/**
 * What the procedure waits for from one party now (the inbox's "awaiting"): the missing steps
 * of R-50 that party owes and can take now (a step that waits on another's is left out: its
 * party is named by the step it waits on), else the stage's next step, each with its statutory
 * due date; then the party's other dated duties.
 */
export function awaitedFrom(s: ProcedureState, party: AwaitedParty, ctx: { calendar: WorkingCalendar; now: string }): AwaitedItem[] {
  const gaps = missingNow(s, ctx.calendar, ctx.now);
  const next = gaps.length === 0 ? nextStep(s) : undefined;
  const steps = (next ? [next] : gaps).filter((m) => m.waitingOn === undefined && owedBy(m, party));
  const out: AwaitedItem[] = steps.map((m) => ({ item: m.item, ruleId: m.ruleId, message: m.message }));
  for (const d of dueItems(s)) {
    if (!d.duty || d.party.role !== party.role || (d.party.unit !== undefined && d.party.unit !== party.unit)) continue;
    const step = out.find((o) => o.item === (DUE_FOR_STEP[d.item] ?? d.item));
    if (step) {
      step.dueAt ??= d.dueAt;
      continue;
    }
    out.push({ item: d.item, ruleId: d.ruleId, message: bilingual(dueLabel(d.item)), dueAt: d.dueAt });
  }
  return out;
}
