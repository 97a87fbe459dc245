import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage, unwrap } from '../api/client.ts';
import { Button, InlineError, TextField, useToast } from '../ui/index.ts';
import { useCustomer } from './session.tsx';

const MIN_PASSWORD_LENGTH = 10;

/** Who is signed in, and a password to sign in without a link (the current one is needed to change it). */
export function AccountPage() {
  const me = useCustomer();
  const queryClient = useQueryClient();
  const notify = useToast();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { hasPassword } = me.contact;
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT('/api/v1/portal/password', {
          body: { newPassword, ...(hasPassword ? { currentPassword } : {}) },
        }),
      ),
    onSuccess: () => {
      notify(hasPassword ? 'Your password was changed' : 'Your password was set');
      setCurrentPassword('');
      setNewPassword('');
      void queryClient.invalidateQueries({ queryKey: ['portal', 'me'] });
    },
  });
  const wrongCurrent = save.error instanceof ApiError && save.error.details.field === 'currentPassword';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword.length < MIN_PASSWORD_LENGTH) {
      return setProblem(`Use at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    setProblem(null);
    save.mutate();
  };
  return (
    <>
      <h1>Your account</h1>
      <p className="portal-lead">
        Signed in as {me.contact.name} ({me.contact.email}).
      </p>
      <form className="portal-card" onSubmit={submit} noValidate aria-labelledby="password-title">
        <h2 id="password-title">{hasPassword ? 'Change your password' : 'Choose a password'}</h2>
        {!hasPassword && <p>With a password you can sign in without waiting for a sign-in link by email.</p>}
        {save.isError && !wrongCurrent && <InlineError>{errorMessage(save.error)}</InlineError>}
        {hasPassword && (
          <TextField
            label="Current password"
            type="password"
            autoComplete="current-password"
            value={currentPassword}
            error={wrongCurrent ? errorMessage(save.error) : null}
            onChange={(event) => setCurrentPassword(event.target.value)}
          />
        )}
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. Your other signed-in devices will be signed out.`}
          value={newPassword}
          error={problem}
          onChange={(event) => setNewPassword(event.target.value)}
        />
        <div className="portal-actions">
          <Button type="submit" variant="primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save password'}
          </Button>
        </div>
      </form>
    </>
  );
}
