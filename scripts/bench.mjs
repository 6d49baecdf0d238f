// `npm run bench`: performance of the rules and the codemod on the corpus (corpus/packages.json),
// each figure measured in this run against its baseline:
//   1. lint: each of our rules' time as a share of total ESLint time (core recommended rules + ours);
//   2. our rules without type information vs typescript-eslint's no-floating-promises with it, same TS files;
//   3. codemod: `safe-requests check` vs a jscodeshift no-op transform (parse + print), same files and
//      worker count: wall and CPU time, files/s, peak memory of the whole process tree; on the
//      application packages (corpus/packages.json `applications`) at 1×, 2× and 4× copies (the
//      target, and whether the cost is linear), and on the whole corpus at 1×;
//   4. load: `require()` of the built plugin in a fresh node process vs @typescript-eslint/utils and
//      eslint-plugin-promise;
//   5. parse: the transforms' parser (oxc-parser, normalised) vs typescript-estree, which it replaced,
//      over every corpus file, in this process.
// Options: --reps=N (repetitions, median taken; default 3 for the 1× codemod runs, 1 for the lint runs,
// which already sum over every file; 9 node processes per module for the load table), --scales=1,2,4,
// --sections=lint,typed,codemod,load,parse.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import tsParser from '@typescript-eslint/parser';
import tseslint from 'typescript-eslint';
import { ESLint } from 'eslint';
import {
  allLevelRules,
  CACHE_DIR,
  CLI_PATH,
  corpusFiles,
  formatTable,
  installCorpus,
  loadDist,
  loadPlugin,
  parserConfigs,
  readApplications,
  requireFromRoot,
  ROOT,
} from './lib/corpus.mjs';
import { median, runMeasured } from './lib/measure.mjs';

const RULES_TARGET_SHARE = 0.03;
/** On application code, for wall and CPU time alike (issue 15). */
const CLI_TARGET_RATIO = 0.25;
/** Linear (or better): no scale's CPU time per 1× copy exceeds the 1× figure by more than this factor. */
const LINEAR_SLACK = 1.15;
const LOAD_TARGET_MS = 150;
const LOAD_RUNS = 9;
/** Folders the CLI skips by default (issue 7); the benchmark copy renames them so both tools get every file. */
const CLI_EXCLUDED_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', '.next', 'out', 'vendor']);

