import { createHash } from 'node:crypto';
import type { Actor, DocumentRef, StartProcedure } from '../../domain';

/** A document reference whose hash really is the hash of its (tiny) content. */
export function doc(name: string): DocumentRef {
  const body = `document ${name}`;
  return {
    sha256: createHash('sha256').update(body).digest('hex'),
    size: Buffer.byteLength(body),
    mediaType: 'application/pdf',
    name: `${name}.pdf`,
  };
}

export const UNITS = {
  organ: '某市人民政府',
  sponsor: '某市交通运输局',
  office: '某市司法局',
  other: '某市财政局',
  executor: '某市城市管理局',
  evaluator: '某大学公共政策评估中心',
};

/**
 * The directory's units in API tests (api/unit-directory.ts): the fixtures' units and a few
 * real units that play no part in the fixture procedures ("another unit").
 */
export const DIRECTORY_UNITS = [
  ...Object.values(UNITS),
  '某县人民政府',
  '某县人民政府办公室',
  '某区城市管理局',
  '另一市司法局',
  '某局',
  // A unit whose name is a visibility-query injection probe (test/api/documents-lists.test.ts).
  "某'局 OR SponsorUnit = '某市交通运输局",
];

export const actors = {
  organ: { personId: 'p-mayor', name: '王市长', unit: UNITS.organ, role: 'decision_organ' },
  sponsor: { personId: 'p-sponsor', name: '李科长', unit: UNITS.sponsor, role: 'sponsor' },
  office: { personId: 'p-office', name: '张处长', unit: UNITS.office, role: 'legality_office' },
  adviser: { personId: 'p-lawyer', name: '赵律师', unit: '某律师事务所', role: 'legal_adviser' },
  expert1: { personId: 'e-1', name: '陈教授', unit: '某大学', role: 'expert' },
  executor: { personId: 'p-exec', name: '周主任', unit: UNITS.executor, role: 'executing_unit' },
  evaluator: { personId: 'p-eval', name: '吴研究员', unit: UNITS.evaluator, role: 'evaluator' },
  auditor: { personId: 'p-audit', name: '审计员', unit: '某市审计局', role: 'auditor' },
  otherSponsor: { personId: 'p-x', name: '钱科长', unit: UNITS.other, role: 'sponsor' },
  /** A member of the decision organ who is not its head (R-65: the API tests' directory marks only the mayor head). */
  organMember: { personId: 'p-deputy', name: '刘副市长', unit: UNITS.organ, role: 'decision_organ' },
} satisfies Record<string, Actor>;

/**
 * the mayor as the API resolves him from the directory: head of the decision organ
 * (actor.head), the only one who suspends execution. Workflow-level tests pass this actor.
 */
export const organHead: Actor = { ...actors.organ, head: true };

/** A procedure that needs every step R-04 can require. */
export function fullStart(procedureKey: string, over: Partial<StartProcedure> = {}): StartProcedure {
  return {
    procedureKey,
    title: '某市中心城区交通拥堵治理方案',
    category: 'public_policy',
    decisionOrgan: UNITS.organ,
    sponsorUnit: UNITS.sponsor,
    coSponsorUnits: [],
    legalityOffice: UNITS.office,
    proposal: { source: 'department', proposer: UNITS.sponsor, summary: '治理中心城区交通拥堵' },
    catalog: { year: 2026, entryId: '2026-07' },
    attributes: {
      nonDisclosable: false,
      affectsSpecificGroup: true,
      hearing: 'chosen',
      highlySpecialised: true,
      stabilityRisk: true,
      affectsMarketEntities: true,
      peoplesCongressRemit: false,
      otherDepartments: [UNITS.other],
      wideConcern: true,
    },
    draft: doc('draft-v1'),
    ...over,
  };
}

/** A procedure that needs only what is always required (legality review, Party report). */
export function minimalStart(procedureKey: string): StartProcedure {
  return fullStart(procedureKey, {
    attributes: {
      nonDisclosable: true,
      nonDisclosableGround: '涉及国家秘密（《保守国家秘密法》）',
      affectsSpecificGroup: false,
      hearing: 'none',
      highlySpecialised: false,
      stabilityRisk: false,
      affectsMarketEntities: false,
      peoplesCongressRemit: false,
      otherDepartments: [],
      wideConcern: false,
    },
  });
}

type Position = 'approve' | 'reject' | 'revise' | 'defer';

/** A meeting record: members speak in order, the head last. */
export function meeting(outcome: Position, members: Position[], headReason?: string, heldAt = new Date().toISOString()) {
  const speeches = [
    ...members.map((position, i) => ({ personId: `m-${i}`, name: `委员${i + 1}`, isHead: false, position, statement: `意见${i + 1}` })),
    { personId: 'p-mayor', name: '王市长', isHead: true, position: outcome, statement: '最后发言' },
  ];
  return {
    meetingType: 'executive' as const,
    heldAt,
    membersTotal: speeches.length + 1,
    attendees: speeches.length,
    speeches,
    outcome,
    ...(headReason ? { headReason } : {}),
    minutes: doc('minutes'),
  };
}
