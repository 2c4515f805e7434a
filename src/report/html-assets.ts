// The HTML report's stylesheet and script, and its Content-Security-Policy, which allows exactly
// these two by their hashes: constants, so the hashes are too.
import { createHash } from 'node:crypto';

export const STYLE = `
:root { color-scheme: light dark; --line: #8885; --muted: #6e7781; --bg: #fff; --panel: #f6f8fa;
  --good: #1a7f37; --needs-improvement: #b35900; --poor: #c5221f;
  --critical: #a40e26; --high: #d1420b; --medium: #9a6700; --low: #57606a; --new: #fff1c2; --fixed: #dafbe1; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --panel: #161b22; --new: #4d3800; --fixed: #0f3d1f; } }
[hidden] { display: none !important; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 0 auto; padding: 1.5rem; max-width: 72rem; background: var(--bg); }
h1 { font-size: 1.4rem; margin: 0 0 .4rem; overflow-wrap: anywhere; }
h1 .target { font-weight: 500; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h2 .sub { font-size: .85rem; font-weight: normal; color: var(--muted); }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
code { font-size: .9em; overflow-wrap: anywhere; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
dl.meta { display: flex; flex-wrap: wrap; gap: .2rem 1.8rem; margin: 0; }
dl.meta dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.banner, .gate { border-radius: 8px; padding: .7rem 1rem; margin: 1rem 0; }
.banner.partial { background: var(--new); border: 2px solid var(--needs-improvement); }
.gate h2 { margin: 0 0 .3rem; border: 0; }
.gate.passed { border: 2px solid var(--good); }
.gate.failed { border: 2px solid var(--poor); }
.gate.failed h2 { color: var(--poor); }
.gate .policy, .gate .removed { color: var(--muted); margin: .2rem 0; overflow-wrap: anywhere; }
ul.failures, ul.gate-pages, ul.refs, ul.page-changes, ul.hits { padding-left: 1.2rem; }
li.failure p, li.page-change p { margin: .3rem 0; }
.url { overflow-wrap: anywhere; }
.scores { color: var(--muted); margin-left: .3rem; }
.overview { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; margin-top: 1rem; }
.score-card { border: 3px solid currentColor; border-radius: 12px; padding: .6rem 1.4rem; text-align: center; min-width: 10rem; }
.score-card p { margin: 0; }
.score-card .label { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; }
.site-score { font-size: 3.4rem; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
.site-score .outof { font-size: 1.1rem; font-weight: 500; }
.score-card .band-name { font-weight: 600; }
.score-card .hint { font-size: .75rem; color: var(--muted); }
.band-good { color: var(--good); }
.band-needs-improvement { color: var(--needs-improvement); }
.band-poor { color: var(--poor); }
figure.chart-box { margin: 0; }
figure.chart-box figcaption { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin-bottom: .3rem; }
svg.chart { max-width: 100%; height: auto; font-size: 13px; overflow: visible; }
svg.chart .count { font-weight: 600; font-variant-numeric: tabular-nums; }
svg.chart .bucket-label { font-size: 10px; }
ul.severities { list-style: none; padding: 0; display: flex; gap: .6rem; flex-wrap: wrap; margin: .3rem 0; }
li.sev-count { border: 1px solid var(--line); border-left: 6px solid; border-radius: 6px; padding: .3rem .8rem; text-transform: capitalize; }
li.sev-count .n { font-size: 1.4rem; font-weight: 700; margin-right: .2rem; font-variant-numeric: tabular-nums; }
li.sev-critical { border-left-color: var(--critical); } li.sev-high { border-left-color: var(--high); }
li.sev-medium { border-left-color: var(--medium); } li.sev-low { border-left-color: var(--low); }
p.how, p.legend, p.filter-hint, p.count { color: var(--muted); font-size: .85rem; }
.sev { display: inline-block; min-width: 4.6rem; text-align: center; padding: 0 .4rem; border-radius: 1rem; font-size: .72rem; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; color: #fff; }
.sev.sev-critical { background: var(--critical); }
.sev.sev-high { background: var(--high); } .sev.sev-medium { background: var(--medium); } .sev.sev-low { background: var(--low); }
table.figures, table.rule-changes { border-collapse: collapse; margin: .5rem 0; }
table.figures th, table.figures td, table.rule-changes th, table.rule-changes td { text-align: left; padding: .2rem 1rem .2rem 0; border-bottom: 1px solid var(--line); }
td.up { color: var(--good); font-weight: 600; } td.down { color: var(--poor); font-weight: 600; } td.num { text-align: right; }
.tag { display: inline-block; padding: 0 .45rem; border-radius: 4px; font-size: .75rem; font-weight: 600; border: 1px solid var(--line); }
.tag.new { background: var(--new); } .tag.fixed { background: var(--fixed); } .tag.removed { color: var(--muted); }
li.ref.new { background: var(--new); border-radius: 4px; padding: .1rem .3rem; }
li.ref.new::before { content: "new "; font-weight: 700; font-size: .75rem; }
li.ref.fixed { background: var(--fixed); border-radius: 4px; padding: .1rem .3rem; }
li.ref.fixed::before { content: "fixed "; font-weight: 700; font-size: .75rem; }
li.ref .element { color: var(--muted); }
.filters { position: sticky; top: 0; z-index: 1; background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: .5rem .8rem; margin: 1.5rem 0 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; align-items: center; }
.filters input[type=search] { font: inherit; padding: .2rem .4rem; min-width: 18rem; }
.filters fieldset { border: 0; padding: 0; margin: 0; }
.filters legend { float: left; margin-right: .6rem; font-weight: 600; }
.filters label.toggle { margin-right: .8rem; white-space: nowrap; }
.filters .filter-hint { flex-basis: 100%; margin: 0; }
section.rule { border: 1px solid var(--line); border-radius: 8px; padding: .2rem 1rem .6rem; margin: .8rem 0; }
section.rule h3 { margin: .6rem 0 .2rem; }
section.rule p { margin: .25rem 0; }
p.cost .points { font-weight: 600; }
p.fix { font-size: .9rem; }
details summary { cursor: pointer; color: var(--muted); }
ul.hits li { margin: .15rem 0; }
ul.hits .message { color: var(--muted); }
a { color: inherit; }
section.rule, article.page { scroll-margin-top: 7rem; content-visibility: auto; contain-intrinsic-size: auto 12rem; }
article.page { border: 1px solid var(--line); border-radius: 8px; padding: .6rem 1rem; margin: .8rem 0; }
article.page > header { display: flex; gap: .8rem; align-items: center; }
article.page h3 { margin: 0; font-size: 1rem; }
p.origin { margin: 0; color: var(--muted); font-size: .8rem; overflow-wrap: anywhere; }
.score { display: inline-block; min-width: 2.6rem; text-align: center; font-weight: 700; font-size: 1.1rem; border: 2px solid currentColor; border-radius: 8px; padding: .1rem .3rem; font-variant-numeric: tabular-nums; }
ul.findings { list-style: none; padding: 0; margin: .5rem 0 0; }
li.finding { border-top: 1px solid var(--line); padding: .4rem 0; }
li.finding p.line { margin: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .3rem 0 0 5.2rem; font-size: .88rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
dl.facts dd.value code { white-space: pre-wrap; display: block; max-height: 8rem; overflow: auto; }
p.clean { color: var(--good); margin: .3rem 0 0; }
ul.warnings { color: var(--needs-improvement); font-size: .88rem; }
@media (max-width: 40rem) { dl.facts { margin-left: 0; } .filters input[type=search] { min-width: 0; width: 100%; } }
`;

