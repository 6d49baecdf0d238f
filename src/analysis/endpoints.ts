import { ReferenceTracker } from '@eslint-community/eslint-utils';
import type { TSESTree } from '@typescript-eslint/utils';
import picomatch from 'picomatch';
import {
  calleeName,
  dottedName,
  enclosingClassBody,
  enclosingFunction,
  findProperty,
  findVariable,
  innerValue,
  outerValue,
  propertyName,
  readReferences,
  staticString,
  walk,
  type FunctionNode,
  type Node,
  type Scope,
} from './ast';
import { constructions, functionBinding, memberOf, memberReads } from './function-uses';
import { mayImport, mayMentionClient, wordPattern, type ClientId } from './clients';
import { envNameRead } from './env-access';
import { deriveEnvName } from './env-name';
import { isPublicPlatformHost } from './public-hosts';
import { indexRequests, withImplicitGlobals, type FileInput, type RequestCall, type RequestIndex } from './requests';
import { quoteString, type Quote, type TextEdit } from '../fixes/source-text';
import { carriesSecret, matchesHostPattern, parseEndpointUrl, parseUrlPrefix, type EndpointScheme, type ParsedEndpointUrl, type ParsedUrlPrefix } from './url';

/**
 * Hardcoded endpoints: absolute URLs written in the code that reach a request. Shared by the
 * no-hardcoded-endpoint rule and the env-endpoints transform, so both see the same literals.
 *
 * Sink-driven: it starts at the places that send a request to a URL (request calls, client
 * configs, sockets, beacons) and follows each URL expression back to the literals it is built
 * from, so a URL that reaches no request (a link, a namespace, a message) is never a finding.
 */

export interface EndpointOptions {
  /** Host globs (see `matchesHostPattern`) that may be hardcoded. */
  readonly allowedHosts: readonly string[];
  /** URL globs (picomatch, case-insensitive) matched against `origin + path` without query, e.g. `https://status.acme.io/**`. */
  readonly ignore: readonly string[];
  /** What to do with the literal fallback of an env lookup (`process.env.X ?? 'https://…'`). */
  readonly envFallback: 'allow' | 'local-only' | 'report';
  /** Hosts of public platforms (public-hosts.ts), the same in every deployment: 'ignore' (default) or 'report'. */
  readonly thirdPartyHosts?: 'ignore' | 'report';
}

export const DEFAULT_ENDPOINT_OPTIONS: EndpointOptions = { allowedHosts: [], ignore: [], envFallback: 'allow', thirdPartyHosts: 'ignore' };

export interface EndpointFinding {
  /** Where the URL text is written (for `+` concatenation: the string literal holding scheme and host). */
  readonly node: TSESTree.StringLiteral | TSESTree.TemplateLiteral;
  readonly kind: 'literal' | 'template' | 'concatenation';
  /** Parse of the whole literal, or of the static head (template / concatenation). */
  readonly url: ParsedEndpointUrl;
  /** The exact value that moves to the environment: the whole literal for 'literal', the static origin otherwise. */
  readonly replacedText: string;
  /** `deriveEnvName` of `replacedText`, using `bindingName` when it is not generic; for a fallback, the variable read. */
  readonly proposedEnvName: string;
  /** `const USERS_API = '…'` → 'USERS_API'; the property key for `{ baseURL: '…' }`. Only for 'literal'. */
  readonly bindingName?: string;
  /** Credentials or a secret query value in the text: its own message, never rewritten or copied. */
  readonly secret: boolean;
  /** The first sink it reaches: a request call, client factory, `new WebSocket(…)`, `sendBeacon(…)`, `xhr.open(…)`. */
  readonly sink: TSESTree.CallExpression | TSESTree.NewExpression;
  /** How the sink is written, for messages: `axios.post`, `new WebSocket`, `navigator.sendBeacon`. */
  readonly sinkLabel: string;
  /** 'host': a bare host name (node:http's `hostname` / `host` option); `replacedText` is that host. */
  readonly target: 'url' | 'host';
  /** The static text the URL was read from (whole value, or head before the first `${}` / `+`). May hold a secret. */
  readonly staticText: string;
  /** Set when the literal is the fallback of an env lookup (`process.env.X ?? '…'`): the variable read. Never rewritten. */
  readonly fallbackFor?: string;
}

const cache = new WeakMap<TSESTree.Program, { key: string; settings: FileInput['settings']; findings: EndpointFinding[] }>();

/**
 * The text test before parsing: a file without it holds no finding. A URL finding is a string or
 * template that starts with its scheme, so `://` follows a quote and scheme characters (or escapes
 * and line continuations spelling them); a URL in a comment does not count. Host-only options
 * (`hostname: 'api.acme.io'`) carry no `://`. And a finding needs a sink: a client (the request
 * index's own pre-check) or a socket, event source or beacon, named as a word or a module.
 */
