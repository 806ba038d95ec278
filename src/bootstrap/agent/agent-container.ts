import 'reflect-metadata';
import { Container } from 'inversify';
import type { AgentConfig } from '../../adapters/config/toml/config.types';
import { drivingModule } from './modules/driving.module';
import { type EngineAdapters, engineModule } from './modules/engine.module';
import { type OpenedParts, portsModule } from './modules/ports.module';
import { useCasesModule } from './modules/use-cases.module';

/** What the server opened itself, and (tests) runtime ports to use instead of the configured engine's. */
export interface AgentParts extends OpenedParts, Partial<EngineAdapters> {}

/**
 * The agent's composition root: one ContainerModule per side of the hexagon
 * (the engine, the other driven ports, the use cases, the driving side),
 * every binding typed by its token and every class built by inversify from
 * the tokens its constructor declares (see wiring.ts).
 */
export function buildAgentContainer(config: AgentConfig, parts: AgentParts): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(engineModule(config, parts), portsModule(config, parts), useCasesModule(), drivingModule(config));
  return container;
}
