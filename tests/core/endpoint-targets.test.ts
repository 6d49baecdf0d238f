import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT_OPTIONS, findEndpointTargets } from '../../src/analysis/endpoints';
import { inventoryFile } from '../../src/cli/inventory';
import { parseForAnalysis } from '../../src/rewrite/parse';
import { readSettings } from '../../src/analysis/settings';

// What `safe-requests health` probes: the targets the inventory gives each request and endpoint.

function targets(code: string, filePath = 'src/api.ts'): Array<{ variable: string | null; origin: string | null }> {
  const { ast, scopeManager } = parseForAnalysis(code, filePath);
  return findEndpointTargets({ ast, scopeManager, settings: readSettings(undefined), text: code }).map((target) => ({
    variable: target.variable,
    origin: target.origin,
  }));
}

function rows(code: string) {
  return inventoryFile({ text: code, filePath: 'src/api.ts', settings: readSettings(undefined), finder: DEFAULT_ENDPOINT_OPTIONS, envAccess: 'process' });
}

describe('findEndpointTargets', () => {
  it('a hardcoded URL gives its origin, credentials and path left out', () => {
    expect(targets("fetch('https://bot:s3cret@model-serving.example.com:8443/predict?api_key=k');")).toEqual([
      { variable: null, origin: 'https://model-serving.example.com:8443' },
    ]);
  });

  it('loopback URLs count: health probes what the code calls, not what the rules report', () => {
    expect(targets("fetch('http://127.0.0.1:5000/predict');")).toEqual([{ variable: null, origin: 'http://127.0.0.1:5000' }]);
  });

  it('an env lookup with a default gives the variable and the default origin, once', () => {
    const code = "const url = process.env.MODEL_SERVING_ENDPOINT ?? 'https://model-serving.example.com/predict';\nawait fetch(url);";
    expect(targets(code)).toEqual([{ variable: 'MODEL_SERVING_ENDPOINT', origin: 'https://model-serving.example.com' }]);
  });

  it('an env lookup without a literal default gives the variable alone (process, import.meta, Deno, templates)', () => {
    expect(targets('fetch(process.env.SEARCH_URL);')).toEqual([{ variable: 'SEARCH_URL', origin: null }]);
    expect(targets('fetch(`${import.meta.env.VITE_API}/v1/items`);')).toEqual([{ variable: 'VITE_API', origin: null }]);
    expect(targets("fetch(Deno.env.get('RANK_URL'));")).toEqual([{ variable: 'RANK_URL', origin: null }]);
    expect(targets('fetch(process.env.A || process.env.B);')).toEqual([
      { variable: 'A', origin: null },
      { variable: 'B', origin: null },
    ]);
  });

  it('relative URLs, dynamic ports and node:http bare hosts give nothing', () => {
    expect(targets("fetch('/api/items');")).toEqual([]);
    expect(targets('fetch(`http://localhost:${port}/x`);')).toEqual([]);
    expect(targets("import http from 'node:http';\nhttp.get({ hostname: 'api.acme.io', port: 8080, path: '/' });")).toEqual([]);
  });
});

describe('inventory rows carry their targets', () => {
  it('request rows, and a client config read from the environment gets an endpoint row of its own', () => {
    const code = [
      "import axios from 'axios';",
      'const api = axios.create({ baseURL: process.env.API_BASE_URL });',
      "await fetch(process.env.MODEL_SERVING_ENDPOINT ?? 'https://model-serving.example.com/predict');",
      '',
    ].join('\n');
    expect(rows(code).map((row) => ({ line: row.line, kind: row.kind, client: row.client, targets: row.targets }))).toEqual([
      { line: 2, kind: 'endpoint', client: 'axios.create', targets: [{ variable: 'API_BASE_URL', origin: null }] },
      {
        line: 3,
        kind: 'request',
        client: 'fetch',
        targets: [{ variable: 'MODEL_SERVING_ENDPOINT', origin: 'https://model-serving.example.com' }],
      },
    ]);
  });

  it('a hardcoded config URL keeps its one finding row, with the target on it', () => {
    const code = "import axios from 'axios';\nexport const api = axios.create({ baseURL: 'https://api.acme.io' });\n";
    expect(rows(code).map((row) => ({ kind: row.kind, envName: row.envName, targets: row.targets }))).toEqual([
      { kind: 'endpoint', envName: 'ACME_BASE_URL', targets: [{ variable: null, origin: 'https://api.acme.io' }] },
    ]);
  });
});
