import { describe, expect, it } from 'vitest';
import { cleanText, extractJson } from './clean.js';

describe('cleanText', () => {
  it.each([
    ['Blue Widget – Buy Online | Shop', 'Blue Widget – Buy Online | Shop'],
    ['"Blue Widget – Buy Online"', 'Blue Widget – Buy Online'],
    ['“Blue Widget”', 'Blue Widget'],
    ["'Blue Widget'", 'Blue Widget'],
    ['Title: Blue Widget', 'Blue Widget'],
    ['**Title:** "Blue Widget"', 'Blue Widget'],
    ['Meta description: Shop the blue widget today.', 'Shop the blue widget today.'],
    ['New SEO title: Blue Widget', 'Blue Widget'],
    ['<think>The user wants a title. Keep it short.</think>\nBlue Widget', 'Blue Widget'],
    ['<think>still thinking and never closed', ''],
    ['```\nBlue Widget\n```', 'Blue Widget'],
    ['```text\n"Blue Widget"\n```', 'Blue Widget'],
    ['Blue Widget\n\nThis title is 11 characters and includes the keyword.', 'Blue Widget'],
    ['- Blue Widget', 'Blue Widget'],
    ['1. Blue Widget', 'Blue Widget'],
    ['# Blue Widget', 'Blue Widget'],
    // Markup is kept, for the hostile check to refuse the answer whole.
    ['Blue <b>Widget</b>', 'Blue <b>Widget</b>'],
    ['<script>alert(1)</script>Blue Widget', '<script>alert(1)</script>Blue Widget'],
    ['  Blue\n  Widget  ', 'Blue Widget'],
    ['', ''],
    ['""', ''],
  ])('%j → %j', (raw, clean) => {
    expect(cleanText(raw)).toBe(clean);
  });

  it.each([
    ['Alpine trail shoes\u0000 for rocky paths\u001b[2J | Northpine', 'Alpine trail shoes for rocky paths | Northpine'],
    ['\u001b[31mRed\u001b[0m Widget', 'Red Widget'],
    ['Forest trail shoes\u200b', 'Forest trail shoes'],
    ['\ufeffBlue\u00adWidget\u2060', 'BlueWidget'],
    ['Blue \u202eegdiW\u202c', 'Blue egdiW'],
    ['Blue\u000bWidget\tShop\fnow', 'Blue Widget Shop now'],
    ['"\u200bBlue Widget\u200b"', 'Blue Widget'],
  ])('drops control and invisible format characters: %j → %j', (raw, clean) => {
    expect(cleanText(raw)).toBe(clean);
    expect(clean).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });

  it('keeps quotes that are part of the text', () => {
    expect(cleanText('The "Blue" Widget')).toBe('The "Blue" Widget');
    expect(cleanText('12" Skillet – Cast Iron')).toBe('12" Skillet – Cast Iron');
  });
});

describe('extractJson', () => {
  it('reads plain, fenced and surrounded JSON, and says when there is none', () => {
    expect(extractJson('{"a":1}')).toEqual({ a: 1 });
    expect(extractJson('```json\n{"a":1}\n```')).toEqual({ a: 1 });
    expect(extractJson('<think>hm</think>Here you go: {"a":[1,2]} Hope it helps')).toEqual({ a: [1, 2] });
    expect(() => extractJson('no json here')).toThrow('the answer holds no JSON object');
    expect(() => extractJson('{"a": 1')).toThrow();
  });
});
