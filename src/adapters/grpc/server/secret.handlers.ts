import type { SecretUseCases } from '../../../application/agent/secrets/secret-use-cases';
import type { AgentServiceServer } from '../generated/mcp/v1/mcp';
import { secretToWire } from '../mapping/secrets.mapping';
import { type CallGate, auditedCall } from './audited-call';

/** `mcp secret set|list|rm`. Admin only; the audit line names the call and the caller, never the request body. */
export function secretHandlers(uc: SecretUseCases, gate: CallGate): Pick<AgentServiceServer, 'setSecret' | 'listSecrets' | 'removeSecret'> {
  return {
    setSecret: auditedCall('SetSecret', gate, async (r, caller) => ({
      secret: secretToWire(await uc.set({ service: r.service, name: r.name, value: r.value, caller: caller.user })),
    })),
    listSecrets: auditedCall('ListSecrets', gate, async (r) => ({ secrets: (await uc.list(r.service)).map(secretToWire) })),
    removeSecret: auditedCall('RemoveSecret', gate, async (r) => {
      await uc.remove({ service: r.service, name: r.name });
      return {};
    }),
  };
}
