import type { NoticeTemplate } from '../../domain';
import { TEMPLATES, type Text } from './texts';

export { TEMPLATES } from './texts';
export type { Text } from './texts';

/** What a rendered notice needs to know of its job. */
export interface RenderInput {
  procedureKey: string;
  title: string;
  template: NoticeTemplate;
  ruleId: string;
  data: Record<string, unknown>;
}

/** One rendered notice: subject and plain-text body, each zh-CN first, English second. */
export interface Rendered extends Text {
  zh: Text;
  en: Text;
}

/**
 * Renders a notice for one reader. `name` greets a person (email); the in-app inbox and
 * webhooks serve a unit and get no greeting. The footer carries what a reader quotes when
 * asking about it: the procedure, the rule and the notice id.
 */
export function renderNotice(n: RenderInput, opts: { noticeId: string; name?: string }): Rendered {
  const { zh, en } = TEMPLATES[n.template]({ title: n.title, data: n.data });
  const greeting = opts.name ? [`${opts.name}，您好：`, ''] : [];
  return {
    zh,
    en,
    subject: `【${n.title}】${zh.subject} / ${en.subject}`,
    body: [
      ...greeting,
      zh.body,
      '',
      en.body,
      '',
      '——',
      `程序 / Procedure: ${n.procedureKey} · 依据 / Rule: ${n.ruleId} · 通知编号 / Notice: ${opts.noticeId}`,
    ].join('\n'),
  };
}
