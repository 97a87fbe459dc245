import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { errorResponses, IdParams, NoContent, Page } from '../../lib/http-schemas.ts';
import { pageLimit } from '../../lib/pagination.ts';
import { actorOf } from '../auth/authenticate.ts';
import { countUnreadNotifications, listNotifications } from './list-notifications.ts';
import { markAllNotificationsRead, markNotificationRead } from './mark-notifications-read.ts';
import { getNotificationPreferences, saveNotificationPreferences } from './notification-preferences.ts';
import {
  NotificationListQuery,
  NotificationPreferencesBody,
  NotificationPreferencesSchema,
  NotificationSchema,
  UnreadCountSchema,
} from './notifications.schemas.ts';

/** The signed-in agent's own notifications and their email choices; nobody sees another's. */
export async function notificationsRoutes(app: App): Promise<void> {
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first, with the ticket and who caused each',
        querystring: NotificationListQuery,
        response: { 200: Page(NotificationSchema), ...errorResponses(400) },
      },
    },
    async (request) =>
      listNotifications(app.db, {
        actor: actorOf(request),
        unread: request.query.unread ?? false,
        limit: pageLimit(request.query),
        cursor: request.query.cursor,
      }),
  );

  app.get(
    '/notifications/unread-count',
    {
      schema: {
        tags: ['notifications'],
        summary: 'How many of my notifications are unread (the bell)',
        response: { 200: UnreadCountSchema, ...errorResponses() },
      },
    },
    async (request) => countUnreadNotifications(app.db, { actor: actorOf(request) }),
  );

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my notifications read',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await markNotificationRead(app.db, { actor: actorOf(request), notificationId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark all my notifications read',
        response: { 200: Type.Object({ marked: Type.Integer({ minimum: 0 }) }), ...errorResponses() },
      },
    },
    async (request) => markAllNotificationsRead(app.db, { actor: actorOf(request) }),
  );

  app.get(
    '/me/notification-preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Which kinds of my notifications are also emailed to me',
        response: { 200: NotificationPreferencesSchema, ...errorResponses() },
      },
    },
    async (request) => getNotificationPreferences(app.db, { actor: actorOf(request) }),
  );

  app.put(
    '/me/notification-preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Turn the emails of some kinds of my notifications on or off',
        body: NotificationPreferencesBody,
        response: { 200: NotificationPreferencesSchema, ...errorResponses(400) },
      },
    },
    async (request) =>
      saveNotificationPreferences(app.db, { actor: actorOf(request), changes: request.body }),
  );
}
