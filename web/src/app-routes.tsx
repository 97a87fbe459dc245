import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { AgentRoutes } from './agent/agent-routes.tsx';
import { Skeleton } from './ui/index.ts';

// The portal and admin areas load on demand, so the agent console's first load stays small.
const PortalRoutes = lazy(() => import('./portal/portal-routes.tsx'));
const AdminRoutes = lazy(() => import('./admin/admin-routes.tsx'));

/** The three areas; each owns everything under its prefix. The URL is the state (filters, sort, ids). */
export function AppRoutes() {
  return (
    <Suspense fallback={<Skeleton />}>
      <Routes>
        <Route path="/portal/*" element={<PortalRoutes />} />
        <Route path="/admin/*" element={<AdminRoutes />} />
        <Route path="/*" element={<AgentRoutes />} />
      </Routes>
    </Suspense>
  );
}
