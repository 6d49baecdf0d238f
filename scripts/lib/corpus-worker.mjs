// One worker thread of `npm run corpus`: lints and transforms the files it is sent, one batch at a time.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { allLevelRules, loadDist, loadPlugin, loadTransforms, parserConfigs } from './corpus.mjs';

const plugin = loadPlugin();
const { parseForAnalysis, SourceParseError } = loadDist('src/rewrite/parse.js');
const { transforms } = loadTransforms();
const linter = new Linter({ configType: 'flat' });
const ruleLevels = allLevelRules(plugin);

/**
 * What each transform's output must leave silent (DESIGN.md invariants), for the rules that exist.
 * require-error-handling runs a second time, with `propagation: 'report'`, under an alias plugin,
 * so one lint pass of an unchanged file answers both the rule run and the companion check.
 */
const COMPANION_PLUGIN = 'safe-requests-companion';
const companionRule = plugin.rules['require-error-handling'];
const COMPANIONS = {
  'env-endpoints': ['safe-requests/no-hardcoded-endpoint'],
  timeouts: ['safe-requests/require-timeout'],
  'retry-requests': [`${COMPANION_PLUGIN}/require-error-handling`, 'safe-requests/require-retry'],
};
const plugins = {
  'safe-requests': plugin,
  ...(companionRule ? { [COMPANION_PLUGIN]: { rules: { 'require-error-handling': companionRule } } } : {}),
};
const allRules = {
  ...ruleLevels,
  ...(companionRule ? { [`${COMPANION_PLUGIN}/require-error-handling`]: ['error', { propagation: 'report' }] } : {}),
};
const configsFor = (rules) => ({
  module: [...parserConfigs(tsParser, 'module'), { plugins, rules }],
  script: [...parserConfigs(tsParser, 'script'), { plugins, rules }],
});
const CONFIGS = {
  all: configsFor(allRules),
  ...Object.fromEntries(
    Object.entries(COMPANIONS).map(([name, ruleIds]) => {
      const present = Object.fromEntries(ruleIds.filter((ruleId) => ruleId in allRules).map((ruleId) => [ruleId, allRules[ruleId]]));
      return [name, Object.keys(present).length ? configsFor(present) : null];
    }),
  ),
};

/** Throws what a rule throws (ESLint names the rule and the line); a fatal message is a parse failure. */
function lint(text, filename, configs) {
  const messages = verify(text, filename, configs.module);
  if (!messages.some((message) => message.fatal) || /\.[cm][jt]s$/.test(filename)) return messages;
  const asScript = verify(text, filename, configs.script);
  return asScript.some((message) => message.fatal) ? messages : asScript;
}

/** Our reports and parse errors; not ESLint's notes about the packages' own eslint comments. */
function verify(text, filename, config) {
  return linter.verify(text, config, { filename }).filter((message) => message.fatal || message.ruleId?.startsWith('safe-requests'));
}

function errorText(error) {
  return error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 6).join('\n') : String(error);
}

function lintFile(text, filename) {
  const started = performance.now();
  try {
    const messages = lint(text, filename, CONFIGS.all);
    const fatal = messages.find((message) => message.fatal);
    return {
      ms: performance.now() - started,
      parseFailure: fatal ? `${fatal.line}:${fatal.column} ${fatal.message}` : undefined,
      messages: messages.filter((message) => !message.fatal),
    };
  } catch (error) {
    return { ms: performance.now() - started, crash: errorText(error), messages: [] };
  }
}

/** A report the transform deliberately left: its manual-review item lies on the reported node's lines. */
function excused(message, items) {
  const endLine = message.endLine ?? message.line;
  return items.some((item) => item.line >= message.line && item.line <= endLine);
}

function firstDifference(a, b) {
  const left = a.split('\n');
  const right = b.split('\n');
  const line = left.findIndex((text, index) => text !== right[index]);
  return line === -1 ? `line ${left.length + 1}` : `line ${line + 1}: ${JSON.stringify(left[line]?.slice(0, 120))} → ${JSON.stringify(right[line]?.slice(0, 120))}`;
}

function transformFile(transform, text, absolute, filename, inputMessages) {
  const result = { changed: false, changes: 0, manualReview: 0, violations: [] };
  const violation = (kind, detail) => result.violations.push({ kind, detail });
  let first;
  try {
    first = transform.run(text, absolute, {});
  } catch (error) {
    if (error instanceof SourceParseError) result.parseFailure = `${error.line}:${error.column} ${error.parserMessage}`;
    else violation('crash', errorText(error));
    return result;
  }
  result.changes = first.changes;
  result.manualReview = first.manualReview.length;
  const output = first.output;
  const companions = CONFIGS[transform.name];
  let remaining = [];
  let review = first.manualReview;
  if (output === null) {
    remaining = inputMessages.filter((message) => COMPANIONS[transform.name].includes(message.ruleId));
  } else {
    result.changed = true;
    if (output === text) violation('rewrote-unchanged-file', 'output is identical to the input');
    try {
      parseForAnalysis(output, absolute);
    } catch (error) {
      violation('output-unparsable', errorText(error));
      return result;
    }
    try {
      const second = transform.run(output, absolute, {});
      if (second.output !== null) violation('not-idempotent', firstDifference(output, second.output));
      // Positions of what the transform left are reported against the text it read: the output now.
      review = second.manualReview;
    } catch (error) {
      violation('crash-on-own-output', errorText(error));
    }
    try {
      remaining = companions ? lint(output, filename, companions) : [];
    } catch (error) {
      violation('companion-rule-crash', errorText(error));
    }
  }
  for (const message of remaining) {
    if (message.fatal) violation('output-unparsable', `ESLint: ${message.line}:${message.column} ${message.message}`);
    else if (!excused(message, review)) {
      violation('companion-report', `${message.line}:${message.column} ${describeRule(message.ruleId)}/${message.messageId}: ${message.message}`);
    }
  }
  return result;
}

function describeRule(ruleId) {
  return ruleId.startsWith(`${COMPANION_PLUGIN}/`) ? `${ruleId.slice(COMPANION_PLUGIN.length + 1)} (propagation: report)` : ruleId;
}

parentPort.on('message', (batch) => {
  const results = batch.map(({ pkg, name, rel, absolute }) => {
    const text = readFileSync(absolute, 'utf8');
    // The virtual name is the path inside the package, as ESLint would see it in that project.
    const filename = `${name}/${rel}`;
    const { messages, ...lintResult } = lintFile(text, filename);
    const findings = messages
      .filter((message) => message.ruleId.startsWith('safe-requests/'))
      .map((message) => ({ rule: message.ruleId, messageId: message.messageId, line: message.line, column: message.column }));
    const transformed = {};
    for (const [transformName, transform] of transforms) {
      transformed[transformName] = transformFile(transform, text, absolute, filename, messages);
    }
    return { pkg, rel, lint: { ...lintResult, findings }, transforms: transformed };
  });
  parentPort.postMessage(results);
});
