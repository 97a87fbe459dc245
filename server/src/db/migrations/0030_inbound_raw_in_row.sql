-- A raw message up to 256 KiB (nearly all mail) is kept in its own row instead of the organization's
-- storage: it is written by the insert that records it and durable with that commit, which the
-- messages arriving together share, where a file costs its own writes and syncs (and, on S3, a
-- request) per message. Larger messages stay in storage. Exactly one of the two holds the bytes.
alter table inbound_emails
  add column raw bytea,
  alter column storage_key drop not null,
  add constraint inbound_emails_raw_kept_once check ((raw is null) <> (storage_key is null));
