// Checks and extraction a config declares, for users who write no code (as Screaming Frog's custom
// search and extraction): each `custom` check becomes a page rule of the `custom` category, and
// `extract` names CSS selectors whose values go into the JSON and CSV reports. Selectors run with
// css-select on the document tree the page's one parse builds when, and only when, a config asks
// for selectors (ParseOptions.dom).
import { compile, selectAll } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import { textContent } from 'domutils';
import type { Fact } from '../engine/facts.js';
import { CATEGORIES, SEVERITIES, type PageRule, type Severity } from '../engine/types.js';
import type { Page } from '../page/types.js';
import picomatch from 'picomatch';
import { collapse } from '../page/collapse.js';

/** One check of a config's `custom` list. */
export interface CustomCheck {
  id: string;
  severity?: Severity;
  /** A CSS selector: the check is about the elements it matches. */
  selector?: string;
  /** Text to find: "/pattern/flags" is a regular expression, anything else a case-insensitive substring. */
  text?: string;
  must: 'exist' | 'not-exist';
  /** Only pages whose path (or whole URL, when the glob has "://") matches this glob, e.g. "/products/**". */
  pages?: string;
  /** What the finding says (default: what was or was not found). */
  message?: string;
  description?: string;
  fix?: string;
}

/** A config's `extract`: a name, and a selector whose elements' text is kept, or a selector and the attribute to keep. */
export type ExtractSpec = Record<string, string | { selector: string; attribute: string }>;

/** A config mistake in `custom` or `extract`, with where it is (a path into the config). */
export class CustomCheckError extends Error {
  constructor(
    readonly path: (string | number)[],
    readonly detail: string,
  ) {
    super(`${path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`)).join('')}: ${detail}`);
    this.name = 'CustomCheckError';
  }
}

/** A text to look for as a test: a regular expression when written /…/flags, else a case-insensitive substring. */
export function textMatcher(text: string, path: (string | number)[]): (s: string) => boolean {
  const re = /^\/(.+)\/([a-z]*)$/s.exec(text);
  if (re) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(re[1]!, re[2]!.replace(/[gy]/g, '')); // g and y keep a position between pages
    } catch (error) {
      throw new CustomCheckError(path, `${JSON.stringify(text)} is not a valid regular expression (${(error as Error).message})`);
    }
    return (s) => pattern.test(s);
  }
  const needle = text.toLowerCase();
  return (s) => s.toLowerCase().includes(needle);
}

/** A selector compiled once, or the config mistake it is. */
function compiled(selector: string, path: (string | number)[]): (nodes: AnyNode[]) => Element[] {
  let query: ReturnType<typeof compile>;
  try {
    query = compile(selector);
  } catch (error) {
    throw new CustomCheckError(path, `${JSON.stringify(selector)} is not a CSS selector css-select reads (${(error as Error).message})`);
  }
  return (nodes) => selectAll(query, nodes) as Element[];
}

/** The tree of a page, which the audit builds whenever a selector is configured. */
function treeOf(page: Page): AnyNode[] {
  if (!page.dom) throw new Error('the page was parsed without its document tree; selector checks need ParseOptions.dom');
  return page.dom.children;
}

const ID = /^[a-z][a-z0-9-]*$/;

/** The page rules a config's `custom` list declares; a mistake in it is a CustomCheckError naming where. */
export function customRules(checks: readonly CustomCheck[], taken: ReadonlySet<string>): PageRule[] {
  const ids = new Set<string>();
  return checks.map((check, i) => {
    const at = (...rest: (string | number)[]): (string | number)[] => ['custom', i, ...rest];
    if (typeof check.id !== 'string' || !ID.test(check.id)) throw new CustomCheckError(at('id'), 'an id is lower-case words joined by "-", e.g. "price-missing"');
    if (taken.has(check.id) || ids.has(check.id)) throw new CustomCheckError(at('id'), `"${check.id}" is already a rule's id; give the check its own`);
    if (CATEGORIES.includes(check.id as never)) throw new CustomCheckError(at('id'), `"${check.id}" is a category's name, which "rules" would read as the whole category; give the check its own`);
    ids.add(check.id);
    if (check.severity !== undefined && !SEVERITIES.includes(check.severity)) throw new CustomCheckError(at('severity'), 'severity is one of critical, high, medium, low');
    if (check.must !== 'exist' && check.must !== 'not-exist') throw new CustomCheckError(at('must'), 'must is "exist" or "not-exist"');
    if (check.selector === undefined && check.text === undefined) throw new CustomCheckError(at(), 'a check needs a "selector", a "text", or both');
    const select = check.selector === undefined ? undefined : compiled(check.selector, at('selector'));
    const matches = check.text === undefined ? undefined : textMatcher(check.text, at('text'));
    return ruleOf(check, select, matches);
  });
}

