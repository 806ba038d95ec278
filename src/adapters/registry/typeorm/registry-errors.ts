import { DomainError, ErrorCode, isDomainError, messageOf } from '../../../domain/errors/domain-error';
import { isCorruptionError } from './sqlite-file';

/** What an operator does about a corrupt registry; the agent's start check names the newest snapshot instead. */
export const RESTORE_HINT = 'stop the agent and restore a snapshot: mcp-agent restore <snapshot-file> (RUNBOOK.md "Backup and restore")';

/** Anything the database throws becomes one DomainError naming the file and the operation. */
export function registryFailure(dbPath: string, operation: string, e: unknown): DomainError {
  if (isDomainError(e)) return e;
  const detail = messageOf(e).split('\n')[0];
  if (isCorruptionError(e)) {
    return new DomainError(ErrorCode.RegistryCorrupt, `registry ${dbPath} is corrupt (${operation}: ${detail}); ${RESTORE_HINT}`);
  }
  return new DomainError(ErrorCode.Internal, `registry ${dbPath}: ${operation} failed: ${detail}`);
}
