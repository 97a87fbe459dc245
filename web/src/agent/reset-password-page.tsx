import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { api, unwrap } from '../api/client.ts';
import { Button, InlineError, TextField } from '../ui/index.ts';

/** /password-reset#token=…: the token stays in the fragment, which browsers never send to servers or logs. */
export function ResetPasswordPage() {
  const location = useLocation();
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  const reset = useMutation({
    mutationFn: async (body: { token: string; password: string }) =>
      unwrap(await api.POST('/api/v1/auth/password-resets/complete', { body })),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!token) return;
    reset.mutate({ token, password: String(new FormData(event.currentTarget).get('password')) });
  };
  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="reset-title">
        <h1 id="reset-title">Choose a new password</h1>
        {reset.isSuccess ? (
          <p role="status">
            Your password is set and your other sessions have ended.{' '}
            <Link to="/login">Sign in with your new password</Link>
          </p>
        ) : (
          <>
            {!token && (
              <InlineError>This reset link is incomplete. Open the link you were sent again.</InlineError>
            )}
            {reset.isError && (
              <InlineError>
                {reset.error.message} <Link to="/forgot-password">Ask for a new link</Link>
              </InlineError>
            )}
            <TextField
              label="New password"
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={10}
              hint="At least 10 characters"
              required
              autoFocus
            />
            <Button type="submit" variant="primary" disabled={!token || reset.isPending}>
              Set password
            </Button>
          </>
        )}
      </form>
    </main>
  );
}
