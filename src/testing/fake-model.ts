// A stand-in for an LLM that writes rule-abiding titles, descriptions and H1s from seo-ai's own
// prompts, deterministically: enough to drive the optimize pipeline end to end in tests and
// benchmarks. It reads the prompt as a model would (the field asked for, the keyword, the product
// name, the refusal feedback) and writes plain text; it never sees the rules' code.
import { fencedField } from '../llm/prompts/fence.js';
import type { ChatRequest, Reply } from './openai-server.js';

const FIELD = /Rewrite the (HTML title tag|meta description|H1 heading) of (\S+)\./;

function dataField(user: string, name: string): string {
  return fencedField(user, name)?.trim() ?? '';
}

const cap = (s: string): string => (s === '' ? s : s[0]!.toUpperCase() + s.slice(1));

/** Trims at a word boundary to at most `max` characters. */
function fit(text: string, max: number): string {
  if ([...text].length <= max) return text;
  const words = text.split(' ');
  while (words.length > 1 && [...words.join(' ')].length > max) words.pop();
  return words.join(' ').replace(/[,:;–-]+$/, '').trim();
}

// Lowercase words that add no facts: answers are padded with them to the length asked for.
// An FAQ's answers each get their own filler: answers padded alike would say the same thing, which the FAQ gates refuse.
export const FAQ_FILLERS = [
  'it keeps you comfortable on long days outside so you can think about the walk and not about the weather or your kit',
  'many people choose it for travel because it is simple to use and easy to care for at home after every trip',
  'you will find that it feels good from the first day and stays that way through many seasons of regular use',
  'our customers often tell us that they take it everywhere and that it has become part of their everyday routine',
  'it is a practical choice for anyone who spends time outdoors and wants gear that simply does its job well',
  'friends and family who try it usually ask where to get one after they see how well it works in practice',
  'the design stays out of your way so that you can focus on what matters most to you on the path ahead',
  'there is little to learn before you start and nothing to worry about once you are out and on your way',
].map((f) => f.split(' '));
/**
 * `words` padded to `n` words with the fillers from `k` on, each a sentence of its own and none
 * twice (a padded answer that repeated a clause, or stopped mid-sentence, would be refused as a
 * loop): the last word ends with a full stop.
 */
export function padWith(words: readonly string[], n: number, k: number): string {
  const out = [...words];
  const pad = FAQ_FILLERS.flatMap((_, j) => {
    const filler = FAQ_FILLERS[(k + j) % FAQ_FILLERS.length]!;
    return filler.map((w, x) => (x === filler.length - 1 ? `${w}.` : w));
  });
  for (let i = 0; out.length < n && i < pad.length; i++) out.push(pad[i]!);
  if (out.length > 0 && !/[.!?]$/.test(out.at(-1)!)) out[out.length - 1] = `${out.at(-1)!.replace(/[,;:]$/, '')}.`;
  return out.join(' ');
}

const FAQ_QUESTIONS = ['What is the {name}?', 'Who is the {name} made for?', 'How do I look after the {name}?', 'What makes the {name} different?', 'Where can I use the {name}?'];

/** An FAQ answer as JSON: five questions about the product, each answer a sentence of its data padded to 60 words. */
function fakeFaq(user: string): string {
  const name = dataField(user, 'product-name') || 'product';
  const data = `${dataField(user, 'product-description')} ${dataField(user, 'content')}`.trim();
  const sentences = data.split(/(?<=[.!?])\s+/).filter((s) => /^[A-Z]/.test(s) && !/\d/.test(s));
  const faq = FAQ_QUESTIONS.map((q, i) => {
    const words = (sentences[i % Math.max(1, sentences.length)] ?? `The ${name} is here.`).split(' ');
    return { question: q.replace('{name}', name), answer: padWith(words, 60, i) };
  });
  return JSON.stringify({ faq });
}

