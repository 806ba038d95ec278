import type { Role } from '../../../domain/identity/identity';

/**
 * Who a token is on one node (`mcp whoami`, and what a dashboard uses to
 * hide what the token may not do; the agent refuses it anyway).
 */
export interface WhoAmI {
  readonly user: string;
  readonly role: Role;
  /** Globs of the services the token is limited to; empty = every service. */
  readonly services: readonly string[];
  /** The agent's release; absent from an agent that does not say it. */
  readonly agentVersion?: string;
}
