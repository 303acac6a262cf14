import { Button, List, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { request, type MissingItem } from '../api';
import { ProblemAlert } from '../components/Problem';
import { useI18n } from '../i18n';
import { half, stageLabel } from '../labels';
import { beijing, daysLeft } from '../time';

interface Task {
  procedureKey: string;
  href: string;
  stage?: string;
  dueAt?: string;
  overdue: boolean;
  delayed: boolean;
  awaiting?: (Pick<MissingItem, 'item' | 'ruleId' | 'message'> & { dueAt?: string })[];
  awaitingUnavailable?: boolean;
}

/** 我的待办: what each procedure awaits from this person's role and unit, nearest due first. */
export default function Tasks() {
  const { t, lang } = useI18n();
  const tasks = useQuery({ queryKey: ['tasks'], queryFn: () => request<{ items: Task[] }>('/me/tasks') });
  return (
    <>
      <Typography.Title level={2}>{t('tasks')}</Typography.Title>
      <ProblemAlert error={tasks.error} />
      <Table<Task>
        rowKey="procedureKey"
        loading={tasks.isLoading}
        dataSource={tasks.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={false}
        locale={{ emptyText: t('empty') }}
        columns={[
          {
            title: t('awaited'),
            key: 'awaited',
            render: (_, r) => (
              <List
                size="small"
                split={false}
                dataSource={r.awaiting ?? []}
                renderItem={(a) => (
                  <List.Item style={{ padding: 0 }}>
                    <Tag color="orange">{a.ruleId}</Tag>
                    {half(a.message, lang)}
                  </List.Item>
                )}
              />
            ),
          },
          { title: t('procedure'), dataIndex: 'procedureKey', render: (k: string) => <Link to={`/procedures/${encodeURIComponent(k)}`}>{k}</Link> },
          { title: t('stage'), dataIndex: 'stage', render: (s?: string) => stageLabel(s, lang) },
          { title: t('due'), dataIndex: 'dueAt', render: (d?: string) => beijing(d) },
          {
            title: t('daysLeft'),
            key: 'left',
            render: (_, r) => {
              if (!r.dueAt) return '';
              const n = daysLeft(r.dueAt);
              return r.overdue || n < 0
                ? <Tag color="red" data-testid="overdue">{t('overdue')}{n < 0 ? ` ${-n}` : ''}</Tag>
                : <span>{n}</span>;
            },
          },
          { title: '', key: 'open', render: (_, r) => <Link to={`/procedures/${encodeURIComponent(r.procedureKey)}`}><Button type="primary" size="small">{t('open')}</Button></Link> },
        ]}
      />
    </>
  );
}
