import { z } from 'zod';
import { calendarOverridesSchema, defaultCalendar, type WorkingCalendar } from './calendar';
import { DomainError } from './errors';
import { jurisdictionPolicySchema, resolvePolicy, type JurisdictionPolicy } from './policy';

/**
 * A jurisdiction's own rules [D§43]: overrides of the policy defaults and local
 * calendar days. A procedure pins what its jurisdiction said when it started.
 */
export const jurisdictionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/),
  name: z.string().min(1).max(200),
  policy: jurisdictionPolicySchema.partial().omit({ jurisdiction: true }).default({}),
  calendarOverrides: calendarOverridesSchema.optional(),
});
export type Jurisdiction = z.infer<typeof jurisdictionSchema>;
export const jurisdictionsSchema = z.array(jurisdictionSchema).min(1);

/**
 * Built in: the decree's own figures (national), and a city with local rules: two-level
 * review and the hearing figures of R-14 (lead times 30/15/10 days; at least half of
 * the participants interested parties, as Shandong requires).
 */
export const BUILT_IN_JURISDICTIONS: Jurisdiction[] = jurisdictionsSchema.parse([
  { id: 'national', name: '全国默认（《重大行政决策程序暂行条例》）', policy: { version: 'national@2' } },
  {
    id: 'example-city',
    name: '示例市（两级合法性审查）',
    policy: {
      version: 'example-city@1',
      twoLevelLegalityReview: true,
      officeReplyWorkingDays: 15,
      officeExtensionMaxWorkingDays: 10,
      hearingAnnounceLeadDays: 30,
      hearingParticipantListLeadDays: 15,
      hearingMaterialsLeadDays: 10,
      hearingInterestedShareMin: 0.5,
    },
  },
]);

export interface PinnedRules {
  policy: JurisdictionPolicy;
  calendar: WorkingCalendar;
}

/** The policy and calendar a new procedure of this jurisdiction pins (ARCHITECTURE decision 6). */
export function rulesFor(id: string, registry: Jurisdiction[] = BUILT_IN_JURISDICTIONS, simulationMode = false): PinnedRules {
  const j = registry.find((x) => x.id === id);
  if (!j) {
    throw new DomainError('INVALID_INPUT', `未知的辖区：${id}（可选：${registry.map((x) => x.id).join('、')}）`, ['R-06']);
  }
  const policy = resolvePolicy({ ...j.policy, jurisdiction: j.id });
  // Simulation shortens statutory waits: never outside simulation mode.
  if (policy.simulation && !simulationMode) {
    throw new DomainError('NOT_ALLOWED', `辖区 ${id} 的政策为模拟政策，只能在模拟模式下使用`);
  }
  const calendar = j.calendarOverrides ? defaultCalendar.withOverrides(j.calendarOverrides) : defaultCalendar;
  return { policy, calendar };
}
