import { Link, useParams } from 'react-router';
import { InlineError, Skeleton } from '../../ui/index.ts';
import { useIntakeForm } from './intake-form-api.ts';
import { IntakeFormEditor } from './intake-form-editor.tsx';

/** /admin/forms/new or /admin/forms/:formId. */
export function IntakeFormEditorPage() {
  const { formId = 'new' } = useParams();
  const isNew = formId === 'new';
  const form = useIntakeForm(isNew ? null : formId);
  return (
    <section className="narrow-page" aria-labelledby="form-editor-title">
      <p className="ticket-back">
        <Link to="/admin/forms">← All intake forms</Link>
      </p>
      <h1 id="form-editor-title">{isNew ? 'New intake form' : `Edit “${form.data?.name ?? '…'}”`}</h1>
      {isNew ? (
        <IntakeFormEditor form={null} />
      ) : form.isPending ? (
        <Skeleton lines={6} />
      ) : form.isError ? (
        <InlineError>The form could not be loaded: {form.error.message}</InlineError>
      ) : (
        <IntakeFormEditor key={form.data.updatedAt} form={form.data} />
      )}
    </section>
  );
}
