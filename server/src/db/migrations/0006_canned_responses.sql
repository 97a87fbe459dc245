-- Canned responses: reusable replies with placeholders, shared with the organization or personal to an agent.

create table canned_response_folders (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id)
);
create unique index canned_response_folders_name_key on canned_response_folders (organization_id, lower(name));

create table canned_responses (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  -- Null: shared with every agent of the organization; otherwise only this agent sees it.
  owner_agent_id uuid,
  folder_id uuid,
  title text not null,
  -- Plain text with {{placeholders}} from a fixed list, checked when saved.
  body text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id),
  foreign key (organization_id, owner_agent_id) references agents (organization_id, id) on delete cascade,
  -- Deleting a folder leaves its responses in no folder.
  foreign key (organization_id, folder_id)
    references canned_response_folders (organization_id, id) on delete set null (folder_id)
);
create index canned_responses_owner_idx on canned_responses (organization_id, owner_agent_id, id);
create index canned_responses_folder_idx on canned_responses (organization_id, folder_id);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['canned_response_folders', 'canned_responses'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
