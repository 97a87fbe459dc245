-- The real-time outbox (docs/realtime.md). A ticket's audit event or an agent's notification writes
-- one realtime event in the same transaction, numbered by a per-organization counter. The number is
-- taken when the transaction commits (deferred triggers), after every other lock it holds, so the
-- organization's writers serialize only for that instant and the numbers follow commit order with
-- no gaps: a reader that has seen seq n has seen everything before it.

create table realtime_sequences (
  organization_id uuid primary key references organizations (id) on delete cascade,
  last_seq bigint not null
);

create table realtime_events (
  organization_id uuid not null references organizations (id) on delete cascade,
  seq bigint not null,
  kind text not null,
  ticket_id uuid,
  -- public: may reach the ticket's contact in the portal; agents: never leaves the agents' side.
  audience text not null check (audience in ('agents', 'public')),
  -- Set for one agent's own events (notifications); null for everyone allowed to see the ticket.
  agent_id uuid,
  payload jsonb not null default '{}',
  created_at timestamptz not null default app_now(),
  primary key (organization_id, seq)
);
-- Pruning by age, one organization at a time.
create index realtime_events_created_idx on realtime_events (organization_id, created_at);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['realtime_sequences', 'realtime_events'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;

create function next_realtime_seq(org uuid) returns bigint language sql as $$
  insert into realtime_sequences (organization_id, last_seq) values (org, 1)
  on conflict (organization_id) do update set last_seq = realtime_sequences.last_seq + 1
  returning last_seq
$$;

-- Only a public comment and a status change may reach the customer; everything else (internal
-- notes, assignments, custom fields that may be agent-only) stays with the agents.
create function realtime_event_from_audit() returns trigger language plpgsql as $$
declare
  event_audience text := 'agents';
  event_payload jsonb := jsonb_build_object(
    'actorType', new.actor_type, 'actorId', new.actor_id, 'changes', new.changes);
  comment_row record;
begin
  if new.action = 'ticket.comment_added' then
    select id, author_type, author_id, visibility, body_text, body_html, created_at into comment_row
      from ticket_comments
     where organization_id = new.organization_id and id = (new.changes ->> 'commentId')::uuid;
    if found then
      event_payload := event_payload || jsonb_build_object('comment', jsonb_build_object(
        'id', comment_row.id, 'authorType', comment_row.author_type, 'authorId', comment_row.author_id,
        'visibility', comment_row.visibility, 'bodyText', comment_row.body_text,
        'bodyHtml', comment_row.body_html, 'createdAt', comment_row.created_at));
      if comment_row.visibility = 'public' then event_audience := 'public'; end if;
    end if;
  elsif new.action = 'ticket.status_changed' then
    event_audience := 'public';
  end if;
  event_payload := event_payload || jsonb_build_object('version',
    (select version from tickets where organization_id = new.organization_id and id = new.entity_id));
  insert into realtime_events (organization_id, seq, kind, ticket_id, audience, payload)
  values (new.organization_id, next_realtime_seq(new.organization_id), new.action, new.entity_id,
          event_audience, event_payload);
  return null;
end $$;

create constraint trigger audit_events_realtime after insert on audit_events
  deferrable initially deferred for each row when (new.entity_type = 'ticket')
  execute function realtime_event_from_audit();

create function realtime_event_from_notification() returns trigger language plpgsql as $$
begin
  insert into realtime_events (organization_id, seq, kind, ticket_id, audience, agent_id, payload)
  values (new.organization_id, next_realtime_seq(new.organization_id), 'notification.created',
          new.ticket_id, 'agents', new.agent_id,
          jsonb_build_object('id', new.id, 'kind', new.kind, 'actorAgentId', new.actor_agent_id,
                             'commentId', new.comment_id, 'details', new.details,
                             'createdAt', new.created_at));
  return null;
end $$;

create constraint trigger notifications_realtime after insert on notifications
  deferrable initially deferred for each row
  execute function realtime_event_from_notification();
