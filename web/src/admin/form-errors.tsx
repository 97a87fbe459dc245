import { ApiError, errorMessage } from '../api/client.ts';
import { InlineError } from '../ui/index.ts';

type Issue = { message?: string };

/** Whether the server's error is about `field` or something inside it (`options.2.value`). */
function isAbout(error: ApiError, field: string): boolean {
  const named = String(error.details.field ?? '');
  return named === field || named.startsWith(`${field}.`);
}

/**
 * The server's message for one field (its error names the field in `details.field`), shown next to
 * that field. Schema failures carry the validator's wording, so those show the first issue alone.
 */
export function fieldError(error: unknown, field: string): string | null {
  if (!(error instanceof ApiError) || !isAbout(error, field)) return null;
  const [issue] = (error.details.issues as Issue[] | undefined) ?? [];
  if (error.details.in && issue?.message) return `This ${issue.message}`;
  return error.message;
}

/** The error no field on the form shows, above the form's buttons. */
export function FormError({ error, fields = [] }: { error: unknown; fields?: string[] }) {
  if (!error) return null;
  if (error instanceof ApiError && fields.some((field) => isAbout(error, field))) return null;
  return <InlineError>{errorMessage(error)}</InlineError>;
}