const args = process.argv.slice(2);
const option = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const repsOption = option('reps', undefined);
const reps = Number(repsOption ?? '3');
const lintReps = Number(repsOption ?? '1');
const scales = option('scales', '1,2,4').split(',').map(Number);
const SECTIONS = { lint: lintShare, typed: typedComparison, codemod, load: pluginLoad, parse: parserComparison };
const chosen = option('sections', Object.keys(SECTIONS).join(',')).split(',');
if (!Number.isInteger(reps) || reps < 1 || scales.some((scale) => !Number.isInteger(scale) || scale < 1)) {
  console.error('bench: --reps and --scales take positive integers (e.g. --reps=3 --scales=1,2,4)');
  process.exit(3);
}
if (chosen.some((name) => !Object.hasOwn(SECTIONS, name))) {
  console.error(`bench: --sections takes a list of ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(3);
}
const workers = availableParallelism();
/**
 * The CLI with the jscodeshift run's worker count, and with its own choice (at most that many);
 * then that choice again without its compile cache (docs/cli.md), as the first run on a fresh
 * machine or CI home starts.
 */
const CLI_VARIANTS = [
  { label: `safe-requests check --workers=${workers}`, flags: [`--workers=${workers}`], env: {} },
  { label: 'safe-requests check (default threads)', flags: [], env: {} },
  { label: 'safe-requests check (default threads, no compile cache)', flags: [], env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
];
// ESLint's advice to drop concurrency concerns wall time; the lint table reads per-file times, which it does not skew.
const printWarning = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'ESLintPoorConcurrencyWarning') for (const listener of printWarning) listener(warning);
});

const benchStarted = performance.now();
const pinned = installCorpus();
const { files } = corpusFiles(pinned);
const applications = new Set(readApplications());
const applicationFiles = files.filter((file) => applications.has(file.name));
const plugin = loadPlugin();
const ourRules = allLevelRules(plugin);
const ourRuleIds = Object.keys(ourRules).sort();
const megabytes = (list) => `${(list.reduce((sum, file) => sum + file.bytes, 0) / 1e6).toFixed(1)} MB`;
console.log(
  `Corpus: ${files.length} files, ${megabytes(files)} (applications: ${applicationFiles.length} files, ${megabytes(applicationFiles)}); ` +
    `${workers} CPUs; rules: ${ourRuleIds.map((id) => id.replace('safe-requests/', '')).join(', ')}.`,
);

const tables = [];
for (const name of chosen) tables.push(await SECTIONS[name]());
for (const table of tables) console.log(`\n${table}`);
console.log(`\nBench done in ${((performance.now() - benchStarted) / 1000).toFixed(0)} s.`);

function runsText(count) {
  return count === 1 ? 'one run' : `median of ${count} runs`;
}

function percent(value) {
  return `${(value * 100).toFixed(2)} %`;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}

function verdict(pass) {
  return pass ? 'PASS' : 'MISS';
}

/** The ESLint options of the comparisons that run in this thread. */
function eslintOptions(config) {
  // ESLint ignores node_modules/ below its cwd even with `ignore: false`; from inside, the files are its own.
  return { cwd: join(CACHE_DIR, 'node_modules'), overrideConfigFile: true, overrideConfig: config, ignore: false, stats: true };
}

/**
 * Lints with `stats: true`; per-rule, parse and whole-file times are summed over files (and so over
 * ESLint's worker threads, when it has them).
 */
async function lintWithStats(eslint, paths) {
  const started = performance.now();
  const results = await eslint.lintFiles(paths);
  const wallMs = performance.now() - started;
  const ruleMs = {};
  let parseMs = 0;
  let totalMs = 0;
  let fatal = 0;
  for (const result of results) {
    if (!result.stats) throw new Error(`bench: ESLint did not lint ${result.filePath}: ${result.messages[0]?.message}`);
    if (result.messages.some((message) => message.fatal)) fatal++;
    for (const pass of result.stats.times.passes) {
      parseMs += pass.parse?.total ?? 0;
      // A file that does not parse has a pass with its parse time and no total.
      totalMs += pass.total ?? pass.parse?.total ?? 0;
      for (const [ruleId, time] of Object.entries(pass.rules ?? {})) ruleMs[ruleId] = (ruleMs[ruleId] ?? 0) + time.total;
    }
  }
  return { wallMs, totalMs, ruleMs, parseMs, fatal };
}

async function lintShare() {
  const eslint = await ESLint.fromOptionsModule(new URL('./lib/lint-share-options.mjs', import.meta.url));
  const paths = files.map((file) => file.absolute);
  const runs = [];
  for (let i = 0; i < lintReps; i++) runs.push(await lintWithStats(eslint, paths));
  const of = (pick) => median(runs.map(pick));
  const totalMs = of((run) => run.totalMs);
  const coreIds = Object.keys(runs[0].ruleMs).filter((ruleId) => !ruleId.startsWith('safe-requests/'));
  const oursMs = of((run) => ourRuleIds.reduce((sum, ruleId) => sum + (run.ruleMs[ruleId] ?? 0), 0));
  const coreMs = of((run) => coreIds.reduce((sum, ruleId) => sum + run.ruleMs[ruleId], 0));
  const parseMs = of((run) => run.parseMs);
  const share = (ms) => percent(ms / totalMs);
  const rows = [
    ...ourRuleIds.map((ruleId) => {
      const ms = of((run) => run.ruleMs[ruleId] ?? 0);
      return [ruleId, seconds(ms), share(ms), '', ''];
    }),
    ['**all safe-requests rules**', seconds(oursMs), share(oursMs), `≤ ${percent(RULES_TARGET_SHARE)}`, verdict(oursMs / totalMs <= RULES_TARGET_SHARE)],
    [`${coreIds.length} core recommended rules (baseline)`, seconds(coreMs), share(coreMs), '', ''],
    ['parsing (@typescript-eslint/parser)', seconds(parseMs), share(parseMs), '', ''],
    ['**total ESLint time** (all files, all passes)', seconds(totalMs), '100 %', '', ''],
  ];
  return [
    `## Lint: rule time as a share of total ESLint time (${files.length} files, ${runsText(lintReps)}; ` +
      `${workers} ESLint threads, ${seconds(of((run) => run.wallMs))} wall)\n`,
    formatTable(['rule', 'time', 'share', 'target', 'verdict'], rows),
    runs[0].fatal ? `\n${runs[0].fatal} files did not parse (still counted: ESLint read them).` : '',
  ].join('\n');
}

