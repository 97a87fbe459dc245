-- Tickets' CC lists: contacts copied on the conversation, who receive public replies with the
-- requester and may answer on the ticket by email.

create table ticket_ccs (
  organization_id uuid not null,
  ticket_id uuid not null,
  contact_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (organization_id, ticket_id, contact_id),
  foreign key (organization_id, ticket_id) references tickets (organization_id, id) on delete cascade,
  foreign key (organization_id, contact_id) references contacts (organization_id, id) on delete cascade
);
-- Deleting a contact finds its CC rows without a scan.
create index ticket_ccs_contact_idx on ticket_ccs (organization_id, contact_id);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['ticket_ccs'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
