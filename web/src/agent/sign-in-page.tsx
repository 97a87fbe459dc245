import { type FormEvent, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { Button, InlineError, TextField } from '../ui/index.ts';
import { useMe, useSignIn } from './session.tsx';

/** Only local paths are followed after sign-in, so a crafted link cannot send the agent elsewhere. */
const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/');

export function SignInPage() {
  const [params] = useSearchParams();
  const me = useMe();
  const signIn = useSignIn();
  const [organization, setOrganization] = useState('');
  if (me.data) return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({
      email: String(form.get('email')),
      password: String(form.get('password')),
      ...(organization.trim() ? { organization: organization.trim() } : {}),
    });
  };
  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to ActionConnect</h1>
        {signIn.isError && <InlineError>{signIn.error.message}</InlineError>}
        <TextField label="Email" name="email" type="email" autoComplete="username" required autoFocus />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        <TextField
          label="Organization (optional)"
          hint="Its short name, if your email belongs to more than one organization"
          value={organization}
          onChange={(event) => setOrganization(event.target.value)}
        />
        <Button type="submit" variant="primary" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
        <p className="auth-links">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
      </form>
    </main>
  );
}
