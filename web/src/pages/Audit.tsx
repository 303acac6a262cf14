import { useState } from 'react';
import { Button, Card, DatePicker, Descriptions, Input, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Dayjs } from 'dayjs';
import { DownloadOutlined } from '@ant-design/icons';
import { download, request } from '../api';
import { ProblemAlert } from '../components/Problem';
import { useI18n } from '../i18n';
import { half, roleLabel, stageLabel } from '../labels';
import { beijing, TZ } from '../time';

/** One act of a person or unit, as GET /audit/acts gives it (audit/accountability.ts). */
interface Act {
  procedureKey: string;
  title?: string;
  at: string;
  kind: string;
  action: string;
  person?: { personId: string; name?: string };
  role?: string;
  unit?: string;
  ruleIds: string[];
  detail?: string;
}

const ACT_KINDS: Record<string, [string, string]> = {
  decided: ['决定', 'Decided'],
  reviewed: ['审查、论证', 'Reviewed'],
  dissented: ['持不同意见', 'Dissented'],
  suspended: ['暂停执行', 'Suspended'],
  spoke: ['发言', 'Spoke'],
  refused: ['被拒绝的操作', 'Refused'],
  delayed: ['久拖不决', 'Delayed'],
  acted: ['办理', 'Acted'],
};

