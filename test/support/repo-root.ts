/** Tests run from the repository root (npm scripts guarantee it); compiled files may live elsewhere. */
export const repoRoot = process.cwd();
