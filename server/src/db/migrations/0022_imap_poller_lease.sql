-- One server process at a time reads an IMAP mailbox: it holds the account's lease and renews it at
-- every rescan; when it stops or dies, the lease runs out and another process takes the account.
alter table imap_accounts
  add column poller_id text,
  add column poller_lease_until timestamptz;
