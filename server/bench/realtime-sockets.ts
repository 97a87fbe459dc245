import { WebSocket } from 'ws';

/** How often each socket says it still views its ticket, as the web client does (docs/realtime.md). */
const HEARTBEAT_MS = 10_000;
/** Sockets opened at once while connecting, so the handshakes do not all queue at the same instant. */
const CONNECTING_AT_ONCE = 50;

/** A comment posted by the bench: when it was sent, and how many subscribed sockets still await it. */
export type Pending = { sentAt: number; waiting: number; done: () => void };

/**
 * The agents' side: WebSockets, each signed in by an agent's session cookie, subscribed to one ticket
 * and sending presence heartbeats. Every comment event they receive is matched to the comment the
 * bench posted (by the marker in its body) and its delivery latency recorded.
 */
export class SocketFleet {
  private readonly sockets: WebSocket[] = [];
  private heartbeat: NodeJS.Timeout | undefined;
  /** Markers of comments in flight. */
  readonly pending = new Map<string, Pending>();
  /** Milliseconds from sending the comment's POST to its event arriving on a socket, one per delivery. */
  latencies: number[] = [];
  /** Deliveries that came after their comment's deadline (counted as lost first, then as late). */
  late = 0;
  /** Deliveries missing at their comment's deadline. */
  lost = 0;
  /** Events for no comment the bench posted, or for one already complete: duplicates. */
  strays = 0;
  /** Markers of comments whose deadline passed with deliveries missing. */
  private readonly expired = new Set<string>();
  /** Sockets the server closed before the bench was done with them. */
  closedEarly = 0;
  private closing = false;

  constructor(private readonly wsUrl: string) {}

  /** Opens and subscribes `count` sockets, socket i for ticket i mod tickets, as agent i mod agents. */
  async connect(count: number, ticketIds: readonly string[], cookies: readonly string[]): Promise<void> {
    for (let first = 0; first < count; first += CONNECTING_AT_ONCE) {
      const batch: Promise<void>[] = [];
      for (let index = first; index < Math.min(count, first + CONNECTING_AT_ONCE); index++) {
        const ticketId = ticketIds[index % ticketIds.length] as string;
        batch.push(this.open(ticketId, cookies[index % cookies.length] as string));
      }
      await Promise.all(batch);
    }
    this.heartbeat = setInterval(() => {
      for (const socket of this.sockets) {
        const ticketId = (socket as WebSocket & { ticketId?: string }).ticketId;
        if (socket.readyState === WebSocket.OPEN)
          socket.send(JSON.stringify({ type: 'presence', ticketId, composing: null }));
      }
    }, HEARTBEAT_MS);
  }

  private open(ticketId: string, cookie: string): Promise<void> {
    const socket = new WebSocket(`${this.wsUrl}/api/v1/realtime`, {
      headers: { cookie },
      perMessageDeflate: false,
    }) as WebSocket & { ticketId?: string };
    socket.ticketId = ticketId;
    this.sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`upgrade refused: ${response.statusCode}`)),
      );
      socket.once('open', () => {
        socket.send(JSON.stringify({ type: 'subscribe', ref: 's', to: { ticket: ticketId } }));
      });
      socket.on('close', () => {
        if (!this.closing) this.closedEarly++;
      });
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as {
          type: string;
          ref?: string;
          kind?: string;
          payload?: { comment?: { bodyText?: string } };
        };
        if (message.type === 'subscribed' && message.ref === 's') {
          socket.send(JSON.stringify({ type: 'presence', ticketId, composing: null }));
          resolve();
          return;
        }
        if (message.type === 'error') reject(new Error(`socket error: ${JSON.stringify(message)}`));
        if (message.type === 'event' && message.kind === 'ticket.comment_added')
          this.arrived(message.payload?.comment?.bodyText ?? '');
      });
    });
  }

  private arrived(body: string): void {
    const marker = /bench-\d+/.exec(body)?.[0] ?? '';
    const pending = this.pending.get(marker);
    if (!pending) {
      if (this.expired.has(marker)) this.late++;
      else this.strays++;
      return;
    }
    this.latencies.push(performance.now() - pending.sentAt);
    pending.waiting--;
    if (pending.waiting === 0) {
      this.pending.delete(marker);
      pending.done();
    }
  }

  /** At a comment's deadline: whatever has not arrived is lost (and late if it comes after all). */
  expire(marker: string): void {
    const pending = this.pending.get(marker);
    if (!pending) return;
    this.pending.delete(marker);
    this.lost += pending.waiting;
    this.expired.add(marker);
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.closing = true;
    const open = this.sockets.filter((socket) => socket.readyState === WebSocket.OPEN);
    await Promise.all(
      open.map(
        (socket) =>
          new Promise<void>((resolve) => {
            socket.once('close', () => resolve());
            socket.close();
          }),
      ),
    );
  }
}
