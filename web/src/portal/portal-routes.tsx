import { Outlet, Route, Routes } from 'react-router';
import { EmptyState } from '../ui/index.ts';
import { AccountPage } from './account-page.tsx';
import { FormPage } from './forms/form-page.tsx';
import { HomePage } from './home-page.tsx';
import { PortalLayout, usePortal } from './portal-layout.tsx';
import { RequestPage } from './requests/request-page.tsx';
import { RequestsPage } from './requests/requests-page.tsx';
import { RequireContact } from './session.tsx';
import { SignInPage } from './sign-in-page.tsx';
import './portal.css';

/** The pages for this portal's signed-in customer only; they get the layout's context too. */
function SignedIn() {
  const portal = usePortal();
  return (
    <RequireContact slug={portal.slug}>
      <Outlet context={portal} />
    </RequireContact>
  );
}

/** The customer portal: /portal/{org-slug}/…, in the organization's colours. */
export default function PortalRoutes() {
  return (
    <Routes>
      <Route path=":slug" element={<PortalLayout />}>
        <Route path="sign-in" element={<SignInPage />} />
        <Route element={<SignedIn />}>
          <Route index element={<HomePage />} />
          <Route path="forms/:formId" element={<FormPage />} />
          <Route path="requests" element={<RequestsPage />} />
          <Route path="requests/:ticketId" element={<RequestPage />} />
          <Route path="account" element={<AccountPage />} />
        </Route>
        <Route path="*" element={<EmptyState title="There is no page at this address" />} />
      </Route>
      <Route
        path="*"
        element={
          <main className="portal-main">
            <EmptyState title="Open your organization's support portal through its own address" />
          </main>
        }
      />
    </Routes>
  );
}
