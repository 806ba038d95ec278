import type { UnmanagedContainer } from '../../../domain/service/service-record';

/** skipped: sent by a token limited to other services; nothing changed. */
export type SyncChange = 'created' | 'updated' | 'unchanged' | 'not-sent' | 'skipped';

export interface ServiceSyncResult {
  readonly service: string;
  readonly change: SyncChange;
  readonly details: readonly string[];
}

export interface SyncResult {
  readonly node: string;
  readonly results: readonly ServiceSyncResult[];
  readonly unmanaged: readonly UnmanagedContainer[];
}
