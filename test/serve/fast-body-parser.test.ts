/**
 * The fast body parser against the general one (JSON.parse + checks): the same float32 matrix
 * for every body it takes, and null (give up) for every body it does not.
 */
import { describe, expect, it } from 'vitest';
import { FastBodyParser } from '../../src/serve/fast-body-parser.js';
import { parseScoringRequest } from '../../src/serve/parse-request.js';
import { RowReader } from '../../src/serve/row-reader.js';
import type { ScoringRequest } from '../../src/serve/scoring-request.js';

const NAMES = ['a', 'b', 'ünï', 'c d', 'e'];
const reader = new RowReader(NAMES.length, NAMES);
const fast = new FastBodyParser(NAMES.length, NAMES);

function bits(r: ScoringRequest): number[] {
  const n = r.nRows * NAMES.length;
  return Array.from(new Uint32Array(Float32Array.from(r.values.subarray(0, n)).buffer));
}

function same(text: string): void {
  const body = Buffer.from(text);
  const got = fast.parse(body);
  expect(got, text).not.toBeNull();
  const summary = { nRows: got!.nRows, margin: got!.margin, bits: bits(got!) };
  const want = parseScoringRequest(body, reader);
  expect(summary, text).toEqual({ nRows: want.nRows, margin: want.margin, bits: bits(want) });
}

function givesUp(text: string): void {
  expect(fast.parse(Buffer.from(text)), text).toBeNull();
}

describe('FastBodyParser', () => {
  it('reads numbers exactly as JSON.parse (then float32)', () => {
    const numbers = [
      '0', '-0', '1', '-1', '0.5', '3.14159', '1e3', '1E+3', '2.5e-3', '-7.25E-2', '123456789012345', '1234567890123456789',
      '0.1', '0.30000000000000004', '0.000123', '0.0000000000000000000000001', '1e-45', '1.4e-45', '3.4028235e38', '-3.40282356e38',
      '9007199254740993', '0.100000001490116119384765625', '1.00000005960464477539062', '123.456e-5', '0e0', '0.0e-99999',
      '1e22', '1e23', '4.35', '8.589973e9', '0.00000000000000000000000000000000000000000001', '2.2250738585072014e-308',
    ];
    same(`{"rows":[[${numbers.slice(0, 5).join(',')}]]}`);
    for (let i = 0; i + 5 <= numbers.length; i++) same(`{"rows":[[${numbers.slice(i, i + 5).join(',')}]]}`);
  });

  it('random numbers in many spellings', () => {
    let seed = 987654321;
    const rnd = (): number => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const spell = (): string => {
      const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 60 - 30);
      switch (Math.floor(rnd() * 5)) {
        case 0:
          return String(x);
        case 1:
          return x.toExponential(Math.floor(rnd() * 20));
        case 2:
          return x.toPrecision(1 + Math.floor(rnd() * 21));
        case 3:
          return String(Math.fround(x));
        default:
          return rnd() < 0.5 ? 'null' : String(Math.round(x));
      }
    };
    for (let k = 0; k < 200; k++) {
      const rows = Array.from({ length: 4 }, () => `[${Array.from({ length: 5 }, spell).join(',')}]`);
      same(`{"rows":[${rows.join(',')}]}`);
    }
  });

  it('white space, key order, margin, empty rows, object rows, UTF-8 names, repeated names', () => {
    same(' \n{ "margin" : true ,\t"rows" : [ [ 1 , null , 2 , 3 , 4 ] , { } , {"e":1,"a":null,"ünï":5,"c d":-2} ] }\r\n');
    same('{"rows":[],"margin":false}');
    same('{"rows":[]}');
    same('{"rows":[{"a":1,"a":2,"b":3,"b":null}]}');
  });

  it('gives up on everything else (the general parser then explains or accepts)', () => {
    const cases = [
      '', '{}', '[]', 'null', '{"rows":[[1,2,3,4]]}', '{"rows":[[1,2,3,4,5,6]]}', '{"rows":[[1,2,3,4,5],]}', '{"rows":[[01,2,3,4,5]]}',
      '{"rows":[[1.,2,3,4,5]]}', '{"rows":[[.5,2,3,4,5]]}', '{"rows":[[1e,2,3,4,5]]}', '{"rows":[[+1,2,3,4,5]]}', '{"rows":[[-,2,3,4,5]]}',
      '{"rows":[["1",2,3,4,5]]}', '{"rows":[[true,2,3,4,5]]}', '{"rows":[[nul,2,3,4,5]]}', '{"rows":[[NaN,2,3,4,5]]}',
      '{"rows":[{"f":1}]}', '{"rows":[{"\\u0061":1}]}', '{"rows":[{"a":"x"}]}', '{"rows":[{"a":1,}]}', '{"rows":[1]}', '{"rows":{}}',
      '{"rows":[],"margin":1}', '{"rows":[],"extra":1}', '{"rows":[],"rows":[]}', '{"rows":[]} x', '{"rows":[]', '{"rows":[[1,2,3,4,5]]',
      '{"rows":[[1,2,3,4,5] [1,2,3,4,5]]}', '{"margin":true}', '{"rows":[{"a\tb":1}]}',
    ];
    for (const c of cases) givesUp(c);
    // Escaped keys are legal JSON: the general parser takes them.
    expect(parseScoringRequest(Buffer.from('{"rows":[{"\\u0061":1}]}'), reader).values[0]).toBe(1);
  });

  it('gives up on values whose float32 is infinite; the general parser refuses them naming the row (from 1) and column', () => {
    for (const v of ['1e400', '-1e400', '3.5e38', '1e39', '-3.4028236e38', '340282357000000000000000000000000000000']) {
      for (const body of [`{"rows":[[1,2,3,4,5],[1,2,${v},4,5]]}`, `{"rows":[[1,2,3,4,5],{"a":1,"c d":${v}}]}`]) {
        givesUp(body);
        expect(() => parseScoringRequest(Buffer.from(body), reader), body).toThrow(
          body.includes('"c d"') ? /^row 2 column "c d": the value (is infinite|-?[0-9.e+]+ is beyond the float32 range)/ : /^row 2 column 2: the value/,
        );
      }
    }
  });

  it('grows past its scratch buffer and keeps working', () => {
    const row = '[1,2,3,4,5]';
    same(`{"rows":[${Array.from({ length: 5000 }, () => row).join(',')}]}`);
    same(`{"rows":[${row}]}`);
  });
});
