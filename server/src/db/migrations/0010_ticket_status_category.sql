-- The status category is copied onto each ticket, so the queues ("my open tickets", "unassigned
-- new and open") filter and count on one table with small partial indexes of the active tickets,
-- instead of filtering an agent's whole history through a join. Triggers keep the copy exact
-- whichever code path moves a ticket or recategorizes a status.

alter table tickets add column status_category text;
update tickets t set status_category = s.category
  from ticket_statuses s where s.organization_id = t.organization_id and s.id = t.status_id;
alter table tickets alter column status_category set not null;

create function tickets_copy_status_category() returns trigger language plpgsql as $$
begin
  select s.category into new.status_category
    from ticket_statuses s where s.organization_id = new.organization_id and s.id = new.status_id;
  return new;
end $$;

create trigger tickets_status_category before insert or update of status_id on tickets
  for each row execute function tickets_copy_status_category();

create function ticket_statuses_propagate_category() returns trigger language plpgsql as $$
begin
  update tickets set status_category = new.category
   where organization_id = new.organization_id and status_id = new.id;
  return null;
end $$;

create trigger ticket_statuses_category after update of category on ticket_statuses
  for each row when (old.category is distinct from new.category)
  execute function ticket_statuses_propagate_category();

create index tickets_active_assignee_idx on tickets (organization_id, assignee_id, updated_at desc, id desc)
  include (status_category) where status_category in ('new', 'open', 'pending');
create index tickets_active_updated_idx on tickets (organization_id, updated_at desc, id desc)
  include (status_category) where status_category in ('new', 'open', 'pending');
