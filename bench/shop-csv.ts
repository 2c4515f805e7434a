/**
 * A made-up shop's CSV export (url, title, meta_description, h1, content, keywords, page_type,
 * product_name), one product a row, with the content a CMS export holds: a few paragraphs of
 * HTML copy, a spec list and a care note, 2–9 KB a row (a 500 MB export is ~100,000 rows). The
 * usual SEO mistakes are there in the usual shares: titles too short or too long, descriptions
 * missing, short or long, H1s missing or too long, a few duplicated titles.
 * Row i is a pure function of i, so any row count gives the same first rows.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { capitalise, int, paragraph, pick, rng, seedOf, textOfLength, word, words } from './text-gen.js';

const NOUNS = ['lamp', 'chair', 'table', 'shelf', 'vase', 'rug', 'kettle', 'pan', 'towel', 'blanket', 'planter', 'clock', 'mirror', 'stool', 'basket', 'mug'];
const ADJECTIVES = ['oak', 'linen', 'matte', 'brushed', 'compact', 'round', 'tall', 'woven', 'ceramic', 'glass', 'steel', 'velvet', 'rattan', 'marble'];
const BRANDS = ['Nordhem', 'Calvoro', 'Lumen & Co', 'Bravik', 'Oakridge', 'Mistral', 'Fjelby', 'Tavola', 'Quarzo', 'Helio'];
const SPECS = ['Width', 'Height', 'Depth', 'Weight', 'Material', 'Finish', 'Colour', 'Care', 'Origin', 'Warranty', 'Capacity', 'Model', 'EAN'];

export const SHOP_CSV_HEADER = 'url,title,meta_description,h1,content,keywords,page_type,product_name';

const quote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Row i of the export, without its line end. */
export function shopCsvRow(i: number): string {
  const r = rng(seedOf(i, 11));
  const adjective = pick(r, ADJECTIVES);
  const noun = pick(r, NOUNS);
  const brand = pick(r, BRANDS);
  const name = `${capitalise(adjective)} ${noun} ${capitalise(word(r))} ${int(r, 10, 990)}`;
  const keyword = `${adjective} ${noun}`;
  const x = r();
  const title =
    i > 0 && i % 97 === 40
      ? `${name.split(' ').slice(0, 2).join(' ')} | ${brand}` // shared by many rows
      : x < 0.1
        ? textOfLength(r, name.split(' ').slice(0, 2).join(' '), 8, 29)
        : x < 0.65
          ? textOfLength(r, `${name} | ${brand}`, 30, 60)
          : textOfLength(r, `${name} – ${brand}, free delivery and 30-day returns on every order`, 61, 120);
  const y = r();
  const description =
    y < 0.15 ? '' : y < 0.35 ? textOfLength(r, `Buy the ${name}.`, 40, 110) : y < 0.8 ? textOfLength(r, `Buy the ${name} by ${brand}.`, 120, 160) : textOfLength(r, `The ${name} by ${brand}.`, 161, 320);
  const z = r();
  const h1 = z < 0.1 ? '' : z < 0.85 ? name : `${name} – ${words(r, int(r, 8, 16)).join(' ')}`;
  const content: string[] = [];
  const paragraphs = int(r, 2, 8);
  for (let k = 0; k < paragraphs; k++) {
    const p = paragraph(r, int(r, 3, 8));
    content.push(`<p>${k === 0 && r() < 0.6 ? `Our ${keyword} ${p.charAt(0).toLowerCase()}${p.slice(1)}` : p}</p>`);
  }
  content.push('<h2>Specifications</h2><ul>');
  const specs = int(r, 4, SPECS.length);
  for (let k = 0; k < specs; k++) content.push(`<li><strong>${SPECS[k]}:</strong> ${capitalise(words(r, int(r, 1, 4)).join(' '))}</li>`);
  content.push('</ul>');
  if (r() < 0.5) content.push(`<h2>Care</h2><p>${paragraph(r, int(r, 2, 5))}</p>`);
  const url = `https://shop.example/products/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-p${i}`;
  return [url, title, description, h1, content.join(''), r() < 0.9 ? keyword : '', 'product', name].map(quote).join(',');
}

/** Writes a CSV of `rows` rows to `file`; returns its size in bytes. */
export function writeShopCsv(file: string, rows: number): number {
  const fd = openSync(file, 'w');
  let bytes = 0;
  try {
    let chunk = `${SHOP_CSV_HEADER}\r\n`;
    for (let i = 0; i < rows; i++) {
      chunk += `${shopCsvRow(i)}\r\n`;
      if (chunk.length > 1 << 20) {
        bytes += writeSync(fd, chunk);
        chunk = '';
      }
    }
    bytes += writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return bytes;
}
