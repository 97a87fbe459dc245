import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError, api, setCsrfToken, unwrap } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { InlineError, Skeleton } from '../ui/index.ts';

const ME = ['me'] as const;

/** Who is signed in; a 401 means nobody (the query then holds null, not an error). */
export function useMe() {
  return useQuery({
    queryKey: ME,
    queryFn: async (): Promise<Me | null> => {
      const result = await api.GET('/api/v1/auth/me');
      if (result.response.status === 401) return null;
      const me = unwrap(result);
      // After a reload the token is gone from memory: the session hands it back.
      if (me.csrfToken) setCsrfToken(me.csrfToken);
      return me;
    },
    staleTime: 5 * 60_000,
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email: string; password: string; organization?: string }) =>
      unwrap(await api.POST('/api/v1/auth/login', { body })),
    onSuccess: (signedIn) => {
      setCsrfToken(signedIn.csrfToken);
      queryClient.clear();
      queryClient.setQueryData<Me>(ME, {
        agent: signedIn.agent,
        organization: signedIn.organization,
        authMethod: 'session',
        csrfToken: signedIn.csrfToken,
      });
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const result = await api.POST('/api/v1/auth/logout');
      if (!result.response.ok && result.response.status !== 401) unwrap(result);
    },
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(ME, null);
    },
  });
}

/** The signed-in agent; only for components under RequireAgent. */
export function useAgent(): Me {
  const { data } = useMe();
  if (!data) throw new ApiError(401, 'unauthenticated', 'Sign in to continue');
  return data;
}

/** Shows its children to a signed-in agent; anyone else goes to the sign-in page and comes back after. */
export function RequireAgent({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Skeleton lines={6} />;
  if (me.isError) return <InlineError>Could not reach the server: {me.error.message}</InlineError>;
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}
