/** One secret of a service as `mcp secret list|set` show it: never a value. */
export interface SecretListing {
  readonly name: string;
  /** False for a name a component uses that the node does not hold (a deploy would refuse). */
  readonly set: boolean;
  readonly version: number;
  readonly size: number;
  readonly updatedAt?: Date;
  readonly updatedBy: string;
  /** Components of the node's spec that use it. */
  readonly usedBy: readonly string[];
}
