import { type ClipboardEvent, type DragEvent, type ReactNode, useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import type { Attachment } from '../../api/types.ts';
import { Button, InlineError, Spinner } from '../../ui/index.ts';
import { uploadAttachment } from './upload.ts';

type AttachmentDropProps = {
  ticketId: string;
  attachments: Attachment[];
  onChange: (next: Attachment[]) => void;
  children: ReactNode;
};

/** Files dropped on, pasted into or chosen for the composer are uploaded at once and listed below it. */
export function AttachmentDrop({ ticketId, attachments, onChange, children }: AttachmentDropProps) {
  const [dragging, setDragging] = useState(false);
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const upload = async (files: File[]) => {
    if (files.length === 0) return;
    setError(null);
    setUploading((count) => count + files.length);
    const done: Attachment[] = [];
    for (const file of files) {
      try {
        done.push(await uploadAttachment(ticketId, file));
      } catch (failure) {
        setError(`${file.name}: ${errorMessage(failure)}`);
      } finally {
        setUploading((count) => count - 1);
      }
    }
    onChange([...attachments, ...done]);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void upload([...event.dataTransfer.files]);
  };
  const onPaste = (event: ClipboardEvent) => {
    const files = [...event.clipboardData.files];
    if (files.length === 0) return;
    event.preventDefault();
    void upload(files);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a shortcut; the "Attach files" button does the same
    <div
      className={dragging ? 'drop-zone dragging' : 'drop-zone'}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      onPaste={onPaste}
    >
      {children}
      <div className="attachment-row">
        <label className="btn btn-ghost btn-small">
          Attach files
          <input
            type="file"
            multiple
            className="visually-hidden"
            onChange={(event) => void upload([...(event.target.files ?? [])])}
          />
        </label>
        <span className="muted">or drop or paste files here</span>
        {uploading > 0 && <Spinner label="Uploading" />}
      </div>
      {error && <InlineError>{error}</InlineError>}
      {attachments.length > 0 && (
        <ul className="attachment-list" aria-label="Files to send">
          {attachments.map((attachment) => (
            <li key={attachment.id}>
              {attachment.filename}{' '}
              <Button
                size="small"
                variant="ghost"
                aria-label={`Remove ${attachment.filename}`}
                onClick={() => onChange(attachments.filter((other) => other.id !== attachment.id))}
              >
                ✕
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
