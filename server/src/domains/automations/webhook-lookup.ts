import { type LookupAddress, type LookupAllOptions, lookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { addressProblem, type WebhookPolicy } from './webhook-url.ts';

/** A webhook's host name resolved to an address rules may not call: not worth retrying. */
export class BlockedAddressError extends Error {}

/**
 * Resolves a receiver's name and refuses it when any of its addresses is not public, at connect time,
 * so a name that points inward (or is changed to, after the rule was saved) is never called.
 */
export function publicAddressLookup(policy: WebhookPolicy): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true } as LookupAllOptions, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const problem = addressProblem(address, policy);
        if (problem) return callback(new BlockedAddressError(`${hostname}: ${problem}`), '', 0);
      }
      if (options.all) return (callback as AllCallback)(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

type AllCallback = (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void;

const agents = new Map<boolean, Agent>();

/** The HTTP client webhook calls go through, one per policy, with the lookup above. */
export function webhookAgent(policy: WebhookPolicy): Agent {
  let agent = agents.get(policy.allowHttpLoopback);
  if (!agent) {
    agent = new Agent({ connect: { lookup: publicAddressLookup(policy) } });
    agents.set(policy.allowHttpLoopback, agent);
  }
  return agent;
}
