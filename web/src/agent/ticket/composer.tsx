import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Attachment, Ticket } from '../../api/types.ts';
import { Button, InlineError, LockIcon, Toggle, useToast } from '../../ui/index.ts';
import { MacroPicker } from '../macros/macro-picker.tsx';
import { AttachmentDrop } from './attachment-drop.tsx';
import { CannedPicker } from './canned-picker.tsx';

export type Visibility = 'public' | 'internal';
export type ComposerHandle = { start: (visibility: Visibility) => void };

const MODES = [
  { value: 'public' as const, label: 'Reply' },
  { value: 'internal' as const, label: 'Internal note', className: 'toggle-note' },
];

/**
 * Reply or internal note. The mode changes the whole box (colour, banner, label and the send button's
 * words), so an agent cannot miss which one they are about to send.
 */
export const Composer = forwardRef<ComposerHandle, { ticket: Ticket }>(function Composer({ ticket }, ref) {
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [body, setBody] = useState('');
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [macrosOpen, setMacrosOpen] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const notify = useToast();
  const queryClient = useQueryClient();
  const internal = visibility === 'internal';

  useImperativeHandle(ref, () => ({
    start: (next) => {
      setVisibility(next);
      textarea.current?.focus();
    },
  }));

  const send = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/tickets/{id}/comments', {
          params: { path: { id: ticket.id } },
          body: { body, visibility, attachmentIds: attachments.map((attachment) => attachment.id) },
        }),
      ),
    onSuccess: () => {
      notify(internal ? 'Internal note added' : 'Reply sent to the customer');
      setBody('');
      setAttachments([]);
      queryClient.invalidateQueries({ queryKey: ['ticket', ticket.id] });
      queryClient.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim()) send.mutate();
  };
  const insert = (text: string) => {
    setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${text}` : text));
    textarea.current?.focus();
  };

  return (
    <>
      <form
        className={internal ? 'composer composer-internal' : 'composer'}
        onSubmit={submit}
        aria-label="Composer"
      >
        <div className="composer-top">
          <Toggle label="Message type" value={visibility} options={MODES} onChange={setVisibility} />
          <Button size="small" variant="ghost" onClick={() => setPickerOpen(true)}>
            Insert canned response
          </Button>
          <Button size="small" variant="ghost" onClick={() => setMacrosOpen(true)}>
            Macros
          </Button>
        </div>
        {internal && (
          <p className="composer-banner">
            <LockIcon /> Internal note: only agents see this. The customer is not notified.
          </p>
        )}
        <AttachmentDrop ticketId={ticket.id} attachments={attachments} onChange={setAttachments}>
          <label htmlFor="composer-body" className="visually-hidden">
            {internal ? 'Internal note for your team' : 'Reply to the customer'}
          </label>
          <textarea
            id="composer-body"
            ref={textarea}
            className="input composer-text"
            placeholder={internal ? 'Write a note for your team…' : 'Write your reply to the customer…'}
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
        </AttachmentDrop>
        {send.isError && <InlineError>Not sent: {send.error.message}</InlineError>}
        <div className="composer-actions">
          <Button
            type="submit"
            variant={internal ? 'note' : 'primary'}
            disabled={send.isPending || !body.trim()}
          >
            {send.isPending ? 'Sending…' : internal ? 'Add internal note' : 'Send reply to customer'}
          </Button>
        </div>
      </form>
      <CannedPicker
        ticketId={ticket.id}
        open={pickerOpen}
        onClose={() => setPickerOpen(false)}
        onPick={insert}
      />
      <MacroPicker ticket={ticket} open={macrosOpen} onClose={() => setMacrosOpen(false)} />
    </>
  );
});
