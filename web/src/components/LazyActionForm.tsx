import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';
import type { ActionFormProps } from './ActionForm';

// The form renderer (rjsf, its validator) loads when a form is opened, not with the page.
const ActionForm = lazy(() => import('./ActionForm').then((m) => ({ default: m.ActionForm })));

export function LazyActionForm(props: ActionFormProps) {
  return (
    <Suspense fallback={<Skeleton active />}>
      <ActionForm {...props} />
    </Suspense>
  );
}
