import { describe, it, expect } from 'vitest';
import {
  csvField,
  csvRecords,
  displayWidth,
  escapeMarkdown,
  sanitizeText,
  stripAnsi,
  truncateText,
} from '../../../src/render/sanitize.js';

describe('sanitizeText', () => {
  it.each([
    ['OSC 8 hyperlink with BEL', '\x1b]8;;http://evil\x07Click\x1b]8;;\x07 Corp', 'Click Corp'],
    ['OSC with ST', '\x1b]0;pwned title\x1b\\Apple', 'Apple'],
    ['SGR colour', '\x1b[31mRed\x1b[0m Inc', 'Red Inc'],
    ['cursor movement and clear screen', 'A\x1b[2J\x1b[1;1HB', 'AB'],
    ['private-mode CSI', '\x1b[?25lHidden cursor', 'Hidden cursor'],
    ['8-bit CSI', '\u009b31mX', 'X'],
    ['DCS', 'a\x1bPq#0;2;0;0;0\x1b\\b', 'ab'],
    ['unterminated OSC swallows the rest', 'Safe\x1b]8;;http://evil', 'Safe'],
    ['charset escape', '\x1b(0lqk\x1b(B', 'lqk'],
    ['bare ESC at end', 'Name\x1b', 'Name'],
    ['NUL, BEL, backspace, DEL', 'A\x00B\x07C\x08D\x7fE', 'ABCDE'],
    ['newlines and tabs become single spaces', ' Foo\r\n\tBar  Baz \n', 'Foo Bar Baz'],
    ['bidi override', 'abc\u202edef\u2066', 'abcdef'],
    ['unicode kept', 'Société Générale 株式会社', 'Société Générale 株式会社'],
  ])('%s', (_label, input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
    expect(sanitizeText(input)).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
  });

  it('maps null and undefined to empty', () => {
    expect(sanitizeText(null)).toBe('');
    expect(sanitizeText(undefined)).toBe('');
  });

  it('stripAnsi keeps ordinary text and spacing', () => {
    expect(stripAnsi('\x1b[1m  bold  \x1b[0m')).toBe('  bold  ');
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['Evil | *Corp*', 'Evil \\| \\*Corp\\*'],
    ['a_b `c` [d](e) <f> \\g', 'a\\_b \\`c\\` \\[d\\](e) \\<f\\> \\\\g'],
    ['\x1b[31m<script>\x1b[0m', '\\<script\\>'],
    ['two\nlines', 'two lines'],
    [null, ''],
  ])('%j -> %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("http://evil","x")', '"\'=HYPERLINK(""http://evil"",""x"")"'],
    ['+1234', '"\'+1234"'],
    ['-2+3', '"\'-2+3"'],
    ['@SUM(A1)', '"\'@SUM(A1)"'],
    ['\t=cmd', '"\'=cmd"'],
    ['\r=cmd', '"\'=cmd"'],
    ['\x1b[31m=red', '"\'=red"'],
    ['multi\nline', 'multi line'],
    ['', ''],
  ])('text %j -> %s', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it.each([
    [-1234.5, '-1234.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [0, '0'],
    [NaN, ''],
    [Infinity, ''],
    [null, ''],
    [undefined, ''],
  ])('number %s -> %j (negative numbers are not formulas)', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('joins records with CRLF', () => {
    expect(
      csvRecords([
        ['a', 1],
        ['b,c', null],
      ]),
    ).toBe('a,1\r\n"b,c",\r\n');
  });
});

describe('displayWidth and truncateText', () => {
  it.each([
    ['abc', 3],
    ['\x1b[31mabc\x1b[0m', 3],
    ['株式', 4],
    ['e\u0301', 1],
  ])('displayWidth(%j) = %d', (s, w) => {
    expect(displayWidth(s)).toBe(w);
  });

  it.each([
    ['Apple Inc.', 20, 'Apple Inc.'],
    ['Vanguard Total Stock Market ETF', 22, 'Vanguard Total Stock…'],
    ['Supercalifragilistic', 8, 'Superca…'],
    ['株式会社', 5, '株式…'],
    ['abc', 1, '…'],
    ['abc', 0, ''],
  ])('truncateText(%j, %d) = %j', (s, max, expected) => {
    const out = truncateText(s, max);
    expect(out).toBe(expected);
    expect(displayWidth(out)).toBeLessThanOrEqual(max);
  });
});
