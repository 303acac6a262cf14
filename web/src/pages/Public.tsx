import { useState } from 'react';
import { Button, Card, Input, InputNumber, List, Space, Table, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { request } from '../api';
import { ProblemAlert } from '../components/Problem';
import { useI18n } from '../i18n';
import { categoryLabel } from '../labels';
import { beijing } from '../time';

interface Decision { procedureKey: string; title?: string; decisionOrgan?: string; category?: string; publishedAt?: string; [k: string]: unknown }

/** What anyone may read without signing in: published decisions and catalogs. */
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
      <Card title={t('publishedDecisions')}>
        <ProblemAlert error={decisions.error} />
        <List
          loading={decisions.isLoading}
          dataSource={decisions.data?.items ?? []}
          locale={{ emptyText: t('empty') }}
          renderItem={(d) => (
            <List.Item actions={[<Button key="v" size="small" onClick={() => setSelected(d.procedureKey)}>{lang === 'zh' ? '查看' : 'Read'}</Button>]}>
              <List.Item.Meta title={d.title ?? d.procedureKey} description={`${d.decisionOrgan ?? ''} · ${categoryLabel(d.category, lang)} · ${beijing(d.publishedAt)}`} />
            </List.Item>
          )}
        />
        <ProblemAlert error={decision.error} />
        {decision.data && (
          <Card type="inner" title={String(decision.data.title ?? selected)} data-testid="public-decision">
            <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>{JSON.stringify(decision.data, null, 2)}</pre>
          </Card>
        )}
      </Card>
      <Card title={t('publishedCatalogs')}>
        <Space wrap>
          <Input aria-label={roleOrgan(lang)} placeholder={roleOrgan(lang)} value={organ} onChange={(e) => setOrgan(e.target.value.trim())} />
          <InputNumber aria-label={t('year')} value={year} onChange={setYear} min={2000} max={2100} />
          <Button disabled={!organ || !year} onClick={() => catalog.mutate()}>{t('search')}</Button>
        </Space>
        <ProblemAlert error={catalog.error} />
        {catalog.data && (
          <Table size="small" rowKey="entryId" pagination={false} dataSource={catalog.data.entries ?? []} style={{ marginTop: 16 }}
            columns={[{ title: lang === 'zh' ? '编号' : 'Entry', dataIndex: 'entryId' }, { title: lang === 'zh' ? '事项' : 'Item', dataIndex: 'title' }, { title: t('unit'), dataIndex: 'sponsorUnit' }, { title: t('category'), dataIndex: 'category', render: (c?: string) => categoryLabel(c, lang) }]} />
        )}
      </Card>
    </Space>
  );
}

const roleOrgan = (lang: string) => (lang === 'zh' ? '决策机关' : 'Decision organ');
