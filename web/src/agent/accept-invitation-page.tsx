import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, setCsrfToken, unwrap } from '../api/client.ts';
import { Button, InlineError, TextField } from '../ui/index.ts';

/** /invitations/accept#token=…: the token stays in the fragment, which browsers never send to servers or logs. */
export function AcceptInvitationPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  const accept = useMutation({
    mutationFn: async (body: { token: string; name: string; password: string }) =>
      unwrap(await api.POST('/api/v1/invitations/accept', { body })),
    onSuccess: (signedIn) => {
      setCsrfToken(signedIn.csrfToken);
      queryClient.clear();
      navigate('/', { replace: true });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (!token) return;
    accept.mutate({ token, name: String(form.get('name')), password: String(form.get('password')) });
  };
  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="accept-title">
        <h1 id="accept-title">Join your team on ActionConnect</h1>
        {!token && (
          <InlineError>
            This invitation link is incomplete. Open the link from your invitation again.
          </InlineError>
        )}
        {accept.isError && <InlineError>{accept.error.message}</InlineError>}
        <TextField label="Your name" name="name" autoComplete="name" required />
        <TextField
          label="Choose a password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          hint="At least 10 characters"
          required
        />
        <Button type="submit" variant="primary" disabled={!token || accept.isPending}>
          Accept invitation
        </Button>
      </form>
    </main>
  );
}
