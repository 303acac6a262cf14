import type { Actor } from './actor';
import type { Category, ItemAttributes } from './attributes';
import type { HolidaySchedule } from './calendar';
import type { DocumentRef } from './document';
import type { MissingItem } from './errors';
import type { JurisdictionPolicy } from './policy';
import type { Requirements } from './requirements';

/** Every stage, in procedure order (lists and filters use this one list). */
export const STAGES = [
  'launch_requested',
  'preparation',
  'legality_review',
  'legality_returned',
  'awaiting_discussion',
  'decided',
  'rejected',
  'published',
  'executing',
  'post_evaluation',
  'suspended',
  'closed',
] as const;

/** Where a procedure stands; also its `ProcedureStage` search attribute. */
export type Stage =
  | 'launch_requested' // a sponsor's item outside the catalog, awaiting the organ's approval
  | 'preparation' // drafting, participation, expert review, risk assessment
  | 'legality_review' // 合法性审查, submitted to the office
  | 'legality_returned' // returned for supplement; the R-48 clock stops
  | 'awaiting_discussion' // submitted to collective discussion
  | 'decided' // approved at the meeting
  | 'rejected'
  | 'published'
  | 'executing'
  | 'post_evaluation'
  | 'suspended'
  | 'closed';

// (the union above documents each stage; STAGES lists them for runtime use)
const _stagesComplete: Exclude<Stage, (typeof STAGES)[number]> extends never ? true : false = true;
void _stagesComplete;

/** Stamp of an act: who and when, and which draft it concerned. */
export interface Act {
  at: string;
  actor: Actor;
  draftVersion: number;
}

export interface DraftVersion {
  version: number;
  document: DocumentRef;
  reason: string;
  at: string;
}

export interface Opinion {
  summary: string;
  adopted: boolean;
  reason?: string;
}

export interface ExpertMember {
  personId: string;
  name: string;
  body?: string;
  expertise: string;
  perspective: string;
}

export interface LegalAdviser {
  personId: string;
  name: string;
  /** Law firm or the public lawyer's unit. */
  firm?: string;
}

export interface MeetingSpeech {
  personId: string;
  name: string;
  isHead: boolean;
  position: MeetingOutcome;
  statement: string;
}
/** `stop`: decided at a meeting during execution. */
export type MeetingOutcome = 'approve' | 'reject' | 'revise' | 'defer' | 'stop';

export interface MeetingRecord extends Act {
  meetingType: 'executive' | 'plenary';
  heldAt: string;
  membersTotal: number;
  attendees: number;
  speeches: MeetingSpeech[];
  outcome: MeetingOutcome;
  majorityPosition: MeetingOutcome | 'none';
  headReason?: string;
  minutes: DocumentRef;
  /** members whose position differs from the decision, kept for R-66. */
  dissenters: { personId: string; name: string; position: MeetingOutcome }[];
}

export interface StageEntry {
  stage: Stage;
  at: string;
}

export interface ReviewInterval {
  submittedAt: string;
  draftVersion: number;
  /** When the office returned it for supplement; the R-48 clock stops then. */
  returnedAt?: string;
  missingItems?: string[];
}

