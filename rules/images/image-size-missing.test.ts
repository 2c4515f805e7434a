import { testRule } from '../../src/testing/test-rule.js';
import rule from './image-size-missing.js';

const expected = 'width and height attributes';

testRule(rule, {
  valid: [
    '<img src="/a.jpg" width="800" height="600" alt="x">',
    { name: 'both in its style, or an aspect ratio', html: '<img src="/a.jpg" style="width: 100%; height: 240px"><img src="/b.jpg" style="aspect-ratio: 4 / 3; width: 100%">' },
    { name: 'no src, or an inline data: image', html: '<img alt="x"><img src="data:image/png;base64,iVBORw0KGgo=">' },
  ],
  invalid: [
    { html: '<img src="/a.jpg" alt="x">', findings: [{ value: '/a.jpg', expected, element: '/a.jpg', message: 'Image /a.jpg has no width and height attributes.' }] },
    {
      name: 'only one of the two, or only a width in its style; once per source',
      html: '<img src="/a.jpg" width="800"><img src="/b.jpg" style="width:100%"><img src="/a.jpg" height="600">',
      findings: [{ value: '/a.jpg', expected, element: '/a.jpg' }, { value: '/b.jpg', expected, element: '/b.jpg' }],
    },
  ],
});
