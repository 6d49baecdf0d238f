import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from './helpers';

// Files are sacred: `fix` keeps line endings, shebangs, directives and file modes.

const SCRIPT = [
  '#!/usr/bin/env node',
  "'use strict';",
  "const axios = require('axios');",
  '',
  'async function main() {',
  "  const { data } = await axios.post('https://model-serving.example.com/predict', { input: 'data' });",
  '  console.log(data);',
  '}',
  '',
  'main();',
  '',
].join('\n');

const CRLF_MODULE = [
  'export async function predict(input) {',
  '\tconst response = await fetch("https://model-serving.example.com/predict", { method: "POST", body: JSON.stringify({ input }) });',
  '\treturn response.json();',
  '}',
  '',
].join('\r\n');

describe('fix keeps what must not move', () => {
  it('a CRLF file stays CRLF (tabs and double quotes too)', () => {
    const dir = makeProject({ 'package.json': '{"name":"x","type":"module"}\n', 'src/predict.js': CRLF_MODULE });
    const result = runCli(dir, ['fix']);
    expect(result.code).toBe(0);
    const output = readFileSync(join(dir, 'src/predict.js'), 'utf8');
    expect(output).not.toBe(CRLF_MODULE);
    expect(output.replace(/\r\n/g, '')).not.toContain('\n');
    expect(output.split('\r\n').length).toBeGreaterThan(CRLF_MODULE.split('\r\n').length);
    expect(output).toContain('const MODEL_SERVING_ENDPOINT = process.env.MODEL_SERVING_ENDPOINT ?? "https://model-serving.example.com/predict";\r\n');
    expect(output).toContain('\t\tresponse = await withRetry((attempt) => fetch(attempt.url(MODEL_SERVING_ENDPOINT), ');
    expect(output).toContain('import { withRetry, logRequestFailure } from "./safe-requests-runtime.mjs";\r\n');
  });

  it('a shebang script keeps its first lines, its directive and its executable bit', () => {
    const dir = makeProject({ 'package.json': '{"name":"x"}\n', 'bin/predict.js': SCRIPT });
    const path = join(dir, 'bin/predict.js');
    // git keeps only the executable bit; set the full mode after the commit.
    chmodSync(path, 0o754);
    const result = runCli(dir, ['fix', '--allow-dirty']);
    expect(result.code).toBe(0);
    const output = readFileSync(path, 'utf8');
    expect(output.startsWith("#!/usr/bin/env node\n'use strict';\nconst axios = require('axios');\n")).toBe(true);
    expect(output).toContain("require('../safe-requests-runtime.cjs')");
    expect(statSync(path).mode & 0o777).toBe(0o754);
    expect(readFileSync(join(dir, 'safe-requests-runtime.cjs'), 'utf8')).toContain('exports.withRetry = withRetry');
  });

  it('nothing is written when nothing needs to change: same bytes, same mtime', () => {
    const source = "import http from 'node:http';\nexport const server = http.createServer();\n";
    const dir = makeProject({ 'src/server.js': source });
    const path = join(dir, 'src/server.js');
    const before = statSync(path).mtimeMs;
    const result = runCli(dir, ['fix']);
    expect(result.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(source);
    expect(statSync(path).mtimeMs).toBe(before);
  });
});
