import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../ui/index.ts';
import { FormError } from '../form-errors.tsx';
import { OneTimeSecret } from '../one-time-secret.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { EmailTemplatesSection } from './email-templates-section.tsx';
import { HeldMessagesSection } from './held-messages-section.tsx';
import { ImapAccountsSection } from './imap-accounts-section.tsx';
import { SendingSection } from './sending-section.tsx';

/** How mail reaches the organization, and the messages waiting for an agent's decision. */
export function EmailPage() {
  return (
    <div className="email-settings">
      <h1>Email</h1>
      <p className="muted">
        Customers write to the support addresses set on the Organization page. Mail arrives over SMTP (point
        your MX record or a forwarding rule at this server), from an IMAP mailbox below, or from your mail
        provider's inbound webhook.
      </p>
      <ImapAccountsSection />
      <WebhookSection />
      <SendingSection />
      <EmailTemplatesSection />
      <HeldMessagesSection />
    </div>
  );
}

function WebhookSection() {
  const [secret, setSecret] = useState<string | null>(null);
  const rotate = useAdminMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/email/inbound-secret')),
    invalidates: [],
    success: 'A new intake secret was created; the previous one no longer works',
    onSuccess: (created) => setSecret(created.secret),
  });
  return (
    <section aria-labelledby="webhook-heading">
      <h2 id="webhook-heading">Provider webhook</h2>
      <p className="muted">
        Your provider posts each raw message to <code>/api/v1/inbound-email</code> as{' '}
        <code>message/rfc822</code>, with <code>Authorization: Bearer</code> and the intake secret.
      </p>
      {secret && (
        <OneTimeSecret
          title="Your intake secret"
          secret={secret}
          hint="Copy it into your provider's settings now: it is never shown again."
          onDismiss={() => setSecret(null)}
        />
      )}
      <Button onClick={() => rotate.mutate()} disabled={rotate.isPending}>
        Create a new intake secret
      </Button>
      <FormError error={rotate.error} fields={[]} />
    </section>
  );
}
