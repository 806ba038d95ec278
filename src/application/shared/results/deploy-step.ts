/** What a deploy is doing to one component, as it happens (streamed to the CLI). */
export const DEPLOY_STEPS = [
  'pulling',
  'pulled',
  'stopping',
  'starting',
  'waiting',
  'healthy',
  'failed',
  'restoring',
  'restored',
  'removed',
  'done',
] as const;
export type DeployStepKind = (typeof DEPLOY_STEPS)[number];

export interface DeployStep {
  readonly component: string;
  readonly step: DeployStepKind;
  /** A short detail: "for health", the failure's reason, … */
  readonly message?: string;
  /** Time since this component's container was started (healthy, failed). */
  readonly elapsedMs?: number;
}

export type DeployStepListener = (step: DeployStep) => void;
