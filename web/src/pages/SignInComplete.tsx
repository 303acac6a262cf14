import { useEffect, useRef } from 'react';
import { Spin } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { request, type Session } from '../api';
import { useAuth } from '../auth';
import { ProblemAlert } from '../components/Problem';

/** The identity provider sent the person back: the one-time ticket becomes the session. */
export default function SignInComplete() {
  const [params] = useSearchParams();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const once = useRef(false);
  const exchange = useMutation({
    mutationFn: (ticket: string) => request<Omit<Session, 'role'> & { returnTo?: string }>('/auth/oidc/ticket', { method: 'POST', body: { ticket }, anonymous: true }),
    onSuccess: (s) => { signIn(s); navigate(s.returnTo ?? '/tasks', { replace: true }); },
  });
  useEffect(() => {
    const ticket = params.get('ticket');
    if (ticket && !once.current) {
      once.current = true;
      exchange.mutate(ticket);
    }
  }, [params, exchange]);
  return exchange.error ? <ProblemAlert error={exchange.error} /> : <Spin />;
}
