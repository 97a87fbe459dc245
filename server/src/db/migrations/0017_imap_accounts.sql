-- IMAP polling: a mailbox per support address that the server reads, and agents' releases of
-- quarantined messages.

create table imap_accounts (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  -- The support address this mailbox receives for, as written (support addresses are replaced
  -- wholesale when the organization is edited, so their ids do not last).
  support_address text not null,
  host text not null,
  port integer not null check (port between 1 and 65535),
  -- tls: TLS from the first byte (993); starttls: upgrade required; none: loopback or test servers only.
  tls text not null check (tls in ('tls', 'starttls', 'none')),
  username text not null,
  -- AES-256-GCM under a key derived from SECRET_KEY; never returned by the API.
  password_encrypted text not null,
  mailbox text not null default 'INBOX',
  -- What marks a message as imported (the acknowledgement): a keyword on it, or a move to a folder.
  after_import text not null check (after_import in ('flag', 'move')),
  move_to text,
  poll_seconds integer not null default 60 check (poll_seconds between 5 and 3600),
  enabled boolean not null default true,
  last_poll_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id),
  check (after_import = 'flag' or move_to is not null)
);

create unique index imap_accounts_address_key on imap_accounts (organization_id, lower(support_address));

alter table imap_accounts enable row level security;
create policy tenant_isolation on imap_accounts using (organization_id = app_current_organization())
  with check (organization_id = app_current_organization());

-- A quarantined message an agent released is processed without the DMARC hold.
alter table inbound_emails
  add column released_by uuid,
  add column released_at timestamptz;
