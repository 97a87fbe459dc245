import type { ResponseOf } from '../api/types.ts';

// The portal's shapes, read off its operations like the agent console's (see api/types.ts).
export type Branding = ResponseOf<'/api/v1/portal/organizations/{slug}', 'get'>;
export type PortalMe = ResponseOf<'/api/v1/portal/me', 'get'>;
export type PortalForm = ResponseOf<'/api/v1/portal/forms', 'get'>['items'][number];
export type FormField = PortalForm['fields'][number];
export type CustomerRequest = ResponseOf<'/api/v1/portal/tickets/{id}', 'get'>;
export type PublicComment = ResponseOf<'/api/v1/portal/tickets/{id}/comments', 'get'>['items'][number];
export type Upload = ResponseOf<'/api/v1/portal/uploads', 'post', 201>;
