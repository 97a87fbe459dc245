import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client.ts';
import type { Attachment, Ticket } from '../../api/types.ts';
import type { Change } from '../../realtime/protocol.ts';
import { Button, InlineError, LockIcon, Toggle, useToast } from '../../ui/index.ts';
import { MacroPicker } from '../macros/macro-picker.tsx';
import { AttachmentDrop } from './attachment-drop.tsx';
import { CannedPicker } from './canned-picker.tsx';
import { CollisionDialog } from './collision-dialog.tsx';
import { usePresence } from './use-live-ticket.ts';

export type Visibility = 'public' | 'internal';
export type ComposerHandle = { start: (visibility: Visibility) => void };

const MODES = [
  { value: 'public' as const, label: 'Reply' },
  { value: 'internal' as const, label: 'Internal note', className: 'toggle-note' },
];

/** The changes a 409 from the collision guard lists, or null for any other failure. */
function collisionOf(error: unknown): { changes: Change[]; seq: number } | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null;
  const { changes, seq } = error.details;
  return Array.isArray(changes) && typeof seq === 'number' ? { changes: changes as Change[], seq } : null;
}

type ComposerProps = {
  ticket: Ticket;
  /** The realtime sequence number the page is up to date with (null until the socket answers). */
  liveSeq: number | null;
};

/**
 * Reply or internal note. The mode changes the whole box (colour, banner, label and the send button's
 * words), so an agent cannot miss which one they are about to send.
 *
 * The collision guard: the draft remembers the sequence number the ticket was at when it began, and
 * sends it as `seenSeq`. If someone replied or changed the ticket since (even if it appeared on the
 * page meanwhile, the writer may not have read it), the server refuses and the dialog shows what
 * happened.
 */
export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer(
  { ticket, liveSeq },
  ref,
) {
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [body, setBody] = useState('');
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [macrosOpen, setMacrosOpen] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const notify = useToast();
  const queryClient = useQueryClient();
  const internal = visibility === 'internal';
  const drafting = body.trim() !== '';
  const draftSeq = useRef<number | null>(null);
  const [collision, setCollision] = useState<Change[] | null>(null);
  usePresence(ticket.id, drafting ? (internal ? 'note' : 'reply') : null);
  useEffect(() => {
    if (!drafting) draftSeq.current = null;
    else if (draftSeq.current === null) draftSeq.current = liveSeq;
  }, [drafting, liveSeq]);

  useImperativeHandle(ref, () => ({
    start: (next) => {
      setVisibility(next);
      textarea.current?.focus();
    },
  }));

  const send = useMutation({
    mutationFn: async ({ force }: { force: boolean }) => {
      const seenSeq = draftSeq.current ?? liveSeq;
      return unwrap(
        await api.POST('/api/v1/tickets/{id}/comments', {
          params: { path: { id: ticket.id } },
          body: {
            body,
            visibility,
            attachmentIds: attachments.map((attachment) => attachment.id),
            ...(seenSeq === null ? {} : { seenSeq }),
            ...(force ? { force } : {}),
          },
        }),
      );
    },
    onError: (error) => setCollision(collisionOf(error)?.changes ?? null),
    onSuccess: () => {
      setCollision(null);
      notify(internal ? 'Internal note added' : 'Reply sent to the customer');
      setBody('');
      setAttachments([]);
      queryClient.invalidateQueries({ queryKey: ['ticket', ticket.id] });
      queryClient.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim()) send.mutate({ force: false });
  };
  // The agent has now been shown the changes: the draft counts as written after them.
  const review = () => {
    const seen = collisionOf(send.error)?.seq ?? null;
    if (seen !== null) draftSeq.current = Math.max(seen, draftSeq.current ?? 0);
    setCollision(null);
    send.reset();
    void queryClient.invalidateQueries({ queryKey: ['ticket', ticket.id] });
    textarea.current?.focus();
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
        {send.isError && !collisionOf(send.error) && (
          <InlineError>Not sent: {send.error.message}</InlineError>
        )}
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
      <CollisionDialog
        changes={collision}
        sending={send.isPending}
        onSendAnyway={() => send.mutate({ force: true })}
        onReview={review}
      />
    </>
  );
});
