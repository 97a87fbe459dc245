import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, IdParams, NoContent } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { createIntakeForm } from './create-intake-form.ts';
import { deleteIntakeForm } from './delete-intake-form.ts';
import { getIntakeForm, listIntakeForms } from './intake-form-rows.ts';
import { CreateIntakeFormBody, IntakeFormSchema, UpdateIntakeFormBody } from './intake-forms.schemas.ts';
import { updateIntakeForm } from './update-intake-form.ts';

// A short, bounded list (at most MAX_FORMS), returned whole in display order.
const FormList = Type.Object({ items: Type.Array(IntakeFormSchema), nextCursor: Type.Null() });

/** Admins define the portal's intake forms; agents may read them (to know what a ticket came from). */
export async function intakeFormsRoutes(app: App): Promise<void> {
  app.get(
    '/intake-forms',
    {
      schema: {
        tags: ['intake forms'],
        summary: "The organization's portal intake forms in display order",
        response: { 200: FormList, ...errorResponses() },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const items = await withTenant(app.db, organizationId, (tx) => listIntakeForms(tx, organizationId));
      return { items, nextCursor: null };
    },
  );

  app.post(
    '/intake-forms',
    {
      schema: {
        tags: ['intake forms'],
        summary: 'Define an intake form (admins)',
        description: 'Each field must be a custom field in use with visibleToCustomers (422 otherwise).',
        body: CreateIntakeFormBody,
        response: { 201: IntakeFormSchema, ...errorResponses(400, 409, 422) },
      },
    },
    async (request, reply) => {
      const form = await createIntakeForm(app.db, { actor: actorOf(request), ...request.body });
      reply.status(201);
      return form;
    },
  );

  app.get(
    '/intake-forms/:id',
    {
      schema: {
        tags: ['intake forms'],
        summary: 'One intake form',
        params: IdParams,
        response: { 200: IntakeFormSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      return withTenant(app.db, organizationId, (tx) => getIntakeForm(tx, organizationId, request.params.id));
    },
  );

  app.patch(
    '/intake-forms/:id',
    {
      schema: {
        tags: ['intake forms'],
        summary: 'Change an intake form (admins); `fields` replaces the whole list',
        params: IdParams,
        body: UpdateIntakeFormBody,
        response: { 200: IntakeFormSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request) =>
      updateIntakeForm(app.db, { actor: actorOf(request), formId: request.params.id, changes: request.body }),
  );

  app.delete(
    '/intake-forms/:id',
    {
      schema: {
        tags: ['intake forms'],
        summary: "Delete an intake form (admins); its tickets keep everything but the form's link",
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await deleteIntakeForm(app.db, { actor: actorOf(request), formId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}
