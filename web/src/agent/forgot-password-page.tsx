import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client.ts';
import { Button, InlineError, TextField } from '../ui/index.ts';

/** Asks for a reset link. The answer is the same whether or not the email has an account. */
export function ForgotPasswordPage() {
  const request = useMutation({
    mutationFn: async (body: { email: string; organization?: string }) =>
      unwrap(await api.POST('/api/v1/auth/password-resets', { body })),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const organization = String(form.get('organization')).trim();
    request.mutate({ email: String(form.get('email')), ...(organization ? { organization } : {}) });
  };
  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="forgot-title">
        <h1 id="forgot-title">Reset your password</h1>
        {request.isSuccess ? (
          <p role="status">{request.data.message}. The link works once, for an hour.</p>
        ) : (
          <>
            <p className="muted">We will send a link to set a new password.</p>
            {request.isError && <InlineError>{request.error.message}</InlineError>}
            <TextField label="Email" name="email" type="email" autoComplete="username" required autoFocus />
            <TextField
              label="Organization (optional)"
              name="organization"
              hint="Its short name, if your email belongs to more than one organization"
            />
            <Button type="submit" variant="primary" disabled={request.isPending}>
              Send reset link
            </Button>
          </>
        )}
        <p className="auth-links">
          <Link to="/login">Back to sign in</Link>
        </p>
      </form>
    </main>
  );
}
