import type { WorkingCalendar } from './calendar';
import { bilingual, splitBilingual, type MissingItem } from './errors';
import { reviewWorkingDaysDetail } from './legality-clock';
import type { Step } from './requirements';
import { currentDraft, type Act, type ProcedureState } from './state';
import { missing } from './commands/spec';

/**
 * Whether an act still counts for the current draft: results of steps the
 * policy lists as draft-dependent (legality review always) must be for the
 * current version.
 */
export function fresh(s: ProcedureState, step: Step, act: Act | undefined): boolean {
  if (!act) return false;
  const dependent = step === 'legalityReview' || (s.policy.redoOnNewDraft as string[]).includes(step);
  return !dependent || act.draftVersion === currentDraft(s).version;
}

/** One link of a chain of steps, each possible only after the one before it. */
interface Link {
  done: boolean;
  item: MissingItem;
}

/**
 * every missing link of a chain, at once. The first missing link is owed by its own party;
 * each later one waits on the missing link before it and is owed by the party that can act now
 * (the first missing link's), so nobody is named for a step they cannot yet take.
 */
export function chain(links: Link[]): MissingItem[] {
  const out: MissingItem[] = [];
  for (const l of links) {
    if (l.done) continue;
    const root = out[0];
    const blocker = out.at(-1);
    if (!root || !blocker) {
      out.push(l.item);
      continue;
    }
    const text = splitBilingual(l.item.message);
    const first = splitBilingual(blocker.message);
    out.push({
      ...l.item,
      responsible: root.responsible,
      message: bilingual({ zh: `${text.zh}（须先完成：${first.zh}）`, en: `${text.en} (waits on: ${first.en})` }),
      waitingOn: blocker.item,
    });
  }
  return out;
}

/** the risk step is complete only with a controllable assessment of an adjusted draft. */
function riskMissing(s: ProcedureState): MissingItem[] {
  const latest = s.risk.reports.at(-1);
  const c = s.risk.controllability;
  const uncontrollable = s.risk.controllability && !s.risk.controllability.controllable;
  const reportDone = !(!latest || !fresh(s, 'riskAssessment', latest) || (uncontrollable && c && latest.draftVersion <= c.draftVersion && !c.controllable));
  const judged = reportDone && c !== undefined && c.reportIndex === s.risk.reports.length - 1;
  return chain([
    {
      done: reportDone,
      item: uncontrollable
        ? missing('risk.reassessment', 'R-32', 'sponsor', s.sponsorUnit, {
          zh: '风险不可控：应当调整决策草案并重新评估',
          en: 'the risk was found uncontrollable: the draft must be adjusted and the risk assessed again',
        })
        : missing('risk.report', 'R-30', 'sponsor', s.sponsorUnit, {
          zh: '尚无针对本稿的风险评估报告',
          en: 'there is no risk assessment report on this version of the draft',
        }),
    },
    {
      done: judged,
      item: missing('risk.controllability', 'R-31', 'decision_organ', s.decisionOrgan, {
        zh: '决策机关尚未认定风险是否可控',
        en: 'the decision organ has not yet determined whether the risk is controllable',
      }),
    },
    {
      done: !judged || Boolean(c?.controllable),
      item: missing('risk.controllable', 'R-32', 'sponsor', s.sponsorUnit, {
        zh: '风险不可控：应当调整决策草案并重新评估',
        en: 'the risk was found uncontrollable: the draft must be adjusted and the risk assessed again',
      }),
    },
  ]);
}

function participationMissing(s: ProcedureState): MissingItem[] {
  const p = s.participation;
  const opened = fresh(s, 'publicParticipation', p.period);
  const closed = opened && Boolean(p.closed) && !(p.period && p.closed && p.closed.draftVersion < p.period.draftVersion);
  const reported = closed && Boolean(p.adoptionReport && p.closed && Date.parse(p.adoptionReport.at) >= Date.parse(p.closed.at));
  return chain([
    {
      done: opened,
      item: missing('participation.period', 'R-10', 'sponsor', s.sponsorUnit, {
        zh: '尚未公开征求意见',
        en: 'the draft has not been opened for public comment',
      }),
    },
    {
      done: closed,
      item: missing('participation.closed', 'R-12', 'sponsor', s.sponsorUnit, {
        zh: '征求意见期尚未届满结束',
        en: 'the public comment period has not yet expired and been closed',
      }),
    },
    {
      done: reported,
      item: missing('participation.adoptionReport', 'R-13', 'sponsor', s.sponsorUnit, {
        zh: '尚未提交公众意见研究采纳情况',
        en: 'no report has been submitted on how public comments were considered and adopted',
      }),
    },
  ]);
}

