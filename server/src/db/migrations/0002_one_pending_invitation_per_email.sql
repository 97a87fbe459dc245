-- Two admins inviting the same address at the same moment must not leave two pending invitations.
create unique index invitations_pending_email_key on invitations (organization_id, lower(email))
  where accepted_at is null and revoked_at is null;
