import { Link, Route, Routes } from 'react-router';
import { RequireAgent } from '../agent/session.tsx';
import { EmptyState } from '../ui/index.ts';

/** Admin settings, under /admin/…; signed-in admins only (the server enforces roles too). */
export default function AdminRoutes() {
  return (
    <RequireAgent>
      <main style={{ padding: 24 }}>
        <Routes>
          <Route
            path="*"
            element={
              <EmptyState title="Settings are not available yet">
                <Link to="/">Back to the tickets</Link>
              </EmptyState>
            }
          />
        </Routes>
      </main>
    </RequireAgent>
  );
}
