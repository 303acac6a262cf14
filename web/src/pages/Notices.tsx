import { Badge, Button, List, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { request } from '../api';
import { ProblemAlert } from '../components/Problem';
import { useI18n } from '../i18n';
import { half } from '../labels';
import { beijing } from '../time';

interface Notice { id: string; procedureKey: string; href?: string; subject: string; body?: string; ruleId?: string; createdAt: string; read: boolean }

/** 通知: every in-app notice to this person's role and unit, unread first. */
export default function Notices() {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const notices = useQuery({ queryKey: ['notices'], queryFn: () => request<{ items: Notice[]; unreadCount: number }>('/me/notices?pageSize=200') });
  const markRead = useMutation({
    mutationFn: (id: string) => request<void>(`/me/notices/${encodeURIComponent(id)}/read`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notices'] }),
  });
  return (
    <>
      <Typography.Title level={2}>{t('notices')} <Badge count={notices.data?.unreadCount ?? 0} /></Typography.Title>
      <ProblemAlert error={notices.error ?? markRead.error} />
      <List
        loading={notices.isLoading}
        dataSource={notices.data?.items ?? []}
        locale={{ emptyText: t('empty') }}
        renderItem={(n) => (
          <List.Item
            data-testid="notice"
            data-read={n.read}
            actions={n.read ? [<span key="r">{t('read')}</span>] : [<Button key="m" size="small" onClick={() => markRead.mutate(n.id)}>{t('markRead')}</Button>]}
          >
            <List.Item.Meta
              title={
                <span style={{ fontWeight: n.read ? 'normal' : 'bold' }}>
                  {!n.read && <Badge status="processing" text="" />} {half(n.subject, lang)}
                </span>
              }
              description={
                <span>
                  {beijing(n.createdAt)} · <Link to={`/procedures/${encodeURIComponent(n.procedureKey)}`}>{n.procedureKey}</Link>
                  {n.body && <Typography.Paragraph style={{ marginBottom: 0 }}>{half(n.body, lang)}</Typography.Paragraph>}
                </span>
              }
            />
          </List.Item>
        )}
      />
    </>
  );
}
