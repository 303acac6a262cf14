import type { z } from 'zod';
import type { Actor } from './actor';
import type { HolidaySchedule } from './calendar';
import type { Party } from './awaiting';
import type { DocumentRef } from './document';
import type { MissingItem } from './errors';
import type { JurisdictionPolicy } from './policy';
import type { Requirements } from './requirements';
import type { MeetingOutcome } from './state';
import type * as start from './commands/start';
import type * as part from './commands/participation';
import type * as er from './commands/expert-risk';
import type * as leg from './commands/legality';
import type * as disc from './commands/discussion';
import type * as after from './commands/after';

type OpinionInput = z.infer<typeof part.opinionsSchema>[number];
interface Due { dueLastDay: string; dueAt: string; dueProvisional: boolean }
interface PeriodEnd { lastDay: string; endsAt: string; provisional: boolean }
interface DueNotice { item: string; ruleId: string; dueAt: string; party: Party }

/** Every domain event and its data. The state is the fold of these (ARCHITECTURE decision 3). */
export interface EventMap {
  /** `delayedDecision`: R-66's limit as an R-06 period; absent under policies pinned before it. */
  ProcedureStarted: start.StartProcedure & { requirements: Requirements; policy: JurisdictionPolicy; calendarVersion: string; delayedDecision?: PeriodEnd; launchRequested?: true };
  /** the organ approved (or refused) a sponsor's launch request. */
  LaunchApproved: { note?: string };
  LaunchRefused: { reason: string };
  RequirementsAmended: z.infer<typeof start.amendRequirementsSchema>;
  DraftRevised: z.infer<typeof start.reviseDraftSchema> & { version: number };
  DepartmentConsulted: z.infer<typeof start.recordDepartmentConsultationSchema>;
  /** */
  CostBenefitAnalysisRecorded: z.infer<typeof start.recordCostBenefitAnalysisSchema>;
  CommentPeriodOpened: z.infer<typeof part.openCommentPeriodSchema> & { lastDay: string; endsAt: string; provisional: boolean };
  PublicCommentRecorded: z.infer<typeof part.recordPublicCommentSchema> & { late: boolean };
  CommentPeriodClosed: Record<string, never>;
  ParticipationAdoptionReported: z.infer<typeof part.submitParticipationAdoptionReportSchema>;
  GroupConsulted: z.infer<typeof part.recordGroupConsultationSchema>;
  HearingAnnounced: z.infer<typeof part.announceHearingSchema>;
  HearingParticipantsPublished: z.infer<typeof part.publishHearingParticipantsSchema>;
  HearingMaterialsSent: { documents: DocumentRef[] };
  HearingRecorded: { document: DocumentRef };
  ExpertPanelRecorded: { members: Omit<z.infer<typeof er.recordExpertPanelSchema>['members'][number], 'directInterest'>[]; selectionRationale: string };
  ExpertOpinionSubmitted: z.infer<typeof er.submitExpertOpinionSchema>;
  ExpertAdoptionReported: { opinions: OpinionInput[]; document: DocumentRef };
  RiskReportSubmitted: z.infer<typeof er.submitRiskReportSchema>;
  RiskControllabilityRecorded: { controllable: boolean; note?: string; reportIndex: number };
  FairCompetitionReviewed: { conclusion: string; document: DocumentRef };
  FirstLevelLegalityOpinionGiven: { conclusion: string; document: DocumentRef };
  LegalityReviewSubmitted: z.infer<typeof leg.submitLegalityReviewSchema> & Due;
  /** `supplement*`: when the sponsor must resupply (policy supplementWorkingDays); absent under older policies. */
  LegalityReviewReturned: { missingItems: string[]; supplementLastDay?: string; supplementDueAt?: string; supplementProvisional?: true };
  LegalAdvisersEngaged: z.infer<typeof leg.engageLegalAdvisersSchema>;
  LegalAdviserOpinionSubmitted: { adviser: string; document: DocumentRef };
  LegalityOpinionGiven: z.infer<typeof leg.giveLegalityOpinionSchema>;
  LegalityDeadlineExtended: { workingDays: number; reason: string } & Due;
  LegalOpinionAdoptionRecorded: z.infer<typeof leg.recordLegalOpinionAdoptionSchema>;
  SubmittedToDiscussion: { note?: string };
  MeetingScheduled: z.infer<typeof disc.scheduleMeetingSchema>;
  MeetingRecorded: z.infer<typeof disc.recordMeetingSchema> & {
    majorityPosition: MeetingOutcome | 'none';
    dissenters: { personId: string; name: string; position: MeetingOutcome }[];
  };
  PartyReported: { document: DocumentRef };
  PeoplesCongressReported: { document: DocumentRef };
  DecisionPublished: z.infer<typeof after.publishDecisionSchema>;
  ProcedureArchived: { archiveReference: string; documents: DocumentRef[] };
  /** `nextReportDue`: R-63's next periodic report as an R-06 period; absent under policies pinned before. */
  ExecutingUnitNamed: { unit: string; nextReportDue?: PeriodEnd };
  /** `nextReportDue`: after a periodic report, R-63's next one as an R-06 period (as ExecutingUnitNamed). */
  ExecutionReported: { kind: 'periodic' | 'problem' | 'major_change' | 'force_majeure' | 'final'; document: DocumentRef; nextReportDue?: PeriodEnd };
  PublicExecutionOpinionRecorded: { channel: string };
  PostEvaluationOrdered: { ground: 'results_short' | 'many_public_opinions' | 'organ_need'; evaluatorUnit: string; thirdParty?: boolean };
  EvaluationReported: z.infer<typeof after.submitEvaluationReportSchema>;
  ExecutionSuspended: { reason: string; urgentGround?: string };
  ExecutionResumed: { reason: string };
  AmendmentStarted: { newProcedureKey: string; reason: string };
  ProcedureClosed: { reason: string };
  /** a refused command and everything it lacked, kept in the record. */
  CommandRefused: { command: string; missing: MissingItem[] };
  /** a year's holiday schedule arrived; provisional deadlines recomputed. */
  HolidayScheduleLoaded: {
    schedule: HolidaySchedule;
    calendarVersion: string;
    participationEnd?: { lastDay: string; endsAt: string; provisional: boolean };
    officeDue?: { lastDay: string; endsAt: string; provisional: boolean };
    delayedDecision?: PeriodEnd;
    supplementDue?: PeriodEnd;
    executionReportDue?: PeriodEnd;
  };
  /** 久拖不决 — undecided past the policy's limit. */
  DelayedFlagged: { startedAt: string; limitDays: number };
  /** A duty's due date is near: the policy's reminder (domain/deadlines.ts). */
  DeadlineApproaching: DueNotice;
  /** A duty's due date passed undone: escalated, and the procedure is overdue until it is done. */
  DeadlineMissed: DueNotice;
}
export type EventType = keyof EventMap;
export type EventData<T extends EventType> = EventMap[T];

export type DomainEvent = {
  [K in EventType]: { type: K; at: string; actor: Actor; data: EventMap[K] };
}[EventType];