/**
 * Our rules need no type information; typescript-eslint's no-floating-promises (the nearest
 * existing check) needs a TypeScript program. Both lint the corpus's TypeScript files; the typed
 * run gets a generated tsconfig that lists exactly those files.
 */
async function typedComparison() {
  const tsFiles = files.filter((file) => /\.[cm]?ts$/.test(file.rel)).map((file) => file.absolute);
  const tsconfig = join(CACHE_DIR, 'tsconfig.bench.json');
  writeFileSync(
    tsconfig,
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022', module: 'Preserve', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          strict: true, skipLibCheck: true, noEmit: true, allowJs: false, types: [],
        },
        files: tsFiles,
      },
      null,
      2,
    )}\n`,
  );
  const ours = new ESLint(eslintOptions([...parserConfigs(tsParser), { plugins: { 'safe-requests': plugin }, rules: ourRules }]));
  const typed = new ESLint(
    eslintOptions([
      ...parserConfigs(tsParser),
      {
        languageOptions: { parserOptions: { project: tsconfig, tsconfigRootDir: CACHE_DIR } },
        plugins: { '@typescript-eslint': tseslint.plugin },
        rules: { '@typescript-eslint/no-floating-promises': 'error' },
      },
    ]),
  );
  const oursRuns = [];
  const typedRuns = [];
  for (let i = 0; i < lintReps; i++) {
    oursRuns.push(await lintWithStats(ours, tsFiles));
    typedRuns.push(await lintWithStats(typed, tsFiles));
  }
  const wall = (runs) => median(runs.map((run) => run.wallMs));
  const rulesOf = (runs, ids) => median(runs.map((run) => ids.reduce((sum, id) => sum + (run.ruleMs[id] ?? 0), 0)));
  const oursRule = rulesOf(oursRuns, ourRuleIds);
  const typedRule = rulesOf(typedRuns, ['@typescript-eslint/no-floating-promises']);
  const rows = [
    ['our rules, no type information', seconds(wall(oursRuns)), seconds(oursRule), '1.00×', '1.00×'],
    [
      'no-floating-promises, type information (baseline)',
      seconds(wall(typedRuns)),
      seconds(typedRule),
      `${(wall(typedRuns) / wall(oursRuns)).toFixed(2)}×`,
      `${(typedRule / oursRule).toFixed(2)}×`,
    ],
  ];
  return [
    `## Lint: our rules vs typescript-eslint no-floating-promises with type information (${tsFiles.length} TypeScript files, ${runsText(lintReps)})\n`,
    formatTable(['configuration', 'lint wall time', 'rule time', 'wall vs ours', 'rule time vs ours'], rows),
    '\n(wall time includes parsing, and for the typed run building the TypeScript program.)',
    ...[oursRuns[0], typedRuns[0]].filter((run) => run.fatal).map((run) => `\nWARNING: ${run.fatal} files did not parse in one of the runs.`),
  ].join('\n');
}

/** Copies of `list`, each a tree of <package>/<path>, with CLI-excluded folder names renamed. */
function prepareCopies(name, list, count) {
  const root = join(tmpdir(), 'safe-requests-bench', name);
  const fingerprint = createHash('sha256').update(list.map((file) => `${file.pkg}/${file.rel}`).join('\n')).digest('hex');
  const copies = [];
  for (let copy = 1; copy <= count; copy++) {
    const dir = join(root, `copy-${copy}`);
    copies.push(dir);
    const marker = join(dir, '.complete');
    if (existsSync(marker) && readFileSync(marker, 'utf8') === fingerprint) continue;
    rmSync(dir, { recursive: true, force: true });
    for (const file of list) {
      const rel = `${file.name.replace('/', '__')}/${file.rel}`
        .split('/')
        .map((segment) => (CLI_EXCLUDED_DIRS.has(segment) ? `${segment}_` : segment))
        .join('/');
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      copyFileSync(file.absolute, join(dir, rel));
    }
    writeFileSync(marker, fingerprint);
  }
  return copies;
}

