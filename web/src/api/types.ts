import type { paths } from './schema.d.ts';

// The server names no component schemas, so the shapes the screens use are read off the operations.
type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type ResponseOf<
  P extends keyof paths,
  M extends 'get' | 'post' | 'patch',
  C extends number = 200,
> = paths[P][M] extends { responses: infer R } ? (C extends keyof R ? Json<R[C]> : never) : never;
export type BodyOf<P extends keyof paths, M extends 'post' | 'patch' | 'put'> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? Json<NonNullable<B>>
  : never;

export type Ticket = ResponseOf<'/api/v1/tickets/{id}', 'get'>;
export type TicketPage = ResponseOf<'/api/v1/tickets', 'get'>;
/** A ticket as queues list it, with its requester's name and email. */
export type QueueTicket = TicketPage['items'][number];
export type QueueCounts = ResponseOf<'/api/v1/tickets/queue-counts', 'get'>;
export type TicketQuery = NonNullable<paths['/api/v1/tickets']['get']['parameters']['query']>;
export type TicketChanges = BodyOf<'/api/v1/tickets/{id}', 'patch'>;
export type Comment = ResponseOf<'/api/v1/tickets/{id}/comments', 'get'>['items'][number];
export type Cc = ResponseOf<'/api/v1/tickets/{id}/ccs', 'get'>['items'][number];
export type TicketEvent = ResponseOf<'/api/v1/tickets/{id}/events', 'get'>['items'][number];
export type SavedView = ResponseOf<'/api/v1/saved-views', 'get'>['items'][number];
export type Status = ResponseOf<'/api/v1/ticket-statuses', 'get'>['items'][number];
export type Priority = ResponseOf<'/api/v1/ticket-priorities', 'get'>['items'][number];
export type TicketField = ResponseOf<'/api/v1/ticket-fields', 'get'>['items'][number];
export type CannedResponse = ResponseOf<'/api/v1/canned-responses', 'get'>['items'][number];
export type Attachment = ResponseOf<'/api/v1/tickets/{id}/attachments', 'post', 201>;
export type Me = ResponseOf<'/api/v1/auth/me', 'get'>;
export type SlaTimer = Ticket['slaTimers'][number];
export type TicketSla = ResponseOf<'/api/v1/tickets/{id}/sla', 'get'>;
export type SlaEvent = TicketSla['events'][number];
export type Macro = ResponseOf<'/api/v1/macros', 'get'>['items'][number];
export type MacroAction = Macro['actions'][number];
export type MacroPreview = ResponseOf<'/api/v1/tickets/{id}/macros/{macroId}/preview', 'post'>;
export type MacroChange = MacroPreview['changes'][number];
