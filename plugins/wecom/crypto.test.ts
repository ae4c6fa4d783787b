import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sharedFixture } from '../../tests/helpers/shared-fixtures.js';
import {
  createReplayGuard,
  decrypt,
  decryptCallback,
  encrypt,
  encryptReply,
  parseWecomXml,
  signature,
  verifyUrl,
  wecomCallbackConfigSchema,
  type WecomCallbackConfig,
} from './crypto.js';
import { WecomCryptoError, type WecomCryptoErrorCode } from './errors.js';

interface Vector {
  id: string;
  token: string;
  encodingAESKey: string;
  receiveid_corpid: string;
  msg_signature?: string;
  timestamp: string;
  nonce: string;
  echostr?: string;
  expected_echo_plaintext_derived?: string;
  request_line_from_source?: string;
  post_body?: string;
  encrypt?: string;
  plaintext_xml?: string;
  reply_plaintext?: string;
  random16_derived?: string;
}
const { vectors } = sharedFixture<{ vectors: Vector[] }>('wecom-crypto-vectors.json');
const urlVectors = vectors.filter((v) => v.echostr !== undefined);
const postVectors = vectors.filter((v) => v.post_body !== undefined);
const replyVectors = vectors.filter((v) => v.reply_plaintext !== undefined);
const configOf = (v: Vector): WecomCallbackConfig => ({ token: v.token, aesKey: v.encodingAESKey, corpId: v.receiveid_corpid });

function refusal(fn: () => unknown): { code: WecomCryptoErrorCode; officialCode: number | null } {
  try {
    fn();
  } catch (e) {
    if (e instanceof WecomCryptoError) return { code: e.code, officialCode: e.officialCode };
    throw e;
  }
  throw new Error('expected a WecomCryptoError, got success');
}

describe('the official WXBizMsgCrypt vectors', () => {
  it('has vectors of each kind', () => {
    expect(urlVectors.length).toBeGreaterThan(0);
    expect(postVectors.length).toBeGreaterThan(0);
    expect(replyVectors.length).toBeGreaterThan(0);
  });

  it.each(urlVectors)('$id: the signature is sha1 of the sorted parts', (v) => {
    expect(signature(v.token, v.timestamp, v.nonce, v.echostr!)).toBe(v.msg_signature);
  });

  it.each(urlVectors)('$id: URL verification answers the expected plaintext', (v) => {
    const query = { msg_signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce, echostr: v.echostr };
    expect(verifyUrl(configOf(v), query)).toBe(v.expected_echo_plaintext_derived);
  });

  it.each(urlVectors.filter((v) => v.request_line_from_source))('$id: works from the raw, percent-encoded request line', (v) => {
    const target = v.request_line_from_source!.split(' ')[1]!;
    const query = Object.fromEntries(new URL(target, 'http://wecom.local').searchParams);
    expect(verifyUrl(configOf(v), query)).toBe(v.expected_echo_plaintext_derived);
  });

  it.each(urlVectors)('$id: a "+" turned into a space by form decoding is still accepted', (v) => {
    expect(v.echostr).toContain('+');
    const query = { msg_signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce, echostr: v.echostr!.replaceAll('+', ' ') };
    expect(verifyUrl(configOf(v), query)).toBe(v.expected_echo_plaintext_derived);
  });

  it.each(postVectors)('$id: the POST body decrypts to the expected XML', (v) => {
    const xml = decryptCallback(configOf(v), { msg_signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce }, v.post_body!);
    expect(xml).toBe(v.plaintext_xml);
    const fields = parseWecomXml(xml);
    expect(fields.ToUserName).toBe(v.receiveid_corpid);
    expect(fields.CreateTime).toBe(v.timestamp);
  });

  it.each([
    ...urlVectors.map((v) => ({ id: v.id, v, plain: v.expected_echo_plaintext_derived!, cipher: v.echostr! })),
    ...postVectors.map((v) => ({ id: v.id, v, plain: v.plaintext_xml!, cipher: v.encrypt! })),
  ])('$id: encrypting with the derived random16 reproduces the official ciphertext', ({ v, plain, cipher }) => {
    expect(encrypt(v.encodingAESKey, plain, v.receiveid_corpid, v.random16_derived)).toBe(cipher);
  });

  it.each(replyVectors)('$id: our encrypted reply is signed and decrypts back under the same key', (v) => {
    const reply = encryptReply(configOf(v), v.reply_plaintext!, { timestamp: v.timestamp, nonce: v.nonce });
    const outer = parseWecomXml(reply);
    expect(Object.keys(outer)).toEqual(['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce']);
    expect(outer.TimeStamp).toBe(v.timestamp);
    expect(outer.Nonce).toBe(v.nonce);
    expect(outer.MsgSignature).toBe(signature(v.token, v.timestamp, v.nonce, outer.Encrypt!));
    const back = decryptCallback(configOf(v), { msg_signature: outer.MsgSignature, timestamp: outer.TimeStamp, nonce: outer.Nonce }, reply);
    expect(back).toBe(v.reply_plaintext);
  });

  it.each(replyVectors)('$id: replies use fresh random bytes unless random16 is given', (v) => {
    const at = { timestamp: v.timestamp, nonce: v.nonce };
    expect(encryptReply(configOf(v), v.reply_plaintext!, at)).not.toBe(encryptReply(configOf(v), v.reply_plaintext!, at));
    const fixed = { ...at, random16: 'abcdefghijklmnop' };
    expect(encryptReply(configOf(v), v.reply_plaintext!, fixed)).toBe(encryptReply(configOf(v), v.reply_plaintext!, fixed));
  });
});

