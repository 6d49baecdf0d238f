import { describe, expect, it } from 'vitest';
import { fileEnvNames, planEnvEndpoints } from '../../src/rewrite/env-endpoint-plan';
import { SourceParseError } from '../../src/rewrite/parse';
import { envEndpoints, readEnvEndpointsOptions } from '../../transforms/env-endpoints';
import { tempTree } from '../temp-tree';
import { loadFixtures } from '../transforms/harness';

// One step decides what env-endpoints rewrites: the transform and the CLI's naming phase must agree.

describe('planEnvEndpoints', () => {
  const fixtures = loadFixtures('env-endpoints').filter((fixture) => fixture.error === null);

  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s: proposes names for exactly the URLs the transform moves', (_name, fixture) => {
    const options = readEnvEndpointsOptions(fixture.options);
    const plan = planEnvEndpoints(fixture.input, fixture.inputPath, options);
    const proposed = plan ? fileEnvNames(plan).proposals.map((proposal) => proposal.value) : [];
    const moved = envEndpoints.run(fixture.input, fixture.inputPath, fixture.options).envVariables;
    // Each moved endpoint reads a variable holding it, or the base it extends.
    expect(moved.map((variable, index) => proposed[index]?.startsWith(variable.defaultValue))).toEqual(proposed.map(() => true));
  });

  const { write } = tempTree('safe-requests-env-plan-');
  const source = "export const socket = new WebSocket('wss://feed.acme.io/live');\nexport const legacy = import.meta.env.VITE_FEED;\n";

  it('leaves test doubles alone without parsing them', () => {
    write('app/package.json', '{}');
    const options = readEnvEndpointsOptions({});
    const broken = "this is not JavaScript: fetch('https://x'";
    expect(planEnvEndpoints(broken, write('app/src/__mocks__/feed.js', ''), options)).toBeUndefined();
    expect(() => planEnvEndpoints(broken, write('app/src/feed.js', ''), options)).toThrow(SourceParseError);
  });

  it('reserves what the file reads without the prefix of the access the envAccess option gives', () => {
    const filePath = write('plain/src/feed.mjs', source);
    write('plain/package.json', '{}');
    const auto = planEnvEndpoints(source, filePath, readEnvEndpointsOptions({}))!;
    const vite = planEnvEndpoints(source, filePath, readEnvEndpointsOptions({ envAccess: 'vite' }))!;
    expect([auto.access, fileEnvNames(auto).reserved]).toEqual(['process', ['VITE_FEED']]);
    expect([vite.access, fileEnvNames(vite).reserved]).toEqual(['vite', ['FEED']]);
  });
});
