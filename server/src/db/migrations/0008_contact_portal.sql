-- Customers (contacts) signing in to see their own tickets: one-time sign-in links and sessions,
-- kept apart from agents' sessions so a customer's credentials can never open an agent route.

create table contact_sign_in_tokens (
  organization_id uuid not null,
  id uuid not null,
  contact_id uuid not null,
  token_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  primary key (organization_id, id),
  foreign key (organization_id, contact_id) references contacts (organization_id, id) on delete cascade
);
create unique index contact_sign_in_tokens_token_key on contact_sign_in_tokens (organization_id, token_hash);

create table contact_sessions (
  organization_id uuid not null,
  id uuid not null,
  contact_id uuid not null,
  token_hash text not null,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, contact_id) references contacts (organization_id, id) on delete cascade
);
create unique index contact_sessions_token_key on contact_sessions (organization_id, token_hash);

-- Whether a customer's reply to a solved ticket moves it back to an open status (Zendesk's default).
alter table organizations add column reopen_on_customer_reply boolean not null default true;

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['contact_sign_in_tokens', 'contact_sessions'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = app_current_organization()) '
      'with check (organization_id = app_current_organization())', tenant_table);
  end loop;
end $$;
