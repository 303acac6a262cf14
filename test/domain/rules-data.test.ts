import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMMANDS,
  COMMAND_NAMES,
  DomainError,
  RULES,
  authorize,
  commandSpec,
  defaultPolicy,
  resolvePolicy,
  ruleById,
} from '../../domain';
import { actors, start } from './builders';

/** The R-ids of the rulebook, in order. */
const SPEC_IDS = [
  'R-01', 'R-02', 'R-03', 'R-04', 'R-05', 'R-06', 'R-07',
  'R-10', 'R-11', 'R-12', 'R-13', 'R-14',
  'R-20', 'R-21', 'R-22',
  'R-30', 'R-31', 'R-32',
  'R-40', 'R-41', 'R-42', 'R-43', 'R-44', 'R-45', 'R-46', 'R-47', 'R-48',
  'R-50', 'R-51', 'R-52', 'R-53', 'R-54',
  'R-60', 'R-61', 'R-62', 'R-63', 'R-64', 'R-65', 'R-66',
];

const DOMAIN_DIR = join(__dirname, '..', '..', 'domain');
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [readFileSync(join(dir, d.name), 'utf8')] : [],
  );
}

describe('R-01…R-66 the rules as data', () => {
  it('R-01 R-66: RULES holds exactly the R-ids of the rulebook, in order, each with a title and a basis', () => {
    expect(RULES.map((r) => r.id)).toEqual(SPEC_IDS);
    for (const r of RULES) {
      expect(r.title.trim().length).toBeGreaterThan(0);
      expect(r.basis.length).toBeGreaterThan(0);
    }
  });

  it('R-42 R-43: ruleById finds a rule and nothing else', () => {
    expect(ruleById('R-42')?.basis).toEqual(['D§26', 'policy']);
    expect(ruleById('R-43')?.basis).toEqual(['D§27', 'D§28']);
    expect(ruleById('R-99')).toBeUndefined();
  });

  it('R-04 R-50: every rule a command cites, and every rule a missing item names in domain/, exists', () => {
    for (const name of COMMAND_NAMES) {
      const spec = commandSpec(name);
      expect(spec.name).toBe(name);
      expect(spec.rules.length).toBeGreaterThan(0);
      for (const id of spec.rules) expect(SPEC_IDS).toContain(id);
    }
    expect(Object.keys(COMMANDS).sort()).toEqual([...COMMAND_NAMES].sort());
    const cited = sources(DOMAIN_DIR).flatMap((src) => [...src.matchAll(/'(R-\d\d)'/g)].map((m) => m[1]));
    expect(cited.length).toBeGreaterThan(50);
    for (const id of cited) expect(SPEC_IDS).toContain(id);
  });

  it('R-03: an unknown command is refused as invalid input', () => {
    expect(() => commandSpec('approveEverything')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('R-06 R-11 R-14 R-31 R-42 R-46 R-48 R-51 R-54 R-66: the policy defaults are the numbers the rulebook states', () => {
    expect(defaultPolicy).toMatchObject({
      periodEndExtendsOnRestDay: true,
      commentPeriodMinDays: 30,
      hearingMaterialsLeadDays: 7,
      riskLevels: ['high', 'medium', 'low'],
      legalityReviewMinWorkingDays: 7,
      twoLevelLegalityReview: false,
      officeReplyWorkingDays: 15,
      officeExtensionMaxWorkingDays: 10,
      quorumShare: 0.5,
      redoOnNewDraft: ['legalityReview'],
      simulation: false,
    });
  });

  it('R-14 R-42: a policy below the statutory floors is refused', () => {
    expect(() => resolvePolicy({ hearingMaterialsLeadDays: 6 })).toThrow();
    expect(() => resolvePolicy({ legalityReviewMinWorkingDays: 0 })).toThrow();
    expect(() => resolvePolicy({ commentPeriodMinDays: 0 })).toThrow();
  });

  it('R-66: the auditor reads everything and changes nothing — every command refuses the auditor', () => {
    const s = start().state;
    for (const name of COMMAND_NAMES) {
      const e = (() => {
        try {
          authorize(commandSpec(name), s, actors.auditor, {});
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('NOT_ALLOWED');
    }
  });

  it('R-12 R-63: the public acts only by sending comments and opinions on execution', () => {
    const s = start().state;
    const open = COMMAND_NAMES.filter((name) => commandSpec(name).roles.includes('public'));
    expect(open.sort()).toEqual(['recordPublicComment', 'recordPublicExecutionOpinion']);
    expect(() => authorize(commandSpec('recordPublicComment'), s, actors.citizen, {})).not.toThrow();
  });

  it('R-01…R-66: every rule of the rulebook is named by at least one behavioural domain test', () => {
    const dir = __dirname;
    // This file's own names cite rules wholesale, so they do not count.
    const names = readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts') && f !== 'rules-data.test.ts')
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/(?:\bit\(|\bit\.each\([\s\S]*?\)\()\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1] ?? ''));
    const named = new Set(names.flatMap((n) => n.match(/R-\d\d/g) ?? []));
    const unnamed = SPEC_IDS.filter((id) => !named.has(id));
    expect(unnamed).toEqual([]);
  });
});
