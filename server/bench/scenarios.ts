import pg from 'pg';
import { contactEmail } from './generate.ts';
import type { HttpClient } from './http-client.ts';
import type { Operation } from './load.ts';
import { CUSTOMER_PHRASES, SUBJECTS } from './phrases.ts';
import type { SignedUpOrganization } from './tenants.ts';

export type Scenario = {
  name: string;
  concurrency: number;
  operation: Operation;
  /** What the responses held, to show the reads were not empty. */
  note?: () => string;
};

/** Ids the scenarios pick from, all in the largest organization. */
export type Fixtures = {
  agentIds: string[];
  ticketIds: string[];
  /** The most commented tickets, for "a ticket with its 20 newest comments". */
  longTicketIds: string[];
  longTicketMinComments: number;
  contacts: number;
};

export async function loadFixtures(databaseUrl: string, organizationId: string): Promise<Fixtures> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = async (sql: string) =>
      (await client.query<{ id: string }>(sql, [organizationId])).rows.map((row) => row.id);
    const long = await client.query<{ id: string; comments: string }>(
      `select ticket_id as id, count(*) as comments from ticket_comments where organization_id = $1
        group by ticket_id order by count(*) desc limit 1000`,
      [organizationId],
    );
    const [contacts] = (
      await client.query<{ count: string }>('select count(*) from contacts where organization_id = $1', [
        organizationId,
      ])
    ).rows;
    return {
      agentIds: await ids('select id from agents where organization_id = $1 and is_active'),
      ticketIds: await ids('select id from tickets where organization_id = $1 order by random() limit 5000'),
      longTicketIds: long.rows.map((row) => row.id),
      longTicketMinComments: Number(long.rows.at(-1)?.comments ?? 0),
      contacts: Number(contacts?.count ?? 0),
    };
  } finally {
    await client.end();
  }
}

const pick = <T>(items: T[]): T => {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('Nothing to pick from');
  return item;
};

const failed = (status: number, expected: number) => (status === expected ? null : status);

/** A new ticket with its first comment; a fifth of the requesters are new contacts. */
function createTicket(client: HttpClient, tokenOf: (worker: number) => string, contacts: number): Operation {
  return async (worker) => {
    const seq = 1 + Math.floor(Math.random() * Math.max(1, contacts) * 1.25);
    const response = await client.request('POST', '/api/v1/tickets', {
      token: tokenOf(worker),
      body: {
        subject: pick(SUBJECTS),
        requester: { email: contactEmail(seq) },
        comment: {
          body: `Hello,\n\n${pick(CUSTOMER_PHRASES)} ${pick(CUSTOMER_PHRASES)}`,
          visibility: 'public',
        },
      },
    });
    return failed(response.status, 201);
  };
}

/** A read whose responses are counted, so the report can show the pages were full. */
function countedRead(
  what: string,
  read: () => Promise<{ status: number; items: number }>,
): Pick<Scenario, 'operation' | 'note'> {
  let pages = 0;
  let items = 0;
  return {
    operation: async () => {
      const result = await read();
      if (result.status !== 200) return result.status;
      pages++;
      items += result.items;
      return null;
    },
    note: () => `avg ${(items / Math.max(1, pages)).toFixed(1)} ${what} per page`,
  };
}

const itemCount = (body: string) => (JSON.parse(body) as { items: unknown[] }).items.length;

export function scenarios(
  client: HttpClient,
  organizations: SignedUpOrganization[],
  fixtures: Fixtures,
): Scenario[] {
  const largest = organizations[0];
  if (!largest) throw new Error('No signed-up organization');
  const token = largest.token;

  // The queue of a random agent of the largest organization: new and open tickets assigned to them.
  const queue = () =>
    countedRead('tickets', async () => {
      const agent = pick(fixtures.agentIds);
      const response = await client.request(
        'GET',
        `/api/v1/tickets?statusCategory=new&statusCategory=open&assignee=${agent}&limit=50`,
        { token },
      );
      return { status: response.status, items: response.status === 200 ? itemCount(response.body) : 0 };
    });

  // A ticket page asks for the ticket and its latest comments at once, as a browser would.
  const ticketView = countedRead('comments', async () => {
    const id = pick(fixtures.longTicketIds);
    const [ticket, comments] = await Promise.all([
      client.request('GET', `/api/v1/tickets/${id}`, { token }),
      client.request('GET', `/api/v1/tickets/${id}/comments?limit=20&order=desc`, { token }),
    ]);
    const status = ticket.status === 200 ? comments.status : ticket.status;
    return { status, items: status === 200 ? itemCount(comments.body) : 0 };
  });

  const addComment: Operation = async () => {
    const response = await client.request('POST', `/api/v1/tickets/${pick(fixtures.ticketIds)}/comments`, {
      token,
      body: { body: `Thanks, we are looking into it.\n\n${pick(CUSTOMER_PHRASES)}`, visibility: 'public' },
    });
    return failed(response.status, 201);
  };

  const inLargest = createTicket(client, () => token, fixtures.contacts);
  // Each worker writes to one of the signed-up organizations, as many tenants' agents would.
  const spread = createTicket(
    client,
    (worker) => organizations[worker % organizations.length]?.token ?? token,
    fixtures.contacts,
  );
  return [
    { name: 'create ticket + comment, 1 org', concurrency: 8, operation: inLargest },
    { name: 'create ticket + comment, 1 org', concurrency: 64, operation: inLargest },
    { name: `create ticket + comment, ${organizations.length} orgs`, concurrency: 64, operation: spread },
    { name: 'add comment', concurrency: 8, operation: addComment },
    { name: 'agent queue (50, largest org)', concurrency: 1, ...queue() },
    { name: 'agent queue (50, largest org)', concurrency: 8, ...queue() },
    { name: 'ticket + 20 newest comments', concurrency: 8, ...ticketView },
  ];
}
