import { type DragEvent, useId, useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { Button, InlineError, Spinner } from '../../ui/index.ts';
import { formatSize } from '../format.ts';
import type { Upload } from '../portal-types.ts';
import { uploadFile } from './upload.ts';

type FileDropProps = {
  /** Where the files go: the request's attachments, or the uploads waiting for a form. */
  uploadPath: string;
  files: Upload[];
  onChange: (next: Upload[]) => void;
};

/** Files chosen with the button or dropped on the zone are uploaded at once and listed to send. */
export function FileDrop({ uploadPath, files, onChange }: FileDropProps) {
  const [dragging, setDragging] = useState(false);
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  const upload = async (chosen: File[]) => {
    if (chosen.length === 0) return;
    setError(null);
    setUploading((count) => count + chosen.length);
    const done: Upload[] = [];
    for (const file of chosen) {
      try {
        done.push(await uploadFile(uploadPath, file));
      } catch (failure) {
        setError(`${file.name}: ${errorMessage(failure)}`);
      } finally {
        setUploading((count) => count - 1);
      }
    }
    onChange([...files, ...done]);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void upload([...event.dataTransfer.files]);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a shortcut; the "Attach files" button does the same
    <div
      className={dragging ? 'portal-drop dragging' : 'portal-drop'}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="portal-drop-row">
        <label htmlFor={inputId} className="btn btn-small portal-file-button">
          Attach files
        </label>
        <input
          id={inputId}
          type="file"
          multiple
          className="visually-hidden"
          onChange={(event) => {
            void upload([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
        <span className="portal-muted">or drop files here</span>
        {uploading > 0 && <Spinner label="Uploading" />}
      </div>
      {error && <InlineError>{error}</InlineError>}
      {files.length > 0 && (
        <ul className="portal-files" aria-label="Files to send">
          {files.map((file) => (
            <li key={file.id}>
              {file.filename} <span className="portal-muted">({formatSize(file.sizeBytes)})</span>{' '}
              <Button
                size="small"
                variant="ghost"
                aria-label={`Remove ${file.filename}`}
                onClick={() => onChange(files.filter((other) => other.id !== file.id))}
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
