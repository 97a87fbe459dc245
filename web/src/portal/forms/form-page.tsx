import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, errorMessage, unwrap } from '../../api/client.ts';
import { Button, EmptyState, InlineError, Skeleton, TextArea, TextField } from '../../ui/index.ts';
import { FileDrop } from '../files/file-drop.tsx';
import { usePortal } from '../portal-layout.tsx';
import type { PortalForm, Upload } from '../portal-types.ts';
import { FieldInput, requiredLabel } from './field-input.tsx';
import { emptyValue, type FieldErrors, type InputValue, readFields, readMessage } from './form-values.ts';
import { usePortalForms } from './use-forms.ts';

export function FormPage() {
  const { formId = '' } = useParams();
  const { slug } = usePortal();
  const forms = usePortalForms();
  if (forms.isPending) return <Skeleton lines={8} />;
  if (forms.isError) return <InlineError>The form could not be loaded: {forms.error.message}</InlineError>;
  const form = forms.data.find((candidate) => candidate.id === formId);
  if (!form) {
    return (
      <EmptyState title="This form is not offered any more">
        <Link to={`/portal/${slug}`}>See the forms you can use</Link>
      </EmptyState>
    );
  }
  return <RequestForm key={form.id} form={form} />;
}

/** The server names the offending field in `details.field`; a missing-fields answer lists them all. */
function serverErrors(error: unknown, form: PortalForm): FieldErrors {
  if (!(error instanceof ApiError) || typeof error.details.field !== 'string') return {};
  const missing = Array.isArray(error.details.missing) ? error.details.missing : [];
  const errors: FieldErrors = { [error.details.field]: error.message };
  for (const field of form.fields) {
    if (missing.includes(field.key)) errors[`customFields.${field.key}`] = `${field.label} is required`;
  }
  return errors;
}

function RequestForm({ form }: { form: PortalForm }) {
  const { slug } = usePortal();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [inputs, setInputs] = useState<Record<string, InputValue>>(() =>
    Object.fromEntries(form.fields.map((field) => [field.key, emptyValue(field)])),
  );
  const [files, setFiles] = useState<Upload[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const formElement = useRef<HTMLFormElement>(null);

  const submit = useMutation({
    mutationFn: async (customFields: Record<string, unknown>) =>
      unwrap(
        await api.POST('/api/v1/portal/forms/{id}/submissions', {
          params: { path: { id: form.id } },
          body: { subject, body, customFields, attachmentIds: files.map((file) => file.id) },
        }),
      ),
    onSuccess: (ticket) => {
      void queryClient.invalidateQueries({ queryKey: ['portal', 'tickets'] });
      navigate(`/portal/${slug}/requests/${ticket.id}`);
    },
    onError: (error) => showErrors(serverErrors(error, form)),
  });
  const showErrors = (found: FieldErrors) => {
    setErrors(found);
    // The first field in the page's order with a problem gets the focus, so its message is read out.
    requestAnimationFrame(() => {
      const invalid = formElement.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      invalid?.focus();
    });
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const { values, errors: fieldErrors } = readFields(form.fields, inputs);
    const found = { ...readMessage(subject, body), ...fieldErrors };
    if (Object.keys(found).length > 0) return showErrors(found);
    setErrors({});
    submit.mutate(values);
  };
  const unplaced = submit.isError && Object.keys(serverErrors(submit.error, form)).length === 0;
  return (
    <>
      <p className="portal-back">
        <Link to={`/portal/${slug}`}>← All request forms</Link>
      </p>
      <h1>{form.name}</h1>
      {form.description && <p className="portal-lead">{form.description}</p>}
      <form ref={formElement} className="portal-card" onSubmit={onSubmit} noValidate>
        {Object.keys(errors).length > 0 && <InlineError>Please correct the fields marked below.</InlineError>}
        {unplaced && <InlineError>Not sent: {errorMessage(submit.error)}</InlineError>}
        <TextField
          label={requiredLabel('Subject', true)}
          value={subject}
          maxLength={250}
          aria-required
          error={errors.subject}
          onChange={(event) => setSubject(event.target.value)}
        />
        <TextArea
          label={requiredLabel('Description', true)}
          hint="What happened, and what you expected"
          rows={6}
          value={body}
          aria-required
          error={errors.body}
          onChange={(event) => setBody(event.target.value)}
        />
        {form.fields.map((field) => (
          <FieldInput
            key={field.key}
            field={field}
            value={inputs[field.key] ?? emptyValue(field)}
            error={errors[`customFields.${field.key}`]}
            onChange={(value) => setInputs((current) => ({ ...current, [field.key]: value }))}
          />
        ))}
        <FileDrop uploadPath="/api/v1/portal/uploads" files={files} onChange={setFiles} />
        {errors.attachmentIds && <InlineError>{errors.attachmentIds}</InlineError>}
        <div className="portal-actions">
          <Button type="submit" variant="primary" disabled={submit.isPending}>
            {submit.isPending ? 'Sending…' : 'Send request'}
          </Button>
        </div>
      </form>
    </>
  );
}
