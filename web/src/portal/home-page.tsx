import { Link } from 'react-router';
import { EmptyState, InlineError, Skeleton } from '../ui/index.ts';
import { usePortalForms } from './forms/use-forms.ts';
import { usePortal } from './portal-layout.tsx';
import { useCustomer } from './session.tsx';

/** The organization's intake forms: the ways a customer can open a request. */
export function HomePage() {
  const { slug } = usePortal();
  const me = useCustomer();
  const forms = usePortalForms();
  const firstName = me.contact.name.split(' ')[0];
  return (
    <>
      <h1>How can we help{firstName ? `, ${firstName}` : ''}?</h1>
      <p className="portal-lead">
        Choose what your request is about. Your earlier requests are under{' '}
        <Link to={`/portal/${slug}/requests`}>My requests</Link>.
      </p>
      {forms.isPending ? (
        <Skeleton lines={4} />
      ) : forms.isError ? (
        <InlineError>The request forms could not be loaded: {forms.error.message}</InlineError>
      ) : forms.data.length === 0 ? (
        <EmptyState title="There are no request forms yet">
          <p>Please contact the team another way for now.</p>
        </EmptyState>
      ) : (
        <ul className="portal-forms">
          {forms.data.map((form) => (
            <li key={form.id}>
              <Link to={`/portal/${slug}/forms/${form.id}`} className="portal-form-card">
                <strong>{form.name}</strong>
                {form.description && <span>{form.description}</span>}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
