// `npm run corpus`: every rule and transform over real npm packages (corpus/packages.json).
//   1. lint: zero crashes, per-rule report counts per package, compared with corpus/snapshot.json;
//   2. transforms: output parses, a second run changes nothing, the companion rules stay silent,
//      unparsable files are refused and untouched.
// Exit 1 on a crash, an invariant violation, or findings that differ from the snapshot (`--update` rewrites it).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createTwoFilesPatch } from 'diff';
import {
  CACHE_DIR,
  CLI_PATH,
  corpusFiles,
  formatTable,
  installCorpus,
  loadPlugin,
  loadTransforms,
  ROOT,
  SNAPSHOT_FILE,
  TRANSFORM_NAMES,
} from './lib/corpus.mjs';

const EXPECTED_RULES = ['no-hardcoded-endpoint', 'require-error-handling', 'require-retry', 'require-timeout'];
const BATCH_SIZE = 16;
const SHOWN_PER_KIND = 15;

const args = process.argv.slice(2);
const update = args.includes('--update');
const workersArg = args.find((arg) => arg.startsWith('--workers='));
const workerCount = workersArg ? Number(workersArg.split('=')[1]) : availableParallelism();
if (!Number.isInteger(workerCount) || workerCount < 1) {
  console.error(`corpus: --workers must be a positive integer, got '${workersArg}'`);
  process.exit(3);
}

const started = performance.now();
const pinned = installCorpus();
const { files, skipped } = corpusFiles(pinned);
const plugin = loadPlugin();
const rules = Object.keys(plugin.rules).sort();
const loadedTransforms = loadTransforms();
const transforms = [...loadedTransforms.transforms.keys()];
const missing = [
  ...EXPECTED_RULES.filter((rule) => !rules.includes(rule)).map((rule) => `rule ${rule}`),
  ...TRANSFORM_NAMES.filter((name) => !transforms.includes(name)).map((name) => `transform ${name}`),
  ...(existsSync(CLI_PATH) ? [] : ['CLI (dist/src/cli/bin.js)']),
];
console.log(
  `Corpus: ${files.length} files from ${Object.keys(pinned).length} packages ` +
    `(skipped ${skipped.declaration} declaration files, ${skipped.minified} minified); ${workerCount} workers.`,
);
console.log(`Rules: ${rules.join(', ')}. Transforms: ${transforms.join(', ') || 'none'}.`);
if (missing.length) console.log(`Not available yet: ${missing.join('; ')}.`);
for (const problem of loadedTransforms.problems) console.log(`BROKEN BUILD: ${problem}`);

const results = await runWorkers(files, workerCount);
const elapsed = (performance.now() - started) / 1000;

let failed = loadedTransforms.problems.length > 0;
failed = reportLint(results) || failed;
failed = reportSnapshot(results) || failed;
failed = reportTransforms(results) || failed;
writeFileSync(join(CACHE_DIR, 'last-run.json'), `${JSON.stringify(results, null, 1)}\n`);
console.log(`\nDone in ${elapsed.toFixed(1)} s (details of every file: ${join('.cache', 'corpus', 'last-run.json')}).`);
process.exit(failed ? 1 : 0);

/** A work queue over worker threads; results come back in file order. */
async function runWorkers(allFiles, count) {
  const out = new Array(allFiles.length);
  let next = 0;
  const workerUrl = new URL('./lib/corpus-worker.mjs', import.meta.url);
  const runOne = () =>
    new Promise((resolve, reject) => {
      const worker = new Worker(workerUrl);
      let batchStart = 0;
      const send = () => {
        if (next >= allFiles.length) {
          worker.terminate().then(() => resolve(), reject);
          return;
        }
        batchStart = next;
        next = Math.min(next + BATCH_SIZE, allFiles.length);
        worker.postMessage(allFiles.slice(batchStart, next));
      };
      worker.on('message', (batchResults) => {
        batchResults.forEach((result, offset) => (out[batchStart + offset] = result));
        send();
      });
      worker.on('error', reject);
      send();
    });
  await Promise.all(Array.from({ length: Math.min(count, Math.ceil(allFiles.length / BATCH_SIZE)) }, runOne));
  return out;
}

