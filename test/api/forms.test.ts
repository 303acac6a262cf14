import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { formSchemaOf, type JsonSchema } from '../../api/forms.routes';
import { COMMAND_NAMES, commandSpec } from '../../domain';
import { fullStart } from '../support/fixtures';
import { docOf } from './fixtures';
import { bearer, offlineApp } from './harness';

/*
 * ARCHITECTURE decision 10: the web application renders its forms from the commands' JSON
 * Schema (GET /forms). Each schema converts, is valid draft-07 for react-jsonschema-form's own
 * validator, and says what a person reads: a zh-CN title on every field, an upload widget on
 * every document, zh-CN names for every enum. The titles are `.meta()` only: what a schema
 * accepts is unchanged (the domain tests and the replay of committed histories say so too).
 */
const { app, config } = offlineApp();
const doc = docOf('form-body').ref;
const opinions = [{ summary: '建议分步实施', adopted: true }, { summary: '取消收费', adopted: false, reason: '与目标不符' }];
const speeches = [
  { personId: 'm-1', name: '委员甲', isHead: false, position: 'approve', statement: '同意' },
  { personId: 'p-mayor', name: '市长', isHead: true, position: 'approve', statement: '同意' },
];

/** The commands of a standard procedure walk (docs/api.md), each with a valid body. */
const WALK: Record<string, unknown> = {
  openCommentPeriod: { explanation: doc, channels: ['市政府网站'], days: 30 },
  recordPublicComment: { receivedAt: '2026-03-05T10:00:00+08:00', channel: '网站' },
  closeCommentPeriod: {},
  submitParticipationAdoptionReport: { opinions, document: doc },
  recordExpertPanel: { members: [{ personId: 'e-1', name: '陈教授', expertise: '交通工程', perspective: '中立', directInterest: false }], selectionRationale: '专业性' },
  submitExpertOpinion: { personId: 'e-1', document: doc, signed: true },
  submitExpertAdoptionReport: { opinions, document: doc },
  submitRiskReport: { assessor: '评估中心', thirdParty: true, departmentsHeard: ['公安局'], riskPoints: ['停运'], measures: '分步', responsePlan: '预案', level: 'low', document: doc },
  recordRiskControllability: { controllable: true },
  submitLegalityReview: { legalBasis: '依据', procedureAccount: '已履行程序' },
  returnForSupplement: { missingItems: ['风险评估报告'] },
  giveLegalityOpinion: { outcome: 'lawful', authority: '有权', procedure: '合法', substance: '合法', document: doc },
  submitToDiscussion: {},
  scheduleMeeting: { meetingType: 'executive', scheduledAt: '2026-04-24T09:30:00+08:00' },
  recordMeeting: { meetingType: 'executive', heldAt: '2026-04-24T09:30:00+08:00', membersTotal: 3, attendees: 2, speeches, outcome: 'approve', minutes: doc },
  publishDecision: { document: doc, channels: ['政府公报'], adoptionExplanation: '见说明' },
  archiveProcedure: { archiveReference: 'DA-1' },
  nameExecutingUnit: { unit: '某市交通运输局' },
  submitExecutionReport: { kind: 'periodic', document: doc },
  orderPostEvaluation: { ground: 'organ_need', evaluatorUnit: '某大学公共政策研究院', thirdParty: true },
  submitEvaluationReport: { document: doc, conclusion: 'continue' },
  closeProcedure: { reason: '执行完毕' },
};

/**
 * The validator react-jsonschema-form builds by default (@rjsf/validator-ajv8 createAjvInstance:
 * Ajv 8, draft-07, its options, every ajv-formats format). Built here from the same two packages
 * because jest cannot load @rjsf/utils (it imports an ES-module-only package).
 */
const ajv = addFormats(new Ajv({ allErrors: true, multipleOfPrecision: 8, strict: false, verbose: true, discriminator: false }));
const validator = {
  validateFormData: (data: unknown, schema: JsonSchema) => {
    const validate = ajv.compile(schema);
    validate(data);
    return { errors: validate.errors ?? [] };
  },
};

type Node = JsonSchema & { properties?: Record<string, Node>; items?: Node; anyOf?: Node[]; enum?: unknown[]; title?: string };

/** Every subschema of a schema (properties, array items, alternatives), by path; `field` for object properties. */
function nodes(node: Node, at = ''): { path: string; node: Node; field: boolean }[] {
  return [
    ...Object.entries(node.properties ?? {}).flatMap(([k, v]) => [{ path: `${at}${k}`, node: v, field: true }, ...nodes(v, `${at}${k}.`)]),
    ...(node.items ? [{ path: `${at}[]`, node: node.items, field: false }, ...nodes(node.items, `${at}[].`)] : []),
    ...(node.anyOf ?? []).flatMap((a, i) => [{ path: `${at}|${i}`, node: a, field: false }, ...nodes(a, `${at}|${i}.`)]),
  ];
}
/** Every object property of a schema, by path, with its own schema. */
const fields = (node: Node): [string, Node][] => nodes(node).filter((n) => n.field).map((n) => [n.path, n.node]);
const isDocument = (n: Node) => ['sha256', 'size', 'mediaType', 'name'].every((k) => Object.keys(n.properties ?? {}).includes(k));
const CJK = /[\u4e00-\u9fff]/;

