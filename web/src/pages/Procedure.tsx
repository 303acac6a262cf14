import { Button, Card, Col, Collapse, Descriptions, Empty, Row, Space, Steps, Table, Tag, Timeline, Typography, message as messages } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { download, request, type MissingItem } from '../api';
import { LazyActionForm as ActionForm } from '../components/LazyActionForm';
import { ProblemAlert } from '../components/Problem';
import { MissingList } from '../components/ProblemDetails';
import { useI18n } from '../i18n';
import { STEP_STAGES, categoryLabel, roleLabel, stageLabel } from '../labels';
import { EVENT_INFO } from '../../../domain/event-info';
import { beijing } from '../time';

interface View { procedureKey: string; title: string; stage: string; category?: string; decisionOrgan?: string; sponsorUnit?: string; legalityOffice?: string; startedAt?: string; [k: string]: unknown }
interface Action { command: string; name: string; title: string; rules: string[]; schema: object; blockedBy: MissingItem[]; href: string }
interface DomainEvent { type: string; at: string; actor: { name?: string; unit?: string; role?: string; personId?: string }; data: Record<string, unknown> }
interface DocRow { sha256: string; name?: string; size?: number; mediaType?: string; where: string }

/** Every document reference in the person's view of the procedure, once each, with where it sits. */
function documentsOf(v: unknown, where = '', out = new Map<string, DocRow>()): DocRow[] {
  if (Array.isArray(v)) v.forEach((x, i) => documentsOf(x, `${where}[${i}]`, out));
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.sha256 === 'string' && /^[0-9a-f]{64}$/.test(o.sha256)) {
      if (!out.has(o.sha256)) out.set(o.sha256, { sha256: o.sha256, name: o.name as string, size: o.size as number, mediaType: o.mediaType as string, where });
    } else for (const [k, x] of Object.entries(o)) documentsOf(x, where ? `${where}.${k}` : k, out);
  }
  return [...out.values()];
}

/** Where the procedure stands on the Steps bar; side stages fold into the main line. */
function stepIndex(stage: string): { current: number; status: 'process' | 'error' | 'finish' | 'wait' } {
  const fold: Record<string, string> = { launch_requested: 'preparation', legality_returned: 'legality_review', rejected: 'decided', suspended: 'executing' };
  const current = Math.max(0, STEP_STAGES.indexOf((fold[stage] ?? stage) as never));
  const status = stage === 'rejected' || stage === 'suspended' ? 'error' : stage === 'closed' ? 'finish' : stage === 'launch_requested' ? 'wait' : 'process';
  return { current, status };
}