export interface ProcedureState {
  procedureKey: string;
  title: string;
  category: Category;
  decisionOrgan: string;
  sponsorUnit: string;
  coSponsorUnits: string[];
  legalityOffice: string;
  proposal: { source: string; proposer: string; summary: string };
  catalog: { year: number; entryId: string } | { outsideReason: string };
  attributes: ItemAttributes;
  requirements: Requirements;
  policy: JurisdictionPolicy;
  calendarVersion: string;
  amends?: string;
  startedAt: string;
  startedBy: Actor;
  stage: Stage;
  /** When the procedure entered each stage it has been in, in order (the dashboard's time in stage). */
  stageEntries: StageEntry[];
  drafts: DraftVersion[];
  /** the draft's costs and benefits, and its options where views differ sharply (for `draftVersion`). */
  costBenefit?: Act & { costBenefit: string; options: { title: string; summary: string }[]; document?: DocumentRef };
  /** */
  departments: Record<string, Act & { agreed: boolean; departmentView?: string; sponsorView?: string }>;
  participation: {
    /** what was published when the period opened — the explanation (起草说明) with the draft of `draftVersion`. */
    period?: Act & { openedAt: string; days: number; lastDay: string; endsAt: string; provisional: boolean; shortenedReason?: string; channels: string[]; explanation: DocumentRef };
    closed?: Act;
    comments: number;
    lateComments: number;
    adoptionReport?: Act & { opinions: Opinion[]; document: DocumentRef };
  };
  groupConsultation?: Act & { groups: string[]; summary: string };
  hearing: {
    announcement?: Act & { hearingAt: string; place: string; sides: string[]; selectionMethod?: string };
    participants?: Act & { list: { name: string; side: string; interestedParty: boolean }[] };
    materialsSent?: Act & { sentAt: string };
    record?: Act & { document: DocumentRef };
  };
  expert: {
    panel?: Act & { members: ExpertMember[]; selectionRationale: string };
    /** `filedOnPaper`: the sponsor filed the expert's signed paper opinion; `document` is its scan. */
    opinions: (Act & { personId: string; document: DocumentRef; signed: true; stamped: boolean; filedOnPaper?: true })[];
    adoptionReport?: Act & { opinions: Opinion[]; document: DocumentRef };
  };
  risk: {
    reports: (Act & { level: string; riskPoints: string[]; measures: string; responsePlan: string; departmentsHeard: string[]; assessor: string; document: DocumentRef })[];
    controllability?: Act & { controllable: boolean; reportIndex: number };
  };
  fairCompetition?: Act & { conclusion: string; document: DocumentRef };
  legality: {
    firstLevel?: Act & { conclusion: string; document: DocumentRef };
    intervals: ReviewInterval[];
    adviserOpinions: (Act & { adviser: string; document: DocumentRef })[];
    /** the legal advisers and public lawyers the office engaged for the review. */
    engagedAdvisers?: (Act & LegalAdviser)[];
    opinion?: Act & { outcome: LegalityOutcome; authority: string; procedure: string; substance: string; legalRisk?: string; document: DocumentRef };
    extension?: Act & { workingDays: number; reason: string };
    /** R-47; `unrevisedReason`: R-44, why a "lawful subject to changes" opinion led to no new draft. */
    adoption?: Act & { opinions: Opinion[]; unrevisedReason?: string };
    /** when the office must reply to the open submission. */
    officeDueAt?: string;
    /** When the sponsor must resupply a returned submission (policy supplementWorkingDays). */
    supplementDueAt?: string;
    /** the supplement due date rests on a year whose schedule is not loaded. */
    supplementDueProvisional?: boolean;
    officeDueProvisional?: boolean;
  };
  discussion: {
    submitted?: Act;
    /** the meeting the organ has put the draft on, if scheduled. */
    scheduled?: Act & { meetingType: 'executive' | 'plenary'; scheduledAt: string; note?: string };
    meetings: MeetingRecord[];
  };
  after: {
    partyReport?: Act & { document: DocumentRef };
    congressReport?: Act & { document: DocumentRef };
    /** `document`: the decided text; absent in publications recorded before it was carried. */
    publication?: Act & { channels: string[]; exemptGround?: string; adoptionExplanation?: string; document?: DocumentRef };
    archive?: Act & { documents: DocumentRef[] };
    executingUnit?: Act & { unit: string };
    executionReports: (Act & { kind: string; document: DocumentRef })[];
    /** the next periodic report's date, when computed as a period (policy executionReportAsPeriod). */
    executionReportDue?: { lastDay: string; endsAt: string; provisional: boolean };
    publicOpinions: number;
    postEvaluation?: Act & { ground: string; evaluatorUnit: string; thirdParty?: boolean };
    /** `participation` and `conclusion` are absent in reports recorded before they were asked. */
    evaluationReports: (Act & {
      document: DocumentRef;
      participation?: { public?: string; deputies?: string; experts?: string };
      conclusion?: 'continue' | 'adjust' | 'suspend' | 'stop';
      conclusionReason?: string;
    })[];
    suspension?: Act & { reason: string; urgentGround?: string };
    amendments: { at: string; newProcedureKey: string; reason: string }[];
  };
  refusals: { at: string; actor: Actor; command: string; missing: MissingItem[] }[];
  /** holiday schedules loaded after the start, on top of the pinned calendar. */
  loadedSchedules: HolidaySchedule[];
  /** 久拖不决 */
  delayed: boolean;
  /** when the procedure counts as delayed, if computed at its start (policy delayedDecisionAsPeriod). */
  delayedDecisionDue?: { lastDay: string; endsAt: string; provisional: boolean };
  /** Due dates reminded of and missed, as `item@dueAt` keys (domain/deadlines.ts). */
  deadlines: { reminded: string[]; missed: string[] };
  /** Every document referenced, in order. */
  documents: DocumentRef[];
}

export type LegalityOutcome = 'lawful' | 'lawful_with_changes' | 'unlawful' | 'exploratory_reform';

export function currentDraft(s: ProcedureState): DraftVersion {
  const d = s.drafts[s.drafts.length - 1];
  if (!d) throw new Error('procedure has no draft');
  return d;
}