describe('refusals', () => {
  const v = urlVectors[0]!;
  const config = configOf(v);
  const good = { msg_signature: v.msg_signature!, timestamp: v.timestamp, nonce: v.nonce, echostr: v.echostr! };
  const resign = (echostr: string) => ({ ...good, echostr, msg_signature: signature(v.token, v.timestamp, v.nonce, echostr) });
  const bytes = Buffer.from(v.echostr!, 'base64');
  const withByte = (index: number, xor: number) => {
    const b = Buffer.from(bytes);
    b[index < 0 ? b.length + index : index]! ^= xor;
    return b.toString('base64');
  };
  const flipHex = (hex: string) => (hex[0] === 'a' ? 'b' : 'a') + hex.slice(1);
  const otherKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

  /** A ciphertext whose length field claims more bytes than there are. */
  const lyingLength = (() => {
    const key = Buffer.from(`${v.encodingAESKey}=`, 'base64');
    const plain = Buffer.concat([Buffer.alloc(16, 1), Buffer.from([0, 0, 1, 0]), Buffer.from('short'), Buffer.from(v.receiveid_corpid)]);
    const pad = 32 - (plain.length % 32);
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  })();

  it.each([
    { what: 'a signature with one character changed', query: { ...good, msg_signature: flipHex(good.msg_signature) }, code: 'bad_signature', official: -40001 },
    { what: 'no signature', query: { ...good, msg_signature: undefined }, code: 'bad_signature', official: -40001 },
    { what: 'another timestamp under the old signature', query: { ...good, timestamp: String(Number(v.timestamp) + 1) }, code: 'bad_signature', official: -40001 },
    { what: 'another nonce under the old signature', query: { ...good, nonce: `${v.nonce}1` }, code: 'bad_signature', official: -40001 },
    { what: 'an altered ciphertext under the old signature', query: { ...good, echostr: withByte(20, 1) }, code: 'bad_signature', official: -40001 },
    { what: 'a re-signed ciphertext whose padding was altered', query: resign(withByte(-17, 0xff)), code: 'bad_padding', official: -40007 },
    { what: 'a re-signed ciphertext cut short of a block', query: resign(bytes.subarray(0, bytes.length - 5).toString('base64')), code: 'bad_ciphertext', official: -40007 },
    { what: 're-signed text that is not base64', query: resign('not*base64*at*all'), code: 'bad_ciphertext', official: -40007 },
    { what: 'a re-signed ciphertext whose length field lies', query: resign(lyingLength), code: 'bad_length', official: -40008 },
  ])('$what → $code', ({ query, code, official }) => {
    expect(refusal(() => verifyUrl(config, query))).toEqual({ code, officialCode: official });
  });

  it('the wrong EncodingAESKey does not decrypt', () => {
    expect(['bad_padding', 'bad_length']).toContain(refusal(() => verifyUrl({ ...config, aesKey: otherKey }, good)).code);
  });

  it.each([
    { what: 'too short', key: v.encodingAESKey.slice(1) },
    { what: 'too long', key: `${v.encodingAESKey}A` },
    { what: 'not base64', key: `${v.encodingAESKey.slice(1)}-` },
  ])('an EncodingAESKey $what → bad_key', ({ key }) => {
    expect(refusal(() => decrypt(key, v.echostr!, v.receiveid_corpid))).toEqual({ code: 'bad_key', officialCode: -40004 });
    expect(() => encrypt(key, 'x', v.receiveid_corpid)).toThrow(WecomCryptoError);
  });

  it('a message for another corp is refused', () => {
    expect(refusal(() => verifyUrl({ ...config, corpId: 'wwsomeoneelse0001' }, good))).toEqual({
      code: 'receive_id_mismatch',
      officialCode: -40005,
    });
  });

  it('the signature is checked before the body is even decoded', () => {
    const p = postVectors[0]!;
    const body = '<xml><Encrypt><![CDATA[!!! not base64 !!!]]></Encrypt></xml>';
    expect(refusal(() => decryptCallback(configOf(p), { msg_signature: p.msg_signature, timestamp: p.timestamp, nonce: p.nonce }, body)).code).toBe(
      'bad_signature',
    );
  });

  it.each([
    { what: 'no <Encrypt>', body: '<xml><ToUserName>x</ToUserName></xml>' },
    { what: 'not XML', body: 'msg=hello' },
    { what: 'a DOCTYPE (XXE)', body: '<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>' },
  ])('a POST body with $what → bad_xml', ({ body }) => {
    const p = postVectors[0]!;
    expect(refusal(() => decryptCallback(configOf(p), { msg_signature: p.msg_signature, timestamp: p.timestamp, nonce: p.nonce }, body))).toEqual({
      code: 'bad_xml',
      officialCode: -40002,
    });
  });
});

