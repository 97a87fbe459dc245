import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { Button, InlineError, TextArea, useToast } from '../../ui/index.ts';
import { FileDrop } from '../files/file-drop.tsx';
import type { CustomerRequest, Upload } from '../portal-types.ts';
import { useReply } from './use-requests.ts';

/** The customer's reply with files; on a solved request it reopens it (if the team allows). */
export function ReplyForm({ request }: { request: CustomerRequest }) {
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<Upload[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const reply = useReply(request.id);
  const notify = useToast();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return setProblem('Write your message first');
    setProblem(null);
    reply.mutate(
      { body, attachmentIds: files.map((file) => file.id) },
      {
        onSuccess: () => {
          notify('Your reply was sent');
          setBody('');
          setFiles([]);
        },
      },
    );
  };
  return (
    <form className="portal-card" onSubmit={submit} noValidate aria-labelledby="reply-title">
      <h2 id="reply-title">Reply</h2>
      {reply.isError && <InlineError>Not sent: {errorMessage(reply.error)}</InlineError>}
      <TextArea
        label="Your message"
        rows={5}
        value={body}
        error={problem}
        onChange={(event) => setBody(event.target.value)}
      />
      <FileDrop
        uploadPath={`/api/v1/portal/tickets/${request.id}/attachments`}
        files={files}
        onChange={setFiles}
      />
      <div className="portal-actions">
        <Button type="submit" variant="primary" disabled={reply.isPending}>
          {reply.isPending ? 'Sending…' : 'Send reply'}
        </Button>
      </div>
    </form>
  );
}
