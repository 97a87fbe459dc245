-- Attachments: files uploaded to a ticket, bound to a comment once it is posted. The bytes live in
-- object storage (a folder or S3) under storage_key; this table has what is known about them.

create table attachments (
  organization_id uuid not null,
  id uuid not null,
  ticket_id uuid not null,
  -- Null from the upload until the comment it belongs to is posted.
  comment_id uuid,
  uploader_type text not null check (uploader_type in ('agent', 'contact')),
  uploader_id uuid not null,
  filename text not null check (char_length(filename) between 1 and 255),
  -- Sniffed from the bytes, never the type the client claimed.
  content_type text not null,
  size_bytes bigint not null check (size_bytes >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null,
  created_at timestamptz not null default now(),
  primary key (organization_id, id),
  foreign key (organization_id, ticket_id) references tickets (organization_id, id) on delete cascade,
  foreign key (organization_id, comment_id) references ticket_comments (organization_id, id) on delete cascade
);
create index attachments_ticket_idx on attachments (organization_id, ticket_id, id);
create index attachments_comment_idx on attachments (organization_id, comment_id, id) where comment_id is not null;

-- An organization's own limits; null means the instance's ATTACHMENT_MAX_BYTES / ATTACHMENT_QUOTA_BYTES.
alter table organizations
  add column attachment_max_bytes bigint check (attachment_max_bytes > 0),
  add column attachment_quota_bytes bigint check (attachment_quota_bytes >= 0);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['attachments'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
