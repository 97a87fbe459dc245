import type { HttpClient, HttpResponse } from './http-client.ts';

export type SignedUpOrganization = {
  rank: number;
  organizationId: string;
  ownerId: string;
  slug: string;
  /** An API token of the owner: it acts as the owner. */
  token: string;
};

export const OWNER_PASSWORD = 'bench-owner-password';

type SignedIn = { agent: { id: string }; organization: { id: string; slug: string }; csrfToken: string };

const slugOf = (rank: number) => `bench-${rank}`;
const ownerEmail = (rank: number) => `owner@${slugOf(rank)}.example`;

/** From a sign-up or sign-in response: the owner's session, then an API token made with it. */
async function withToken(
  client: HttpClient,
  rank: number,
  response: HttpResponse,
): Promise<SignedUpOrganization> {
  const signedIn = JSON.parse(response.body) as SignedIn;
  const cookie = [response.headers['set-cookie'] ?? []]
    .flat()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('ac_session='));
  if (!cookie) throw new Error('No session cookie in the response');
  const created = await client.json<{ token: string }>('POST', '/api/v1/api-tokens', 201, {
    body: { name: 'bench' },
    headers: { cookie, 'x-csrf-token': signedIn.csrfToken },
  });
  return {
    rank,
    organizationId: signedIn.organization.id,
    ownerId: signedIn.agent.id,
    slug: signedIn.organization.slug,
    token: created.token,
  };
}

async function each(
  client: HttpClient,
  count: number,
  signIn: (rank: number) => Promise<HttpResponse>,
  expected: number,
): Promise<SignedUpOrganization[]> {
  const organizations: SignedUpOrganization[] = [];
  for (let rank = 1; rank <= count; rank++) {
    const response = await signIn(rank);
    if (response.status !== expected) {
      throw new Error(`Organization ${rank}: ${response.status} ${response.body.slice(0, 500)}`);
    }
    organizations.push(await withToken(client, rank, response));
  }
  return organizations;
}

/**
 * The organizations the scenarios drive are made the way a customer makes one: sign-up over HTTP,
 * then an API token created with the owner's session. They become the largest organizations, ranks
 * 1..count, and the generator fills them like the others.
 */
export function signUpOrganizations(client: HttpClient, count: number): Promise<SignedUpOrganization[]> {
  const signUp = (rank: number) =>
    client.request('POST', '/api/v1/signup', {
      body: {
        organizationName: `Bench Company ${rank}`,
        slug: slugOf(rank),
        name: `Owner ${rank}`,
        email: ownerEmail(rank),
        password: OWNER_PASSWORD,
      },
    });
  return each(client, count, signUp, 201);
}

/** The same organizations in data kept by an earlier run (BENCH_REUSE): their owners sign in again. */
export function signInOrganizations(client: HttpClient, count: number): Promise<SignedUpOrganization[]> {
  const signIn = (rank: number) =>
    client.request('POST', '/api/v1/auth/login', {
      body: { email: ownerEmail(rank), password: OWNER_PASSWORD, organization: slugOf(rank) },
    });
  return each(client, count, signIn, 200);
}
