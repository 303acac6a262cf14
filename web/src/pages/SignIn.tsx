import { Alert, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { request, type Session } from '../api';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { roleLabel } from '../labels';
import { ProblemAlert } from '../components/Problem';

interface AuthConfig { mode: 'embedded' | 'oidc'; devSignIn: boolean; oidc?: { loginUrl: string } }
interface Person { personId: string; name: string; unit: string; roles: string[]; head?: boolean }

export default function SignIn() {
  const { t, lang } = useI18n();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const config = useQuery({ queryKey: ['auth-config'], queryFn: () => request<AuthConfig>('/auth/config', { anonymous: true }) });
  const people = useQuery({
    queryKey: ['dev-people'],
    queryFn: () => request<{ people: Person[] }>('/auth/dev/people', { anonymous: true }),
    enabled: config.data?.devSignIn === true,
  });
  const devSignIn = useMutation({
    mutationFn: (personId: string) => request<Omit<Session, 'role'>>('/auth/dev/sign-in', { method: 'POST', body: { personId }, anonymous: true }),
    onSuccess: (s) => { signIn(s); navigate('/tasks'); },
  });
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 720, margin: '0 auto', display: 'flex' }}>
      <Typography.Title level={2}>{t('signIn')}</Typography.Title>
      <ProblemAlert error={config.error ?? people.error ?? devSignIn.error} />
      {config.data?.oidc && (
        <Button type="primary" size="large" href={`${config.data.oidc.loginUrl}?returnTo=/tasks`}>{t('oidcSignIn')}</Button>
      )}
      {config.data?.devSignIn && (
        <Card title={t('devSignIn')} data-testid="dev-sign-in">
          <Alert type="warning" showIcon title={lang === 'zh' ? '此登录方式只在内置模式下开放，任何能访问本机的人都可以选择任意人员；生产环境请配置统一身份认证（OIDC）。' : 'Open in embedded mode only: anyone who reaches this machine may pick anyone. Configure OpenID Connect in production.'} style={{ marginBottom: 16 }} />
          <List
            dataSource={people.data?.people ?? []}
            loading={people.isLoading}
            renderItem={(p) => (
              <List.Item
                actions={[<Button key="go" onClick={() => devSignIn.mutate(p.personId)} data-testid={`sign-in-${p.personId}`}>{lang === 'zh' ? `以${p.name}登录` : `Sign in as ${p.name}`}</Button>]}
              >
                <List.Item.Meta title={`${p.name}${p.head ? (lang === 'zh' ? '（负责人）' : ' (head)') : ''}`} description={<span>{p.unit} {p.roles.map((r) => <Tag key={r}>{roleLabel(r, lang)}</Tag>)}</span>} />
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
}
