import { testRule } from '../../src/testing/test-rule.js';
import rule from './form-insecure.js';

const expected = 'an https:// form action';

testRule(rule, {
  valid: [
    '<form action="/search"><input name="q"></form>',
    { name: 'an https action, and one with no action (the https page itself)', html: '<form action="https://pay.example/checkout" method="post"><input type="password"></form><form><input name="q"></form>' },
    { name: 'a folder page', html: '<form action="http://shop.example/login"><input type="password"></form>', url: 'file:///srv/site/login.html' },
  ],
  invalid: [
    {
      html: '<form action="http://shop.example/login" method="post"><input type="password"></form>',
      findings: [{ value: 'http://shop.example/login', expected, element: 'http://shop.example/login', message: 'A form posts to http://shop.example/login over http://.' }],
    },
    {
      name: 'an http page: its relative and empty actions post over http, and its password field is asked over http',
      html: '<form action="/login" method="post"><input type="password"><input type="PASSWORD"></form><form><input name="q"></form>',
      url: 'http://shop.example/account',
      findings: [
        { value: '/login', expected, element: 'http://shop.example/login' },
        { value: '', expected, element: 'http://shop.example/account' },
        { value: '2', expected: 'password fields only on https:// pages', element: 'password', message: 'The page asks for a password over http:// (2 password fields).' },
      ],
    },
  ],
});
