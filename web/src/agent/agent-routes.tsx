import { Navigate, Route, Routes } from 'react-router';
import { EmptyState } from '../ui/index.ts';
import { AcceptInvitationPage } from './accept-invitation-page.tsx';
import { AgentLayout } from './agent-layout.tsx';
import { ForgotPasswordPage } from './forgot-password-page.tsx';
import { MacrosPage } from './macros/macros-page.tsx';
import { NewTicketPage } from './new-ticket/new-ticket-page.tsx';
import { ProfilePage } from './notifications/profile-page.tsx';
import { QueuePage } from './queue/queue-page.tsx';
import { ResetPasswordPage } from './reset-password-page.tsx';
import { RequireAgent } from './session.tsx';
import { SignInPage } from './sign-in-page.tsx';
import { TicketPage } from './ticket/ticket-page.tsx';
import './agent.css';

/** The agent console: sign-in pages, then the queues and tickets behind a session. */
export function AgentRoutes() {
  return (
    <Routes>
      <Route path="login" element={<SignInPage />} />
      <Route path="invitations/accept" element={<AcceptInvitationPage />} />
      <Route path="forgot-password" element={<ForgotPasswordPage />} />
      <Route path="password-reset" element={<ResetPasswordPage />} />
      <Route
        element={
          <RequireAgent>
            <AgentLayout />
          </RequireAgent>
        }
      >
        <Route index element={<Navigate to="/queues/mine" replace />} />
        <Route path="queues/:queue" element={<QueuePage />} />
        <Route path="teams/:teamId" element={<QueuePage />} />
        <Route path="views/:viewId" element={<QueuePage />} />
        <Route path="tickets/new" element={<NewTicketPage />} />
        <Route path="tickets/:ticketId" element={<TicketPage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="macros" element={<MacrosPage />} />
        <Route path="*" element={<EmptyState title="There is no page at this address" />} />
      </Route>
    </Routes>
  );
}
