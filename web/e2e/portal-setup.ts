// Set-up for the portal journey, through the API as the demo organization's people.
import type { Page } from 'playwright-core';
import type { apiSession } from './harness.ts';

export const OWNER = { email: 'owner@demo.actionconnect.test', password: 'demo-owner-password' };
export const AGENT = { email: 'agent@demo.actionconnect.test', password: 'demo-agent-password' };
export const CONTACT_EMAIL = 'ada@example.com';

type Call = Awaited<ReturnType<typeof apiSession>>;

/** One custom field of each of the six types, all visible to customers, on one active intake form. */
export async function defineIntakeForm(owner: Call, stamp: number) {
  const fields = [
    {
      key: `plan_${stamp}`,
      label: 'Plan',
      type: 'select',
      options: [
        { value: 'basic', label: 'Basic' },
        { value: 'gold', label: 'Gold' },
      ],
    },
    { key: `order_${stamp}`, label: 'Order number', type: 'text' },
    { key: `seats_${stamp}`, label: 'Seats', type: 'number' },
    { key: `since_${stamp}`, label: 'Broken since', type: 'date' },
    { key: `urgent_${stamp}`, label: 'Blocks my work', type: 'checkbox' },
    {
      key: `areas_${stamp}`,
      label: 'Affected areas',
      type: 'multiselect',
      options: [
        { value: 'login', label: 'Login' },
        { value: 'billing', label: 'Billing' },
      ],
    },
  ];
  for (const field of fields)
    await owner('POST', '/api/v1/ticket-fields', { ...field, visibleToCustomers: true });
  const formFields = fields.map((field, position) => ({
    fieldKey: field.key,
    required: position === 0,
    helpText: position === 0 ? 'As shown on your invoice' : null,
    position,
  }));
  const form = await owner<{ id: string }>('POST', '/api/v1/intake-forms', {
    name: `Technical problem ${stamp}`,
    description: 'Something does not work as it should',
    fields: formFields,
  });
  /** The order number becomes required after the customer opened the form: only the server knows. */
  const requireOrderNumber = () =>
    owner('PATCH', `/api/v1/intake-forms/${form.id}`, {
      fields: formFields.map((field, position) => ({ ...field, required: position <= 1 })),
    });
  return { formId: form.id, name: `Technical problem ${stamp}`, requireOrderNumber };
}

/** Agents' calls that carry files (multipart), which apiSession's JSON calls do not. */
export async function multipartSession(url: string, email: string, password: string) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(
    method: string,
    pathname: string,
    file: { name: string; type: string; bytes: Uint8Array<ArrayBuffer> },
  ) => {
    const form = new FormData();
    form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
    const response = await fetch(`${url}${pathname}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken },
      body: form,
    });
    if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

/** A small logo drawn by the browser itself, as PNG bytes. */
export async function drawLogo(page: Page): Promise<Uint8Array<ArrayBuffer>> {
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 120;
    canvas.height = 40;
    const context = canvas.getContext('2d');
    if (!context) return '';
    context.fillStyle = '#14532d';
    context.fillRect(0, 0, 120, 40);
    context.fillStyle = '#ffffff';
    context.font = 'bold 22px sans-serif';
    context.fillText('DEMO', 28, 28);
    return canvas.toDataURL('image/png').split(',')[1] ?? '';
  });
  return Uint8Array.from(Buffer.from(base64, 'base64'));
}
