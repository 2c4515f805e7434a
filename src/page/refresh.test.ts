import { describe, expect, it } from 'vitest';
import { metaRefresh, refreshUrl } from './refresh.js';

const bytes = (html: string) => new TextEncoder().encode(html);
const PAGE = 'https://flink.apache.org/2019/06/05/flink-network-stack.html';

describe('refreshUrl, as the HTML standard parses a refresh', () => {
  it.each([
    ['0; url=https://x.example/a', 'https://x.example/a'],
    ['0;URL=/a', '/a'],
    ["5; url='/a b'", '/a b'],
    ['0; url="/a"; trailing', '/a'],
    ['0, /a', '/a'],
    ['  3.5 ;  url = /a ', '/a'],
    ['0;/a', '/a'],
  ])('%j names %j', (content, url) => expect(refreshUrl(content)).toBe(url));
  it.each(['0', '30', '', ' 5 ; '])('%j names no URL (a reload)', (content) => expect(refreshUrl(content)).toBeUndefined());
});

describe('metaRefresh of a page\'s bytes', () => {
  it('finds the target of a flink.apache.org redirect stub', () => {
    const stub = '<!DOCTYPE html><html lang="en"><head><title>x</title><meta name="robots" content="noindex"><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=https://flink.apache.org/2019/06/05/a-deep-dive-into-flinks-network-stack/"></head></html>';
    expect(metaRefresh(bytes(stub), PAGE)).toBe('https://flink.apache.org/2019/06/05/a-deep-dive-into-flinks-network-stack/');
  });
  it('resolves a relative target, attributes in any order and case, unquoted', () => {
    expect(metaRefresh(bytes('<META CONTENT="0;URL=../new/" HTTP-EQUIV="Refresh">'), 'https://s.example/old/page')).toBe('https://s.example/new/');
    expect(metaRefresh(bytes("<meta http-equiv=refresh content='1;url=/x#top'>"), 'https://s.example/')).toBe('https://s.example/x');
  });
  it('is a redirect up to 5 s, a page past that (a session timeout), and none inside <noscript>', () => {
    expect(metaRefresh(bytes('<meta http-equiv="refresh" content="5; url=/next">'), PAGE)).toBe('https://flink.apache.org/next');
    expect(metaRefresh(bytes('<meta http-equiv="refresh" content="900; url=/login.html">'), PAGE)).toBeUndefined();
    expect(metaRefresh(bytes('<head><noscript><meta http-equiv=refresh content="0; url=/nojs.html"></noscript></head>'), PAGE)).toBeUndefined();
    expect(metaRefresh(bytes('<noscript>x</noscript><meta http-equiv=refresh content="0; url=/after.html">'), PAGE)).toBe('https://flink.apache.org/after.html');
  });

  it('is no redirect when it reloads the page, names no URL, another scheme, or sits in a comment', () => {
    expect(metaRefresh(bytes('<meta http-equiv="refresh" content="30">'), PAGE)).toBeUndefined();
    expect(metaRefresh(bytes(`<meta http-equiv="refresh" content="60; url=${PAGE}#x">`), PAGE)).toBeUndefined();
    expect(metaRefresh(bytes('<meta http-equiv="refresh" content="0; url=javascript:alert(1)">'), PAGE)).toBeUndefined();
    expect(metaRefresh(bytes('<!-- <meta http-equiv="refresh" content="0; url=/a"> --><title>t</title>'), PAGE)).toBeUndefined();
    expect(metaRefresh(bytes('<meta name="refresh" content="0; url=/a">'), PAGE)).toBeUndefined();
    // Content that starts with no number is ignored by browsers: no refresh.
    expect(metaRefresh(bytes('<meta http-equiv="refresh" content="url=/a">'), PAGE)).toBeUndefined();
    expect(metaRefresh(bytes('<meta http-equiv="refresh" content="-1; url=/a">'), PAGE)).toBeUndefined();
  });
});
