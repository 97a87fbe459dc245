import { errorMessage } from '../../api/client.ts';
import type { ResponseOf } from '../../api/types.ts';
import { Checkbox, InlineError, Skeleton } from '../../ui/index.ts';
import { useAgent } from '../session.tsx';
import { useNotificationPreferences, useSaveNotificationPreferences } from './use-notifications.ts';

type Kind = keyof ResponseOf<'/api/v1/me/notification-preferences', 'get'>['email'];

const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'assigned', label: 'Someone assigns me a ticket' },
  { kind: 'mentioned', label: 'An internal note mentions me' },
  { kind: 'customer_replied', label: 'The customer replies on my ticket' },
  { kind: 'sla_at_risk', label: "My ticket's SLA is at risk" },
];

/** The signed-in agent's own settings: for now, which notifications also come by email. */
export function ProfilePage() {
  const me = useAgent();
  const preferences = useNotificationPreferences();
  const save = useSaveNotificationPreferences();
  return (
    <div className="profile-page">
      <h1>Your profile</h1>
      <p>
        {me.agent.name} ({me.agent.email})
      </p>
      <section aria-labelledby="notification-emails-heading">
        <h2 id="notification-emails-heading">Notification emails</h2>
        <p>The bell always shows your notifications. Choose which of them are also emailed to you.</p>
        {preferences.isPending && <Skeleton lines={4} />}
        {preferences.error && <InlineError>{preferences.error.message}</InlineError>}
        {save.error && <InlineError>{errorMessage(save.error)}</InlineError>}
        {preferences.data && (
          <fieldset disabled={save.isPending}>
            <legend className="visually-hidden">Email me when</legend>
            {KINDS.map(({ kind, label }) => (
              <Checkbox
                key={kind}
                label={label}
                checked={preferences.data.email[kind]}
                onChange={(event) =>
                  save.mutate({ email: { ...preferences.data.email, [kind]: event.target.checked } })
                }
              />
            ))}
          </fieldset>
        )}
      </section>
    </div>
  );
}
