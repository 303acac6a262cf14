import { Col, Row, Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { request } from '../api';
import { ProblemAlert } from '../components/Problem';
import { SimpleCard } from '../components/SimpleCard';
import { SimpleTable } from '../components/SimpleTable';
import { useI18n } from '../i18n';
import { stageLabel } from '../labels';

interface Summary { procedureKey: string; sponsorUnit?: string; stage?: string; overdue?: boolean; delayed?: boolean }

// ECharts loads beside the page's tables (routes.tsx starts it with the page): the charts draw
// what the tables already show.
const BarsChart = lazy(() => import('../components/Bars'));
function Bars(props: { rows: { label: string; value: number }[]; name: string }) {
  return <Suspense fallback={<Skeleton.Node active style={{ height: 260, width: '100%' }} />}><BarsChart {...props} /></Suspense>;
}

/** 看板: procedures by stage, overdue duties by unit, delayed procedures — each chart with its table. */
export default function Dashboard() {
  const { t, lang } = useI18n();
  const counts = useQuery({ queryKey: ['dash-counts'], queryFn: () => request<{ counts?: Record<string, number> }>('/procedures?counts=true&pageSize=1') });
  const overdue = useQuery({ queryKey: ['dash-overdue'], queryFn: () => request<{ items: Summary[] }>('/procedures?overdue=true&pageSize=1000') });
  const delayed = useQuery({ queryKey: ['dash-delayed'], queryFn: () => request<{ items: Summary[] }>('/procedures?delayed=true&pageSize=1000') });
  const byStage = Object.entries(counts.data?.counts ?? {}).map(([s, n]) => ({ label: stageLabel(s, lang), value: n }));
  const units = new Map<string, number>();
  for (const p of overdue.data?.items ?? []) units.set(p.sponsorUnit ?? '', (units.get(p.sponsorUnit ?? '') ?? 0) + 1);
  const byUnit = [...units].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value);
  const n = lang === 'zh' ? '数量' : 'Count';
  return (
    <>
      <Typography.Title level={2}>{t('dashboard')}</Typography.Title>
      <ProblemAlert error={counts.error ?? overdue.error ?? delayed.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <SimpleCard title={lang === 'zh' ? '各阶段的程序' : 'Procedures by stage'}>
            <Bars rows={byStage} name={n} />
            <SimpleTable rowKey={(r) => r.label} rows={byStage} columns={[{ title: t('stage'), dataIndex: 'label' }, { title: n, dataIndex: 'value' }]} />
          </SimpleCard>
        </Col>
        <Col xs={24} lg={12}>
          <SimpleCard title={lang === 'zh' ? '各单位逾期未办的程序' : 'Overdue duties by unit'}>
            <Bars rows={byUnit} name={n} />
            <SimpleTable rowKey={(r) => r.label} rows={byUnit} columns={[{ title: t('unit'), dataIndex: 'label' }, { title: n, dataIndex: 'value' }]} />
          </SimpleCard>
        </Col>
        <Col xs={24}>
          <SimpleCard title={t('delayed')}>
            <SimpleTable<Summary> rowKey={(r) => r.procedureKey} rows={delayed.data?.items ?? []} emptyText={t('empty')}
              columns={[{ title: t('procedure'), dataIndex: 'procedureKey' }, { title: t('unit'), dataIndex: 'sponsorUnit' }, { title: t('stage'), dataIndex: 'stage', render: (s) => stageLabel(s as string | undefined, lang) }]} />
          </SimpleCard>
        </Col>
      </Row>
    </>
  );
}
