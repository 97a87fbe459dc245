-- Intake forms: what a customer fills in on the portal to open a request. A form lists some of the
-- organization's customer-visible custom fields (with its own labels, help and required flags) and
-- the defaults its tickets start with.

create table intake_forms (
  organization_id uuid not null references organizations (id) on delete cascade,
  id uuid not null,
  name text not null,
  description text not null default '',
  is_active boolean not null default true,
  position integer not null,
  default_team_id uuid,
  default_priority_id uuid,
  default_tags text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id),
  -- A deleted team or removed priority leaves the form on the organization's defaults.
  foreign key (organization_id, default_team_id) references teams (organization_id, id)
    on delete set null (default_team_id),
  foreign key (organization_id, default_priority_id) references ticket_priorities (organization_id, id)
    on delete set null (default_priority_id)
);
create unique index intake_forms_name_key on intake_forms (organization_id, lower(name));

create table intake_form_fields (
  organization_id uuid not null,
  form_id uuid not null,
  -- Field definitions are archived, never deleted, so the key always has a definition.
  field_key text not null,
  -- Null: the field's own label; help is shown under the input.
  label text,
  help_text text,
  required boolean not null default false,
  position integer not null,
  primary key (organization_id, form_id, field_key),
  foreign key (organization_id, form_id) references intake_forms (organization_id, id) on delete cascade,
  foreign key (organization_id, field_key) references ticket_field_definitions (organization_id, key)
);

-- Which form a ticket came from; deleting the form forgets it (deactivate a form to keep the link).
alter table tickets
  add column form_id uuid,
  add foreign key (organization_id, form_id) references intake_forms (organization_id, id)
    on delete set null (form_id);
create index tickets_form_idx on tickets (organization_id, form_id) where form_id is not null;

-- A customer uploads files while filling in a form, before the ticket exists: such an upload has no
-- ticket until the submission takes it (bindAttachments sets both ticket and comment).
alter table attachments alter column ticket_id drop not null;

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['intake_forms', 'intake_form_fields'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
