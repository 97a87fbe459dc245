import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, IdParams, NoContent } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { getCalendar, listCalendars } from './calendar-rows.ts';
import { importHolidays, previewCalendar } from './calendar-tools.ts';
import { deleteCalendar } from './delete-calendar.ts';
import { createCalendar, updateCalendar } from './save-calendar.ts';
import { setDefaultCalendar } from './set-default-calendar.ts';
import { CalendarSchema, CreateCalendarBody, UpdateCalendarBody } from './sla.schemas.ts';

// At most MAX_CALENDARS per organization, so the list comes whole, by name.
const CalendarList = Type.Object({ items: Type.Array(CalendarSchema), nextCursor: Type.Null() });

export async function calendarsRoutes(app: App): Promise<void> {
  app.get(
    '/calendars',
    {
      schema: {
        tags: ['sla'],
        summary: "The organization's SLA calendars, by name",
        response: { 200: CalendarList, ...errorResponses() },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const items = await withTenant(app.db, organizationId, (tx) => listCalendars(tx, organizationId));
      return { items, nextCursor: null };
    },
  );

  app.post(
    '/calendars',
    {
      schema: {
        tags: ['sla'],
        summary: 'Add a calendar (admins)',
        body: CreateCalendarBody,
        response: { 201: CalendarSchema, ...errorResponses(400, 409, 422) },
      },
    },
    async (request, reply) => {
      const calendar = await createCalendar(app.db, { actor: actorOf(request), ...request.body });
      reply.status(201);
      return calendar;
    },
  );

  app.get(
    '/calendars/:id',
    {
      schema: {
        tags: ['sla'],
        summary: 'One calendar',
        params: IdParams,
        response: { 200: CalendarSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      return withTenant(app.db, organizationId, (tx) => getCalendar(tx, organizationId, request.params.id));
    },
  );

  app.patch(
    '/calendars/:id',
    {
      schema: {
        tags: ['sla'],
        summary: 'Rename a calendar or replace its spec (admins)',
        params: IdParams,
        body: UpdateCalendarBody,
        response: { 200: CalendarSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request) =>
      updateCalendar(app.db, {
        actor: actorOf(request),
        jobs: app.jobs,
        calendarId: request.params.id,
        changes: request.body,
      }),
  );

  app.delete(
    '/calendars/:id',
    {
      schema: {
        tags: ['sla'],
        summary: 'Delete a calendar (admins); not the default, nor one a policy uses (409)',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteCalendar(app.db, { actor: actorOf(request), calendarId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/calendars/:id/default',
    {
      schema: {
        tags: ['sla'],
        summary: 'Make a calendar the organization default (admins)',
        params: IdParams,
        response: { 200: CalendarSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      setDefaultCalendar(app.db, { actor: actorOf(request), jobs: app.jobs, calendarId: request.params.id }),
  );

  app.post(
    '/calendars/:id/preview',
    {
      schema: {
        tags: ['sla'],
        summary:
          'When a ticket created at `start` with a target of `minutes` business minutes is due (admins)',
        params: IdParams,
        body: PreviewBody,
        response: { 200: PreviewSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) =>
      previewCalendar(app.db, { actor: actorOf(request), calendarId: request.params.id, ...request.body }),
  );

  app.post(
    '/calendars/:id/holidays/import',
    {
      schema: {
        tags: ['sla'],
        summary: "Add the all-day events of an iCalendar (.ics) file to a calendar's holidays (admins)",
        params: IdParams,
        body: HolidayImportBody,
        response: { 200: HolidayImportSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) =>
      importHolidays(app.db, {
        jobs: app.jobs,
        actor: actorOf(request),
        calendarId: request.params.id,
        ics: request.body.ics,
      }),
  );
}

const PreviewBody = Type.Object(
  {
    start: Type.String({ format: 'date-time', description: 'When the ticket is created' }),
    minutes: Type.Integer({ minimum: 0, maximum: 525_600, description: 'The target, in business minutes' }),
  },
  { additionalProperties: false },
);

const PreviewSchema = Type.Object({
  start: Type.String(),
  minutes: Type.Integer(),
  due: Type.String({ description: "The due instant, with the calendar's offset" }),
  dueLocal: Type.String({ description: "The due time as people read it in the calendar's zone" }),
});

const HolidayImportBody = Type.Object(
  { ics: Type.String({ minLength: 1, maxLength: 2_000_000, description: 'The text of the .ics file' }) },
  { additionalProperties: false },
);

const HolidayImportSchema = Type.Object({
  calendar: CalendarSchema,
  imported: Type.Integer({ description: 'Holidays added' }),
  alreadyThere: Type.Integer({ description: 'Holidays the calendar had already' }),
  ignoredTimedEvents: Type.Integer({ description: 'Events with a time of day: not whole days' }),
  ignoredRecurringEvents: Type.Integer({ description: 'Endless rules other than yearly on one date' }),
});