export default function Procedure() {
  const { key = '' } = useParams();
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const [message, messageHolder] = messages.useMessage();
  const path = `/procedures/${encodeURIComponent(key)}`;
  const view = useQuery({ queryKey: ['procedure', key], queryFn: () => request<View>(path) });
  const actions = useQuery({ queryKey: ['actions', key], queryFn: () => request<{ stage: string; actions: Action[] }>(`${path}/actions`), enabled: view.isSuccess });
  const events = useQuery({ queryKey: ['events', key], queryFn: () => request<{ events: DomainEvent[] }>(`${path}/events`), enabled: view.isSuccess });
  if (view.error) return <ProblemAlert error={view.error} />;
  if (!view.data) return <Card loading />;
  const v = view.data;
  const steps = stepIndex(v.stage);
  const docs = documentsOf(v);
  const discussion = actions.data?.actions.find((a) => a.name === 'submitToDiscussion');
  const refresh = () => {
    void message.success(t('done'));
    void qc.invalidateQueries({ queryKey: ['procedure', key] });
    void qc.invalidateQueries({ queryKey: ['actions', key] });
    void qc.invalidateQueries({ queryKey: ['events', key] });
    void qc.invalidateQueries({ queryKey: ['tasks'] });
  };
  return (
    <>
      {messageHolder}
      <Space direction="vertical" style={{ width: '100%' }} size="large">
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>{v.title}</Typography.Title>
          <Typography.Text type="secondary">{v.procedureKey}</Typography.Text> <Tag color="blue" data-testid="stage">{stageLabel(v.stage, lang)}</Tag>
        </div>
        <Steps
          current={steps.current}
          status={steps.status}
          responsive
          size="small"
          items={STEP_STAGES.map((s) => ({ title: stageLabel(s, lang) }))}
        />
        <Descriptions bordered size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label={t('category')}>{categoryLabel(v.category, lang)}</Descriptions.Item>
          <Descriptions.Item label={roleLabel('decision_organ', lang)}>{v.decisionOrgan}</Descriptions.Item>
          <Descriptions.Item label={roleLabel('sponsor', lang)}>{v.sponsorUnit}</Descriptions.Item>
          <Descriptions.Item label={roleLabel('legality_office', lang)}>{v.legalityOffice}</Descriptions.Item>
          <Descriptions.Item label={lang === 'zh' ? '启动时间' : 'Started'}>{beijing(v.startedAt)}</Descriptions.Item>
        </Descriptions>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <Card title={t('actions')} data-testid="actions">
              <ProblemAlert error={actions.error} />
              {discussion && discussion.blockedBy.length > 0 && (
                <Card type="inner" title={lang === 'zh' ? '提交集体讨论的条件' : 'Conditions for collective discussion'} style={{ marginBottom: 16 }} data-testid="gate">
                  <MissingList items={discussion.blockedBy} />
                </Card>
              )}
              {actions.data && actions.data.actions.length === 0 && <Empty description={t('noActions')} />}
              <Collapse
                accordion
                destroyOnHidden
                items={(actions.data?.actions ?? []).map((a) => ({
                  key: a.name,
                  label: <span data-testid={`action-${a.command}`}>{a.title} {a.rules.map((r) => <Tag key={r}>{r}</Tag>)}</span>,
                  children: (
                    <>
                      {a.blockedBy.length > 0 && a.name !== 'submitToDiscussion' && <><Typography.Text type="warning">{t('gate')}</Typography.Text><MissingList items={a.blockedBy} /></>}
                      <ActionForm schema={a.schema} href={a.href} onDone={refresh} />
                    </>
                  ),
                }))}
              />
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card title={t('timeline')} data-testid="timeline">
              <ProblemAlert error={events.error} />
              <Timeline
                items={(events.data?.events ?? []).map((e) => ({
                  color: e.type.includes('Refus') ? 'red' : 'blue',
                  children: (
                    <div>
                      <Typography.Text strong>{lang === 'zh' ? (EVENT_INFO[e.type as keyof typeof EVENT_INFO]?.title ?? e.type) : e.type}</Typography.Text>
                      {' '}{(EVENT_INFO[e.type as keyof typeof EVENT_INFO]?.rules ?? []).map((r) => <Tag key={r}>{r}</Tag>)}
                      <div><Typography.Text type="secondary">{beijing(e.at)} · {e.actor.name} {e.actor.unit} {roleLabel(e.actor.role, lang)}</Typography.Text></div>
                    </div>
                  ),
                }))}
              />
            </Card>
          </Col>
        </Row>
        <Card title={t('documents')}>
          <Table<DocRow>
            rowKey="sha256"
            size="small"
            dataSource={docs}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('empty') }}
            columns={[
              { title: lang === 'zh' ? '名称' : 'Name', dataIndex: 'name' },
              { title: lang === 'zh' ? '所在' : 'Where', dataIndex: 'where' },
              { title: 'SHA-256', dataIndex: 'sha256', render: (s: string) => <Typography.Text code copyable={{ text: s }}>{s.slice(0, 16)}…</Typography.Text> },
              { title: lang === 'zh' ? '大小' : 'Size', dataIndex: 'size' },
              { title: '', key: 'dl', render: (_, d) => <Button size="small" onClick={() => void download(`/documents/${d.sha256}?procedure=${encodeURIComponent(key)}`, d.name ?? d.sha256)}>{lang === 'zh' ? '下载' : 'Download'}</Button> },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}
