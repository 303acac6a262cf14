import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Spin } from 'antd';
import { useAuth } from './auth';
import { Shell } from './components/Shell';

// One chunk per page: the first page loads only what it renders (bench/web-bundle.ts).
const SignIn = lazy(() => import('./pages/SignIn'));
const SignInComplete = lazy(() => import('./pages/SignInComplete'));
const Tasks = lazy(() => import('./pages/Tasks'));
const Notices = lazy(() => import('./pages/Notices'));
const Procedures = lazy(() => import('./pages/Procedures'));
const ProcedureNew = lazy(() => import('./pages/ProcedureNew'));
const Procedure = lazy(() => import('./pages/Procedure'));
const Legality = lazy(() => import('./pages/Legality'));
const Catalogs = lazy(() => import('./pages/Catalogs'));
const Audit = lazy(() => import('./pages/Audit'));
// The dashboard's charts (ECharts, the largest chunk of all) download alongside the page's own
// chunk instead of after it has run; the page still shows its tables without waiting for them.
const Dashboard = lazy(() => {
  import('./components/Bars').catch(() => undefined);
  return import('./pages/Dashboard');
});
const Public = lazy(() => import('./pages/Public'));

function Private({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  return session ? <>{children}</> : <Navigate to="/signin" replace />;
}

export function AppRoutes() {
  const { session } = useAuth();
  return (
    <Suspense fallback={<Spin style={{ margin: 48 }} />}>
      <Routes>
        <Route element={<Shell />}>
          <Route index element={<Navigate to={session ? '/tasks' : '/public'} replace />} />
          <Route path="signin" element={<SignIn />} />
          <Route path="signin/complete" element={<SignInComplete />} />
          <Route path="public" element={<Public />} />
          <Route path="tasks" element={<Private><Tasks /></Private>} />
          <Route path="notices" element={<Private><Notices /></Private>} />
          <Route path="procedures" element={<Private><Procedures /></Private>} />
          <Route path="procedures/new" element={<Private><ProcedureNew /></Private>} />
          <Route path="procedures/:key" element={<Private><Procedure /></Private>} />
          <Route path="legality" element={<Private><Legality /></Private>} />
          <Route path="catalogs" element={<Private><Catalogs /></Private>} />
          <Route path="audit" element={<Private><Audit /></Private>} />
          <Route path="dashboard" element={<Private><Dashboard /></Private>} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
