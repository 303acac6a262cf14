import { Button, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { request } from '../api';
import { ProblemAlert } from '../components/Problem';
import { useI18n } from '../i18n';
import { stageLabel } from '../labels';
import { beijing, daysLeft } from '../time';

interface Row { procedureKey: string; stage?: string; nextDeadline?: string; overdue?: boolean; sponsorUnit?: string }

/**
 * The legality office's review queue: submissions under review with the reply
 * deadline and its clock, and those returned for supplement, whose clock is stopped.
 */
export default function Legality() {
  const { t, lang } = useI18n();
  const list = (stage: string) => request<{ items: Row[] }>(`/procedures?stage=${stage}&pageSize=200`).then((r) => r.items);
  const queue = useQuery({ queryKey: ['legality-queue'], queryFn: async () => [...(await list('legality_review')), ...(await list('legality_returned'))] });
  return (
    <>
      <Typography.Title level={2}>{t('legality')}</Typography.Title>
      <ProblemAlert error={queue.error} />
      <Table<Row>
        rowKey="procedureKey"
        loading={queue.isLoading}
        dataSource={queue.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('empty') }}
        columns={[
          { title: t('procedure'), dataIndex: 'procedureKey', render: (k: string) => <Link to={`/procedures/${encodeURIComponent(k)}`}>{k}</Link> },
          { title: roleLabelSponsor(lang), dataIndex: 'sponsorUnit' },
          { title: t('stage'), dataIndex: 'stage', render: (s?: string) => stageLabel(s, lang) },
          {
            title: lang === 'zh' ? '答复期限（北京时间）' : 'Reply due (Beijing time)',
            key: 'due',
            render: (_, r) =>
              r.stage === 'legality_returned'
                ? <Tag>{lang === 'zh' ? '退回补充，审查时间停止计算' : 'Returned: the clock is stopped'}</Tag>
                : r.nextDeadline
                  ? <span style={{ color: r.overdue ? '#cf1322' : undefined }}>{beijing(r.nextDeadline)} · {daysLeft(r.nextDeadline)} {lang === 'zh' ? '天' : 'days'}</span>
                  : '',
          },
          { title: '', key: 'open', render: (_, r) => <Link to={`/procedures/${encodeURIComponent(r.procedureKey)}`}><Button size="small" type="primary">{t('open')}</Button></Link> },
        ]}
      />
    </>
  );
}

const roleLabelSponsor = (lang: string) => (lang === 'zh' ? '承办单位' : 'Sponsor');
