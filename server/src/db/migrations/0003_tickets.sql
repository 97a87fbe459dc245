-- Tickets: assignment, tags, source, lifecycle times, optimistic-concurrency version; the conversation.

alter table tickets
  add column version integer not null default 1,
  add column assignee_id uuid,
  add column team_id uuid,
  add column tags text[] not null default '{}',
  add column source text not null default 'agent' check (source in ('portal', 'agent', 'email', 'api')),
  add column first_response_at timestamptz,
  add column solved_at timestamptz,
  add column closed_at timestamptz,
  add foreign key (organization_id, assignee_id) references agents (organization_id, id),
  -- Deleting a team leaves its tickets unassigned to any team, never another organization's.
  add foreign key (organization_id, team_id) references teams (organization_id, id) on delete set null (team_id);

-- The agent's queue (assignee, most recently updated first) and the organization-wide queue.
create index tickets_assignee_updated_idx on tickets (organization_id, assignee_id, updated_at desc, id desc);
create index tickets_updated_idx on tickets (organization_id, updated_at desc, id desc);
create index tickets_requester_idx on tickets (organization_id, requester_id);

-- One counter per organization gives human-facing numbers (#1042) without a shared sequence.
create table ticket_counters (
  organization_id uuid primary key references organizations (id) on delete cascade,
  last_number integer not null
);

create table ticket_comments (
  organization_id uuid not null,
  id uuid not null,
  ticket_id uuid not null,
  author_type text not null check (author_type in ('agent', 'contact', 'system')),
  author_id uuid,
  visibility text not null check (visibility in ('public', 'internal')),
  body_text text not null,
  body_html text not null,
  created_at timestamptz not null default now(),
  primary key (organization_id, id),
  foreign key (organization_id, ticket_id) references tickets (organization_id, id) on delete cascade
);
create index ticket_comments_ticket_idx on ticket_comments (organization_id, ticket_id, id);

create table comment_mentions (
  organization_id uuid not null,
  comment_id uuid not null,
  agent_id uuid not null,
  primary key (organization_id, comment_id, agent_id),
  foreign key (organization_id, comment_id) references ticket_comments (organization_id, id) on delete cascade,
  foreign key (organization_id, agent_id) references agents (organization_id, id)
);

-- Automations will act on tickets too, and their changes must be told apart in the history.
alter table audit_events drop constraint audit_events_actor_type_check;
alter table audit_events add constraint audit_events_actor_type_check
  check (actor_type in ('agent', 'contact', 'system', 'automation'));

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['ticket_counters', 'ticket_comments', 'comment_mentions'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
