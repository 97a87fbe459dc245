const ORGANIZATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// A segment starts with a letter or digit and holds no separator, so `..` or an absolute path cannot
// occur: a key never leaves its organization's folder or prefix.
const NAME_SEGMENT = /^[a-z0-9][a-z0-9._-]{0,127}$/i;

/** The key of an organization's object, e.g. `objectKey(orgId, attachmentId)` or `objectKey(orgId, 'emails', id)`. */
export function objectKey(organizationId: string, ...name: string[]): string {
  const key = [organizationId, ...name].join('/');
  assertObjectKey(key);
  return key;
}

export function assertObjectKey(key: string): void {
  const [organizationId = '', ...name] = key.split('/');
  const valid =
    ORGANIZATION_ID.test(organizationId) &&
    name.length > 0 &&
    name.every((segment) => NAME_SEGMENT.test(segment));
  if (!valid) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
}
