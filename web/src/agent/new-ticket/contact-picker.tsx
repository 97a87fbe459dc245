import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { Button, Spinner, TextField } from '../../ui/index.ts';

export type Requester =
  | { kind: 'existing'; id: string; label: string }
  | { kind: 'new'; email: string; name: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Search contacts by name or email; an unknown email becomes a new contact when the ticket is created. */
export function ContactPicker({
  value,
  onChange,
}: {
  value: Requester | null;
  onChange: (next: Requester | null) => void;
}) {
  const [q, setQ] = useState('');
  const [name, setName] = useState('');
  const results = useQuery({
    queryKey: ['contacts', q],
    enabled: q.trim().length >= 2,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/contacts', { params: { query: { q: q.trim(), limit: 8 } } })).items,
  });
  if (value) {
    return (
      <div className="field">
        <span className="field-label">Requester</span>
        <div className="chosen">
          {value.kind === 'existing'
            ? value.label
            : `${value.name || value.email} (new contact: ${value.email})`}{' '}
          <Button size="small" onClick={() => onChange(null)}>
            Change
          </Button>
        </div>
      </div>
    );
  }
  const isEmail = EMAIL.test(q.trim());
  return (
    <div className="contact-picker">
      <TextField
        label="Requester"
        type="search"
        hint="Type a name or an email address"
        value={q}
        onChange={(event) => setQ(event.target.value)}
      />
      {results.isFetching && <Spinner label="Searching contacts" />}
      <ul className="contact-results" aria-label="Matching contacts">
        {(results.data ?? []).map((contact) => (
          <li key={contact.id}>
            <button
              type="button"
              className="canned-item"
              onClick={() =>
                onChange({ kind: 'existing', id: contact.id, label: `${contact.name} <${contact.email}>` })
              }
            >
              <strong>{contact.name || contact.email}</strong> <span className="muted">{contact.email}</span>
            </button>
          </li>
        ))}
      </ul>
      {isEmail && !(results.data ?? []).some((contact) => contact.email === q.trim().toLowerCase()) && (
        <div className="new-contact">
          <TextField
            label="Name of the new contact"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <Button onClick={() => onChange({ kind: 'new', email: q.trim(), name: name.trim() })}>
            Use {q.trim()} as a new contact
          </Button>
        </div>
      )}
    </div>
  );
}
