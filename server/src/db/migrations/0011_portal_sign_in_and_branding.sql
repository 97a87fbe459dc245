-- Customers sign in to the portal with a password too (not only a one-time link), locked out after
-- repeated wrong passwords like agents; and each organization brands its portal.

-- Null: the contact has not chosen a password and signs in through links only.
alter table contacts
  add column password_hash text,
  add column failed_login_count integer not null default 0,
  add column locked_until timestamptz;

alter table organizations
  add column brand_color text not null default '#2563eb' check (brand_color ~ '^#[0-9a-f]{6}$'),
  -- The logo's object in storage (`<organization id>/branding/logo-<id>`, a new name per upload so
  -- cached copies of an old logo never pass for the new one) and its sniffed type.
  add column logo_key text,
  add column logo_content_type text,
  add check ((logo_key is null) = (logo_content_type is null));
