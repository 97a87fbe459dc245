import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, IdParams } from '../../lib/http-schemas.ts';
import { contactOf } from '../auth/authenticate.ts';
import { ContactTicketSchema } from '../portal/portal.schemas.ts';
import { FormSubmissionBody, PortalFormSchema } from './intake-forms.schemas.ts';
import { listOfferedForms, toPortalForm } from './portal-forms.ts';
import { submitIntakeForm } from './submit-intake-form.ts';

const portal = { audience: 'contact' } as const;
const security = [{ portalSessionCookie: [] }];

/** The customer's side of intake forms: the active forms of their organization, and sending one. */
export async function portalFormsRoutes(app: App): Promise<void> {
  app.get(
    '/portal/forms',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: 'The forms I can open a request with, their fields ready to render',
        security,
        response: {
          200: Type.Object({ items: Type.Array(PortalFormSchema), nextCursor: Type.Null() }),
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const { organizationId } = contactOf(request);
      const forms = await withTenant(app.db, organizationId, (tx) => listOfferedForms(tx, organizationId));
      return { items: forms.map(toPortalForm), nextCursor: null };
    },
  );

  app.post(
    '/portal/forms/:id/submissions',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: 'Open a request with a form',
        description:
          "Values only for the form's fields (422 on `customFields.<key>` otherwise), its required ones filled. " +
          '`attachmentIds`: my uploads from POST /portal/uploads not yet sent.',
        security,
        params: IdParams,
        body: FormSubmissionBody,
        response: { 201: ContactTicketSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => {
      const ticket = await submitIntakeForm(app.db, {
        contact: contactOf(request),
        jobs: app.jobs,
        formId: request.params.id,
        submission: request.body,
      });
      reply.status(201);
      return ticket;
    },
  );
}
