import { isValidName } from '../../domain/names/name.value';
import type { Clock } from '../shared/ports/clock.port';
import type { ServiceOutcome } from '../shared/results/component-outcome';
import type { DeployInput } from './deploy.use-case';
import type { Metrics } from './ports/metrics.port';
import { withOverrides } from './support/with-overrides';

interface Deploys {
  execute(input: DeployInput, ...more: never[]): Promise<ServiceOutcome>;
}

/**
 * The deploy use case, counted and timed (mcp_deploys_total,
 * mcp_deploy_duration_seconds): `deployed` when every component came out
 * ok, `failed` otherwise — thrown errors included. A wrapper rather than
 * lines inside the deploy, so the deploy's own rules stay in one place.
 * A name that is not a valid service name is never used as a label.
 */
export function meteredDeploy<D extends Deploys>(deploy: D, metrics: Pick<Metrics, 'deployFinished'>, clock: Clock): D {
  // Every argument is passed on (a progress listener, whatever the deploy takes).
  const execute = async (input: DeployInput, ...more: never[]): Promise<ServiceOutcome> => {
    const started = clock.now().getTime();
    const seconds = () => Math.max(0, clock.now().getTime() - started) / 1000;
    try {
      const outcome = await deploy.execute(input, ...more);
      metrics.deployFinished(outcome.service, outcome.results.every((r) => r.ok) ? 'deployed' : 'failed', seconds());
      return outcome;
    } catch (e) {
      const name = input.spec?.name ?? input.serviceName;
      if (name !== undefined && isValidName(name)) metrics.deployFinished(name, 'failed', seconds());
      throw e;
    }
  };
  return withOverrides<Deploys>(deploy, { execute }) as D;
}
