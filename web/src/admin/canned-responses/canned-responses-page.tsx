import { useState } from 'react';
import { useAgent } from '../../agent/session.tsx';
import { nameOf } from '../../api/lookups.ts';
import type { CannedResponse } from '../../api/types.ts';
import { Badge, Button, Dialog, EmptyState, Table } from '../../ui/index.ts';
import { ConfirmDialog } from '../confirm-dialog.tsx';
import { QueryList } from '../query-list.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { CANNED_RESPONSES, deleteCannedResponse, useCannedResponses, useFolders } from './canned-api.ts';
import { CannedResponseForm } from './canned-response-form.tsx';
import { FoldersSection } from './folders-section.tsx';

/** The shared responses (and the admin's own personal ones), their folders and placeholders. */
export function CannedResponsesPage() {
  const me = useAgent();
  const responses = useCannedResponses();
  const folders = useFolders();
  const [editing, setEditing] = useState<CannedResponse | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);
  const remove = useAdminMutation({
    mutationFn: deleteCannedResponse,
    invalidates: [CANNED_RESPONSES],
    success: 'Canned response deleted',
    onSuccess: () => setDeleting(null),
  });
  return (
    <>
      <div className="section-header">
        <h1>Canned responses</h1>
        <Button variant="primary" onClick={() => setEditing('new')}>
          New response
        </Button>
      </div>
      <p className="muted">
        Shared responses are offered to every agent; personal ones only to whoever wrote them ({me.agent.name}
        ’s are listed here).
      </p>
      <section className="admin-section" aria-labelledby="responses-heading">
        <h2 id="responses-heading">Responses</h2>
        <QueryList
          query={responses}
          noun="Canned responses"
          lines={4}
          empty={<EmptyState title="No canned responses yet">Write one with “New response”.</EmptyState>}
        >
          {(items) => (
            <Table caption="Canned responses">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Folder</th>
                  <th scope="col">Who sees it</th>
                  <th scope="col">Body</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((response) => (
                  <tr key={response.id}>
                    <td>{response.title}</td>
                    <td>{nameOf(folders.data, response.folderId) ?? '—'}</td>
                    <td>
                      <Badge>{response.scope === 'shared' ? 'Everyone' : 'Only me'}</Badge>
                    </td>
                    <td className="muted">{response.body}</td>
                    <td className="actions">
                      <Button size="small" onClick={() => setEditing(response)}>
                        Edit<span className="visually-hidden"> {response.title}</span>
                      </Button>
                      <Button size="small" onClick={() => setDeleting(response)}>
                        Delete<span className="visually-hidden"> {response.title}</span>
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </QueryList>
      </section>
      <FoldersSection />
      <Dialog
        open={editing !== null}
        title={editing === 'new' || editing === null ? 'New canned response' : `Edit “${editing.title}”`}
        onClose={() => setEditing(null)}
      >
        {editing !== null && (
          <CannedResponseForm
            response={editing === 'new' ? null : editing}
            folders={folders.data ?? []}
            onSaved={() => setEditing(null)}
          />
        )}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.title ?? ''}”?`}
        confirmLabel="Delete response"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
      >
        <p>Replies already sent with it do not change.</p>
      </ConfirmDialog>
    </>
  );
}
