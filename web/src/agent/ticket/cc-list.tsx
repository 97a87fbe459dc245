import { type FormEvent, useState } from 'react';
import { Button, InlineError, TextField } from '../../ui/index.ts';
import { useCcs, useReplaceCcs } from './use-ticket.ts';

/** The customers copied on the ticket: each public reply is emailed to them with the requester. */
export function CcList({ ticketId }: { ticketId: string }) {
  const ccs = useCcs(ticketId);
  const save = useReplaceCcs(ticketId);
  const [address, setAddress] = useState('');
  const emails = (ccs.data ?? []).map((cc) => cc.email);

  const add = (event: FormEvent) => {
    event.preventDefault();
    save.mutate([...emails, address.trim()], { onSuccess: () => setAddress('') });
  };
  const remove = (email: string) => save.mutate(emails.filter((other) => other !== email));
  return (
    <section aria-labelledby="cc-heading">
      <h2 id="cc-heading">CC</h2>
      {ccs.isError && <InlineError>{ccs.error.message}</InlineError>}
      {emails.length === 0 ? (
        <p className="muted">Nobody is copied.</p>
      ) : (
        <ul className="cc-list">
          {(ccs.data ?? []).map((cc) => (
            <li key={cc.id}>
              <span title={cc.name || undefined}>{cc.email}</span>
              <Button size="small" variant="ghost" disabled={save.isPending} onClick={() => remove(cc.email)}>
                <span aria-hidden="true">×</span>
                <span className="visually-hidden">Remove {cc.email} from CC</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form className="cc-add" onSubmit={add}>
        <TextField
          label="Add a CC"
          type="email"
          value={address}
          error={save.isError ? save.error.message : null}
          onChange={(event) => {
            setAddress(event.target.value);
            save.reset();
          }}
        />
        <Button type="submit" size="small" disabled={save.isPending || !address.trim()}>
          Add
        </Button>
      </form>
    </section>
  );
}
