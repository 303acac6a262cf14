import { useState } from 'react';
import { Button, Card, Collapse, Input, InputNumber, Space, Table, Tag, Typography, message as messages } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../api';
import { useAuth } from '../auth';
import { LazyActionForm as ActionForm } from '../components/LazyActionForm';
import { ProblemAlert } from '../components/Problem';
import { useI18n } from '../i18n';
import { categoryLabel } from '../labels';

interface CatalogForm { title: string; schema: object; path?: string }
interface Catalog { decisionOrgan: string; year: number; status?: string; entries?: { entryId: string; title: string; sponsorUnit?: string; category?: string }[]; [k: string]: unknown }

/** The decision organ's yearly catalog: create, list entries, record consent, publish. */
export default function Catalogs() {
  const { t, lang } = useI18n();
  const { session } = useAuth();
  const qc = useQueryClient();
  const [organ, setOrgan] = useState(session?.principal.unit ?? '');
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const forms = useQuery({ queryKey: ['forms'], queryFn: () => request<{ catalog?: Record<string, CatalogForm> }>('/forms'), staleTime: Infinity });
  const base = `/catalogs/${encodeURIComponent(organ)}/${year}`;
  const catalog = useQuery({ queryKey: ['catalog', organ, year], queryFn: () => request<Catalog>(base), enabled: !!organ, retry: false });
  const [message, messageHolder] = messages.useMessage();
  const done = () => {
    void message.success(t('done'));
    void qc.invalidateQueries({ queryKey: ['catalog', organ, year] });
  };
  // Each form's route, e.g. /catalogs/{organ}/{year}/entries, for the organ and year chosen above.
  const hrefOf = (f: CatalogForm) => (f.path ?? '/catalogs').replace('{organ}', encodeURIComponent(organ)).replace('{year}', String(year));
  return (
    <>
      {messageHolder}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Title level={2}>{t('catalogs')}</Typography.Title>
        <Space wrap>
          <Input aria-label={lang === 'zh' ? '决策机关' : 'Decision organ'} value={organ} onChange={(e) => setOrgan(e.target.value.trim())} style={{ width: 220 }} />
          <InputNumber aria-label={t('year')} value={year} onChange={(v) => v && setYear(v)} min={2000} max={2100} />
        </Space>
        {catalog.error && (catalog.error as { status?: number }).status !== 404 && <ProblemAlert error={catalog.error} />}
        {catalog.data && (
          <Card title={`${catalog.data.decisionOrgan} ${catalog.data.year}`} extra={catalog.data.status && <Tag>{String(catalog.data.status)}</Tag>}>
            <Table size="small" rowKey="entryId" pagination={false} dataSource={catalog.data.entries ?? []} locale={{ emptyText: t('empty') }}
              columns={[{ title: lang === 'zh' ? '编号' : 'Entry', dataIndex: 'entryId' }, { title: lang === 'zh' ? '事项' : 'Item', dataIndex: 'title' }, { title: t('unit'), dataIndex: 'sponsorUnit' }, { title: t('category'), dataIndex: 'category', render: (c?: string) => categoryLabel(c, lang) }]} />
          </Card>
        )}
        <ProblemAlert error={forms.error} />
        <Collapse
          accordion
          destroyOnHidden
          items={Object.entries(forms.data?.catalog ?? {}).map(([name, f]) => ({
            key: name,
            label: f.title,
            children: <div data-testid={`catalog-${name}`}><ActionForm schema={f.schema} href={hrefOf(f)} onDone={done} /></div>,
          }))}
        />
        {!forms.data?.catalog && <Button onClick={() => void forms.refetch()}>{t('search')}</Button>}
      </Space>
    </>
  );
}
