-- Queue sorts: each sort walks one index range from the cursor instead of sorting the organization.
create index tickets_created_idx on tickets (organization_id, created_at desc, id desc);
-- Sorting by priority rank takes each priority's tickets in id order; this index also serves what
-- tickets_priority_idx did (finding a priority's tickets), so that one goes.
create index tickets_priority_id_idx on tickets (organization_id, priority_id, id);
drop index tickets_priority_idx;

-- A named queue: personal to its owner, or shared with the organization when owner_agent_id is null.
create table saved_views (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  owner_agent_id uuid,
  name text not null,
  -- The list query's filters, validated by the same schema as GET /tickets.
  filters jsonb not null default '{}',
  sort text not null default 'updated' check (sort in ('updated', 'created', 'priority', 'number')),
  sort_order text not null default 'desc' check (sort_order in ('asc', 'desc')),
  position integer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id),
  foreign key (organization_id, owner_agent_id) references agents (organization_id, id) on delete cascade
);
-- Names are unique among one agent's views and among the shared ones.
create unique index saved_views_name_key on saved_views (organization_id, owner_agent_id, lower(name)) nulls not distinct;

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['saved_views'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
