import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addAgent,
  assertError,
  type Credentials,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { type FilePart, multipartBody, tinyPng } from '../attachments/attachment-test-helpers.ts';

const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
]);

describe('portal branding', () => {
  let harness: TestApp;
  let org: TestOrganization;

  const putLogo = (as: Credentials, part: FilePart) => {
    const { payload, headers } = multipartBody(part);
    return call(harness.app, 'PUT', '/api/v1/organization/logo', { as, body: payload, headers });
  };
  const publicView = (slug: string) => call(harness.app, 'GET', `/api/v1/portal/organizations/${slug}`);

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app, 'Branded Inc');
  });
  after(() => harness.close());

  test('the public view has the name, the default color, no logo and only active forms', async () => {
    const as = org.owner.session;
    const post = (body: Record<string, unknown>) =>
      call(harness.app, 'POST', '/api/v1/intake-forms', { as, body });
    const shown = await post({ name: 'Report a bug', description: 'Something broke', position: 1 });
    await post({ name: 'Retired form', isActive: false, position: 0 });
    const first = await post({ name: 'Billing question', position: 0 });
    const view = await publicView(org.slug);
    assert.equal(view.statusCode, 200, view.body);
    assert.deepEqual(view.json(), {
      name: 'Branded Inc',
      slug: org.slug,
      brandColor: '#2563eb',
      logoUrl: null,
      forms: [
        { id: first.json().id, name: 'Billing question', description: '' },
        { id: shown.json().id, name: 'Report a bug', description: 'Something broke' },
      ],
    });
    assertError(await publicView('no-such-portal'), 404, 'not_found');
    assertError(await publicView('Not A Slug!'), 400, 'validation_failed');
  });

  test('admins set the brand color; agents cannot; anything but #rrggbb is refused', async () => {
    const patch = (as: Credentials, brandColor: string) =>
      call(harness.app, 'PATCH', '/api/v1/organization', { as, body: { brandColor } });
    const changed = await patch(org.owner.session, '#FF8800');
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().brandColor, '#ff8800');
    assert.equal((await publicView(org.slug)).json().brandColor, '#ff8800');
    for (const bad of ['red', '#fff', '#12345g', 'ff8800']) {
      assertError(await patch(org.owner.session, bad), 400, 'validation_failed');
    }
    const agent = await addAgent(harness.app, org, 'agent');
    assertError(await patch(agent.session, '#000000'), 403, 'forbidden');
  });

  test('a PNG logo is served publicly with its type, nosniff and cache headers; replacing it removes the old one', async () => {
    const uploaded = await putLogo(org.owner.session, {
      filename: 'logo.svg',
      content: tinyPng(),
      contentType: 'image/svg+xml',
    });
    assert.equal(uploaded.statusCode, 200, uploaded.body);
    const { logoUrl } = uploaded.json();
    assert.match(logoUrl, new RegExp(`^/api/v1/portal/organizations/${org.slug}/logo\\?v=logo-`));
    assert.equal((await publicView(org.slug)).json().logoUrl, logoUrl);
    assert.equal(
      (await call(harness.app, 'GET', '/api/v1/organization', { as: org.owner.session })).json().logoUrl,
      logoUrl,
    );

    const logo = await call(harness.app, 'GET', logoUrl);
    assert.equal(logo.statusCode, 200);
    assert.equal(logo.headers['content-type'], 'image/png', 'sniffed, not the claimed SVG');
    assert.equal(logo.headers['x-content-type-options'], 'nosniff');
    assert.match(String(logo.headers['cache-control']), /^public, max-age=\d+/);
    assert.deepEqual(logo.rawPayload, tinyPng());
    const again = await call(harness.app, 'GET', logoUrl, {
      headers: { 'if-none-match': String(logo.headers.etag) },
    });
    assert.equal(again.statusCode, 304);

    const oldKey = `${org.organizationId}/branding/${logoUrl.split('v=')[1]}`;
    assert.ok(await harness.app.storage.exists(oldKey));
    const replaced = await putLogo(org.owner.session, { filename: 'logo.jpg', content: JPEG });
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.notEqual(replaced.json().logoUrl, logoUrl);
    assert.equal(
      (await call(harness.app, 'GET', replaced.json().logoUrl)).headers['content-type'],
      'image/jpeg',
    );
    assert.equal(await harness.app.storage.exists(oldKey), false, 'the old logo is gone');
  });

  test('SVG, text, oversized files and agents are refused; nothing is kept', async () => {
    const other = await signUpOrganization(harness.app, 'Strict');
    const as = other.owner.session;
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    assertError(
      await putLogo(as, { filename: 'logo.png', content: svg, contentType: 'image/png' }),
      422,
      'unprocessable',
      {
        field: 'file',
        contentType: 'image/svg+xml',
      },
    );
    assertError(
      await putLogo(as, { filename: 'logo.png', content: Buffer.from('hello') }),
      422,
      'unprocessable',
    );
    const huge = Buffer.concat([tinyPng(), Buffer.alloc(512 * 1024)]);
    assertError(await putLogo(as, { filename: 'logo.png', content: huge }), 413, 'payload_too_large', {
      reason: 'file_size',
    });
    const agent = await addAgent(harness.app, other, 'agent');
    assertError(await putLogo(agent.session, { filename: 'logo.png', content: tinyPng() }), 403, 'forbidden');
    assertError(
      await call(harness.app, 'DELETE', '/api/v1/organization/logo', { as: agent.session }),
      403,
      'forbidden',
    );
    assert.equal((await publicView(other.slug)).json().logoUrl, null);
    assertError(
      await call(harness.app, 'GET', `/api/v1/portal/organizations/${other.slug}/logo`),
      404,
      'not_found',
    );
  });

  test('removing the logo takes it off the portal', async () => {
    const other = await signUpOrganization(harness.app, 'Plain');
    const as = other.owner.session;
    const uploaded = await putLogo(as, { filename: 'logo.png', content: tinyPng() });
    assert.equal(uploaded.statusCode, 200, uploaded.body);
    const removed = await call(harness.app, 'DELETE', '/api/v1/organization/logo', { as });
    assert.equal(removed.statusCode, 204);
    assert.equal((await publicView(other.slug)).json().logoUrl, null);
    const gone = await call(harness.app, 'GET', uploaded.json().logoUrl);
    assertError(gone, 404, 'not_found');
    assert.equal(gone.headers['cache-control'], undefined, 'a missing logo is not cached publicly');
    assert.equal((await call(harness.app, 'DELETE', '/api/v1/organization/logo', { as })).statusCode, 204);
    // Another organization's logo is untouched by all this.
    assert.equal(
      (await call(harness.app, 'GET', `/api/v1/portal/organizations/${org.slug}/logo`)).statusCode,
      200,
    );
  });
});