/**
 * The filters. A finding shows when its severity is ticked and the search text is in the page's
 * URL, the rule id or the message; a page shows when one of its findings does (a page without
 * findings: when "pages without issues" is ticked and its URL matches). A rule shows when its
 * severity is ticked and the text is in its id, description, or one of its pages' URL or message.
 * Plain ES2017, no eval, no inline handlers: the CSP allows this script by its hash and no other.
 */
export const SCRIPT = `
(function () {
  'use strict';
  var bar = document.getElementById('filters');
  var search = document.getElementById('search');
  if (!bar || !search) return;
  var boxes = Array.prototype.slice.call(bar.querySelectorAll('input[type=checkbox]'));
  var all = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var text = function (el) { return el ? el.textContent.toLowerCase() : ''; };
  // Read the page once: a report of thousands of findings must not be walked again on every key.
  var pages = all('article.page').map(function (el) {
    return { el: el, url: text(el.querySelector('.url')), findings: all('li.finding', el).map(function (li) {
      return { el: li, severity: li.getAttribute('data-severity'), text: text(li.querySelector('.rule-id')) + ' ' + text(li.querySelector('.message')) };
    }) };
  });
  var rules = all('section.rule').map(function (el) {
    return { el: el, severity: el.getAttribute('data-severity'), text: text(el.querySelector('.rule-id')) + ' ' + text(el.querySelector('.desc')),
      hits: all('li.hit', el).map(function (li) { return { el: li, text: text(li) }; }) };
  });
  // Only changes touch the DOM: setting hidden to what it already is still costs a style pass.
  var show = function (el, visible) { if (el.hidden === visible) el.hidden = !visible; };
  function apply() {
    var q = search.value.trim().toLowerCase();
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var shownPages = 0;
    pages.forEach(function (page) {
      var urlHit = q === '' || page.url.indexOf(q) !== -1;
      var any = false;
      page.findings.forEach(function (f) {
        var visible = on[f.severity] === true && (urlHit || f.text.indexOf(q) !== -1);
        show(f.el, visible);
        if (visible) any = true;
      });
      var visible = page.findings.length === 0 ? on.none === true && urlHit : any;
      show(page.el, visible);
      if (visible) shownPages++;
    });
    var shownRules = 0;
    rules.forEach(function (rule) {
      var ruleHit = q === '' || rule.text.indexOf(q) !== -1;
      var any = false;
      rule.hits.forEach(function (h) {
        var visible = ruleHit || h.text.indexOf(q) !== -1;
        show(h.el, visible);
        if (visible) any = true;
      });
      var visible = on[rule.severity] === true && (ruleHit || any);
      show(rule.el, visible);
      if (visible) shownRules++;
    });
    document.getElementById('page-count').textContent = 'Showing ' + shownPages + ' of ' + pages.length + ' pages';
    document.getElementById('rule-count').textContent = 'Showing ' + shownRules + ' of ' + rules.length + ' rules';
  }
  bar.addEventListener('input', apply);
  bar.addEventListener('change', apply);
  bar.hidden = false;
  apply();
})();
`;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('base64');
/** Only this stylesheet and this script may apply, nothing may load: see the note at the top. */
export const CSP = `default-src 'none'; style-src 'sha256-${sha256(STYLE)}'; script-src 'sha256-${sha256(SCRIPT)}'; base-uri 'none'; form-action 'none'`;