/** R-07 [D§12]: an item whose views differ sharply goes to discussion with its costs, benefits and options. */
function optionsMissing(s: ProcedureState): MissingItem[] {
  if (!s.attributes.sharplyDivided) return [];
  const a = s.costBenefit?.draftVersion === currentDraft(s).version ? s.costBenefit : undefined;
  const out: MissingItem[] = [];
  if (!a) {
    out.push(missing('draft.costBenefit', 'R-07', 'sponsor', s.sponsorUnit, {
      zh: '决策草案尚未说明本稿的成本效益',
      en: 'the draft states no costs and benefits for this version',
    }));
  }
  if ((a?.options.length ?? 0) < 2) {
    out.push(missing('draft.options', 'R-07', 'sponsor', s.sponsorUnit, {
      zh: '各方意见分歧较大：决策草案应当提出两个以上方案',
      en: 'views differ sharply: the draft presents two or more options',
    }));
  }
  return out;
}

/** announced, materials sent, then the signed record. */
function hearingMissing(s: ProcedureState): MissingItem[] {
  if (fresh(s, 'hearing', s.hearing.record)) return [];
  return chain([
    {
      done: Boolean(s.hearing.announcement),
      item: missing('hearing.announcement', 'R-14', 'sponsor', s.sponsorUnit, {
        zh: '尚未公告听证的时间、地点和决策草案',
        en: 'the time and place of the hearing and the draft have not been announced',
      }),
    },
    {
      done: Boolean(s.hearing.materialsSent),
      item: missing('hearing.materials', 'R-14', 'sponsor', s.sponsorUnit, {
        zh: '听证材料尚未送达参加人',
        en: 'the hearing materials have not been sent to the participants',
      }),
    },
    {
      done: false,
      item: missing('hearing.record', 'R-14', 'sponsor', s.sponsorUnit, {
        zh: '尚无经参加人签字确认的听证笔录',
        en: 'there is no hearing record signed by the participants',
      }),
    },
  ]);
}

function expertMissing(s: ProcedureState): MissingItem[] {
  const opinions = s.expert.opinions.some((o) => fresh(s, 'expertReview', o));
  return chain([
    {
      done: opinions || Boolean(s.expert.panel),
      item: missing('expert.panel', 'R-20', 'sponsor', s.sponsorUnit, {
        zh: '尚未确定论证专家名单',
        en: 'the panel of experts has not been named',
      }),
    },
    {
      done: opinions,
      item: missing('expert.opinions', 'R-21', 'expert', undefined, {
        zh: '尚无经签字的专家书面论证意见',
        en: 'there is no signed written expert opinion',
      }),
    },
    {
      done: fresh(s, 'expertReview', s.expert.adoptionReport),
      item: missing('expert.adoptionReport', 'R-22', 'sponsor', s.sponsorUnit, {
        zh: '尚未提交专家意见采纳情况',
        en: 'no report has been submitted on how expert opinions were adopted',
      }),
    },
  ]);
}

