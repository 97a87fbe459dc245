import { Route, Routes } from 'react-router';
import { EmptyState } from '../ui/index.ts';

/** The customer portal, under /portal/{org-slug}/…; its pages are added here. */
export default function PortalRoutes() {
  return (
    <main>
      <Routes>
        <Route path="*" element={<EmptyState title="The customer portal is not available yet" />} />
      </Routes>
    </main>
  );
}
