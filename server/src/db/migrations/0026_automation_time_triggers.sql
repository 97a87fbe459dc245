-- Time-based automation triggers ("in status X / unassigned / without a customer reply for N business
-- hours"). One row per enabled time rule and open ticket it may still fire on: the instant the rule's
-- clock starts (its anchor) and the instant it runs out. Rewritten whenever the ticket changes and
-- after a time rule is saved or deleted; the scheduler sleeps until the earliest due_at.
create table automation_time_triggers (
  organization_id uuid not null references organizations (id) on delete cascade,
  rule_id uuid not null,
  ticket_id uuid not null,
  -- When the ticket entered the state the trigger counts (the status, unassigned, awaiting the
  -- customer); a rule fires at most once per anchor.
  anchor_at timestamptz not null,
  -- The anchor plus the rule's business hours on the ticket's calendar.
  due_at timestamptz not null,
  primary key (organization_id, rule_id, ticket_id),
  foreign key (organization_id, rule_id) references automation_rules (organization_id, id) on delete cascade,
  foreign key (organization_id, ticket_id) references tickets (organization_id, id) on delete cascade
);
-- The scheduler's one question, across organizations: which rules' clocks run out by now.
create index automation_time_triggers_due_idx on automation_time_triggers (due_at);
-- A ticket's rows, rewritten on each of its changes.
create index automation_time_triggers_ticket_idx on automation_time_triggers (organization_id, ticket_id);

alter table automation_time_triggers enable row level security;
create policy tenant_isolation on automation_time_triggers using (organization_id = app_current_organization())
  with check (organization_id = app_current_organization());