function ProcedureTools() {
  const { t, lang } = useI18n();
  const [key, setKey] = useState('');
  const [at, setAt] = useState<Dayjs | null>(null);
  const replay = useMutation({ mutationFn: (k: string) => request<Record<string, unknown>>(`/audit/procedures/${encodeURIComponent(k)}/replay`) });
  // the signed archive the CLI exports, as one .tar.gz.
  const archive = useMutation({ mutationFn: (k: string) => download(`/audit/procedures/${encodeURIComponent(k)}/archive`, `${k}-archive.tar.gz`) });
  const asOf = useMutation({
    mutationFn: ({ k, iso }: { k: string; iso: string }) => request<{ stage: string; [x: string]: unknown }>(`/procedures/${encodeURIComponent(k)}?asOf=${encodeURIComponent(iso)}`),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input aria-label={t('procedure')} placeholder={t('procedure')} value={key} onChange={(e) => setKey(e.target.value.trim())} style={{ width: 240 }} />
        <Button type="primary" disabled={!key} onClick={() => replay.mutate(key)} loading={replay.isPending}>{t('replay')}</Button>
        <DatePicker showTime aria-label={t('asOf')} value={at} onChange={setAt} placeholder={lang === 'zh' ? '时刻（北京时间）' : 'Instant (Beijing time)'} />
        <Button disabled={!key || !at} onClick={() => at && asOf.mutate({ k: key, iso: at.tz(TZ, true).toISOString() })}>{t('asOf')}</Button>
        <Button icon={<DownloadOutlined />} disabled={!key} onClick={() => archive.mutate(key)} loading={archive.isPending}>{t('signedArchive')}</Button>
        {key && <Link to={`/procedures/${encodeURIComponent(key)}`}>{lang === 'zh' ? '查看程序' : 'Open the procedure'}</Link>}
      </Space>
      <ProblemAlert error={replay.error ?? asOf.error ?? archive.error} />
      {replay.data && (
        <Card title={t('replay')} size="small" data-testid="replay-result">
          <Descriptions size="small" column={1}>
            {Object.entries(replay.data).map(([k, v]) => (
              <Descriptions.Item key={k} label={k}>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
      {asOf.data && (
        <Card title={`${t('asOf')}: ${at ? beijing(at.toISOString()) : ''}`} size="small" data-testid="as-of-result">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('stage')}>{stageLabel(asOf.data.stage, lang)}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph>
            <pre tabIndex={0} style={{ maxHeight: 360, overflow: 'auto', fontSize: 12 }}>{JSON.stringify(asOf.data, null, 2)}</pre>
          </Typography.Paragraph>
        </Card>
      )}
      <Typography.Paragraph type="secondary" data-testid="verify-offline">
        {lang === 'zh'
          ? '离线核验：下载签名归档（或在服务器上用 npm run audit -- export 导出），解压后在任何装有 Node.js 的机器上用本项目核验，只需运维人员提供的公钥：'
          : 'Offline verification: download the signed archive (or export it on the server with npm run audit -- export), unpack it and check it on any machine with Node.js and this project, with nothing but the public key the operators give you:'}
        <pre tabIndex={0} style={{ fontSize: 12 }}>{`tar -xzf ${key || 'KEY'}-archive.tar.gz
npm run audit -- verify ${key || 'KEY'} archive-signing-key.pub.pem`}</pre>
        {lang === 'zh' ? '详见 docs/audit.md 第 4 节。' : 'See docs/audit.md, section 4.'}
      </Typography.Paragraph>
    </Space>
  );
}

function Accountability() {
  const { t, lang } = useI18n();
  const [by, setBy] = useState<'person' | 'unit'>('person');
  const [who, setWho] = useState('');
  const acts = useMutation({ mutationFn: (q: string) => request<{ acts: Act[] }>(`/audit/acts?${q}`) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          value={by}
          onChange={(v) => setBy(v as 'person' | 'unit')}
          options={[{ value: 'person', label: lang === 'zh' ? '按人员' : 'By person' }, { value: 'unit', label: lang === 'zh' ? '按单位' : 'By unit' }]}
        />
        <Input
          aria-label={by === 'person' ? t('person') : t('unit')}
          placeholder={by === 'person' ? (lang === 'zh' ? '人员编号' : 'Person id') : (lang === 'zh' ? '单位名称' : 'Unit name')}
          value={who}
          onChange={(e) => setWho(e.target.value.trim())}
        />
        <Button disabled={!who} onClick={() => acts.mutate(`${by}=${encodeURIComponent(who)}`)}>{t('search')}</Button>
      </Space>
      <ProblemAlert error={acts.error} />
      <Table<Act>
        rowKey={(r, i) => `${r.procedureKey}-${r.at}-${i}`}
        size="small"
        dataSource={acts.data?.acts ?? []}
        locale={{ emptyText: t('empty') }}
        scroll={{ x: 'max-content' }}
        data-testid="acts"
        columns={[
          { title: lang === 'zh' ? '时间' : 'When', dataIndex: 'at', render: (a: string) => beijing(a) },
          { title: t('procedure'), key: 'proc', render: (_, r) => r.title ?? r.procedureKey },
          { title: lang === 'zh' ? '类别' : 'Kind', dataIndex: 'kind', render: (k: string) => ACT_KINDS[k]?.[lang === 'zh' ? 0 : 1] ?? k },
          { title: lang === 'zh' ? '行为' : 'Act', dataIndex: 'action' },
          { title: t('person'), key: 'p', render: (_, r) => [r.person?.name ?? r.person?.personId, r.unit, roleLabel(r.role, lang)].filter(Boolean).join(' ') },
          { title: lang === 'zh' ? '规则' : 'Rules', key: 'rules', render: (_, r) => r.ruleIds.join(' ') },
          { title: lang === 'zh' ? '说明' : 'Detail', dataIndex: 'detail' },
        ]}
      />
    </Space>
  );
}

function Listing({ path, testId }: { path: string; testId: string }) {
  const { t, lang } = useI18n();
  const q = useQuery({ queryKey: [path], queryFn: () => request<{ items: Record<string, unknown>[] }>(path) });
  const cols = Object.keys(q.data?.items[0] ?? {}).slice(0, 6);
  return (
    <>
      <ProblemAlert error={q.error} />
      <Table
        data-testid={testId}
        rowKey={(_, i) => String(i)}
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('empty') }}
        columns={cols.map((c) => ({
          title: c,
          dataIndex: c,
          render: (v: unknown) => (typeof v === 'string' ? (/^\d{4}-\d\d-\d\dT/.test(v) ? beijing(v) : half(v, lang)) : v && typeof v === 'object' ? <Tag>{JSON.stringify(v).slice(0, 80)}</Tag> : String(v ?? '')),
        }))}
      />
    </>
  );
}

/** The auditor's desk: replay proofs, the state at any instant, accountability, delays, refusals. */
export default function Audit() {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={2}>{t('audit')}</Typography.Title>
      <Tabs
        items={[
          { key: 'p', label: t('procedure'), children: <ProcedureTools /> },
          { key: 'a', label: t('accountability'), children: <Accountability /> },
          { key: 'd', label: t('delayed'), children: <Listing path="/audit/delayed" testId="delayed" /> },
          { key: 'r', label: t('refusals'), children: <Listing path="/audit/refusals" testId="refusals" /> },
        ]}
      />
    </>
  );
}
