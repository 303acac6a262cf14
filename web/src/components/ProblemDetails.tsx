import { Alert, List, Tag, Typography } from 'antd';
import { ApiError, type Problem } from '../api';
import { useI18n, type Lang } from '../i18n';
import { half, roleLabel } from '../labels';
import { beijing } from '../time';

/** What the person should do next for each kind of refusal; never raw JSON. */
function nextStep(p: Problem, lang: Lang): string {
  const zh = lang === 'zh';
  switch (p.status) {
    case 400:
      return zh ? '请按下列各项修改后重新提交。' : 'Correct each field below and submit again.';
    case 401:
      return zh ? '登录已失效，请重新登录。' : 'Your session has ended: sign in again.';
    case 403:
      return zh ? '您当前的身份或单位不能办理此事项；请切换办理身份，或请有权办理的单位办理。' : 'Your role or unit may not do this: switch role, or ask the unit that may.';
    case 404:
      return zh ? '没有找到该事项，请检查编号或返回列表。' : 'Not found: check the number or go back to the list.';
    case 409:
      return p.missing?.length
        ? zh ? '须先完成下列各项（依据的规则与责任方见各项）：' : 'These steps must come first (each with its rule and the party that owes it):'
        : zh ? '当前阶段不能办理此事项，请刷新查看程序的最新状态。' : 'Not possible at this stage: refresh to see where the procedure stands.';
    case 413:
      return zh ? '文件过大，请压缩或拆分后上传。' : 'The file is too large: compress or split it.';
    case 422:
      return zh ? '内容无法受理，请按说明修改。' : 'The content cannot be accepted: change it as explained.';
    case 429:
      return zh ? '操作过于频繁，请稍后再试。' : 'Too many requests: try again shortly.';
    case 503:
      if (p.type?.endsWith('/signing-key-missing')) return zh ? '请系统运维人员配置归档签名密钥后再下载：' : 'Ask the operators to set up the archive signing key, then download again:';
      return zh ? '服务暂时繁忙，请稍后重新提交（不会重复办理）。' : 'The service is busy: submit again shortly (it will not be done twice).';
    default:
      return zh ? '服务出错，请稍后再试；如仍出错，请联系系统运维人员。' : 'Something went wrong: try again later, or contact the operators.';
  }
}

const FIELD_NAMES: Record<string, [string, string]> = {
  '(root)': ['整个表单', 'the form'],
};

/** A problem as the person reads it: what went wrong and what to do next (ProblemAlert loads it). */
export default function ProblemDetails({ error }: { error: unknown }) {
  const { lang } = useI18n();
  const p: Problem = error instanceof ApiError ? error.problem : { title: String((error as Error)?.message ?? error), status: 0 };
  return (
    <Alert
      type={p.status === 409 || p.status === 400 ? 'warning' : 'error'}
      showIcon
      role="alert"
      title={half(p.title, lang)}
      description={
        <div data-testid="problem">
          <Typography.Paragraph>{nextStep(p, lang)}</Typography.Paragraph>
          {p.detail && <Typography.Paragraph type="secondary">{half(p.detail, lang)}</Typography.Paragraph>}
          {p.errors && (
            <List
              size="small"
              dataSource={p.errors}
              renderItem={(e) => (
                <List.Item>
                  <Tag>{FIELD_NAMES[e.path]?.[lang === 'zh' ? 0 : 1] ?? e.path}</Tag> {half(e.message, lang)}
                </List.Item>
              )}
            />
          )}
          {p.missing && <MissingList items={p.missing} />}
          {p.suggestions && p.suggestions.length > 0 && (
            <Typography.Paragraph>{lang === 'zh' ? '您是否要办理：' : 'Did you mean: '}{p.suggestions.join('、')}</Typography.Paragraph>
          )}
        </div>
      }
    />
  );
}

/** Every missing item with its rule, the party that owes it and, where known, its due date. */
export function MissingList({ items }: { items: Problem['missing'] }) {
  const { lang } = useI18n();
  return (
    <List
      size="small"
      data-testid="missing-items"
      dataSource={items ?? []}
      renderItem={(m) => (
        <List.Item>
          <List.Item.Meta
            title={<span><Tag color="orange">{m.ruleId}</Tag>{half(m.message, lang)}</span>}
            description={
              <span>
                {lang === 'zh' ? '责任方：' : 'Owed by: '}
                {roleLabel(m.responsible.role, lang)}
                {m.responsible.unit ? ` ${m.responsible.unit}` : ''}
                {m.dueAt ? ` · ${lang === 'zh' ? '期限' : 'due'} ${beijing(m.dueAt)}` : ''}
              </span>
            }
          />
        </List.Item>
      )}
    />
  );
}
