import { describe, expect, it } from 'vitest'
import { detectFormat, parsePlays, parseRecordLines } from '../../cli/listens/index.js'
import { UsageError } from '../../cli/parse.js'
import { MAX_ITEM_BYTES } from '../../src/index.js'

describe('import file parsing', () => {
  it('tells an export (JSON lines) from a plays CSV', () => {
    expect(detectFormat('\n{"bytes":"AA=="}\n')).toBe('records')
    expect(detectFormat('item,count\nlastfm:artist:1,3\n')).toBe('plays')
  })

  it('reads plays with or without a header, summing repeated items and keeping titles', () => {
    const withHeader = parsePlays('item,count,title\nt:a,3,Alpha\nt:b,2\nt:a,4\n', 'f.csv')
    expect(withHeader).toEqual([{ item: 't:a', weight: 7, title: 'Alpha' }, { item: 't:b', weight: 2 }])
    expect(parsePlays('"t:x,the-band",1,"X, The Band"\n', 'f.csv')).toEqual([{ item: 't:x,the-band', weight: 1, title: 'X, The Band' }])
  })

  const bad: Array<[string, string, RegExp]> = [
    ['a missing count', 't:a\n', /row 1 needs a play count/],
    ['a negative count', 't:a,-1\n', /row 1 needs a play count/],
    ['a fractional count', 't:a,1.5\n', /row 1 needs a play count/],
    ['an empty item', ',3\n', /row 1 needs a namespaced item id/],
    ['an un-namespaced item', 'Radiohead,3\n', /row 1 needs a namespaced item id/],
    ['an item with a space', 't:the band,3\n', /row 1 needs a namespaced item id/],
    ['an oversize item', `t:${'x'.repeat(MAX_ITEM_BYTES)},3\n`, /row 1 needs a namespaced item id/],
    ['no rows', 'item,count\n', /holds no plays/],
    ['broken quoting', '"t:a,1\n', /is not valid CSV/]
  ]
  for (const [what, text, message] of bad) {
    it(`refuses a plays file with ${what}, naming the row`, () => {
      expect(() => parsePlays(text, 'f.csv')).toThrow(UsageError)
      expect(() => parsePlays(text, 'f.csv')).toThrow(message)
    })
  }

  it('reads export lines as base64 record bytes and names a bad line', () => {
    expect(parseRecordLines('{"bytes":"AAEC"}\n\n{"seq":2,"bytes":"AwQ="}\n', 'e.jsonl')).toEqual(['AAEC', 'AwQ='])
    expect(() => parseRecordLines('{"bytes":"AAEC"}\nnot json\n', 'e.jsonl')).toThrow(/e.jsonl line 2 is not JSON/)
    expect(() => parseRecordLines('{"seq":1}\n', 'e.jsonl')).toThrow(/line 1 has no base64 "bytes"/)
  })
})