/** The answer to one of seo-ai's prompts (rewrites and FAQs). */
export function fakeAnswer(req: ChatRequest): string {
  const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
  const schema = (req.response_format as { json_schema?: { name?: string; schema?: { properties?: Record<string, unknown> } } } | undefined)?.json_schema;
  // A row's fields asked at once: each key answered as that field's own prompt would be.
  if (schema?.name === 'page_fields') {
    const url = /^Rewrite(?: and write)? .* of (\S+)\.$/m.exec(user)?.[1] ?? 'https://example.invalid/';
    // The FAQ joined to a row's fields: the array an FAQ's own answer would hold.
    return JSON.stringify(Object.fromEntries(Object.keys(schema.schema?.properties ?? {}).map((key) => [key, key === 'faq' ? (JSON.parse(fakeFaq(user)) as { faq: unknown }).faq : fieldAnswer(ROW_FIELD[key] ?? 'H1 heading', url, user)])));
  }
  if (schema?.name === 'judge_verdict') return fakeVerdict(user);
  if (req.response_format !== undefined) return fakeFaq(user);
  const field = FIELD.exec(user);
  if (!field) return 'I can only rewrite titles, descriptions and headings.';
  return fieldAnswer(field[1]!, field[2]!, user);
}

/** The JSON keys of a row's answer, as the field names a single prompt uses. */
const ROW_FIELD: Record<string, string> = { title: 'HTML title tag', meta_description: 'meta description', h1: 'H1 heading' };

/** One field's text, from the prompt's data: the field named as the single prompts name it. */
function fieldAnswer(kind: string, url: string, user: string): string {
  const keyword = dataField(user, 'target-keywords').split('\n')[0]!.trim();
  const name = dataField(user, 'product-name') || dataField(user, 'h1') || dataField(user, 'title') || 'Outdoor gear';
  const slug = new URL(url).pathname.split('/').filter(Boolean).pop() ?? 'home';
  // Told the answer is taken by another page: make it this page's own.
  const taken = /already uses|Already used by other pages/.test(user);
  const own = taken ? ` (${slug.replace(/-/g, ' ')})` : '';
  switch (kind) {
    case 'HTML title tag': {
      const core = keyword && !name.toLowerCase().includes(keyword.toLowerCase()) ? `${cap(keyword)} – ${name}` : name;
      let title = fit(`${core}${own}`, 48);
      if ([...title].length < 30) title = `${title} | Northpine Outfitters`;
      return fit(title, 58);
    }
    case 'meta description': {
      // Without a keyword, the name once: "Shop the Tents: tents picked …" says a phrase twice, which the gates refuse.
      let text = `Shop the ${name}${own}: ${keyword || 'gear'} picked and tested by our team on Cascade trails.`;
      const more = [' Free US shipping over $75.', ' Easy 30-day returns.', ' Fitted in our Bend shop.'];
      for (const m of more) if ([...text].length < 125) text += m;
      return fit(text, 155);
    }
    default:
      return fit(`${name}${own}`, 65);
  }
}

/** A judge's verdict (optimize --judge): a proposal with a word said twice in a row is rejected, anything else accepted. */
function fakeVerdict(user: string): string {
  const proposal = dataField(user, 'proposal');
  const stutter = /\b(\p{L}+)\s+\1\b/iu.exec(proposal);
  if (stutter) return JSON.stringify({ verdict: 'reject', reason: `not fluent: "${stutter[0]}" repeats a word` });
  return JSON.stringify({ verdict: 'accept', reason: 'fluent, and every fact is in the page data' });
}

/** A `reply` for startOpenAiServer that answers like fakeAnswer. */
export function fakeModel(req: ChatRequest): Reply {
  return { content: fakeAnswer(req) };
}

/** Which field a prompt asks for, by the key of a row's answer or the name a single prompt uses. */
export type FakeField = 'title' | 'meta' | 'h1';
const FIELD_OF: Record<string, FakeField> = { title: 'title', meta_description: 'meta', h1: 'h1', 'HTML title tag': 'title', 'meta description': 'meta', 'H1 heading': 'h1' };

/**
 * fakeAnswer with each field's text passed through `change` (a test's misbehaving model): a
 * single field's answer, or every value of a row's JSON answer. `wrap` then shapes the whole answer.
 */
export function fakeAnswerWith(req: ChatRequest, change: (field: FakeField, text: string) => string, wrap: (content: string) => string = (c) => c): string {
  const answer = fakeAnswer(req);
  const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
  const schema = (req.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema;
  if (schema?.name === 'page_fields') {
    const row = JSON.parse(answer) as Record<string, unknown>;
    return wrap(JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k === 'faq' ? v : change(FIELD_OF[k]!, v as string)]))));
  }
  const single = FIELD.exec(user);
  return wrap(single ? change(FIELD_OF[single[1]!]!, answer) : answer);
}