/** The CLI's flags for the worker count and for including test files, read from its own help. */
function cliFlags() {
  const help = spawnSync(process.execPath, [CLI_PATH, 'check', '--help'], { encoding: 'utf8' });
  const text = `${help.stdout}${help.stderr}`;
  return text.includes('--include-tests') ? ['--include-tests'] : [];
}


/** Median wall and CPU time, largest peak, and the last run (for its output). */
function summarize(runs) {
  return {
    wallMs: median(runs.map((run) => run.wallMs)),
    cpuMs: runs[0].cpuMs === undefined ? undefined : median(runs.map((run) => run.cpuMs)),
    peakMb: Math.max(...runs.map((run) => run.peakMb)),
    last: runs.at(-1),
  };
}

/**
 * The CLI against the no-op on the application packages at each scale (the target: wall and CPU
 * time at most CLI_TARGET_RATIO× the no-op's, and a cost per copy that does not grow), and on the
 * whole corpus at 1× for reference.
 */
async function codemod() {
  const jscodeshift = join(ROOT, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
  const noop = join(ROOT, 'scripts', 'lib', 'noop-transform.cjs');
  const haveCli = existsSync(CLI_PATH);
  const cliArgs = haveCli ? cliFlags() : [];
  const runs = [
    ...scales.map((scale) => ({ corpus: 'applications', list: applicationFiles, scale, target: true })),
    { corpus: 'all packages', list: files, scale: 1, target: false },
  ];
  const copiesOf = { applications: prepareCopies('applications', applicationFiles, Math.max(...scales)), 'all packages': prepareCopies('all', files, 1) };
  const rows = [];
  const notes = [];
  /** Per tool label: cost per 1× copy at each application scale. */
  const perCopy = new Map();
  const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
  for (const { corpus, list, scale, target } of runs) {
    const paths = copiesOf[corpus].slice(0, scale);
    const fileCount = list.length * scale;
    const noopRuns = [];
    const cliRuns = CLI_VARIANTS.map(() => []);
    // Alternating the tools spreads any other load on the machine over all of them.
    for (let i = 0; i < reps; i++) {
      noopRuns.push(
        await runMeasured(process.execPath, [
          jscodeshift, '-t', noop, '--no-babel', '--dry', `--cpus=${workers}`, '--parser=tsx',
          '--extensions=js,jsx,mjs,cjs,ts,tsx,mts,cts', ...paths,
        ]),
      );
      if (!haveCli) continue;
      for (const [index, variant] of CLI_VARIANTS.entries()) {
        const env = { ...process.env, ...variant.env };
        cliRuns[index].push(await runMeasured(process.execPath, [CLI_PATH, 'check', ...variant.flags, ...cliArgs, ...paths], { cwd: tmpdir(), env }));
      }
    }
    const row = (tool, result) => {
      if (target) perCopy.set(tool, [...(perCopy.get(tool) ?? []), { scale, wallMs: result.wallMs / scale, cpuMs: result.cpuMs / scale }]);
      return [
        corpus, `${scale}×`, fileCount, tool, seconds(result.wallMs), result.cpuMs === undefined ? 'n/a' : seconds(result.cpuMs),
        Math.round(fileCount / (result.wallMs / 1000)), Math.round(result.peakMb),
        seconds(result.wallMs / scale), result.cpuMs === undefined ? 'n/a' : seconds(result.cpuMs / scale),
      ];
    };
    const base = summarize(noopRuns);
    const parseErrors = /(\d+) errors/.exec(base.last.stdout)?.[1];
    if (scale === 1 && parseErrors && parseErrors !== '0') {
      notes.push(`jscodeshift's tsx parser refused ${parseErrors} of ${fileCount} files (${corpus}, 1×; each still cost a parse attempt).`);
    }
    rows.push([...row('jscodeshift no-op (baseline)', base), '', '', '', '']);
    for (const [index, variant] of CLI_VARIANTS.entries()) {
      if (!haveCli) {
        rows.push([corpus, `${scale}×`, fileCount, variant.label, 'n/a', 'n/a', '', '', '', '', '', '', '', 'not available']);
        continue;
      }
      const cli = summarize(cliRuns[index]);
      if (cli.last.status !== 0 && cli.last.status !== 1) {
        notes.push(`${variant.label} exited ${cli.last.status} (${corpus}, ${scale}×): ${cli.last.stderr.trim().split('\n').slice(-3).join(' / ')}`);
      }
      const pass = cli.wallMs / base.wallMs <= CLI_TARGET_RATIO && cli.cpuMs !== undefined && cli.cpuMs / base.cpuMs <= CLI_TARGET_RATIO;
      rows.push([
        ...row(variant.label, cli), ratio(cli.wallMs, base.wallMs), cli.cpuMs === undefined ? 'n/a' : ratio(cli.cpuMs, base.cpuMs),
        target ? `≤ ${CLI_TARGET_RATIO}×` : '', target ? verdict(pass) : '',
      ]);
    }
  }
  return [
    `## Codemod: safe-requests check vs jscodeshift no-op (parse + print), ${workers} workers each ` +
      `(${runsText(reps)} at each scale; peak = whole process tree)\n`,
    formatTable(
      ['corpus', 'scale', 'files', 'tool', 'wall', 'CPU', 'files/s', 'peak MB', 'wall per 1× copy', 'CPU per 1× copy', 'wall vs no-op', 'CPU vs no-op', 'target', 'verdict'],
      rows,
    ),
    `\nTarget (applications): wall and CPU time both ≤ ${CLI_TARGET_RATIO}× the no-op's.`,
    scales.length > 1 ? `\n${scalingText(perCopy)}` : '',
    haveCli
      ? `\nCLI: safe-requests check [--workers=${workers}] ${cliArgs.join(' ')} <copies>. Without --workers the CLI starts ` +
        `as many threads as the files left after its text pre-filter pay for (one per 2 MB, at most the CPU count); ` +
        `with --workers=${workers} it runs exactly ${workers}, its own thread included.`
      : '\nCLI not available: dist/src/cli/bin.js is missing.',
    ...notes.map((note) => `\n${note}`),
  ].join('\n');
}

function scalingText(perCopy) {
  const lines = [`Scaling on the applications (cost per 1× copy relative to 1×; linear = at most ${LINEAR_SLACK}× at every scale):`];
  for (const [tool, points] of perCopy) {
    const [first] = points;
    const relative = points.map((point) => ({ scale: point.scale, wall: point.wallMs / first.wallMs, cpu: point.cpuMs / first.cpuMs }));
    const linear = relative.every((point) => point.cpu <= LINEAR_SLACK);
    lines.push(
      `- ${tool}: ${relative.map((point) => `${point.scale}× wall ${point.wall.toFixed(2)}, CPU ${point.cpu.toFixed(2)}`).join('; ')}` +
        ` — CPU ${linear ? 'linear: PASS' : 'grows faster than the files: MISS'}`,
    );
  }
  return lines.join('\n');
}

/**
 * `require()` time of a module in a fresh node process, as ESLint pays it when a config names the
 * plugin: the median of LOAD_RUNS processes, each timing its own require with hrtime.
 */
async function pluginLoad() {
  const modules = [
    { label: 'eslint-plugin-safe-requests (dist/src/index.js)', request: join(ROOT, 'dist', 'src', 'index.js'), target: true },
    { label: '@typescript-eslint/utils (baseline)', request: '@typescript-eslint/utils' },
    { label: 'eslint-plugin-promise (baseline)', request: 'eslint-plugin-promise' },
  ];
  const timeRequire = (request) => {
    const script =
      `const cpu = process.cpuUsage(); const started = process.hrtime.bigint(); require(${JSON.stringify(request)}); ` +
      `const { user, system } = process.cpuUsage(cpu); ` +
      `console.log(Number(process.hrtime.bigint() - started) / 1e6, (user + system) / 1000, Object.keys(require.cache).length);`;
    const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`bench: require(${request}) failed: ${result.stderr.trim().split('\n')[0]}`);
    const [ms, cpuMs, modules] = result.stdout.trim().split(' ').map(Number);
    return { ms, cpuMs, modules };
  };
  const measured = modules.map((module) => ({ ...module, runs: [] }));
  // Interleaved, like the codemod runs, so other load on the machine hits every module alike.
  for (let i = 0; i < LOAD_RUNS; i++) for (const module of measured) module.runs.push(timeRequire(module.request));
  const ours = median(measured[0].runs.map((run) => run.ms));
  const rows = measured.map((module) => {
    const times = module.runs.map((run) => run.ms);
    const ms = median(times);
    return [
      module.label, `${ms.toFixed(0)} ms`, `${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} ms`,
      `${median(module.runs.map((run) => run.cpuMs)).toFixed(0)} ms`, module.runs[0].modules,
      `${(ms / ours).toFixed(2)}×`, module.target ? `≤ ${LOAD_TARGET_MS} ms` : '', module.target ? verdict(ms <= LOAD_TARGET_MS) : '',
    ];
  });
  return [
    `## Plugin load: require() in a fresh node process (median of ${LOAD_RUNS})\n`,
    formatTable(['module', 'require time', 'range', 'CPU time', 'modules loaded', 'vs ours', 'target', 'verdict'], rows),
    '\n(wall time from hrtime around the require; CPU time from process.cpuUsage, which other load on the machine disturbs less.)',
  ].join('\n');
}

