-- Agents who forgot their password: single-use reset tokens, stored as hashes, valid for an hour.

create table password_resets (
  organization_id uuid not null,
  id uuid not null,
  agent_id uuid not null,
  token_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  primary key (organization_id, id),
  foreign key (organization_id, agent_id) references agents (organization_id, id) on delete cascade
);
create unique index password_resets_token_key on password_resets (organization_id, token_hash);
-- Counting an agent's recent requests (the hourly allowance).
create index password_resets_agent_idx on password_resets (organization_id, agent_id, created_at);

alter table password_resets enable row level security;
create policy tenant_isolation on password_resets
  using (organization_id = app_current_organization())
  with check (organization_id = app_current_organization());