function legalityMissing(s: ProcedureState, cal: WorkingCalendar, now: string): MissingItem[] {
  const o = s.legality.opinion;
  if (!fresh(s, 'legalityReview', o) || !o) {
    // what the opinion waits on — the first-level review and the submission.
    const v = currentDraft(s).version;
    const submitted = s.legality.intervals.some((i) => i.draftVersion === v && !i.returnedAt);
    return chain([
      {
        done: submitted || !s.policy.twoLevelLegalityReview || s.legality.firstLevel?.draftVersion === v,
        item: missing('legality.firstLevel', 'R-46', 'sponsor_legal_unit', s.sponsorUnit, {
          zh: '应当先经承办单位法制机构合法性初审',
          en: 'the draft must first pass the first-level legality review by the sponsor\'s legal unit',
        }),
      },
      {
        done: submitted,
        item: missing('legality.submission', 'R-41', 'sponsor', s.sponsorUnit, {
          zh: '本稿尚未送请合法性审查',
          en: 'this version of the draft has not been submitted for legality review',
        }),
      },
      {
        done: false,
        item: missing('legality.opinion', 'R-40', 'legality_office', s.legalityOffice, {
          zh: '本稿尚未经合法性审查',
          en: 'this version of the draft has not been reviewed for legality',
        }),
      },
      {
        done: false,
        item: missing('legality.adoption', 'R-47', 'sponsor', s.sponsorUnit, {
          zh: '尚未记录合法性审查意见采纳情况',
          en: 'how the legality opinion was adopted has not been recorded',
        }),
      },
    ]);
  }
  const out: MissingItem[] = [];
  if (o.outcome === 'unlawful') {
    out.push(missing('legality.lawfulOpinion', 'R-44', 'sponsor', s.sponsorUnit, {
      zh: '合法性审查认为不合法，不得提交讨论',
      en: 'the legality review found the draft unlawful: it may not be submitted for discussion',
    }));
  }
  const a = s.legality.adoption;
  const adoptionOfThisOpinion = a && a.draftVersion === o.draftVersion && Date.parse(a.at) >= Date.parse(o.at) ? a : undefined;
  // "lawful subject to changes" — the draft is revised (a new version, so this opinion is
  // no longer the current draft's: R-54 asks for a new review) or the sponsor states a good reason.
  if (o.outcome === 'lawful_with_changes' && !adoptionOfThisOpinion?.unrevisedReason) {
    out.push(missing('legality.changesMade', 'R-44', 'sponsor', s.sponsorUnit,
      {
        zh: '合法性审查意见为“修改后合法”：应当按意见修改决策草案（提交新版本并重新审查），或者说明不予修改的正当理由',
        en: 'the legality opinion is "lawful subject to changes": revise the draft accordingly (a new version, reviewed again) or state a good reason for not revising',
      }));
  }
  if (!adoptionOfThisOpinion) {
    out.push(missing('legality.adoption', 'R-47', 'sponsor', s.sponsorUnit, {
      zh: '尚未记录合法性审查意见采纳情况',
      en: 'how the legality opinion was adopted has not been recorded',
    }));
  }
  const count = reviewWorkingDaysDetail(s, cal, now);
  const days = count.days;
  if (days < s.policy.legalityReviewMinWorkingDays) {
    // a count over days of a year whose schedule is not loaded is provisional, and says so.
    const note = count.provisional
      ? {
          zh: `；${count.provisionalYears.join('、')}年节假日安排尚未载入，工作日计数为暂定`,
          en: `; provisional: the ${count.provisionalYears.join(', ')} holiday schedule is not loaded`,
        }
      : { zh: '', en: '' };
    out.push(missing('legality.reviewTime', 'R-42', 'legality_office', s.legalityOffice, {
      zh: `合法性审查时间不少于${s.policy.legalityReviewMinWorkingDays}个工作日（已${days}个工作日${note.zh}）`,
      en: `the legality review takes at least ${s.policy.legalityReviewMinWorkingDays} working days (${days} so far${note.en})`,
    }));
  }
  return out;
}

/**
 * submission to discussion — every step R-04 requires, complete for the
 * current draft, listed all at once with its rule and responsible party.
 */
export function discussionGate(s: ProcedureState, cal: WorkingCalendar, now: string): MissingItem[] {
  const r = s.requirements;
  const out: MissingItem[] = [];
  const lastMeeting = s.discussion.meetings.at(-1);
  if (lastMeeting?.outcome === 'revise' && lastMeeting.draftVersion === currentDraft(s).version) {
    out.push(missing('draft.revised', 'R-54', 'sponsor', s.sponsorUnit, {
      zh: '会议决定修改后再提交：应当提交修改后的新版本草案',
      en: 'the meeting decided the draft is to be revised before it is submitted again: submit the revised version',
    }));
  }
  out.push(...optionsMissing(s));
  if (r.publicParticipation.required) out.push(...participationMissing(s));
  if (r.groupConsultation.required && !fresh(s, 'groupConsultation', s.groupConsultation)) {
    out.push(missing('groupConsultation', 'R-04', 'sponsor', s.sponsorUnit, {
      zh: '尚未与受影响的特定群体沟通协商',
      en: 'the specific groups affected have not been consulted',
    }));
  }
  if (r.hearing.required) out.push(...hearingMissing(s));
  if (r.expertReview.required) out.push(...expertMissing(s));
  if (r.riskAssessment.required) out.push(...riskMissing(s));
  if (r.fairCompetitionReview.required && !fresh(s, 'fairCompetitionReview', s.fairCompetition)) {
    out.push(missing('fairCompetitionReview', 'R-04', 'sponsor', s.sponsorUnit, {
      zh: '尚未进行公平竞争审查',
      en: 'no fair competition review has been carried out',
    }));
  }
  if (r.departmentConsultation.required) {
    for (const d of s.attributes.otherDepartments.filter((x) => !s.departments[x])) {
      out.push(missing(`department:${d}`, 'R-05', 'sponsor', s.sponsorUnit, { zh: `尚未与${d}协商`, en: `${d} has not been consulted` }));
    }
  }
  out.push(...legalityMissing(s, cal, now));
  return out;
}
