import { Navigate, Route, Routes } from 'react-router';
import { RequireAgent } from '../agent/session.tsx';
import { EmptyState } from '../ui/index.ts';
import { AdminLayout, RequireAdmin } from './admin-layout.tsx';
import { AgentsPage } from './agents/agents-page.tsx';
import { ApiTokensPage } from './api-tokens/api-tokens-page.tsx';
import { AutomationsPage } from './automations/automations-page.tsx';
import { RuleEditorPage } from './automations/rule-editor-page.tsx';
import { RuleRunsPage } from './automations/rule-runs-page.tsx';
import { RuleTestPage } from './automations/rule-test-page.tsx';
import { CannedResponsesPage } from './canned-responses/canned-responses-page.tsx';
import { CustomFieldsPage } from './custom-fields/custom-fields-page.tsx';
import { EmailPage } from './email/email-page.tsx';
import { IntakeFormEditorPage } from './intake-forms/intake-form-editor-page.tsx';
import { IntakeFormsPage } from './intake-forms/intake-forms-page.tsx';
import { OrganizationPage } from './organization/organization-page.tsx';
import { CalendarEditorPage } from './sla/calendar-editor-page.tsx';
import { CalendarsPage } from './sla/calendars-page.tsx';
import { PoliciesPage } from './sla/policies-page.tsx';
import { PolicyEditorPage } from './sla/policy-editor-page.tsx';
import { TeamsPage } from './teams/teams-page.tsx';
import { TicketOptionsPage } from './ticket-options/ticket-options-page.tsx';
import './admin.css';

/** Admin settings, under /admin/…; admins and owners only (the server enforces roles too). */
export default function AdminRoutes() {
  return (
    <RequireAgent>
      <RequireAdmin>
        <Routes>
          <Route element={<AdminLayout />}>
            <Route index element={<Navigate to="statuses" replace />} />
            <Route path="statuses" element={<TicketOptionsPage />} />
            <Route path="teams" element={<TeamsPage />} />
            <Route path="agents" element={<AgentsPage />} />
            <Route path="fields" element={<CustomFieldsPage />} />
            <Route path="forms" element={<IntakeFormsPage />} />
            <Route path="forms/:formId" element={<IntakeFormEditorPage />} />
            <Route path="canned-responses" element={<CannedResponsesPage />} />
            <Route path="calendars" element={<CalendarsPage />} />
            <Route path="calendars/:calendarId" element={<CalendarEditorPage />} />
            <Route path="sla-policies" element={<PoliciesPage />} />
            <Route path="sla-policies/:policyId" element={<PolicyEditorPage />} />
            <Route path="automations" element={<AutomationsPage />} />
            <Route path="automations/:ruleId" element={<RuleEditorPage />} />
            <Route path="automations/:ruleId/test" element={<RuleTestPage />} />
            <Route path="automations/:ruleId/runs" element={<RuleRunsPage />} />
            <Route path="email" element={<EmailPage />} />
            <Route path="api-tokens" element={<ApiTokensPage />} />
            <Route path="organization" element={<OrganizationPage />} />
            <Route path="*" element={<EmptyState title="There is no settings page at this address" />} />
          </Route>
        </Routes>
      </RequireAdmin>
    </RequireAgent>
  );
}