describe('wecomCallbackConfigSchema', () => {
  const v = vectors[0]!;
  it.each([
    { what: 'the official sample settings', patch: {}, ok: true },
    { what: 'a 42-character key', patch: { aesKey: v.encodingAESKey.slice(1) }, ok: false },
    { what: 'a token with punctuation', patch: { token: 'abc-def' }, ok: false },
    { what: 'a 33-character token', patch: { token: 'a'.repeat(33) }, ok: false },
    { what: 'no corp id', patch: { corpId: '' }, ok: false },
  ])('$what: valid = $ok', ({ patch, ok }) => {
    expect(wecomCallbackConfigSchema.safeParse({ ...configOf(v), ...patch }).success).toBe(ok);
  });
});

describe('replay protection', () => {
  const at = (seconds: number) => () => seconds * 1000;
  const now = 1_700_000_000;

  it.each([
    { what: 'a fresh timestamp', timestamp: String(now - 10), ok: true },
    { what: 'a timestamp at the edge of the window', timestamp: String(now - 300), ok: true },
    { what: 'a timestamp just past the window', timestamp: String(now - 301), ok: false },
    { what: 'a timestamp far in the future', timestamp: String(now + 3600), ok: false },
    { what: 'a timestamp in milliseconds', timestamp: String(now * 1000), ok: false },
    { what: 'no number at all', timestamp: 'yesterday', ok: false },
  ])('$what: accepted = $ok', ({ timestamp, ok }) => {
    const guard = createReplayGuard({ now: at(now) });
    if (ok) expect(() => guard.check(timestamp, 'n1')).not.toThrow();
    else expect(refusal(() => guard.check(timestamp, 'n1')).code).toBe('stale_timestamp');
  });

  it('accepts a timestamp+nonce pair once within the window', () => {
    const guard = createReplayGuard({ now: at(now) });
    guard.check(String(now), 'abc');
    expect(refusal(() => guard.check(String(now), 'abc')).code).toBe('replayed_nonce');
    expect(() => guard.check(String(now), 'abd')).not.toThrow();
  });

  it('forgets pairs once their timestamp leaves the window, so memory holds one window', () => {
    let clock = now;
    const guard = createReplayGuard({ windowSeconds: 60, now: () => clock * 1000 });
    const sizes: number[] = [];
    for (let minute = 0; minute < 30; minute++) {
      for (let i = 0; i < 100; i++) guard.check(String(clock), `m${minute}-${i}`);
      sizes.push(guard.size);
      clock += 61;
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(200);
  });

  it('never holds more than maxEntries', () => {
    const guard = createReplayGuard({ now: at(now), maxEntries: 50 });
    for (let i = 0; i < 500; i++) guard.check(String(now), `n${i}`);
    expect(guard.size).toBe(50);
  });

  it('checks URL verification and callbacks only after the signature, and refuses a replay', () => {
    const v = urlVectors[0]!;
    const query = { msg_signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce, echostr: v.echostr };
    const guard = createReplayGuard({ now: at(Number(v.timestamp) + 5) });
    expect(refusal(() => verifyUrl(configOf(v), { ...query, msg_signature: '0'.repeat(40) }, { replayGuard: guard })).code).toBe('bad_signature');
    expect(guard.size).toBe(0);
    expect(verifyUrl(configOf(v), query, { replayGuard: guard })).toBe(v.expected_echo_plaintext_derived);
    expect(refusal(() => verifyUrl(configOf(v), query, { replayGuard: guard })).code).toBe('replayed_nonce');

    const p = postVectors[0]!;
    const late = createReplayGuard({ now: at(Number(p.timestamp) + 3600) });
    const postQuery = { msg_signature: p.msg_signature, timestamp: p.timestamp, nonce: p.nonce };
    expect(refusal(() => decryptCallback(configOf(p), postQuery, p.post_body!, { replayGuard: late })).code).toBe('stale_timestamp');
  });
});
