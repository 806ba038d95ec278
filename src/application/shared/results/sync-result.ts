import type { UnmanagedContainer } from '../../../domain/service/service-record';

export type SyncChange = 'created' | 'updated' | 'unchanged' | 'not-sent';

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
