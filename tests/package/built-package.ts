import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What the package tests share: where the repository and its build are, and the seed's client. */
export const repoRoot = resolve(__dirname, '..', '..');

/** The tests read dist/ as users get it; `npm test` builds first, a lone vitest run may not have. */
export function builtDir(): string {
  const dist = join(repoRoot, 'dist');
  if (!existsSync(join(dist, 'src', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  return dist;
}

/** The seed's bug: a hardcoded endpoint, no timeout, and a failure nothing handles (line 2). */
export const SEED_CLIENT = `export async function predict(input) {
  const response = await fetch('https://model-serving.example.com/predict', { method: 'POST', body: input });
  return response.json();
}
await predict('data');
`;
