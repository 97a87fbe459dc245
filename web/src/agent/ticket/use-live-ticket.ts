import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { Composing, PresenceAgent, RealtimeEvent } from '../../realtime/protocol.ts';
import { useRealtime, useSubscription } from '../../realtime/realtime-context.tsx';
import { throttle } from '../../realtime/throttle.ts';
import { ticketKey } from './use-ticket.ts';

// Events of one transaction arrive together; one refetch answers them all.
const TICKET_REFRESH_MS = 250;

/** Which of the ticket's queries an event makes stale (attachments come with their comment). */
function staleParts(event: RealtimeEvent): string[] {
  const parts = ['events', 'sla'];
  if (event.kind === 'ticket.comment_added' || event.kind.startsWith('ticket.merge')) parts.push('comments');
  if (event.kind === 'ticket.ccs_changed') parts.push('ccs');
  return parts;
}

function refreshTicket(queryClient: QueryClient, ticketId: string, parts: Iterable<string>) {
  void queryClient.invalidateQueries({ queryKey: ticketKey(ticketId), exact: true });
  for (const part of parts) void queryClient.invalidateQueries({ queryKey: [...ticketKey(ticketId), part] });
}

/**
 * Follows one ticket: its events refresh the page's queries (the conversation, the fields, the
 * history), and the agents viewing it come with their typing state. Returns them and the sequence
 * number the page is up to date with.
 */
export function useLiveTicket(ticketId: string): { viewers: PresenceAgent[]; seq: number | null } {
  const queryClient = useQueryClient();
  const [viewers, setViewers] = useState<PresenceAgent[]>([]);
  const [seq, setSeq] = useState<number | null>(null);
  const refresh = useMemo(() => {
    const parts = new Set<string>();
    const flush = throttle(() => {
      refreshTicket(queryClient, ticketId, parts);
      parts.clear();
    }, TICKET_REFRESH_MS);
    return {
      add: (more: string[]) => {
        for (const part of more) parts.add(part);
        flush();
      },
      cancel: flush.cancel,
    };
  }, [queryClient, ticketId]);
  useEffect(() => {
    setViewers([]);
    setSeq(null);
    return refresh.cancel;
  }, [refresh]);

  useSubscription(
    { ticket: ticketId },
    {
      event: (event) => {
        setSeq(event.seq);
        refresh.add(staleParts(event));
      },
      synced: (sync) => {
        setSeq(sync.seq);
        if (sync.refetch) refresh.add(['comments', 'events', 'sla', 'ccs']);
      },
      presence: setViewers,
    },
  );
  return { viewers, seq };
}

/**
 * Tells the other agents this tab views the ticket, and whether a reply or a note is being written
 * (never its text). The client repeats it every ~10 s and forgets it when the page closes.
 */
export function usePresence(ticketId: string, composing: Composing): void {
  const client = useRealtime();
  useEffect(() => {
    if (!client) return;
    return () => client.setPresence(ticketId, undefined);
  }, [client, ticketId]);
  useEffect(() => {
    client?.setPresence(ticketId, composing);
  }, [client, ticketId, composing]);
}