/**
 * The transforms' parse (src/rewrite/parse.ts: oxc-parser and the normalising walk) against
 * typescript-estree with the options parse.ts used before it, each file with the grammar oxc chose;
 * files oxc refuses are left out of both. Each parser gets one warm-up pass over the first files.
 */
async function parserComparison() {
  const { parseSource } = loadDist('src/rewrite/parse.js');
  const { parse } = requireFromRoot('@typescript-eslint/typescript-estree');
  const inputs = [];
  for (const file of files) {
    const text = readFileSync(file.absolute, 'utf8');
    try {
      inputs.push({ path: file.absolute, text, choice: parseSource(text, file.absolute).parserUsed });
    } catch {
      // Refused (syntax error, Flow): neither parser is timed on it.
    }
  }
  const typescriptEstree = ({ path, text, choice }) => {
    const extension = /\.[^./]+$/.exec(path)?.[0] ?? '';
    const pathGrammarIsJsx = ['.js', '.jsx', '.mjs', '.cjs', '.tsx'].includes(extension);
    const pathDecidesGrammar = pathGrammarIsJsx || ['.ts', '.mts', '.cts'].includes(extension);
    const masked = text.startsWith('\uFEFF#!') ? text.replace(/^\uFEFF[^\r\n]*/, (line) => `\uFEFF${' '.repeat(line.length - 1)}`) : text;
    parse(masked, {
      comment: false, filePath: !pathDecidesGrammar || pathGrammarIsJsx === choice.jsx ? path : undefined, jsx: choice.jsx,
      loc: true, loggerFn: false, range: true, sourceType: choice.sourceType === 'module' ? 'module' : 'script', tokens: false,
    });
  };
  // A space appended defeats parse.ts's cache of recent texts, which would otherwise answer the warm-up's files.
  const ours = ({ path, text, choice }) => parseSource(`${text} `, path, choice);
  const time = (parseOne) => {
    for (const input of inputs.slice(0, 50)) parseOne(input);
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const input of inputs) parseOne(input);
    const { user, system } = process.cpuUsage(cpu);
    return { wallMs: performance.now() - started, cpuMs: (user + system) / 1000 };
  };
  const oxc = time(ours);
  const tse = time(typescriptEstree);
  const rows = [
    ['oxc-parser + normalisation (src/rewrite/parse.ts)', seconds(oxc.wallMs), seconds(oxc.cpuMs), '1.00×'],
    ['typescript-estree, as before (baseline)', seconds(tse.wallMs), seconds(tse.cpuMs), `${(tse.cpuMs / oxc.cpuMs).toFixed(1)}×`],
  ];
  return [
    `## Parse: the transforms' parser vs typescript-estree (${inputs.length} corpus files that parse, one pass each, this process)\n`,
    formatTable(['parser', 'wall', 'CPU', 'CPU vs oxc'], rows),
  ].join('\n');
}