function ruleOf(check: CustomCheck, select: ((nodes: AnyNode[]) => Element[]) | undefined, matches: ((s: string) => boolean) | undefined): PageRule {
  const withText = check.text === undefined ? '' : ` whose text matches ${check.text}`;
  const element = `an element matching ${check.selector ?? ''}${withText}`;
  const words =
    select !== undefined
      ? { missing: `The page has no element matching ${check.selector!}${withText}.`, present: `The page has ${element}.`, add: `Add ${element} to the page.`, remove: `Remove every element matching ${check.selector!}${withText} from the page.` }
      : { missing: `The page's main text does not contain ${check.text!}.`, present: `The page's main text contains ${check.text!}.`, add: `Add ${check.text!} to the page's main text.`, remove: `Remove ${check.text!} from the page's main text.` };
  const exist = check.must === 'exist';
  const inScope = check.pages === undefined ? () => true : pageGlob(check.pages);
  // Selectors reach the whole document, head included; text alone is the main text content rules read.
  const reads: Fact[] = select ? ['head', 'content'] : ['content'];
  const where = check.selector ?? check.text!;
  return {
    id: check.id,
    category: 'custom',
    scope: 'page',
    reads,
    severity: check.severity ?? 'medium',
    docs: { description: check.description ?? (exist ? words.missing : words.present), fix: check.fix ?? (exist ? words.add : words.remove) },
    options: {},
    check(page, { report }) {
      if (!inScope(page.url)) return;
      const found = select ? select(treeOf(page)).filter((el) => !matches || matches(collapse(textContent(el)))).length : matches!(page.text) ? 1 : 0;
      if (exist && found === 0) {
        report({ message: check.message ?? words.missing, expected: select ? element : `main text containing ${check.text!}`, element: where });
      } else if (!exist && found > 0) {
        const count = select ? ` (${found} ${found === 1 ? 'element' : 'elements'})` : '';
        report({ message: check.message ?? `${(exist ? words.missing : words.present).slice(0, -1)}${count}.`, value: select ? String(found) : where, expected: select ? `no ${element.slice(3)}` : `main text without ${check.text!}`, element: where });
      }
    },
  };
}

/** A glob on the URL's path, or on the whole URL when it has "://" (as --include and --exclude read theirs). */
function pageGlob(glob: string): (url: string) => boolean {
  const test = picomatch(glob, { dot: true });
  if (glob.includes('://')) return (url) => test(url);
  return (url) => {
    try {
      return test(decodeURIComponent(new URL(url).pathname));
    } catch {
      return false;
    }
  };
}

/** The `extract` spec compiled: a function from a page to its values by name (each match's text, or its attribute). */
export function extractor(spec: ExtractSpec): (page: Page) => Record<string, string[]> {
  const fields = Object.entries(spec).map(([name, value]) => {
    const at: (string | number)[] = ['extract', name];
    if (typeof value === 'string') return { name, select: compiled(value, at), attribute: undefined };
    if (typeof value !== 'object' || value === null || typeof value.selector !== 'string' || typeof value.attribute !== 'string') {
      throw new CustomCheckError(at, 'a value is a CSS selector, or { "selector": "…", "attribute": "…" }');
    }
    return { name, select: compiled(value.selector, [...at, 'selector']), attribute: value.attribute.toLowerCase() };
  });
  return (page) => {
    const out: Record<string, string[]> = {};
    const tree = treeOf(page);
    for (const { name, select, attribute } of fields) {
      const values: string[] = [];
      for (const el of select(tree)) {
        const v = attribute === undefined ? collapse(textContent(el)) : el.attribs[attribute];
        if (v !== undefined && v !== '') values.push(v);
      }
      out[name] = values;
    }
    return out;
  };
}
