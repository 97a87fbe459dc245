import type { ReactNode } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { useAgent } from '../agent/session.tsx';

const SETTINGS_PAGES = [
  { path: 'statuses', title: 'Statuses and priorities' },
  { path: 'teams', title: 'Teams' },
  { path: 'agents', title: 'Agents and invitations' },
  { path: 'fields', title: 'Custom fields' },
  { path: 'forms', title: 'Intake forms' },
  { path: 'canned-responses', title: 'Canned responses' },
  { path: 'calendars', title: 'SLA calendars' },
  { path: 'sla-policies', title: 'SLA policies' },
  { path: 'automations', title: 'Automations' },
  { path: 'email', title: 'Email' },
  { path: 'api-tokens', title: 'API tokens' },
  { path: 'organization', title: 'Organization' },
] as const;

const linkClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'queue-link active' : 'queue-link');

/** A plain agent gets a clear message instead of pages whose every change the server would refuse. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const me = useAgent();
  if (me.agent.role !== 'agent') return children;
  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="no-access-title">
        <h1 id="no-access-title">You do not have access to settings</h1>
        <p>Only admins and owners of {me.organization.name} can change settings; ask one of them.</p>
        <Link to="/">Back to the tickets</Link>
      </section>
    </main>
  );
}

/** The console's top bar and a left navigation of the settings pages. */
export function AdminLayout() {
  const me = useAgent();
  return (
    <div className="console">
      <header className="topbar">
        <Link to="/" className="brand">
          ActionConnect <span className="brand-org">{me.organization.name}</span>
        </Link>
        <nav aria-label="Account" className="topbar-actions">
          <Link className="btn btn-secondary btn-small" to="/">
            Back to the tickets
          </Link>
          <span className="topbar-user">{me.agent.name}</span>
        </nav>
      </header>
      <nav className="sidebar" aria-label="Settings">
        <h2 className="sidebar-heading">Settings</h2>
        <ul>
          {SETTINGS_PAGES.map((page) => (
            <li key={page.path}>
              <NavLink to={`/admin/${page.path}`} className={linkClass}>
                {page.title}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main className="console-main admin-main" id="main">
        <Outlet />
      </main>
    </div>
  );
}
