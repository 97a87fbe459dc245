-- The bytes of attachments each organization keeps, for its quota: every upload summed all of the
-- organization's attachments, a read that grows with every file a tenant ever received. Kept by a
-- trigger on attachments, so every way a file comes or goes (upload, a ticket's or comment's
-- deletion cascading) counts.
create table attachment_usage (
  organization_id uuid primary key references organizations (id) on delete cascade,
  used_bytes bigint not null default 0
);

insert into attachment_usage (organization_id, used_bytes)
select organization_id, sum(size_bytes) from attachments group by organization_id;

alter table attachment_usage enable row level security;
create policy tenant_isolation on attachment_usage using (organization_id = app_current_organization())
  with check (organization_id = app_current_organization());

create function count_attachment_bytes() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into attachment_usage as usage (organization_id, used_bytes) values (new.organization_id, new.size_bytes)
    on conflict (organization_id) do update set used_bytes = usage.used_bytes + excluded.used_bytes;
  else
    update attachment_usage set used_bytes = used_bytes - old.size_bytes where organization_id = old.organization_id;
  end if;
  return null;
end $$;

create trigger attachments_count_bytes after insert or delete on attachments
  for each row execute function count_attachment_bytes();
