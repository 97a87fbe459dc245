import { useState } from 'react';
import { Link } from 'react-router';
import { Badge, Button, EmptyState, Table } from '../../ui/index.ts';
import { DeleteDialog } from '../delete-dialog.tsx';
import { FormError } from '../form-errors.tsx';
import { QueryList } from '../query-list.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { WEEKDAYS } from './calendar-draft.ts';
import { CALENDARS, type Calendar, deleteCalendar, makeDefaultCalendar, useCalendars } from './sla-api.ts';

const openDays = (calendar: Calendar) => {
  const open = WEEKDAYS.filter(({ key }) => (calendar.spec.hours[key] ?? []).length > 0);
  return open.length === 0 ? 'Never open' : open.map(({ name }) => name.slice(0, 3)).join(', ');
};

/** When SLA clocks run: one calendar is the default, policies may name another. */
export function CalendarsPage() {
  const calendars = useCalendars();
  const [deleting, setDeleting] = useState<Calendar | null>(null);
  const makeDefault = useAdminMutation({
    mutationFn: makeDefaultCalendar,
    invalidates: [CALENDARS],
    success: (calendar) => `“${calendar.name}” is the default calendar`,
  });
  const remove = useAdminMutation({
    mutationFn: deleteCalendar,
    invalidates: [CALENDARS],
    success: 'Calendar deleted',
    onSuccess: () => setDeleting(null),
  });
  return (
    <>
      <div className="section-header">
        <h1>SLA calendars</h1>
        <Link className="btn btn-primary" to="/admin/calendars/new">
          New calendar
        </Link>
      </div>
      <p className="muted">
        Business hours, holidays and special hours SLA targets count on. Policies that name no calendar use
        the default.
      </p>
      <QueryList query={calendars} noun="Calendars" empty={<EmptyState title="No calendars yet" />}>
        {(items) => (
          <Table caption="SLA calendars">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Time zone</th>
                <th scope="col">Open on</th>
                <th scope="col">Holidays</th>
                <th scope="col">Default</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((calendar) => (
                <tr key={calendar.id}>
                  <td>
                    <Link to={`/admin/calendars/${calendar.id}`}>{calendar.name}</Link>
                  </td>
                  <td>{calendar.spec.timeZone}</td>
                  <td>{openDays(calendar)}</td>
                  <td>{calendar.spec.holidays.length}</td>
                  <td>
                    {calendar.isDefault ? (
                      <Badge>Default</Badge>
                    ) : (
                      <Button
                        size="small"
                        disabled={makeDefault.isPending}
                        onClick={() => makeDefault.mutate(calendar.id)}
                      >
                        Make default<span className="visually-hidden"> {calendar.name}</span>
                      </Button>
                    )}
                  </td>
                  <td className="actions">
                    {!calendar.isDefault && (
                      <Button size="small" onClick={() => setDeleting(calendar)}>
                        Delete<span className="visually-hidden"> {calendar.name}</span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryList>
      <FormError error={makeDefault.error} />
      <DeleteDialog noun="calendar" item={deleting} remove={remove} onClose={() => setDeleting(null)}>
        <p>A calendar a policy counts on cannot be deleted; change those policies first.</p>
      </DeleteDialog>
    </>
  );
}
