import { describe, expect, it } from 'vitest';
import { escapeHtml, markupText, plainText } from './html-text.js';

describe('markupText: a field with markup left in an export, as a browser shows it', () => {
  it.each([
    ['Plain   text\n here', 'Plain text here'],
    ['Blue<sup>®</sup> Widget', 'Blue® Widget'],
    ['<b>Bold</b>text', 'Boldtext'],
    ['One<br>Two', 'One Two'],
    ['<p>One</p><p>Two</p>', 'One Two'],
    ['Tom &amp; Jerry &euro;5 &#x41;&#66;', 'Tom & Jerry €5 AB'],
    ['Size < 5 & up', 'Size < 5 & up'],
    ['<!-- note -->Hi', 'Hi'],
    ['<script>bad()</script>ok', 'ok'],
    // As a browser shows them (the offline rewriter's old regexes and 30-entity table did otherwise):
    ['I &hearts; tents', 'I ♥ tents'],
    ['Tents &foo; here', 'Tents &foo; here'],
    ['Tent<span hidden> (hidden)</span> sale', 'Tent sale'],
  ])('%j → %j', (input, text) => {
    expect(markupText(input)).toBe(text);
  });
});

describe('plainText: the prose of a content cell', () => {
  it('reads the paragraphs when there are any, decoded, without the rest', () => {
    expect(plainText('<nav>Home › Tents</nav><p>Light &amp; dry.</p><div>€ 199 <button>Buy</button></div><p>Two doors.</p>')).toBe('Light & dry. Two doors.');
    expect(plainText('No markup,\n  just text.')).toBe('No markup, just text.');
  });
});

describe('escapeHtml', () => {
  it('escapes what could open a tag or close an attribute, and only that', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a> ok`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt; ok');
  });
});
