import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import type { EmailSettings, EmailSettingsChanges, SmtpSecurity } from './email-settings.schemas.ts';
import { encryptPassword } from './smtp-password.ts';

export type SettingsRow = {
  from_name: string;
  closed_ticket_reply: 'new_ticket' | 'ignore';
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: SmtpSecurity;
  smtp_user: string | null;
  smtp_password_encrypted: string | null;
};

const DEFAULTS: SettingsRow = {
  from_name: '',
  closed_ticket_reply: 'new_ticket',
  smtp_host: null,
  smtp_port: null,
  smtp_security: 'starttls',
  smtp_user: null,
  smtp_password_encrypted: null,
};

export async function settingsRow(tx: Queryable, organizationId: string): Promise<SettingsRow> {
  const [row] = await tx.query<SettingsRow>(
    `select from_name, closed_ticket_reply, smtp_host, smtp_port, smtp_security, smtp_user, smtp_password_encrypted
       from email_settings where organization_id = $1`,
    [organizationId],
  );
  return row ?? DEFAULTS;
}

/** What an admin sees: never the password, only whether one is stored. */
const toSettings = (row: SettingsRow, systemRelay: boolean): EmailSettings => ({
  fromName: row.from_name,
  closedTicketReply: row.closed_ticket_reply,
  smtp: row.smtp_host
    ? {
        host: row.smtp_host,
        port: row.smtp_port ?? 587,
        security: row.smtp_security,
        user: row.smtp_user,
        passwordSet: Boolean(row.smtp_password_encrypted),
      }
    : null,
  systemRelay,
});

export function getEmailSettings(db: Database, actor: Actor, systemRelay: boolean): Promise<EmailSettings> {
  requireAdmin(actor);
  return withTenant(db, actor.organizationId, async (tx) =>
    toSettings(await settingsRow(tx, actor.organizationId), systemRelay),
  );
}

/**
 * Changes what is given. `smtp: null` goes back to the system relay; an SMTP block without a password
 * keeps the stored one (the admin never sees it to send it back).
 */
export function updateEmailSettings(
  db: Database,
  input: { actor: Actor; changes: EmailSettingsChanges; secretKey: string; systemRelay: boolean },
): Promise<EmailSettings> {
  const { actor, changes } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const current = await settingsRow(tx, organizationId);
    const next: SettingsRow = {
      from_name: changes.fromName ?? current.from_name,
      closed_ticket_reply: changes.closedTicketReply ?? current.closed_ticket_reply,
      ...smtpColumns(current, changes.smtp, input.secretKey),
    };
    await tx.query(
      `insert into email_settings (organization_id, from_name, closed_ticket_reply, smtp_host, smtp_port,
                                   smtp_security, smtp_user, smtp_password_encrypted)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (organization_id) do update
         set from_name = $2, closed_ticket_reply = $3, smtp_host = $4, smtp_port = $5, smtp_security = $6,
             smtp_user = $7, smtp_password_encrypted = $8, updated_at = now()`,
      [
        organizationId,
        next.from_name,
        next.closed_ticket_reply,
        next.smtp_host,
        next.smtp_port,
        next.smtp_security,
        next.smtp_user,
        next.smtp_password_encrypted,
      ],
    );
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'email.settings_updated',
      entityType: 'organization',
      entityId: organizationId,
      // The password itself never goes into the audit trail.
      changes: { ...changes, ...(changes.smtp ? { smtp: { ...changes.smtp, password: undefined } } : {}) },
    });
    return toSettings(next, input.systemRelay);
  });
}

type SmtpColumns = Omit<SettingsRow, 'from_name' | 'closed_ticket_reply'>;

function smtpColumns(
  current: SettingsRow,
  smtp: EmailSettingsChanges['smtp'],
  secretKey: string,
): SmtpColumns {
  const { from_name: _name, closed_ticket_reply: _reply, ...currentSmtp } = current;
  if (smtp === undefined) return currentSmtp;
  if (smtp === null) {
    return {
      smtp_host: null,
      smtp_port: null,
      smtp_security: 'starttls',
      smtp_user: null,
      smtp_password_encrypted: null,
    };
  }
  const password =
    smtp.password === undefined
      ? current.smtp_password_encrypted
      : smtp.password === null || smtp.password === ''
        ? null
        : encryptPassword(secretKey, smtp.password);
  return {
    smtp_host: smtp.host,
    smtp_port: smtp.port,
    smtp_security: smtp.security,
    smtp_user: smtp.user ?? null,
    smtp_password_encrypted: password,
  };
}
