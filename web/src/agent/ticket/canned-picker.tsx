import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { Button, Dialog, EmptyState, InlineError, Skeleton, TextField } from '../../ui/index.ts';

type CannedPickerProps = {
  ticketId: string;
  open: boolean;
  onClose: () => void;
  onPick: (text: string) => void;
};

/** Search the canned responses; the chosen one is rendered for this ticket (placeholders filled in). */
export function CannedPicker({ ticketId, open, onClose, onPick }: CannedPickerProps) {
  const [q, setQ] = useState('');
  const results = useQuery({
    queryKey: ['canned-responses', q],
    enabled: open,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/canned-responses', { params: { query: { limit: 20, ...(q ? { q } : {}) } } }),
      ).items,
  });
  const render = useMutation({
    mutationFn: async (cid: string) =>
      unwrap(
        await api.POST('/api/v1/tickets/{id}/canned-responses/{cid}/render', {
          params: { path: { id: ticketId, cid } },
        }),
      ),
    onSuccess: (rendered) => {
      onPick(rendered.body);
      onClose();
    },
  });
  return (
    <Dialog open={open} title="Insert a canned response" onClose={onClose}>
      <TextField
        label="Search"
        type="search"
        value={q}
        autoFocus
        onChange={(event) => setQ(event.target.value)}
      />
      {results.isPending ? (
        <Skeleton />
      ) : results.isError ? (
        <InlineError>{results.error.message}</InlineError>
      ) : results.data.length === 0 ? (
        <EmptyState title="No canned responses match" />
      ) : (
        <ul className="canned-list">
          {results.data.map((canned) => (
            <li key={canned.id}>
              <button type="button" className="canned-item" onClick={() => render.mutate(canned.id)}>
                <strong>{canned.title}</strong>
                <span className="muted">{canned.body.slice(0, 120)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {render.isError && <InlineError>{render.error.message}</InlineError>}
      <div className="dialog-actions">
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </Dialog>
  );
}
