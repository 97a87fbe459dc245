-- Custom ticket fields: each organization defines its own (text, number, date, checkbox, select,
-- multiselect); a ticket keeps its values in one jsonb object keyed by the field's key.

-- btree_gin lets one GIN index lead with organization_id (a uuid) and then search the jsonb, so a
-- custom-field filter stays inside one tenant's part of the index. It ships with PostgreSQL's
-- contrib and with PGlite, and is a trusted extension: a database owner may create it.
create extension if not exists btree_gin;

create table ticket_field_definitions (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  -- Stable: tickets store values under it and filters name it, so it never changes once created.
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,49}$'),
  label text not null,
  type text not null check (type in ('text', 'number', 'date', 'checkbox', 'select', 'multiselect')),
  -- [{ "value", "label" }] for select and multiselect; empty for the other types.
  options jsonb not null default '[]' check (jsonb_typeof(options) = 'array'),
  -- Agents must fill it when they open a ticket; the portal applies its own rule later.
  required boolean not null default false,
  visible_to_customers boolean not null default false,
  position integer not null,
  -- Archived fields keep their values on tickets (history stays readable) but take no new ones.
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id)
);
-- Archived keys stay taken: tickets still hold values under them.
create unique index ticket_field_definitions_key_key on ticket_field_definitions (organization_id, key);

alter table tickets
  add column custom_fields jsonb not null default '{}' check (jsonb_typeof(custom_fields) = 'object');
-- Serves `custom_fields @> '{"key": value}'` within one organization.
create index tickets_custom_fields_idx on tickets using gin (organization_id, custom_fields jsonb_path_ops);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['ticket_field_definitions'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