function byPackage(list) {
  const groups = new Map();
  for (const result of list) {
    if (!groups.has(result.pkg)) groups.set(result.pkg, []);
    groups.get(result.pkg).push(result);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

function ruleName(ruleId) {
  return ruleId.replace('safe-requests/', '');
}

function reportLint(list) {
  const header = ['package', 'files', 'parse failures', 'crashes', ...EXPECTED_RULES, 'lint ms'];
  const rows = [];
  const totals = { files: 0, parse: 0, crashes: 0, ms: 0, reports: Object.fromEntries(EXPECTED_RULES.map((rule) => [rule, 0])) };
  for (const [pkg, group] of byPackage(list)) {
    const reports = Object.fromEntries(EXPECTED_RULES.map((rule) => [rule, 0]));
    for (const result of group) for (const finding of result.lint.findings) reports[ruleName(finding.rule)]++;
    const parse = group.filter((result) => result.lint.parseFailure).length;
    const crashes = group.filter((result) => result.lint.crash).length;
    const ms = group.reduce((sum, result) => sum + result.lint.ms, 0);
    totals.files += group.length;
    totals.parse += parse;
    totals.crashes += crashes;
    totals.ms += ms;
    for (const rule of EXPECTED_RULES) totals.reports[rule] += reports[rule];
    rows.push([pkg, group.length, parse, crashes, ...EXPECTED_RULES.map((rule) => (rules.includes(rule) ? reports[rule] : 'n/a')), Math.round(ms)]);
  }
  rows.push([
    '**total**', totals.files, totals.parse, totals.crashes,
    ...EXPECTED_RULES.map((rule) => (rules.includes(rule) ? totals.reports[rule] : 'n/a')), Math.round(totals.ms),
  ]);
  console.log('\n## Rules over the corpus (reports per rule; n/a = rule not available)\n');
  console.log(formatTable(header, rows));
  for (const result of list.filter((r) => r.lint.parseFailure)) console.log(`  parse failure: ${result.pkg} ${result.rel} ${result.lint.parseFailure}`);
  for (const result of list.filter((r) => r.lint.crash)) console.log(`\nCRASH ${result.pkg} ${result.rel}\n${result.lint.crash}`);
  return totals.crashes > 0;
}

/** Sorted and stable, so the committed file only changes when findings (or what the transforms do) change. */
function buildSnapshot(list) {
  const packages = {};
  for (const [pkg, group] of byPackage(list)) {
    const reports = Object.fromEntries(rules.map((rule) => [rule, 0]));
    const findings = [];
    for (const result of group) {
      for (const finding of result.lint.findings) {
        reports[ruleName(finding.rule)]++;
        findings.push({ key: [result.rel, finding.line, finding.column], text: `${result.rel}:${finding.line}:${finding.column} ${ruleName(finding.rule)}/${finding.messageId}` });
      }
    }
    findings.sort((a, b) => (a.key[0] < b.key[0] ? -1 : a.key[0] > b.key[0] ? 1 : a.key[1] - b.key[1] || a.key[2] - b.key[2] || (a.text < b.text ? -1 : 1)));
    packages[pkg] = {
      files: group.length,
      parseFailures: group.filter((result) => result.lint.parseFailure).map((result) => result.rel).sort(),
      reports,
      findings: findings.map((finding) => finding.text),
      transforms: Object.fromEntries(
        transforms.map((name) => {
          const outcomes = group.map((result) => result.transforms[name]);
          const sum = (pick) => outcomes.reduce((total, outcome) => total + pick(outcome), 0);
          return [name, { changed: sum((o) => (o.changed ? 1 : 0)), rewrites: sum((o) => o.changes), manualReview: sum((o) => o.manualReview) }];
        }),
      ),
    };
  }
  return { rules, transforms, packages };
}

function reportSnapshot(list) {
  const current = `${JSON.stringify(buildSnapshot(list), null, 2)}\n`;
  const committed = existsSync(SNAPSHOT_FILE) ? readFileSync(SNAPSHOT_FILE, 'utf8') : '';
  const relative = SNAPSHOT_FILE.slice(ROOT.length + 1);
  if (current === committed) {
    console.log(`\nFindings match ${relative}.`);
    return false;
  }
  if (update) {
    writeFileSync(SNAPSHOT_FILE, current);
    console.log(`\nWrote ${relative}.`);
    return false;
  }
  console.log(`\nFindings differ from ${relative} (review, then run \`npm run corpus -- --update\`):\n`);
  console.log(createTwoFilesPatch(relative, `${relative} (this run)`, committed, current, '', '', { context: 2 }));
  return true;
}

function reportTransforms(list) {
  if (transforms.length === 0) {
    console.log('\n## Transforms over the corpus\n\nNo transform is available yet.');
    return false;
  }
  const header = ['transform', 'files', 'changed', 'rewrites', 'manual review', 'parse failures', 'invariant violations'];
  const rows = [];
  const violations = [];
  for (const name of transforms) {
    const row = { files: 0, changed: 0, changes: 0, review: 0, parse: 0, violations: 0 };
    for (const result of list) {
      const outcome = result.transforms[name];
      row.files++;
      if (outcome.changed) row.changed++;
      row.changes += outcome.changes;
      row.review += outcome.manualReview;
      if (outcome.parseFailure) row.parse++;
      row.violations += outcome.violations.length;
      for (const violation of outcome.violations) violations.push({ transform: name, file: `${result.pkg} ${result.rel}`, ...violation });
    }
    rows.push([name, row.files, row.changed, row.changes, row.review, row.parse, row.violations]);
  }
  console.log('\n## Transforms over the corpus (in memory; nothing is written)\n');
  console.log(formatTable(header, rows));
  const absent = TRANSFORM_NAMES.filter((name) => !transforms.includes(name));
  if (absent.length) console.log(`(not available: ${absent.join(', ')})`);
  for (const name of transforms) {
    for (const result of list.filter((r) => r.transforms[name].parseFailure)) {
      console.log(`  ${name}: refused unparsable ${result.pkg} ${result.rel} (${result.transforms[name].parseFailure}); nothing written`);
    }
  }
  const kinds = new Map();
  for (const violation of violations) kinds.set(`${violation.transform} ${violation.kind}`, [...(kinds.get(`${violation.transform} ${violation.kind}`) ?? []), violation]);
  for (const [kind, group] of kinds) {
    console.log(`\nINVARIANT ${kind}: ${group.length}`);
    for (const violation of group.slice(0, SHOWN_PER_KIND)) console.log(`  ${violation.file}: ${violation.detail.split('\n').join('\n    ')}`);
    if (group.length > SHOWN_PER_KIND) console.log(`  … ${group.length - SHOWN_PER_KIND} more in .cache/corpus/last-run.json`);
  }
  return violations.length > 0;
}
