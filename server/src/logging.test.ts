import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, createLoggedApp, createTestApp, signUpOrganization } from './test/test-app.ts';

test('request log lines carry the request id, organization id and user id', async () => {
  const harness = await createTestApp();
  const { app, lines } = await createLoggedApp(harness);
  try {
    const org = await signUpOrganization(harness.app);
    const response = await call(app, 'GET', '/api/v1/teams', {
      as: org.owner.session,
      headers: { 'x-request-id': 'log-test-1' },
    });
    assert.equal(response.statusCode, 200);
    const requestLines = lines.filter((line) => line.requestId === 'log-test-1');
    const completed = requestLines.find((line) => line.msg === 'request completed');
    assert.ok(completed, JSON.stringify(requestLines));
    assert.equal(completed.organizationId, org.organizationId);
    assert.equal(completed.userId, org.owner.id);
    const serialized = JSON.stringify(lines);
    assert.ok(!serialized.includes(org.owner.session.cookie), 'the session cookie is never logged');
  } finally {
    await app.close();
    await harness.close();
  }
});
