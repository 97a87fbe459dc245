-- Email in: the addresses customers write to, every message received (its raw copy lives in the
-- organization's storage), and every Message-ID seen or sent, for threading replies onto tickets.

-- Support addresses exist since 0001 (unique across organizations, so a recipient names one).
alter table support_addresses
  add column display_name text not null default '',
  -- New tickets from this address start in this team (e.g. billing@ → Billing).
  add column default_team_id uuid,
  add foreign key (organization_id, default_team_id) references teams (organization_id, id)
    on delete set null (default_team_id);

create table email_settings (
  organization_id uuid primary key references organizations (id) on delete cascade,
  -- The HTTP intake's secret (providers' inbound webhooks), kept as a SHA-256 hash.
  inbound_secret_hash text,
  -- What a reply to a closed ticket does: open a new ticket linked to it, or be refused (stored only).
  closed_ticket_reply text not null default 'new_ticket' check (closed_ticket_reply in ('new_ticket', 'ignore')),
  updated_at timestamptz not null default now()
);

create table inbound_emails (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  support_address_id uuid,
  received_via text not null check (received_via in ('smtp', 'imap', 'http', 'import')),
  -- The raw message in storage (`<organization>/<storage_key>`) and its SHA-256: the same bytes
  -- delivered twice are one row.
  storage_key text not null,
  sha256 text not null,
  size_bytes integer not null,
  envelope_from text,
  envelope_to text[] not null default '{}',
  remote_address text,
  helo text,
  -- received: stored, waiting for its job; processed: it made a ticket, a comment or an event;
  -- duplicate: its Message-ID was processed before; quarantined: held for an agent; failed: gave up.
  state text not null default 'received'
    check (state in ('received', 'processed', 'duplicate', 'quarantined', 'ignored', 'failed')),
  outcome text,
  message_id text,
  subject text,
  from_address text,
  ticket_id uuid,
  comment_id uuid,
  auth_results jsonb,
  error text,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  primary key (organization_id, id),
  unique (organization_id, sha256),
  foreign key (organization_id, ticket_id) references tickets (organization_id, id) on delete set null (ticket_id)
);
create index inbound_emails_state_idx on inbound_emails (organization_id, state, received_at desc);

-- Every Message-ID we received or sent, with the ticket it belongs to. Claiming an id is also how a
-- message is processed once: the second copy of a Message-ID finds it taken.
create table email_message_ids (
  organization_id uuid not null references organizations (id) on delete cascade,
  message_id text not null,
  ticket_id uuid not null,
  comment_id uuid,
  direction text not null check (direction in ('inbound', 'outbound')),
  created_at timestamptz not null default now(),
  primary key (organization_id, message_id),
  foreign key (organization_id, ticket_id) references tickets (organization_id, id) on delete cascade
);
create index email_message_ids_ticket_idx on email_message_ids (organization_id, ticket_id);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['email_settings', 'inbound_emails', 'email_message_ids'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;

-- A comment made from an email keeps the new part as its body; the whole message (quoted history,
-- signature, HTML, raw bytes) stays reachable through its inbound email.
alter table ticket_comments add column inbound_email_id uuid;
