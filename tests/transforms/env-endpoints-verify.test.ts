import { describe, expect, it, vi } from 'vitest';
import { UnsafeOutputError } from '../../src/rewrite/verify-output';
import { envEndpoints } from '../../transforms/env-endpoints';

// The edits the transform makes always verify; a broken edit stands in for a future bug.
vi.mock('../../src/analysis/endpoints', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/analysis/endpoints')>();
  return {
    ...original,
    envReplacementEdit: (...args: Parameters<typeof original.envReplacementEdit>) => {
      const edit = original.envReplacementEdit(...args);
      return { ...edit, text: `${edit.text} +` };
    },
  };
});

describe('env-endpoints output verification', () => {
  it('throws UnsafeOutputError, naming the file and the reason, instead of returning output that does not parse', () => {
    const source = "fetch('https://model-serving.example.com/predict', { method: 'POST' });\n";
    expect(() => envEndpoints.run(source, '/project/src/predict.ts')).toThrow(UnsafeOutputError);
    expect(() => envEndpoints.run(source, '/project/src/predict.ts')).toThrow(
      /^\/project\/src\/predict\.ts: the transform's output was discarded because the output does not parse/,
    );
  });
});