export function mayHoldEndpoint(text: string, clients: FileInput['settings']['clients']): boolean {
  return (
    (text.includes('host') || QUOTED_URL_START.test(text)) &&
    (mayMentionClient(text, clients) || SINK_GLOBAL_WORD.test(text) || mayImport(text, Object.keys(SINK_MODULES)))
  );
}

const QUOTED_URL_START = /['"`][\w\\{}\r\n\u2028\u2029]{1,24}:\/\//;

/** Every reported hardcoded endpoint of a file, in source order, one per literal; memoised per AST and options. */
export function findHardcodedEndpoints(input: FileInput, options: EndpointOptions): EndpointFinding[] {
  if (!mayHoldEndpoint(input.text, input.settings.clients)) return [];
  const key = JSON.stringify([options.allowedHosts, options.ignore, options.envFallback, options.thirdPartyHosts]);
  const hit = cache.get(input.ast);
  if (hit && hit.key === key && hit.settings === input.settings) return hit.findings;
  const findings = collectFindings(input, options);
  cache.set(input.ast, { key, settings: input.settings, findings });
  return findings;
}

function collectFindings(input: FileInput, options: EndpointOptions): EndpointFinding[] {
  const index = indexRequests(input);
  const tracer = new UrlTracer(index.globalScope);
  const isIgnored = ignoreMatcher(options.ignore);
  const byNode = new Map<Node, EndpointFinding>();
  for (const use of sinkUses(index, tracer, input.text)) {
    for (const origin of tracer.origins(use.expression)) {
      if (byNode.has(origin.node)) continue;
      const finding = toFinding(origin, use, input.text);
      if (finding && isReported(finding, options, isIgnored)) byNode.set(origin.node, finding);
    }
  }
  return [...byNode.values()].sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * Where a request or client config sends its requests, for `safe-requests health`: the variable
 * its URL reads and the origin written in the code (the variable's default, or the URL itself),
 * loopback and allowed hosts included. Relative URLs, unknown ports and bare hosts give none.
 */
export interface EndpointTarget {
  readonly sink: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly sinkLabel: string;
  /** The URL expression at the sink (the argument, or the config value). */
  readonly expression: Node;
  /** The literal the origin comes from, when there is one. */
  readonly literal: TSESTree.StringLiteral | TSESTree.TemplateLiteral | null;
  readonly variable: string | null;
  /** `scheme://host[:port]` as written, without userinfo. */
  readonly origin: string | null;
}

/** Every target of every sink in the file, in source order; one per sink, variable and origin. */
export function findEndpointTargets(input: FileInput): EndpointTarget[] {
  const index = indexRequests(input);
  const tracer = new UrlTracer(index.globalScope);
  const targets = new Map<string, EndpointTarget>();
  for (const use of sinkUses(index, tracer, input.text)) {
    // node:http's host and port are separate options: the origin is not known from the host alone.
    if (use.target === 'host') continue;
    const sources = tracer.sources(use.expression);
    const defaulted = new Set(sources.flatMap((source) => (source.kind !== 'env' && source.fallbackFor ? [source.fallbackFor] : [])));
    for (const source of sources) {
      if (source.kind === 'env' && defaulted.has(source.variable)) continue;
      const target = source.kind === 'env' ? { literal: null, variable: source.variable, origin: null } : literalTarget(source, use, input.text);
      const key = `${use.sink.range[0]} ${target?.variable} ${target?.origin}`;
      if (target && !targets.has(key)) targets.set(key, { sink: use.sink, sinkLabel: use.label, expression: use.expression, ...target });
    }
  }
  return [...targets.values()];
}

function literalTarget(origin: Origin, use: SinkUse, text: string): Pick<EndpointTarget, 'literal' | 'variable' | 'origin'> | undefined {
  const url = toFinding(origin, use, text)?.url as ParsedUrlPrefix | undefined;
  if (!url || url.originStatic === false) return undefined;
  return { literal: origin.node, variable: origin.fallbackFor ?? null, origin: url.origin };
}

function isReported(finding: EndpointFinding, options: EndpointOptions, isIgnored: (url: ParsedEndpointUrl) => boolean): boolean {
  if (isIgnored(finding.url)) return false;
  // A secret in the code is a problem wherever it points and whether or not the environment can override it.
  if (finding.secret) return true;
  if (matchesHostPattern(finding.url.hostname, options.allowedHosts)) return false;
  if (options.thirdPartyHosts !== 'report' && isPublicPlatformHost(finding.url.hostname)) return false;
  if (finding.fallbackFor === undefined) return !finding.url.isLoopback;
  switch (options.envFallback) {
    case 'allow':
      return false;
    case 'local-only':
      return !finding.url.isLoopback;
    case 'report':
      return true;
  }
}

function ignoreMatcher(patterns: readonly string[]): (url: ParsedEndpointUrl) => boolean {
  if (patterns.length === 0) return () => false;
  const matches = picomatch([...patterns], { nocase: true, dot: true });
  // `https://api.acme.io` and `https://api.acme.io/` are one URL; the bare form matches `…/**` and the plain origin.
  return (url) => matches(url.pathname === '/' ? url.origin : url.origin + url.pathname);
}

// ---------------------------------------------------------------------------------------------
// Sinks: expressions whose value is used as a request's URL or host.

interface SinkUse {
  readonly expression: Node;
  readonly sink: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly label: string;
  readonly target: 'url' | 'host';
  /** For host targets: the scheme the request will use. */
  readonly scheme?: EndpointScheme;
  /** The config key holding the expression (`baseURL`), a name for the env variable. */
  readonly bindingName?: string;
}

/** Config keys that hold a URL (or, for node:http, a host) by client; for requests and for factories alike. */
const CONFIG_KEYS: Partial<Record<ClientId, { readonly url: readonly string[]; readonly host: readonly string[] }>> = {
  axios: { url: ['url', 'baseURL'], host: [] },
  got: { url: ['url', 'prefixUrl'], host: [] },
  ky: { url: ['prefixUrl'], host: [] },
  'node-http': { url: [], host: ['hostname', 'host'] },
};

const { CALL, CONSTRUCT } = ReferenceTracker;
const WEBSOCKET = { [CONSTRUCT]: true };
const EVENT_SOURCE = { [CONSTRUCT]: true };
/** Non-request sinks whose first argument is a URL: sockets, server-sent events, beacons. */
const SINK_GLOBALS = { WebSocket: WEBSOCKET, EventSource: EVENT_SOURCE, navigator: { sendBeacon: { [CALL]: true } } };
const SINK_GLOBAL_NAMES: ReadonlySet<string> = new Set(Object.keys(SINK_GLOBALS));
const SINK_GLOBAL_WORD = wordPattern([...SINK_GLOBAL_NAMES]);
const SINK_MODULES = {
  ws: { ...WEBSOCKET, default: WEBSOCKET, WebSocket: WEBSOCKET },
  'isomorphic-ws': { ...WEBSOCKET, default: WEBSOCKET, WebSocket: WEBSOCKET },
  'reconnecting-websocket': { ...WEBSOCKET, default: WEBSOCKET },
  eventsource: { ...EVENT_SOURCE, default: EVENT_SOURCE, EventSource: EVENT_SOURCE },
};
const XHR_OPEN = { open: { [CALL]: true } };

function sinkUses(index: RequestIndex, tracer: UrlTracer, text: string): SinkUse[] {
  const globalScope = withImplicitGlobals(index.globalScope, SINK_GLOBAL_NAMES);
  const tracker = new ReferenceTracker(globalScope as never, { mode: 'legacy' });
  const uses: SinkUse[] = [];
  const add = (sink: SinkUse['sink'], expression: Node | undefined, extra: Partial<SinkUse> = {}): void => {
    if (expression) uses.push({ expression, sink, label: sinkLabel(sink, text), target: 'url', ...extra });
  };
  const addConfig = (sink: SinkUse['sink'], client: ClientId, config: TSESTree.ObjectExpression, scheme?: EndpointScheme): void => {
    const keys = CONFIG_KEYS[client];
    for (const key of keys?.url ?? []) add(sink, findProperty(config, key)?.value, { bindingName: key });
    for (const key of keys?.host ?? []) add(sink, findProperty(config, key)?.value, { bindingName: key, target: 'host', scheme });
  };

  for (const request of index.requests) {
    const sink = request.node;
    if (request.shape === 'xhr') {
      for (const { node } of tracker.iteratePropertyReferences(sink as never, XHR_OPEN)) {
        const open = node as unknown as TSESTree.CallExpression;
        add(open, open.arguments[1]);
      }
      continue;
    }
    const urlConfig = request.url && tracer.objectValue(request.url);
    const optionsConfig = request.options && tracer.objectValue(request.options);
    const scheme = request.client === 'node-http' ? nodeHttpScheme(request, optionsConfig ?? urlConfig, index.globalScope) : undefined;
    if (urlConfig) addConfig(sink, request.client, urlConfig, scheme);
    else add(sink, request.url);
    if (optionsConfig) addConfig(sink, request.client, optionsConfig, scheme);
  }
  for (const [call, client] of index.factories) {
    const config = call.arguments[0] && tracer.objectValue(call.arguments[0]);
    if (config) addConfig(call, client, config);
  }
  for (const iterable of [
    tracker.iterateGlobalReferences(SINK_GLOBALS),
    tracker.iterateCjsReferences(SINK_MODULES),
    tracker.iterateEsmReferences(SINK_MODULES),
  ]) {
    for (const { node } of iterable) {
      const sink = node as unknown as SinkUse['sink'];
      add(sink, sink.arguments[0]);
    }
  }
  return uses.sort((a, b) => a.sink.range[0] - b.sink.range[0] || a.expression.range[0] - b.expression.range[0]);
}

function sinkLabel(sink: SinkUse['sink'], text: string): string {
  const written = text.slice(sink.callee.range[0], sink.callee.range[1]).replace(/\s+/g, '');
  const name = written.length <= 40 ? written : (calleeName(sink) ?? 'request');
  return sink.type === 'NewExpression' ? `new ${name}` : name;
}

/** node:http takes a host without a scheme: `protocol: 'https:'`, else the module it came from. */
function nodeHttpScheme(request: RequestCall, config: TSESTree.ObjectExpression | undefined, globalScope: Scope): EndpointScheme {
  const protocol = config && staticString(findProperty(config, 'protocol')?.value);
  if (protocol !== undefined) return protocol.toLowerCase().startsWith('https') ? 'https' : 'http';
  return /https$/.test(moduleOfCallee(request.node, globalScope) ?? '') ? 'https' : 'http';
}

/** `https.get(…)` → 'https' when `https` comes from an import or `require('https')`. */
function moduleOfCallee(call: RequestCall['node'], globalScope: Scope): string | undefined {
  let root = innerValue(call.callee);
  while (root.type === 'MemberExpression') root = innerValue(root.object);
  if (root.type !== 'Identifier') return undefined;
  const definition = findVariable(globalScope, root)?.defs[0];
  if (definition?.type === 'ImportBinding') {
    const declaration = definition.parent;
    return declaration?.type === 'ImportDeclaration' ? declaration.source.value : undefined;
  }
  let init = definition?.node.type === 'VariableDeclarator' ? definition.node.init : null;
  while (init?.type === 'MemberExpression') init = init.object;
  return init?.type === 'CallExpression' && dottedName(init.callee)?.join('.') === 'require' ? staticString(init.arguments[0]) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Flows: from a sink's expression back to the literals it is built from.

/** A literal a URL expression is built from, before it is parsed and judged. */
interface Origin {
  readonly node: TSESTree.StringLiteral | TSESTree.TemplateLiteral;
  readonly kind: EndpointFinding['kind'];
  /** Cooked value: the whole text for 'literal', the static head otherwise. */
  readonly text: string;
  /** Static text right after the first dynamic part ('' when unknown), to spot `https://user:${pass}@host`. */
  readonly afterGap?: string;
  readonly bindingName?: string;
  readonly fallbackFor?: string;
}

/** An env lookup a URL is read from, with no literal default of its own (`process.env.X`, `${import.meta.env.VITE_API}/v1`). */
interface EnvSource {
  readonly kind: 'env';
  readonly variable: string;
}

interface TraceContext {
  readonly bindingName?: string;
  readonly fallbackFor?: string;
}

interface Binding {
  readonly name: string;
  readonly value: Node;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** Members of a URL object that still carry its host. */
const URL_VALUE_MEMBERS = new Set(['href', 'origin']);

class UrlTracer {
  constructor(private readonly globalScope: Scope) {}

  origins(expression: Node): Origin[] {
    return this.sources(expression).filter((source): source is Origin => source.kind !== 'env');
  }

  /** The literals and the env lookups an expression is built from. */
  sources(expression: Node): Array<Origin | EnvSource> {
    return [...this.trace(expression, {}, new Set())];
  }

  /** The object literal an expression denotes, through const bindings and member reads. */
  objectValue(node: Node, seen = new Set<Node>()): TSESTree.ObjectExpression | undefined {
    const value = innerValue(node);
    if (seen.has(value)) return undefined;
    seen.add(value);
    if (value.type === 'ObjectExpression') return value;
    if (value.type === 'Identifier') {
      const binding = this.binding(value);
      return binding && this.objectValue(binding.value, seen);
    }
    if (value.type === 'MemberExpression') {
      const property = this.memberProperty(value);
      return property && this.objectValue(property.value, seen);
    }
    return undefined;
  }

  private *trace(node: Node, context: TraceContext, seen: Set<Node>): Generator<Origin | EnvSource> {
    const value = innerValue(node);
    if (seen.has(value)) return;
    seen.add(value);
    const variable = value.type === 'MemberExpression' || value.type === 'CallExpression' ? envVariableName(value) : undefined;
    if (variable !== undefined) {
      yield { kind: 'env', variable };
      return;
    }
    // Only a whole value keeps the name of the binding it initialises.
    const prefixContext: TraceContext = { fallbackFor: context.fallbackFor };
    switch (value.type) {
      case 'Literal':
        if (typeof value.value === 'string') yield { node: value as TSESTree.StringLiteral, kind: 'literal', text: value.value, ...context };
        return;
      case 'TemplateLiteral': {
        // `cooked` is null only for invalid escapes, which untagged templates reject.
        const head = value.quasis[0]!.value.cooked ?? '';
        if (value.expressions.length === 0) {
          yield { node: value, kind: 'literal', text: head, ...context };
        } else if (head === '') {
          yield* this.trace(value.expressions[0]!, prefixContext, seen);
        } else {
          yield { node: value, kind: 'template', text: head, afterGap: value.quasis[1]!.value.cooked ?? '', ...prefixContext };
        }
        return;
      }
      case 'BinaryExpression': {
        if (value.operator !== '+') return;
        const [first, , third] = concatOperands(value).map((operand) => innerValue(operand));
        const head = first && staticText(first);
        if (head === undefined) {
          if (first) yield* this.trace(first, prefixContext, seen);
          return;
        }
        const afterGap = third ? (staticText(third) ?? '') : '';
        yield { node: first as Origin['node'], kind: 'concatenation', text: head, afterGap, ...prefixContext };
        return;
      }
      case 'Identifier': {
        const binding = this.binding(value);
        if (binding) yield* this.trace(binding.value, { ...context, bindingName: binding.name }, seen);
        // A parameter of a helper in this file: what its calls here pass (`get('https://…')`).
        for (const argument of this.parameterArguments(value)) yield* this.trace(argument.value, { ...context, bindingName: argument.name }, seen);
        return;
      }
      case 'LogicalExpression': {
        const fallbackFor = envVariableName(value.left);
        if (fallbackFor !== undefined) {
          // The lookup itself too: its default may not be a literal.
          yield { kind: 'env', variable: fallbackFor };
          yield* this.trace(value.right, { fallbackFor }, seen);
          return;
        }
        if (value.operator !== '&&') yield* this.trace(value.left, context, seen);
        yield* this.trace(value.right, context, seen);
        return;
      }
      case 'ConditionalExpression':
        yield* this.trace(value.consequent, context, seen);
        yield* this.trace(value.alternate, context, seen);
        return;
      case 'NewExpression':
        yield* this.traceConstruction(value, prefixContext, seen);
        return;
      case 'MemberExpression': {
        const properties = this.memberProperties(value);
        for (const property of properties) yield* this.trace(property.value, { ...context, bindingName: property.key }, seen);
        if (properties.length === 0 && URL_VALUE_MEMBERS.has(propertyName(value) ?? '')) yield* this.trace(value.object, prefixContext, seen);
        return;
      }
      case 'CallExpression': {
        // `url.toString()`, `String(url)`
        const callee = innerValue(value.callee);
        if (callee.type === 'MemberExpression' && propertyName(callee) === 'toString' && value.arguments.length === 0) {
          yield* this.trace(callee.object, prefixContext, seen);
        } else if (callee.type === 'Identifier' && this.isGlobal(callee, 'String') && value.arguments[0]) {
          yield* this.trace(value.arguments[0], prefixContext, seen);
        }
        return;
      }
      default:
        return;
    }
  }

  /** `new URL(input, base)`: the base counts unless the input is absolute; `new Request(input)`. */
  private *traceConstruction(node: TSESTree.NewExpression, context: TraceContext, seen: Set<Node>): Generator<Origin | EnvSource> {
    const callee = innerValue(node.callee);
    const [input, base] = node.arguments;
    if (callee.type !== 'Identifier' || !input || input.type === 'SpreadElement') return;
    if (this.isGlobal(callee, 'Request')) {
      yield* this.trace(input, context, seen);
      return;
    }
    if (!this.isGlobal(callee, 'URL')) return;
    const fromInput = [...this.trace(input, context, seen)];
    yield* fromInput;
    if (base && base.type !== 'SpreadElement' && !fromInput.some((origin) => origin.kind !== 'env' && SCHEME.test(origin.text))) {
      yield* this.trace(base, context, seen);
    }
  }

  /** A const / single-assignment binding in this file, or a parameter's default value. */
  private binding(identifier: TSESTree.Identifier): Binding | undefined {
    const variable = findVariable(this.globalScope, identifier);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!variable || (definition?.type !== 'Variable' && definition?.type !== 'Parameter')) return undefined;
    const name = definition.name as TSESTree.Identifier;
    const writes = variable.references.filter((reference) => reference.isWrite());
    const declarator = name.parent;
    let value: Node | undefined | null;
    if (declarator?.type === 'AssignmentPattern' && declarator.left === name) {
      value = declarator.right;
    } else if (declarator?.type === 'VariableDeclarator' && declarator.id === name) {
      value = declarator.init ?? assignedValue(writes);
    }
    if (!value) return undefined;
    // Any other write means the literal is not what reaches the sink.
    if (writes.some((reference) => reference.identifier !== name && reference.writeExpr !== value)) return undefined;
    return { name: name.name, value };
  }

  /** `config.baseUrl` → the `baseUrl` property of the object literal `config` is bound to. */
  private memberProperty(member: TSESTree.MemberExpression): { key: string; value: Node } | undefined {
    const key = propertyName(member);
    const object = key === undefined ? undefined : this.objectValue(member.object);
    const property = object && findProperty(object, key!);
    return property && { key: key!, value: property.value };
  }

  /**
   * What a member read holds: the property of the object literal it reads (also each object a
   * helper's parameter receives here, `request({ url: '…' })`), or, for `this.base` in a class,
   * what the class alone assigns to it (a field initialiser, or `this.base = …` in the constructor).
   */
  private memberProperties(member: TSESTree.MemberExpression): Array<{ key: string; value: Node }> {
    const key = propertyName(member);
    if (key === undefined) return [];
    if (member.object.type === 'ThisExpression') return this.fieldValues(member, key).map((value) => ({ key, value }));
    const own = this.memberProperty(member);
    if (own) return [own];
    const object = innerValue(member.object);
    if (object.type !== 'Identifier') return [];
    return this.parameterArguments(object).flatMap(({ value }) => {
      const literal = this.objectValue(value);
      const property = literal && findProperty(literal, key);
      return property ? [{ key, value: property.value }] : [];
    });
  }

  /** `this.key` in a class: every value the class gives it, when only its field and constructor do. */
  private fieldValues(member: TSESTree.MemberExpression, key: string): Node[] {
    const body = enclosingClassBody(member);
    if (!body) return [];
    const values: Node[] = [];
    let elsewhere = false;
    walk(body, (node) => {
      if (node.type === 'PropertyDefinition' && !node.computed && !node.static && propertyName(node as never) === key && node.value) values.push(node.value);
      if (node.type !== 'AssignmentExpression' || node.left.type !== 'MemberExpression' || node.left.object.type !== 'ThisExpression' || propertyName(node.left) !== key) return;
      const method = enclosingFunction(node)?.parent;
      if (node.operator === '=' && method?.type === 'MethodDefinition' && method.kind === 'constructor') values.push(node.right);
      else elsewhere = true;
    });
    return elsewhere ? [] : values;
  }

  /**
   * The arguments a parameter receives from the calls of its function in this file: a function
   * bound by name, a method called through `this` or a const instance, or a class's constructor
   * (`new Client('https://…')`). `{ url }` in the parameter list takes each argument's `url`.
   * None when the parameter is reassigned.
   */
  private parameterArguments(identifier: TSESTree.Identifier): Array<{ name: string; value: Node }> {
    const variable = findVariable(this.globalScope, identifier);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== 'Parameter' || variable!.references.some((reference) => reference.isWrite() && reference.identifier !== definition.name)) return [];
    const fn = definition.node as FunctionNode;
    const name = definition.name as TSESTree.Identifier;
    const slot = fn.params.findIndex((param) => param === name || (param.type === 'AssignmentPattern' && param.left === name) || isPatternOf(param, name));
    const param = fn.params[slot];
    if (!param) return [];
    const property = param.type === 'ObjectPattern' ? patternKey(param, name) : undefined;
    const values: Array<{ name: string; value: Node }> = [];
    for (const call of this.callsOf(fn)) {
      if (call.arguments.slice(0, slot + 1).some((argument) => argument.type === 'SpreadElement')) continue;
      const argument = call.arguments[slot];
      if (!argument) continue;
      if (param.type !== 'ObjectPattern') {
        values.push({ name: name.name, value: argument });
        continue;
      }
      const object = property === undefined ? undefined : this.objectValue(argument);
      const found = object && findProperty(object, property!);
      if (found) values.push({ name: name.name, value: found.value });
    }
    return values;
  }

  /** Calls (and constructions) of `fn` in this file. */
  private callsOf(fn: FunctionNode): Array<TSESTree.CallExpression | TSESTree.NewExpression> {
    const method = fn.parent?.type === 'MethodDefinition' ? fn.parent : undefined;
    if (method?.kind === 'constructor') return constructions(method.parent.parent, this.globalScope);
    const member = memberOf(fn);
    const binding = member ? undefined : functionBinding(fn);
    const variable = binding ? findVariable(this.globalScope, binding) : undefined;
    const reads = member ? memberReads(member, this.globalScope) : variable ? readReferences(variable).map((reference) => reference.identifier) : [];
    return reads.flatMap((read) => {
      const call = outerValue(read).parent;
      return call?.type === 'CallExpression' && call.callee === outerValue(read) ? [call] : [];
    });
  }

  /** Not shadowed by a local declaration (lib globals have no definitions); `URL` may come from node:url. */
  private isGlobal(identifier: TSESTree.Identifier, name: string): boolean {
    if (identifier.name !== name) return false;
    const definition = findVariable(this.globalScope, identifier)?.defs[0];
    if (!definition) return true;
    const declaration = definition.type === 'ImportBinding' ? definition.parent : undefined;
    return declaration?.type === 'ImportDeclaration' && /^(node:)?url$/.test(declaration.source.value);
  }
}

/** `{ url }` or `{ url: target }` in a parameter list holds `name`. */
function isPatternOf(param: TSESTree.Parameter, name: TSESTree.Identifier): boolean {
  return param.type === 'ObjectPattern' && patternKey(param, name) !== undefined;
}

function patternKey(pattern: TSESTree.ObjectPattern, name: TSESTree.Identifier): string | undefined {
  for (const property of pattern.properties) {
    if (property.type !== 'Property' || property.computed) continue;
    const target = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
    if (target === name) return propertyName(property);
  }
  return undefined;
}

/** `let url; url = '…'`: the one plain assignment. */
function assignedValue(writes: ReadonlyArray<{ identifier: TSESTree.Node }>): Node | undefined {
  if (writes.length !== 1) return undefined;
  const assignment = writes[0]!.identifier.parent;
  return assignment?.type === 'AssignmentExpression' && assignment.operator === '=' && assignment.left === writes[0]!.identifier
    ? assignment.right
    : undefined;
}

/** `a + b + c` → [a, b, c]. */
function concatOperands(node: TSESTree.BinaryExpression): Node[] {
  const operands: Node[] = [node.right];
  let left: Node = node.left;
  while (left.type === 'BinaryExpression' && left.operator === '+') {
    operands.unshift(left.right);
    left = left.left;
  }
  operands.unshift(left);
  return operands;
}

/** Text of a string literal or an expressionless template. */
function staticText(node: Node): string | undefined {
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : undefined;
  return node.type === 'TemplateLiteral' && node.expressions.length === 0 ? (node.quasis[0]!.value.cooked ?? undefined) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Env lookups

/**
 * An expression that reads the endpoint from the environment: `process.env.X`, `import.meta.env.X`,
 * `Deno.env.get('X')`, `Bun.env.X`, or one of them with a `??` / `||` fallback (the transform's output).
 */
export function isEnvLookup(node: Node): boolean {
  return envVariableName(node) !== undefined;
}

/** The variable an env lookup reads: `process.env.X ?? '…'` → 'X'. */
export function envVariableName(node: Node): string | undefined {
  const value = innerValue(node);
  switch (value.type) {
    case 'LogicalExpression':
      return value.operator === '&&' ? undefined : envVariableName(value.left);
    case 'CallExpression':
      return dottedName(value.callee)?.join('.') === 'Deno.env.get' ? staticString(value.arguments[0]) : undefined;
    case 'MemberExpression':
      return envNameRead(value) ?? (dottedName(value.object)?.join('.') === 'Bun.env' ? propertyName(value) : undefined);
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Findings

function toFinding(origin: Origin, use: SinkUse, text: string): EndpointFinding | undefined {
  if (use.target === 'host') return hostFinding(origin, use);
  const url = origin.kind === 'literal' ? parseEndpointUrl(origin.text) : parseUrlPrefix(origin.text, { complete: false });
  if (!url) return undefined;
  if (origin.kind !== 'literal') {
    // `https://user:${password}@host`: what looked like a host and a dynamic port is userinfo.
    if (!(url as ParsedUrlPrefix).originStatic && /^[^/?#]*@/.test(origin.afterGap ?? '')) return undefined;
    // The edit cuts the origin out of the written text, so it must be written without escapes.
    const writtenStart = origin.node.range[0] + 1;
    if (text.slice(writtenStart, writtenStart + url.originLength) !== origin.text.slice(0, url.originLength)) return undefined;
  }
  const replacedText = origin.kind === 'literal' ? origin.text : url.origin;
  const bindingName = origin.kind === 'literal' ? (origin.bindingName ?? use.bindingName) : undefined;
  const named = origin.kind === 'literal' ? url : parseEndpointUrl(url.origin)!;
  return {
    node: origin.node,
    kind: origin.kind,
    url,
    replacedText,
    proposedEnvName: origin.fallbackFor ?? deriveEnvName(named, bindingName === undefined ? {} : { bindingName }),
    ...(bindingName === undefined ? {} : { bindingName }),
    secret: carriesSecret(url),
    sink: use.sink,
    sinkLabel: use.label,
    target: 'url',
    staticText: origin.text,
    ...(origin.fallbackFor === undefined ? {} : { fallbackFor: origin.fallbackFor }),
  };
}

/** node:http's `hostname: 'api.acme.io'`: a bare host, optionally with a port. */
function hostFinding(origin: Origin, use: SinkUse): EndpointFinding | undefined {
  if (origin.kind !== 'literal') return undefined;
  const written = `${use.scheme ?? 'http'}://${origin.text}`;
  const url = parseEndpointUrl(written);
  if (!url || url.origin !== written) return undefined;
  const bindingName = origin.bindingName ?? use.bindingName;
  return {
    node: origin.node,
    kind: 'literal',
    url,
    replacedText: origin.text,
    proposedEnvName: origin.fallbackFor ?? deriveEnvName(url, { ...(bindingName === undefined ? {} : { bindingName }), hostOnly: true }),
    ...(bindingName === undefined ? {} : { bindingName }),
    secret: false,
    sink: use.sink,
    sinkLabel: use.label,
    target: 'host',
    staticText: origin.text,
    ...(origin.fallbackFor === undefined ? {} : { fallbackFor: origin.fallbackFor }),
  };
}

// ---------------------------------------------------------------------------------------------
// Edits

/**
 * Where and how an expression that evaluates to `finding.replacedText` takes its place:
 * - 'literal': replaces the literal, parenthesised where an operator around it needs it (never when `atomic`);
 * - 'template': `${expression}` in place of the origin in the first quasi;
 * - 'concatenation': `(expression) + '<rest>'`, the rest of the literal in its original quotes.
 */
export function envReplacementEdit(finding: EndpointFinding, text: string, expression: string, atomic = false): TextEdit {
  const [start, end] = finding.node.range;
  switch (finding.kind) {
    case 'literal':
      return { start, end, text: literalReplacement(finding.node, expression, atomic) };
    case 'template':
      return { start: start + 1, end: start + 1 + finding.url.originLength, text: `\${${expression}}` };
    case 'concatenation': {
      const quote = text[start]!;
      const rest = text.slice(start + 1 + finding.url.originLength, end - 1);
      const operand = atomic ? expression : `(${expression})`;
      return { start, end, text: rest === '' ? operand : `${operand} + ${quote}${rest}${quote}` };
    }
  }
}

/**
 * Source text of the default that keeps the current value: a whole literal keeps its own text
 * (quotes and escapes included); an origin cut from a longer string is re-quoted, in that
 * string's quote, or `fileQuote` when it came from a template.
 */
export function fallbackValueText(finding: EndpointFinding, text: string, fileQuote: Quote): string {
  if (finding.kind === 'literal') return text.slice(finding.node.range[0], finding.node.range[1]);
  const { node } = finding;
  const ownQuote: Quote | undefined = node.type === 'Literal' ? (node.raw.startsWith('"') ? '"' : "'") : undefined;
  return quoteString(finding.replacedText, ownQuote ?? fileQuote);
}

/** `atomic`: the expression is an identifier or a template literal, which no operator takes apart. */
function literalReplacement(node: Node, expression: string, atomic: boolean): string {
  const parent = node.parent;
  if (parent?.type === 'JSXAttribute') return `{${expression}}`;
  return !atomic && parent && bindsTighterThanNullish(parent, node) ? `(${expression})` : expression;
}

/** Whether `parent` would take apart an unparenthesised `a ?? b` put in place of `node`. */
function bindsTighterThanNullish(parent: Node, node: Node): boolean {
  switch (parent.type) {
    case 'BinaryExpression':
    case 'LogicalExpression':
    case 'UnaryExpression':
    case 'AwaitExpression':
    case 'TSNonNullExpression':
    case 'TaggedTemplateExpression':
      return true;
    case 'MemberExpression':
      return parent.object === node;
    case 'CallExpression':
    case 'NewExpression':
      return parent.callee === node;
    case 'ConditionalExpression':
      return parent.test === node;
    default:
      return false;
  }
}
