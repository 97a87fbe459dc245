import { useState } from 'react';
import { Link, Outlet, useNavigate } from 'react-router';
import { RealtimeProvider } from '../realtime/realtime-context.tsx';
import { Button, Kbd } from '../ui/index.ts';
import { NotificationBell } from './notifications/notification-bell.tsx';
import { QueueSidebar } from './queue/queue-sidebar.tsx';
import { ConnectionStatus } from './realtime/connection-status.tsx';
import { useLiveConsole } from './realtime/use-live-console.ts';
import { useAgent, useSignOut } from './session.tsx';
import { ShortcutsDialog, useShortcuts } from './shortcuts.tsx';

/** The console: one live socket for the tab, shared by every page under it. */
export function AgentLayout() {
  return (
    <RealtimeProvider path="/api/v1/realtime">
      <Console />
    </RealtimeProvider>
  );
}

function Console() {
  useLiveConsole();
  const me = useAgent();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [showShortcuts, setShowShortcuts] = useState(false);
  useShortcuts({ '?': () => setShowShortcuts(true) });
  const isAdmin = me.agent.role !== 'agent';
  return (
    <div className="console">
      <header className="topbar">
        <Link to="/" className="brand">
          ActionConnect <span className="brand-org">{me.organization.name}</span>
        </Link>
        <nav aria-label="Account" className="topbar-actions">
          <ConnectionStatus />
          <Link className="btn btn-primary btn-small" to="/tickets/new">
            New ticket
          </Link>
          <Link className="btn btn-ghost btn-small" to="/macros">
            Macros
          </Link>
          {isAdmin && (
            <Link className="btn btn-ghost btn-small" to="/admin">
              Settings
            </Link>
          )}
          <Button size="small" variant="ghost" onClick={() => setShowShortcuts(true)}>
            Shortcuts <Kbd>?</Kbd>
          </Button>
          <NotificationBell />
          <Link className="topbar-user" to="/profile" title="Your profile and notification emails">
            {me.agent.name}
          </Link>
          <Button
            size="small"
            onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/login') })}
          >
            Sign out
          </Button>
        </nav>
      </header>
      <QueueSidebar />
      <main className="console-main" id="main">
        <Outlet />
      </main>
      <ShortcutsDialog open={showShortcuts} onClose={() => setShowShortcuts(false)} />
    </div>
  );
}
