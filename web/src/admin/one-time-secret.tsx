import { errorMessage } from '../api/client.ts';
import { Button, useToast } from '../ui/index.ts';

type OneTimeSecretProps = { title: string; secret: string; hint: string; onDismiss: () => void };

/** A token or link the server shows only once: visible, selectable and copyable until dismissed. */
export function OneTimeSecret({ title, secret, hint, onDismiss }: OneTimeSecretProps) {
  const notify = useToast();
  const copy = () =>
    navigator.clipboard.writeText(secret).then(
      () => notify('Copied to the clipboard'),
      (error: unknown) => notify(`Could not copy (${errorMessage(error)}); select the text instead`, 'error'),
    );
  return (
    <div className="secret" role="status">
      <strong>{title}</strong>
      <code>{secret}</code>
      <p className="field-hint">{hint}</p>
      <Button size="small" variant="primary" onClick={copy}>
        Copy
      </Button>{' '}
      <Button size="small" onClick={onDismiss}>
        Done
      </Button>
    </div>
  );
}
