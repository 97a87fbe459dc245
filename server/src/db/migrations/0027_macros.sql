-- Macros: bundles of ticket actions (and a reply) an agent applies to one ticket or many at once,
-- shared with the organization or personal to the agent who made them.

create table macros (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  -- Null: shared with every agent of the organization (admins manage it); otherwise only this agent's.
  owner_agent_id uuid,
  name text not null,
  description text not null default '',
  -- Lists show macros in position order, then by name.
  position integer not null default 0,
  -- The shape of actions; a later version reads older macros as they were saved.
  schema_version integer not null default 1,
  actions jsonb not null check (jsonb_typeof(actions) = 'array'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id),
  foreign key (organization_id, owner_agent_id) references agents (organization_id, id) on delete cascade
);
create index macros_owner_idx on macros (organization_id, owner_agent_id, position);

alter table macros enable row level security;
create policy tenant_isolation on macros using (organization_id = app_current_organization())
  with check (organization_id = app_current_organization());
