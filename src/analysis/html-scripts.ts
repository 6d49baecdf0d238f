import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { compareText } from './compare-text';
import { EXCLUDED_DIR_GLOBS } from './file-kinds';

/**
 * Which local scripts the HTML pages of a project load, and how: `<script src="app.js">` runs
 * as a classic script (no module system, no `process`), `<script type="module" src>` as an ES
 * module (a bundler entry in a Vite app, native modules otherwise).
 */

export type ScriptLoad = 'classic' | 'module';

export interface HtmlScript {
  readonly load: ScriptLoad;
  /** The page that loads it, relative to the scanned folder, with `/` separators. */
  readonly page: string;
}

// Enough for any site; documentation dumps with thousands of pages stop here.
const MAX_PAGES = 500;
const MAX_PAGE_BYTES = 1024 * 1024;
const SCRIPT_TAG = /<script\b([^>]*)>/gi;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
const CLASSIC_TYPES = new Set(['', 'text/javascript', 'application/javascript', 'text/ecmascript', 'application/ecmascript']);
// URLs, protocol-relative and data: sources, and server-side or build-time templates.
const NOT_A_LOCAL_FILE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)|[{}%<>$]/i;

/** absolute path of each script → how a page loads it (the first page, by path, wins). */
export function htmlScriptsUnder(dir: string): ReadonlyMap<string, HtmlScript> {
  const pages = globSync(['**/*.{html,htm}'], { cwd: dir, dot: false, ignore: [...EXCLUDED_DIR_GLOBS], followSymbolicLinks: false })
    .map((page) => page.split('\\').join('/'))
    // Pages near the top first, so a site's own index.html is read before deep documentation dumps.
    .sort((a, b) => a.split('/').length - b.split('/').length || compareText(a, b))
    .slice(0, MAX_PAGES);
  const scripts = new Map<string, HtmlScript>();
  for (const page of pages) {
    const pagePath = join(dir, page);
    if ((statSync(pagePath, { throwIfNoEntry: false })?.size ?? Infinity) > MAX_PAGE_BYTES) continue;
    for (const { src, load } of scriptTags(readFileSync(pagePath, 'utf8'))) {
      for (const path of candidatePaths(src, dirname(pagePath), dir)) {
        if (!scripts.has(path)) scripts.set(path, { load, page });
      }
    }
  }
  return scripts;
}

/** The `src` and kind of every script tag that loads a file; inline scripts and JSON, templates, `text/babel` are not loads of ours. */
export function scriptTags(html: string): Array<{ src: string; load: ScriptLoad }> {
  const tags: Array<{ src: string; load: ScriptLoad }> = [];
  for (const [, attributes = ''] of html.replace(HTML_COMMENT, '').matchAll(SCRIPT_TAG)) {
    const src = attribute(attributes, 'src');
    if (src === undefined || src === '' || NOT_A_LOCAL_FILE.test(src)) continue;
    const type = (attribute(attributes, 'type') ?? '').trim().toLowerCase();
    const load: ScriptLoad | undefined = type === 'module' ? 'module' : CLASSIC_TYPES.has(type) ? 'classic' : undefined;
    if (load) tags.push({ src: src.replace(/[?#].*$/, ''), load });
  }
  return tags;
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(String.raw`(?:^|\s)${name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`, 'i').exec(attributes);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** `/js/app.js` is relative to the site root: the page's own folder or the scanned one, whichever holds it. */
function candidatePaths(src: string, pageDir: string, siteDir: string): string[] {
  const decoded = safeDecode(src);
  if (!decoded.startsWith('/')) return [resolve(pageDir, decoded)];
  return [...new Set([resolve(pageDir, `.${decoded}`), resolve(siteDir, `.${decoded}`)])];
}

function safeDecode(src: string): string {
  try {
    return decodeURIComponent(src);
  } catch {
    return src;
  }
}
