import { lazy, Suspense } from 'react';

// The alert and its lists (Ant Design's Alert and List, and with List its Pagination and Select)
// load with the first problem a page has to show: a page that has none never fetches them.
const ProblemDetails = lazy(() => import('./ProblemDetails'));

/** A refusal or failure with the person's next step, or nothing when there is no error. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Suspense fallback={null}>
      <ProblemDetails error={error} />
    </Suspense>
  );
}