describe('GET /forms: the forms of the web application', () => {
  let forms: { startProcedure: Node; commands: Record<string, { command: string; title: string; rules: string[]; roles: string[]; schema: Node }>; catalog: Record<string, { title: string; path: string; schema: Node }> };
  beforeAll(async () => {
    await request(app).get('/forms').expect(401);
    const res = await request(app).get('/forms').set('Authorization', await bearer(config, { personId: 'p-public', name: '刘女士', unit: '个人', role: 'public' })).expect(200);
    forms = res.body;
  });

  it('lists every command with its path segment, zh-CN title, rules, roles and schema; the start and the catalog too', () => {
    expect(Object.keys(forms.commands).sort()).toEqual([...COMMAND_NAMES].sort());
    expect(forms.commands.submitToDiscussion).toMatchObject({ command: 'submit-to-discussion', title: '提请集体讨论', rules: expect.arrayContaining(['R-50']), roles: ['sponsor'] });
    for (const name of COMMAND_NAMES) {
      // Each command's schema converts, and the route answers exactly that conversion.
      expect(forms.commands[name]?.schema).toEqual(formSchemaOf(commandSpec(name).schema));
      expect(forms.commands[name]?.title).toMatch(CJK);
    }
    expect(forms.startProcedure.properties).toHaveProperty('jurisdiction');
    expect(Object.keys(forms.catalog).sort()).toEqual(['addCatalogEntry', 'createCatalog', 'publishCatalog', 'recordCatalogPartyConsent', 'startCatalogAdjustment', 'withdrawCatalogEntry']);
    expect(forms.catalog.addCatalogEntry).toMatchObject({ title: '列入决策事项目录', path: '/catalogs/{organ}/{year}/entries' });
  });

  it('gives every field a zh-CN title, every document an upload widget, every enum its zh-CN names', () => {
    const all: [string, Node][] = [
      ['startProcedure', forms.startProcedure],
      ...Object.entries(forms.commands).map(([n, c]): [string, Node] => [n, c.schema]),
      ...Object.entries(forms.catalog).map(([n, c]): [string, Node] => [n, c.schema]),
    ];
    const untitled = all.flatMap(([form, schema]) => fields(schema).filter(([, f]) => typeof f.title !== 'string' || !CJK.test(f.title)).map(([p]) => `${form}: ${p}`));
    expect(untitled).toEqual([]);
    // Documents in lists too (the hearing materials, the legality submission's documents).
    const documents = all.flatMap(([form, schema]) => nodes(schema).filter((n) => isDocument(n.node)).map((n): [string, Node] => [`${form}: ${n.path}`, n.node]));
    expect(documents.length).toBeGreaterThan(20);
    expect(documents.map(([p]) => p)).toEqual(expect.arrayContaining(['sendHearingMaterials: documents.[]', 'startProcedure: draft', 'startAmendment: procedure.draft']));
    expect(documents.filter(([, f]) => f['x-widget'] !== 'document').map(([p]) => p)).toEqual([]);
    expect(forms.commands.recordMeeting?.schema.properties?.minutes).toMatchObject({ title: '会议纪要', 'x-widget': 'document' });
    const enums = all.flatMap(([form, schema]) => fields(schema).filter(([, f]) => Array.isArray(f.enum)).map(([p, f]): [string, Node] => [`${form}: ${p}`, f]));
    expect(enums.length).toBeGreaterThan(8);
    const unnamed = enums.filter(([, f]) => {
      const names = f['x-enumNames'];
      return !Array.isArray(names) || names.length !== f.enum?.length || !names.every((n) => typeof n === 'string' && CJK.test(n));
    });
    expect(unnamed.map(([p]) => p)).toEqual([]);
    expect(forms.commands.giveLegalityOpinion?.schema.properties?.outcome).toMatchObject({ enum: ['lawful', 'lawful_with_changes', 'unlawful', 'exploratory_reform'], 'x-enumNames': ['合法', '修改后合法', '不合法', '属于探索性改革事项'] });
  });

  it('react-jsonschema-form’s validator agrees with the domain on the bodies of a standard walk (the titles change nothing)', () => {
    expect(Object.keys(WALK)).toHaveLength(22);
    for (const [name, body] of Object.entries(WALK)) {
      const schema = forms.commands[name]?.schema;
      if (!schema) throw new Error(`no form for ${name}`);
      expect({ name, zod: commandSpec(name).schema.safeParse(body).success }).toEqual({ name, zod: true });
      expect({ name, errors: validator.validateFormData(body, schema).errors }).toEqual({ name, errors: [] });
      // A body without its required fields is refused by both.
      if ((schema.required as string[] | undefined)?.length) {
        expect(commandSpec(name).schema.safeParse({}).success).toBe(false);
        expect(validator.validateFormData({}, schema).errors.length).toBeGreaterThan(0);
      }
    }
    const start = { ...fullStart('form-start'), draft: doc };
    expect(validator.validateFormData(start, forms.startProcedure).errors).toEqual([]);
  });
});
