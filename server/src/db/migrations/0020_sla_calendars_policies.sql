-- SLA calendars (when the business-hours clock runs) and SLA policies (which tickets get which
-- targets). The specs are jsonb shaped by the API's schemas; the business-hours engine reads them.

create table sla_calendars (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  name text not null,
  -- { timeZone, hours: { mon: [["09:00", "17:00"]], … }, holidays: [...], specialHours: [...] }
  spec jsonb not null check (jsonb_typeof(spec) = 'object'),
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id)
);
create unique index sla_calendars_name_key on sla_calendars (organization_id, lower(name));
-- A policy without a calendar counts on the default one, so there is exactly one per organization.
create unique index sla_calendars_default_key on sla_calendars (organization_id) where is_default;

create table sla_policies (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  name text not null,
  -- The first enabled policy by position whose conditions hold applies to a ticket.
  position integer not null,
  enabled boolean not null default true,
  conditions jsonb not null default '{}' check (jsonb_typeof(conditions) = 'object'),
  targets jsonb not null check (jsonb_typeof(targets) = 'array'),
  -- Null: the organization's default calendar at the time of counting, whichever that is.
  calendar_id uuid,
  hours text not null default 'business' check (hours in ('business', 'calendar')),
  -- Which timers stop while the ticket is in a status that pauses the SLA.
  pausable_timers text[] not null default '{resolution}'
    check (pausable_timers <@ array['first_response', 'next_response', 'resolution']),
  at_risk jsonb not null default '{"percent": 75}' check (jsonb_typeof(at_risk) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id),
  -- The API refuses to delete a calendar in use with the policies' names; this stands behind it.
  foreign key (organization_id, calendar_id) references sla_calendars (organization_id, id)
);
create index sla_policies_position_idx on sla_policies (organization_id, position);
create index sla_policies_calendar_idx on sla_policies (organization_id, calendar_id);

-- Every organization starts with weekday office hours in its own time zone; sign-up does the same
-- for organizations made later. gen_random_uuid: these few ids need not be time-ordered.
insert into sla_calendars (organization_id, id, name, spec, is_default)
select o.id, gen_random_uuid(), 'Business hours',
       jsonb_build_object(
         'timeZone', o.time_zone,
         'hours', jsonb_build_object(
           'mon', '[["09:00", "17:00"]]'::jsonb, 'tue', '[["09:00", "17:00"]]'::jsonb,
           'wed', '[["09:00", "17:00"]]'::jsonb, 'thu', '[["09:00", "17:00"]]'::jsonb,
           'fri', '[["09:00", "17:00"]]'::jsonb),
         'holidays', '[]'::jsonb,
         'specialHours', '[]'::jsonb),
       true
  from organizations o;

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['sla_calendars', 'sla_policies'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
