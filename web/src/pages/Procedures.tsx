import { useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { request } from '../api';
import { useAuth } from '../auth';
import { ProblemAlert } from '../components/Problem';
import { useI18n } from '../i18n';
import { CATEGORY_LABELS, STAGE_LABELS, categoryLabel, label, stageLabel } from '../labels';
import { beijing } from '../time';

interface Summary {
  procedureKey: string; stage?: string; sponsorUnit?: string; decisionOrgan?: string; category?: string;
  nextDeadline?: string; catalogYear?: number; delayed?: boolean; overdue?: boolean; status: string; startedAt: string;
}
interface Filters { stage?: string; sponsorUnit?: string; category?: string; catalogYear?: number; overdue?: boolean }

const query = (f: Filters, pageToken?: string) => {
  const p = new URLSearchParams({ pageSize: '20', counts: 'true' });
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '' && v !== false) p.set(k, String(v));
  if (pageToken) p.set('pageToken', pageToken);
  return `/procedures?${p}`;
};

/** 程序: the procedures this person may list, paged from the visibility store. */
export default function Procedures() {
  const { t, lang } = useI18n();
  const { session } = useAuth();
  const [filters, setFilters] = useState<Filters>({});
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const pageToken = tokens.at(-1);
  const list = useQuery({
    queryKey: ['procedures', filters, pageToken],
    queryFn: () => request<{ items: Summary[]; nextPageToken?: string; counts?: Record<string, number> }>(query(filters, pageToken)),
  });
  const canStart = session?.role === 'decision_organ' || session?.role === 'sponsor';
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={2}>{t('procedures')}</Typography.Title>
        {canStart && <Link to="/procedures/new"><Button type="primary">{t('newProcedure')}</Button></Link>}
      </Space>
      <Form layout="inline" onFinish={(v: Filters) => { setFilters(v); setTokens([undefined]); }} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="stage" label={t('stage')}>
          <Select allowClear style={{ width: 160 }} options={Object.entries(STAGE_LABELS).map(([k, v]) => ({ value: k, label: label(v, lang) }))} />
        </Form.Item>
        <Form.Item name="sponsorUnit" label={t('unit')}><Input style={{ width: 160 }} /></Form.Item>
        <Form.Item name="category" label={t('category')}>
          <Select allowClear style={{ width: 200 }} options={Object.entries(CATEGORY_LABELS).map(([k, v]) => ({ value: k, label: label(v, lang) }))} />
        </Form.Item>
        <Form.Item name="catalogYear" label={t('year')}><InputNumber min={2000} max={2100} /></Form.Item>
        <Form.Item name="overdue" label={t('overdue')} valuePropName="checked"><Switch /></Form.Item>
        <Form.Item><Button htmlType="submit">{t('search')}</Button></Form.Item>
      </Form>
      {list.data?.counts && (
        <Space wrap style={{ marginBottom: 8 }}>
          {Object.entries(list.data.counts).filter(([, n]) => n > 0).map(([s, n]) => <Tag key={s}>{stageLabel(s, lang)} {n}</Tag>)}
        </Space>
      )}
      <ProblemAlert error={list.error} />
      <Table<Summary>
        rowKey="procedureKey"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('empty') }}
        columns={[
          { title: t('procedure'), dataIndex: 'procedureKey', render: (k: string) => <Link to={`/procedures/${encodeURIComponent(k)}`}>{k}</Link> },
          { title: t('stage'), dataIndex: 'stage', render: (s?: string) => stageLabel(s, lang) },
          { title: t('unit'), dataIndex: 'sponsorUnit' },
          { title: t('category'), dataIndex: 'category', render: (c?: string) => categoryLabel(c, lang) },
          { title: t('year'), dataIndex: 'catalogYear' },
          { title: t('due'), dataIndex: 'nextDeadline', render: (d: string | undefined, r) => <span style={{ color: r.overdue ? '#cf1322' : undefined }}>{beijing(d)}{r.overdue ? ` · ${t('overdue')}` : ''}</span> },
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        {tokens.length > 1 && <Button onClick={() => setTokens(tokens.slice(0, -1))}>{lang === 'zh' ? '上一页' : 'Previous page'}</Button>}
        {list.data?.nextPageToken && <Button onClick={() => setTokens([...tokens, list.data?.nextPageToken])}>{t('nextPage')}</Button>}
      </Space>
    </>
  );
}
