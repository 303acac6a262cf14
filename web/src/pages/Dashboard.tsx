import { Col, Row, Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { request } from '../api';
import { ProblemAlert } from '../components/Problem';
import { SimpleCard } from '../components/SimpleCard';
import { SimpleTable } from '../components/SimpleTable';
import { useI18n } from '../i18n';
import { stageLabel } from '../labels';
import type { BarsProps } from '../components/Bars';

interface Summary { procedureKey: string; sponsorUnit?: string; stage?: string; overdue?: boolean; delayed?: boolean }
interface StageTime { stage: string; completed: number; medianMs?: number; worstMs?: number; worstProcedureKey?: string; current: number; longestCurrentMs?: number; longestCurrentProcedureKey?: string }
interface StageTimes { procedures: number; withoutEntries: number; truncated: boolean; stages: StageTime[] }

const DAY_MS = 24 * 60 * 60 * 1000;
/** Days with one decimal; below a tenth of a day, two significant figures (a simulated day is short). */
const days = (ms?: number): number | undefined => (ms === undefined ? undefined : ms >= DAY_MS / 10 ? Math.round((ms / DAY_MS) * 10) / 10 : Number((ms / DAY_MS).toPrecision(2)));

// ECharts loads beside the page's tables (routes.tsx starts it with the page): the charts draw
// what the tables already show.
const BarsChart = lazy(() => import('../components/Bars'));
function Bars(props: BarsProps) {
  return <Suspense fallback={<Skeleton.Node active style={{ height: 260, width: '100%' }} />}><BarsChart {...props} /></Suspense>;
}

/** 看板: procedures by stage, overdue duties by unit, delayed procedures — each chart with its table. */
export default function Dashboard() {
  const { t, lang } = useI18n();
  const counts = useQuery({ queryKey: ['dash-counts'], queryFn: () => request<{ counts?: Record<string, number> }>('/procedures?counts=true&pageSize=1') });
  const overdue = useQuery({ queryKey: ['dash-overdue'], queryFn: () => request<{ items: Summary[] }>('/procedures?overdue=true&pageSize=1000') });
  const delayed = useQuery({ queryKey: ['dash-delayed'], queryFn: () => request<{ items: Summary[] }>('/procedures?delayed=true&pageSize=1000') });
  const times = useQuery({ queryKey: ['dash-stage-times'], queryFn: () => request<StageTimes>('/dashboard/stage-times') });
  const timeRows = (times.data?.stages ?? []).map((s) => ({
    stage: s.stage,
    label: stageLabel(s.stage, lang),
    completed: s.completed,
    median: days(s.medianMs),
    worst: s.worstMs === undefined ? '' : `${days(s.worstMs)}（${s.worstProcedureKey}）`,
    worstDays: days(s.worstMs),
    current: s.current,
    longestNow: s.longestCurrentMs === undefined ? '' : `${days(s.longestCurrentMs)}（${s.longestCurrentProcedureKey}）`,
    longestNowDays: days(s.longestCurrentMs),
  }));
  const byStage = Object.entries(counts.data?.counts ?? {}).map(([s, n]) => ({ label: stageLabel(s, lang), value: n }));
  const units = new Map<string, number>();
  for (const p of overdue.data?.items ?? []) units.set(p.sponsorUnit ?? '', (units.get(p.sponsorUnit ?? '') ?? 0) + 1);
  const byUnit = [...units].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value);
  const n = lang === 'zh' ? '数量' : 'Count';
  return (
    <>
      <Typography.Title level={2}>{t('dashboard')}</Typography.Title>
      <ProblemAlert error={counts.error ?? overdue.error ?? delayed.error ?? times.error} />
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
          <SimpleCard title={t('stageTimes')} data-testid="stage-times">
            <Bars
              rows={timeRows.map((r) => ({ label: r.label, value: r.median ?? 0 }))}
              name={t('medianDays')}
              more={[{ name: t('worstDays'), values: timeRows.map((r) => r.worstDays ?? 0) }, { name: t('longestNowDays'), values: timeRows.map((r) => r.longestNowDays ?? 0) }]}
              integers={false}
            />
            <SimpleTable
              rowKey={(r) => r.stage}
              rows={timeRows}
              emptyText={t('empty')}
              columns={[
                { title: t('stage'), dataIndex: 'label' },
                { title: t('stays'), dataIndex: 'completed' },
                { title: t('medianDays'), dataIndex: 'median' },
                { title: t('worstDays'), dataIndex: 'worst' },
                { title: t('inStageNow'), dataIndex: 'current' },
                { title: t('longestNowDays'), dataIndex: 'longestNow' },
              ]}
            />
            {times.data && times.data.withoutEntries > 0 && (
              <Typography.Paragraph type="secondary">
                {lang === 'zh'
                  ? `另有 ${times.data.withoutEntries} 件程序启动于记录阶段进入时间之前（v10 之前），未计入。`
                  : `${times.data.withoutEntries} procedures started before stage entries were recorded (before v10) are not counted.`}
              </Typography.Paragraph>
            )}
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
