import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { Button, InlineError, Skeleton, TextField } from '../ui/index.ts';
import { usePortal } from './portal-layout.tsx';
import {
  isSignedInTo,
  useLinkSignIn,
  usePasswordSignIn,
  usePortalMe,
  useRequestSignInLink,
} from './session.tsx';

/** Only paths inside this portal are followed after sign-in, so a crafted link cannot send anyone away. */
const safeNext = (next: string | null, home: string) => (next?.startsWith(`${home}/`) ? next : home);

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A sign-in link carries its token in the fragment (`#token=…`), which never reaches any server log. */
const linkToken = () => new URLSearchParams(window.location.hash.slice(1)).get('token');

export function SignInPage() {
  const { slug } = usePortal();
  const [params] = useSearchParams();
  const me = usePortalMe();
  const [token] = useState(linkToken);
  const home = `/portal/${slug}`;
  if (isSignedInTo(me.data, slug) && !token)
    return <Navigate to={safeNext(params.get('next'), home)} replace />;
  return (
    <div className="portal-card portal-narrow">
      <h1>Sign in</h1>
      {token ? <LinkSignIn token={token} home={home} /> : <SignInForm />}
    </div>
  );
}

/** Trades the link's token for a session once (a link works once, even when React mounts twice). */
function LinkSignIn({ token, home }: { token: string; home: string }) {
  const redeem = useLinkSignIn();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    // The token is spent either way: keep it out of the address bar and the history.
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    redeem.mutate(token);
  }, [redeem, token]);
  if (redeem.isSuccess) return <Navigate to={home} replace />;
  if (redeem.isError) {
    return (
      <>
        <InlineError>{redeem.error.message}. Sign in below or ask for a new link.</InlineError>
        <SignInForm />
      </>
    );
  }
  return <Skeleton lines={2} />;
}

function SignInForm() {
  const { slug } = usePortal();
  const signIn = usePasswordSignIn();
  const requestLink = useRequestSignInLink();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<{ field: 'email' | 'password'; message: string } | null>(null);
  const emailProblem = () => (EMAIL.test(email.trim()) ? null : 'Enter your email address');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const message = emailProblem();
    if (message) return setProblem({ field: 'email', message });
    if (!password)
      return setProblem({
        field: 'password',
        message: 'Enter your password, or email yourself a sign-in link',
      });
    setProblem(null);
    signIn.mutate({ organization: slug, email: email.trim(), password });
  };
  const sendLink = () => {
    const message = emailProblem();
    if (message) return setProblem({ field: 'email', message });
    setProblem(null);
    requestLink.mutate({ organization: slug, email: email.trim() });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Sign in">
      {signIn.isError && <InlineError>{errorMessage(signIn.error)}</InlineError>}
      <TextField
        label="Email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={problem?.field === 'email' ? problem.message : null}
        autoFocus
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={problem?.field === 'password' ? problem.message : null}
      />
      <Button type="submit" variant="primary" disabled={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </Button>
      <div className="portal-link-sign-in">
        <p>No password, or forgot it? We can email you a link that signs you in.</p>
        <Button onClick={sendLink} disabled={requestLink.isPending}>
          Email me a sign-in link
        </Button>
        <p role="status">{requestLink.isSuccess ? requestLink.data.message : ''}</p>
        {requestLink.isError && <InlineError>{errorMessage(requestLink.error)}</InlineError>}
      </div>
    </form>
  );
}
