-- A ticket merged into another keeps a pointer to it, so links and replies to the old number land.
alter table tickets
  add column merged_into_id uuid,
  add foreign key (organization_id, merged_into_id) references tickets (organization_id, id);
