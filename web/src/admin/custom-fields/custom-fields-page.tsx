import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useTicketFields } from '../../api/lookups.ts';
import type { TicketField } from '../../api/types.ts';
import { Badge, Button, Dialog, EmptyState, Table } from '../../ui/index.ts';
import { FormError } from '../form-errors.tsx';
import { QueryList } from '../query-list.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { FIELD_TYPES, FieldForm } from './field-form.tsx';

/** Custom ticket fields; archiving keeps the values on tickets but takes no new ones. */
export function CustomFieldsPage() {
  const fields = useTicketFields();
  const [editing, setEditing] = useState<TicketField | 'new' | null>(null);
  const archive = useAdminMutation({
    mutationFn: async ({ id, archived }: { id: string; archived: boolean }) =>
      archived
        ? unwrap(await api.DELETE('/api/v1/ticket-fields/{id}', { params: { path: { id } } }))
        : unwrap(
            await api.PATCH('/api/v1/ticket-fields/{id}', {
              params: { path: { id } },
              body: { archived: false },
            }),
          ),
    invalidates: [['ticket-fields']],
    success: (_field, { archived }) => (archived ? 'Field archived' : 'Field restored'),
  });
  return (
    <>
      <div className="section-header">
        <h1>Custom fields</h1>
        <Button variant="primary" onClick={() => setEditing('new')}>
          New field
        </Button>
      </div>
      <p className="muted">Extra facts agents record on tickets, e.g. a plan or an order number.</p>
      <QueryList
        query={fields}
        noun="Fields"
        lines={4}
        empty={<EmptyState title="No custom fields yet">Add one with “New field”.</EmptyState>}
      >
        {(items) => (
          <Table caption="Custom fields">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Key</th>
                <th scope="col">Type</th>
                <th scope="col">Options</th>
                <th scope="col">Flags</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((field) => (
                <tr key={field.id}>
                  <td>{field.label}</td>
                  <td>
                    <code>{field.key}</code>
                  </td>
                  <td>{FIELD_TYPES.find((type) => type.value === field.type)?.label}</td>
                  <td>{field.options.map((option) => option.label).join(', ')}</td>
                  <td>
                    {field.required && <Badge>Required</Badge>}{' '}
                    {field.visibleToCustomers && <Badge>Customers see it</Badge>}{' '}
                    {field.archivedAt && <Badge>Archived</Badge>}
                  </td>
                  <td className="actions">
                    <Button size="small" onClick={() => setEditing(field)}>
                      Edit<span className="visually-hidden"> {field.label}</span>
                    </Button>
                    <Button
                      size="small"
                      disabled={archive.isPending}
                      onClick={() => archive.mutate({ id: field.id, archived: !field.archivedAt })}
                    >
                      {field.archivedAt ? 'Restore' : 'Archive'}
                      <span className="visually-hidden"> {field.label}</span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryList>
      <FormError error={archive.error} />
      <Dialog
        open={editing !== null}
        title={editing === 'new' || editing === null ? 'New custom field' : `Edit “${editing.label}”`}
        onClose={() => setEditing(null)}
      >
        {editing !== null && (
          <FieldForm field={editing === 'new' ? null : editing} onSaved={() => setEditing(null)} />
        )}
      </Dialog>
    </>
  );
}
