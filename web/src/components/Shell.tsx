import { lazy, Suspense } from 'react';
import { Badge, Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { request } from '../api';
import { useAuth } from '../auth';
import { useI18n, type Word } from '../i18n';
import { roleLabel } from '../labels';

// Ant Design's Select (and its virtual list) loads only for a person with more than one role.
const RoleSelect = lazy(() => import('./RoleSelect'));

const MENU: { path: string; word: Word; roles?: string[] }[] = [
  { path: '/tasks', word: 'tasks' },
  { path: '/notices', word: 'notices' },
  { path: '/procedures', word: 'procedures' },
  { path: '/legality', word: 'legality', roles: ['legality_office', 'legal_adviser'] },
  { path: '/catalogs', word: 'catalogs', roles: ['decision_organ'] },
  { path: '/audit', word: 'audit', roles: ['auditor'] },
  { path: '/dashboard', word: 'dashboard', roles: ['decision_organ', 'auditor'] },
];

export function Shell() {
  const { session, signOut, setRole } = useAuth();
  const { t, lang, setLang } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const unread = useQuery({
    queryKey: ['notices', 'unread', session?.role],
    queryFn: () => request<{ unreadCount: number }>('/me/notices?pageSize=1'),
    enabled: !!session,
    refetchInterval: 30_000,
  });
  const items = session
    ? MENU.filter((m) => !m.roles || m.roles.includes(session.role)).map((m) => ({
        key: m.path,
        label: (
          <Link to={m.path}>
            {t(m.word)}{m.path === '/notices' && <Badge count={unread.data?.unreadCount ?? 0} size="small" style={{ marginLeft: 4 }} />}
          </Link>
        ),
      }))
    : [];
  items.push({ key: '/public', label: <Link to="/public">{t('public')}</Link> });
  const selected = items.map((i) => i.key).filter((k) => location.pathname.startsWith(k));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16, flexWrap: 'wrap', height: 'auto', lineHeight: '48px' }}>
        <Typography.Title level={1} style={{ color: '#fff', fontSize: 18, margin: 0, whiteSpace: 'nowrap' }}>
          <Link to="/" style={{ color: '#fff' }}>{t('appName')}</Link>
        </Typography.Title>
        <Menu theme="dark" mode="horizontal" selectedKeys={selected} items={items} style={{ flex: 1, minWidth: 120 }} aria-label={lang === 'zh' ? '主导航' : 'Main navigation'} />
        <Space wrap>
          <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} lang={lang === 'zh' ? 'en' : 'zh-CN'}>{t('language')}</Button>
          {session ? (
            <>
              <Typography.Text style={{ color: '#fff' }} data-testid="who">{session.principal.name} · {session.principal.unit}</Typography.Text>
              {session.principal.roles.length > 1 ? (
                <Suspense fallback={<Tag>{roleLabel(session.role, lang)}</Tag>}>
                  <RoleSelect label={t('actingAs')} role={session.role} roles={session.principal.roles} lang={lang} onChange={(r) => { setRole(r); navigate('/tasks'); }} />
                </Suspense>
              ) : (
                <Tag>{roleLabel(session.role, lang)}</Tag>
              )}
              <Button size="small" onClick={() => { signOut(); navigate('/signin'); }}>{t('signOut')}</Button>
            </>
          ) : (
            <Button size="small" type="primary" onClick={() => navigate('/signin')}>{t('signIn')}</Button>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
