import { useState } from 'react';
import { Button, Card, Descriptions, Input, InputNumber, List, Space, Table, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { request } from '../api';
import { Consultations } from '../components/Consultations';
import { ProblemAlert } from '../components/Problem';
import { useI18n } from '../i18n';
import { categoryLabel, stageLabel } from '../labels';
import { beijing } from '../time';

interface Decision { procedureKey: string; title?: string; decisionOrgan?: string; category?: string; publishedAt?: string; [k: string]: unknown }

/** What anyone may read without signing in: drafts open for comment, published decisions and catalogs. */
export default function Public() {
  const { t, lang } = useI18n();
  const decisions = useQuery({ queryKey: ['public-decisions'], queryFn: () => request<{ items: Decision[] }>('/public/decisions', { anonymous: true }) });
  const [selected, setSelected] = useState<string>();
  const decision = useQuery({
    queryKey: ['public-decision', selected],
    queryFn: () => request<Record<string, unknown>>(`/public/decisions/${encodeURIComponent(selected ?? '')}`, { anonymous: true }),
    enabled: !!selected,
  });
  const [organ, setOrgan] = useState('');
  const [year, setYear] = useState<number | null>(new Date().getFullYear());
  const catalog = useMutation({ mutationFn: () => request<{ entries?: { entryId: string; title: string; sponsorUnit?: string; category?: string }[] }>(`/public/catalogs/${encodeURIComponent(organ)}/${year}`, { anonymous: true }) });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={2}>{t('public')}</Typography.Title>
      <Consultations />
      <Card title={t('publishedDecisions')}>
        <ProblemAlert error={decisions.error} />
        <List
          loading={decisions.isLoading}
          dataSource={decisions.data?.items ?? []}
          locale={{ emptyText: t('empty') }}
          renderItem={(d) => (
            <List.Item actions={[<Button key="v" size="small" onClick={() => setSelected(d.procedureKey)}>{t('view')}</Button>]}>
              <List.Item.Meta title={d.title ?? d.procedureKey} description={`${d.decisionOrgan ?? ''} · ${categoryLabel(d.category, lang)} · ${stageLabel(d.stage as string | undefined, lang)}`} />
            </List.Item>
          )}
        />
        <ProblemAlert error={decision.error} />
        {decision.data && (
          <Card type="inner" title={String(decision.data.title ?? selected)} data-testid="public-decision">
            <Descriptions column={1} size="small" bordered>
              {Object.entries(decision.data)
                .filter(([k]) => k !== 'title' && k !== 'href')
                .map(([k, v]) => (
                  <Descriptions.Item key={k} label={PUBLIC_FIELDS[k]?.[lang === 'zh' ? 0 : 1] ?? k}>
                    {typeof v === 'string' ? (/^\d{4}-\d\d-\d\dT/.test(v) ? beijing(v) : k === 'stage' ? stageLabel(v, lang) : v) : Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? Object.values(x as object).join(' · ') : String(x))).join('；') : typeof v === 'object' && v ? Object.values(v).join(' · ') : String(v)}
                  </Descriptions.Item>
                ))}
            </Descriptions>
          </Card>
        )}
      </Card>
      <Card title={t('publishedCatalogs')}>
        <Space wrap>
          <Input aria-label={t('decisionOrgan')} placeholder={t('decisionOrgan')} value={organ} onChange={(e) => setOrgan(e.target.value.trim())} />
          <InputNumber aria-label={t('year')} value={year} onChange={setYear} min={2000} max={2100} />
          <Button disabled={!organ || !year} onClick={() => catalog.mutate()}>{t('search')}</Button>
        </Space>
        <ProblemAlert error={catalog.error} />
        {catalog.data && (
          <Table size="small" rowKey="entryId" pagination={false} dataSource={catalog.data.entries ?? []} style={{ marginTop: 16 }}
            columns={[{ title: lang === 'zh' ? '编号' : 'Entry', dataIndex: 'entryId' }, { title: t('item'), dataIndex: 'title' }, { title: t('unit'), dataIndex: 'sponsorUnit' }, { title: t('category'), dataIndex: 'category', render: (c?: string) => categoryLabel(c, lang) }]} />
        )}
      </Card>
    </Space>
  );
}

/** What the public reads of a published decision, by field. */
const PUBLIC_FIELDS: Record<string, [string, string]> = {
  procedureKey: ['编号', 'Number'], stage: ['阶段', 'Stage'], category: ['类别', 'Category'], decisionOrgan: ['决策机关', 'Decision organ'],
  sponsorUnit: ['承办单位', 'Sponsor'], decidedAt: ['决定时间', 'Decided'], publishedAt: ['公布时间', 'Published'], channels: ['公布渠道', 'Channels'],
  adoptionExplanation: ['意见采纳情况说明', 'How opinions were adopted'], executingUnit: ['执行单位', 'Executing unit'],
  participationOpinions: ['公众意见及采纳', 'Public opinions and adoption'], expertOpinions: ['专家意见及采纳', 'Expert opinions and adoption'],
};
