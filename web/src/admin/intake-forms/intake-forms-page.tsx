import { useState } from 'react';
import { Link } from 'react-router';
import { Badge, Button, EmptyState, Table } from '../../ui/index.ts';
import { DeleteDialog } from '../delete-dialog.tsx';
import { FormError } from '../form-errors.tsx';
import { QueryList } from '../query-list.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import {
  deleteIntakeForm,
  INTAKE_FORMS,
  type IntakeForm,
  setIntakeFormActive,
  useIntakeForms,
} from './intake-form-api.ts';

/** The forms customers fill in on the portal; only enabled ones are offered. */
export function IntakeFormsPage() {
  const forms = useIntakeForms();
  const [deleting, setDeleting] = useState<IntakeForm | null>(null);
  const toggle = useAdminMutation({
    mutationFn: setIntakeFormActive,
    invalidates: [INTAKE_FORMS],
    success: (form) => `“${form.name}” is ${form.isActive ? 'enabled' : 'disabled'}`,
  });
  const remove = useAdminMutation({
    mutationFn: deleteIntakeForm,
    invalidates: [INTAKE_FORMS],
    success: 'Form deleted',
    onSuccess: () => setDeleting(null),
  });
  return (
    <>
      <div className="section-header">
        <h1>Intake forms</h1>
        <Link className="btn btn-primary" to="/admin/forms/new">
          New form
        </Link>
      </div>
      <p className="muted">
        Forms on the customer portal: which custom fields they ask for, and what their tickets start with.
      </p>
      <QueryList
        query={forms}
        noun="Forms"
        lines={3}
        empty={
          <EmptyState title="No intake forms yet">Customers can still write to you by email.</EmptyState>
        }
      >
        {(items) => (
          <Table caption="Intake forms">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Fields</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((form) => (
                <tr key={form.id}>
                  <td>
                    <Link to={`/admin/forms/${form.id}`}>{form.name}</Link>
                  </td>
                  <td>{form.fields.length}</td>
                  <td>{form.isActive ? <Badge>Enabled</Badge> : <Badge>Disabled</Badge>}</td>
                  <td className="actions">
                    <Button
                      size="small"
                      disabled={toggle.isPending}
                      onClick={() => toggle.mutate({ id: form.id, isActive: !form.isActive })}
                    >
                      {form.isActive ? 'Disable' : 'Enable'}
                      <span className="visually-hidden"> {form.name}</span>
                    </Button>
                    <Button size="small" onClick={() => setDeleting(form)}>
                      Delete<span className="visually-hidden"> {form.name}</span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryList>
      <FormError error={toggle.error} />
      <DeleteDialog noun="form" item={deleting} remove={remove} onClose={() => setDeleting(null)}>
        <p>Tickets it created keep everything but their link to the form.</p>
      </DeleteDialog>
    </>
  );
}
