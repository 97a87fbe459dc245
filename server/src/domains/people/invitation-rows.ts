import type { Invitation } from './people.schemas.ts';

export type InvitationRow = {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'agent';
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
};

export const INVITATION_COLUMNS =
  'id, email, name, role, invited_by, created_at, expires_at, accepted_at, revoked_at';
export const INVITATION_PREFIX = 'aci';
export const INVITATION_TTL_DAYS = 7;

function invitationStatus(row: InvitationRow): Invitation['status'] {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  return row.expires_at > new Date() ? 'pending' : 'expired';
}

export const toInvitation = (row: InvitationRow): Invitation => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  invitedBy: row.invited_by,
  status: invitationStatus(row),
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
});
