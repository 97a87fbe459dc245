-- Platform: organizations, people, sessions, tokens, ticket statuses and priorities.
-- Every tenant table carries organization_id, leads its primary key, foreign keys and indexes with it,
-- so the schema can be distributed by tenant (Citus: distribute on organization_id) later.

-- The role every request runs as. It owns nothing and cannot bypass row-level security.
do $$
begin
  create role actionconnect_app nologin nobypassrls;
exception when duplicate_object then null;
end $$;

do $$
begin
  execute format('grant actionconnect_app to %I', current_user);
exception when others then null; -- already a member, or a superuser
end $$;

create function app_current_organization() returns uuid
  language sql stable
  as $$ select nullif(current_setting('app.organization_id', true), '')::uuid $$;

create table organizations (
  id uuid primary key,
  -- Global lookups (portal URL, sign-in) go through slug; under Citus this table becomes a reference table.
  slug text not null unique,
  name text not null,
  time_zone text not null,
  default_language text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table support_addresses (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  address text not null,
  created_at timestamptz not null default now(),
  primary key (organization_id, id)
);
-- Inbound mail is routed to an organization by recipient, so an address belongs to one organization only.
create unique index support_addresses_address_key on support_addresses (lower(address));

create table agents (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  email text not null,
  name text not null,
  role text not null check (role in ('owner', 'admin', 'agent')),
  password_hash text not null,
  is_active boolean not null default true,
  failed_login_count integer not null default 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id)
);
create unique index agents_email_key on agents (organization_id, lower(email));
-- Sign-in by email alone has to find the organizations an address belongs to.
create index agents_email_idx on agents (lower(email));

create table teams (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  name text not null,
  description text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id)
);
create unique index teams_name_key on teams (organization_id, lower(name));

create table team_members (
  organization_id uuid not null,
  team_id uuid not null,
  agent_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (organization_id, team_id, agent_id),
  foreign key (organization_id, team_id) references teams (organization_id, id) on delete cascade,
  foreign key (organization_id, agent_id) references agents (organization_id, id) on delete cascade
);
create index team_members_agent_idx on team_members (organization_id, agent_id);

create table contacts (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  email text not null,
  name text not null default '',
  phone text not null default '',
  company text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id)
);
create unique index contacts_email_key on contacts (organization_id, lower(email));

create table sessions (
  organization_id uuid not null,
  id uuid not null,
  agent_id uuid not null,
  token_hash text not null,
  csrf_token text not null,
  ip text not null default '',
  user_agent text not null default '',
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, agent_id) references agents (organization_id, id) on delete cascade
);
create unique index sessions_token_key on sessions (organization_id, token_hash);
create index sessions_agent_idx on sessions (organization_id, agent_id);

create table api_tokens (
  organization_id uuid not null,
  id uuid not null,
  name text not null,
  token_hash text not null,
  token_hint text not null,
  agent_id uuid not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (organization_id, id),
  foreign key (organization_id, agent_id) references agents (organization_id, id) on delete cascade
);
create unique index api_tokens_token_key on api_tokens (organization_id, token_hash);

create table invitations (
  organization_id uuid not null,
  id uuid not null,
  email text not null,
  name text not null default '',
  role text not null check (role in ('admin', 'agent')),
  token_hash text not null,
  invited_by uuid not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  revoked_at timestamptz,
  primary key (organization_id, id),
  foreign key (organization_id, invited_by) references agents (organization_id, id) on delete cascade
);
create unique index invitations_token_key on invitations (organization_id, token_hash);

create table ticket_statuses (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  name text not null,
  color text not null,
  position integer not null,
  category text not null check (category in ('new', 'open', 'pending', 'solved', 'closed')),
  pauses_sla boolean not null default false,
  is_default_for_new boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id)
);
create unique index ticket_statuses_name_key on ticket_statuses (organization_id, lower(name));
create unique index ticket_statuses_default_key on ticket_statuses (organization_id) where is_default_for_new;

create table ticket_priorities (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  name text not null,
  color text not null,
  position integer not null,
  rank integer not null,
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id)
);
create unique index ticket_priorities_name_key on ticket_priorities (organization_id, lower(name));
create unique index ticket_priorities_default_key on ticket_priorities (organization_id) where is_default;

-- The core of a ticket; the tickets domain adds its conversation, assignment and the rest.
create table tickets (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  number integer not null,
  subject text not null,
  requester_id uuid not null,
  status_id uuid not null,
  priority_id uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id),
  foreign key (organization_id, requester_id) references contacts (organization_id, id),
  foreign key (organization_id, status_id) references ticket_statuses (organization_id, id),
  foreign key (organization_id, priority_id) references ticket_priorities (organization_id, id)
);
create unique index tickets_number_key on tickets (organization_id, number);
create index tickets_status_idx on tickets (organization_id, status_id);
create index tickets_priority_idx on tickets (organization_id, priority_id);

create table audit_events (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  actor_type text not null check (actor_type in ('agent', 'contact', 'system')),
  actor_id uuid,
  action text not null,
  entity_type text not null,
  entity_id uuid not null,
  changes jsonb not null default '{}',
  created_at timestamptz not null default now(),
  primary key (organization_id, id)
);
create index audit_events_entity_idx on audit_events (organization_id, entity_type, entity_id, created_at);

-- Row-level security: a transaction sees only the organization named by app.organization_id,
-- and nothing at all when it is not set.
alter table organizations enable row level security;
create policy tenant_isolation on organizations
  using (id = app_current_organization()) with check (id = app_current_organization());

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array[
    'support_addresses', 'agents', 'teams', 'team_members', 'contacts', 'sessions', 'api_tokens',
    'invitations', 'ticket_statuses', 'ticket_priorities', 'tickets', 'audit_events'
  ] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;

grant usage on schema public to actionconnect_app;
grant select, insert, update, delete on all tables in schema public to actionconnect_app;
revoke all on schema_migrations from actionconnect_app;
alter default privileges in schema public grant select, insert, update, delete on tables to actionconnect_app;
