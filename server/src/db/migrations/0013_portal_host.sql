-- An organization may serve its customer portal on its own host name (support.example.com pointing
-- at this server): requests for that host open that organization's portal.
alter table organizations add column portal_host text;
create unique index organizations_portal_host_key on organizations (portal_host) where portal_host is not null;
