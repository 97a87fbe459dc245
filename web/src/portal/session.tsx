import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError, api, setCsrfToken, unwrap } from '../api/client.ts';
import { InlineError, Skeleton } from '../ui/index.ts';
import type { PortalMe } from './portal-types.ts';

const ME = ['portal', 'me'] as const;
// Everything the previous customer loaded, but not the session itself: pages watching it must see it
// change (a removed query would leave them watching a stale one).
const customerData = {
  queryKey: ['portal'],
  predicate: (query: { queryKey: readonly unknown[] }) => query.queryKey[1] !== 'me',
};

/** The signed-in customer; a 401 means nobody (the query then holds null, not an error). */
export function usePortalMe() {
  return useQuery({
    queryKey: ME,
    queryFn: async (): Promise<PortalMe | null> => {
      const result = await api.GET('/api/v1/portal/me');
      if (result.response.status === 401) return null;
      const me = unwrap(result);
      setCsrfToken(me.csrfToken, 'portal');
      return me;
    },
    staleTime: 5 * 60_000,
  });
}

/** Whether the session, if any, belongs to the portal at this slug (a customer of one organization
 * visiting another's portal is signed out there). */
export const isSignedInTo = (me: PortalMe | null | undefined, slug: string): me is PortalMe =>
  me?.organization.slug === slug;

/**
 * A password or a sign-in link opened a session: forget the previous customer's data, keep the new one.
 * A `me` request still on its way was sent without the new cookie; its "nobody" answer would
 * overwrite the session and send the customer back to sign in, so it is cancelled first.
 */
function useStartSession() {
  const queryClient = useQueryClient();
  return async (signedIn: PortalMe & { expiresAt: string }) => {
    const { expiresAt: _expiresAt, ...me } = signedIn;
    setCsrfToken(me.csrfToken, 'portal');
    await queryClient.cancelQueries({ queryKey: ME, exact: true });
    queryClient.removeQueries(customerData);
    queryClient.setQueryData<PortalMe>(ME, me);
  };
}

export function usePasswordSignIn() {
  const start = useStartSession();
  return useMutation({
    mutationFn: async (body: { organization: string; email: string; password: string }) =>
      unwrap(await api.POST('/api/v1/portal/login', { body })),
    onSuccess: start,
  });
}

export function useLinkSignIn() {
  const start = useStartSession();
  return useMutation({
    mutationFn: async (token: string) =>
      unwrap(await api.POST('/api/v1/portal/sessions', { body: { token } })),
    onSuccess: start,
  });
}

export const useRequestSignInLink = () =>
  useMutation({
    mutationFn: async (body: { organization: string; email: string }) =>
      unwrap(await api.POST('/api/v1/portal/sign-in-links', { body })),
  });

export function usePortalSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const result = await api.POST('/api/v1/portal/logout');
      if (!result.response.ok && result.response.status !== 401) unwrap(result);
    },
    onSettled: async () => {
      setCsrfToken(null, 'portal');
      await queryClient.cancelQueries({ queryKey: ME, exact: true });
      queryClient.removeQueries(customerData);
      queryClient.setQueryData(ME, null);
    },
  });
}

/** The signed-in customer; only for components under RequireContact. */
export function useCustomer(): PortalMe {
  const { data } = usePortalMe();
  if (!data) throw new ApiError(401, 'unauthenticated', 'Sign in to continue');
  return data;
}

/** Shows its children to this portal's signed-in customer; anyone else signs in first and comes back. */
export function RequireContact({ slug, children }: { slug: string; children: ReactNode }) {
  const me = usePortalMe();
  const location = useLocation();
  if (me.isPending) return <Skeleton lines={6} />;
  if (me.isError) return <InlineError>Could not reach the server: {me.error.message}</InlineError>;
  if (!isSignedInTo(me.data, slug)) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/portal/${slug}/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}
