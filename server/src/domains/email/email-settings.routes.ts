import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { errorResponses } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import {
  EmailSettingsBody,
  EmailSettingsSchema,
  EmailTemplateBody,
  EmailTemplateSchema,
  TemplateKind,
} from './email-settings.schemas.ts';
import { getEmailSettings, updateEmailSettings } from './email-settings.ts';
import { getEmailTemplate, saveEmailTemplate } from './email-templates.ts';

const KindParams = Type.Object({ kind: TemplateKind });

/** Admins: how the organization's mail goes out (SMTP server, sender name) and its automatic mail's text. */
export async function emailSettingsRoutes(app: App): Promise<void> {
  const systemRelay = Boolean(app.config.smtpRelayUrl);

  app.get(
    '/email/settings',
    {
      schema: {
        tags: ['email'],
        summary: 'The email settings (admins); the SMTP password is never returned',
        response: { 200: EmailSettingsSchema, ...errorResponses() },
      },
    },
    async (request) => getEmailSettings(app.db, actorOf(request), systemRelay),
  );

  app.put(
    '/email/settings',
    {
      schema: {
        tags: ['email'],
        summary: 'Change the email settings (admins); `smtp: null` sends through the system relay',
        body: EmailSettingsBody,
        response: { 200: EmailSettingsSchema, ...errorResponses(400) },
      },
    },
    async (request) =>
      updateEmailSettings(app.db, {
        actor: actorOf(request),
        changes: request.body,
        secretKey: app.config.secretKey,
        systemRelay,
      }),
  );

  app.get(
    '/email/templates/:kind',
    {
      schema: {
        tags: ['email'],
        summary: 'An automatic email’s template (admins): the saved one or the built-in text',
        params: KindParams,
        response: { 200: EmailTemplateSchema, ...errorResponses(400) },
      },
    },
    async (request) => getEmailTemplate(app.db, actorOf(request), request.params.kind),
  );

  app.put(
    '/email/templates/:kind',
    {
      schema: {
        tags: ['email'],
        summary: 'Save an automatic email’s template (admins); placeholders as in canned responses',
        params: KindParams,
        body: EmailTemplateBody,
        response: { 200: EmailTemplateSchema, ...errorResponses(400, 422) },
      },
    },
    async (request) =>
      saveEmailTemplate(app.db, {
        actor: actorOf(request),
        kind: request.params.kind,
        template: request.body,
      }),
  );
}
