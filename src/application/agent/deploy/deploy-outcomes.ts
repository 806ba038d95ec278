import { type DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { imageVersion } from '../../../domain/image/image-version';
import { containerName } from '../../../domain/names/container-name';
import type { ComponentSpec } from '../../../domain/service/service-spec';
import { type ComponentOutcome, outcomeError } from '../../shared/results/component-outcome';
import type { NotRestored } from './undo-deploy';

/** Why a deploy stopped: the component that failed ('' when none did: the new spec could not be saved). */
export interface Failure {
  readonly component: string;
  readonly error: DomainError;
  readonly logTail: readonly string[];
}

/** The failing component: its error, its last log lines, and whether it is back as it was. */
export function failedOutcome(service: string, c: ComponentSpec, f: Failure, restored: boolean): ComponentOutcome {
  return {
    component: c.name,
    container: containerName(service, c.name),
    ok: false,
    error: outcomeError(f.error),
    ...(restored ? { restored: true } : {}),
    ...(f.logTail.length > 0 ? { logTail: f.logTail } : {}),
  };
}

/** A component that did not fail, put back (or never touched) because another one did. */
export function untouched(service: string, c: ComponentSpec, f: Failure): ComponentOutcome {
  const where = f.component !== '' ? `at ${f.component}` : `when saving the new spec (${f.error.message})`;
  return {
    component: c.name,
    container: containerName(service, c.name),
    ok: false,
    restored: true,
    error: { code: ErrorCode.DeployUndone, message: `restored: the deploy failed ${where}` },
  };
}

/** A component the undo could not put back: what stopped it and what the node shows now. */
export function notRestored(service: string, c: ComponentSpec, problem: NotRestored): ComponentOutcome {
  const container = containerName(service, c.name);
  return {
    component: c.name,
    container,
    ok: false,
    error: {
      code: problem.error.code,
      message: `could not restore ${container}: ${problem.error.message}; now: ${problem.state}; ${problem.lost ? 'nothing is left to put back: deploy the service again' : 'the agent tries again at its next start'}`,
    },
  };
}

export function deployedOutcome(service: string, c: ComponentSpec): ComponentOutcome {
  return { component: c.name, container: containerName(service, c.name), ok: true, desired: 'running', version: imageVersion(c.image) };
}
