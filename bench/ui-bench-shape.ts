/** The fleet the dashboard bench draws: 3 nodes × 50 services of 2 components each. */
export const NODES = ['rift', 'vade', 'kern'];
export const SERVICES_PER_NODE = 50;
