-- Email out: the organization's own SMTP server (else the system relay), every message we send
-- with its delivery state, and the templates of automatic mail.

alter table email_settings
  add column from_name text not null default '',
  add column smtp_host text,
  add column smtp_port integer check (smtp_port between 1 and 65535),
  -- tls: TLS from the first byte (port 465); starttls: upgrade required; none: plain (a local relay).
  add column smtp_security text not null default 'starttls' check (smtp_security in ('tls', 'starttls', 'none')),
  add column smtp_user text,
  -- AES-256-GCM under a key derived from the server's SECRET_KEY; never returned by the API.
  add column smtp_password_encrypted text;

create table email_deliveries (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  ticket_id uuid not null,
  -- The public agent reply emailed; null for an acknowledgement (it has no comment).
  comment_id uuid,
  kind text not null check (kind in ('reply', 'acknowledgement')),
  -- The contact it is addressed to: acknowledgements are rate-limited per contact.
  contact_id uuid not null,
  state text not null default 'queued' check (state in ('queued', 'sent', 'failed')),
  attempts integer not null default 0,
  error text,
  -- Our Message-ID, chosen when the message is built, so a bounce naming it finds this delivery.
  message_id text,
  recipients text[] not null default '{}',
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (organization_id, id),
  foreign key (organization_id, ticket_id) references tickets (organization_id, id) on delete cascade
);
create unique index email_deliveries_comment_key on email_deliveries (organization_id, comment_id);
create index email_deliveries_contact_idx on email_deliveries (organization_id, contact_id, kind, created_at);
create index email_deliveries_message_idx on email_deliveries (organization_id, message_id);

create table email_templates (
  organization_id uuid not null references organizations (id) on delete cascade,
  kind text not null check (kind in ('acknowledgement')),
  subject text not null,
  body text not null,
  updated_at timestamptz not null default now(),
  primary key (organization_id, kind)
);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['email_deliveries', 'email_templates'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
