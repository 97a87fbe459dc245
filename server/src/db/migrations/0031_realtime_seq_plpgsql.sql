-- next_realtime_seq runs for every realtime event, inside the deferred triggers at commit. As a SQL
-- function (not inlinable: it writes) PostgreSQL before 18 parsed and planned its body on every call;
-- PL/pgSQL keeps the plan for the session. Organizations have their counter row from their first
-- event on, so the update finds it nearly always, and the insert's conflict check is left to the first.
create or replace function next_realtime_seq(org uuid) returns bigint language plpgsql as $$
declare
  taken bigint;
begin
  update realtime_sequences set last_seq = last_seq + 1 where organization_id = org returning last_seq into taken;
  if not found then
    insert into realtime_sequences (organization_id, last_seq) values (org, 1)
    on conflict (organization_id) do update set last_seq = realtime_sequences.last_seq + 1
    returning last_seq into taken;
  end if;
  return taken;
end $$;
