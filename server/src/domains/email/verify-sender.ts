import { type AuthenticateResult, authenticate, type DNSResolver } from 'mailauth';

/** Who handed us the message, as the SMTP session saw it. */
export type SmtpConnection = {
  ip: string;
  helo: string;
  /** Our host name, written into the results. */
  mtaHostname: string;
  /** MAIL FROM, '' for the null sender of bounces (SPF then checks the HELO name, RFC 7208 §2.4). */
  sender: string;
  /** DNS lookups; tests pass a local table, production uses the system resolver. */
  resolver?: DNSResolver;
};

export type AuthResult =
  | 'pass'
  | 'fail'
  | 'softfail'
  | 'neutral'
  | 'none'
  | 'temperror'
  | 'permerror'
  | 'policy';

/** What is stored with each message: one verdict per check and the domains it concerned. */
export type SenderVerification = {
  spf: { result: AuthResult; domain: string | null };
  dkim: { result: AuthResult; domain: string; selector: string | null; aligned: boolean }[];
  dmarc: { result: AuthResult; domain: string | null; policy: string | null };
};

/**
 * SPF, DKIM and DMARC of a received message (mailauth). DMARC is the verdict that matters: it says
 * whether the From address the reader sees is backed by SPF or DKIM of the same domain.
 */
export async function verifySender(raw: Buffer, connection: SmtpConnection): Promise<SenderVerification> {
  const result = await authenticate(raw, {
    ip: connection.ip,
    helo: connection.helo,
    mta: connection.mtaHostname,
    sender: connection.sender,
    resolver: connection.resolver,
    // BIMI fetches logos over HTTPS and ARC only matters to relays that re-seal: neither is stored.
    disableBimi: true,
    disableArc: true,
  });
  return { spf: spfOf(result), dkim: dkimOf(result), dmarc: dmarcOf(result) };
}

/** mailauth spells one result "temperr" in places; everything else is already RFC 8601's word. */
const verdict = (result: string): AuthResult => (result === 'temperr' ? 'temperror' : (result as AuthResult));

function spfOf({ spf }: AuthenticateResult): SenderVerification['spf'] {
  if (!spf) return { result: 'none', domain: null };
  return { result: verdict(spf.status.result), domain: spf.domain || null };
}

/** One entry per signature; an unsigned message has none (mailauth reports it as one unnamed "none"). */
function dkimOf({ dkim }: AuthenticateResult): SenderVerification['dkim'] {
  return dkim.results
    .filter((signature) => signature.signingDomain)
    .map((signature) => ({
      result: verdict(signature.status.result),
      domain: signature.signingDomain,
      selector: signature.selector ?? null,
      aligned: Boolean(signature.status.aligned),
    }));
}

function dmarcOf({ dmarc }: AuthenticateResult): SenderVerification['dmarc'] {
  if (!dmarc) return { result: 'none', domain: null, policy: null };
  return { result: verdict(dmarc.status.result), domain: dmarc.domain || null, policy: dmarc.policy || null };
}
