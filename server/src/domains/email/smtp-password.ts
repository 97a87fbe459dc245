import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// The SMTP password must be usable (we log in with it), so it is encrypted rather than hashed:
// AES-256-GCM under a key derived from SECRET_KEY, stored as `v1.<iv>.<tag>.<ciphertext>` (base64url).
const keyOf = (secretKey: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secretKey, '', 'actionconnect smtp password', 32));

export function encryptPassword(secretKey: string, password: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secretKey), iv);
  const sealed = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  return ['v1', ...[iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url'))].join('.');
}

export function decryptPassword(secretKey: string, stored: string): string {
  const [version, iv, tag, sealed] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || sealed === undefined)
    throw new Error('the stored SMTP password is unreadable');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secretKey), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}
