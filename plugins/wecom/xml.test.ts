import { describe, expect, it } from 'vitest';
import { WecomCryptoError } from './errors.js';
import { parseWecomXml, readXmlList, xmlReply } from './xml.js';

describe('parseWecomXml reads what WeCom sends', () => {
  it.each([
    {
      what: 'CDATA and plain text',
      xml: '<xml><MsgType><![CDATA[text]]></MsgType><CreateTime>1409659813</CreateTime></xml>',
      fields: { MsgType: 'text', CreateTime: '1409659813' },
    },
    {
      what: 'the predefined entities and character references',
      xml: '<xml><Content>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#20013;&#x6587; &#x1F600;</Content></xml>',
      fields: { Content: 'a <b> & "c" \'d\' 中文 😀' },
    },
    {
      what: 'CDATA holding markup and entity-like text, kept verbatim',
      xml: '<xml><Content><![CDATA[<b>&amp;</b> 请假]]></Content></xml>',
      fields: { Content: '<b>&amp;</b> 请假' },
    },
    {
      what: 'a declaration, a byte-order mark, comments and line breaks',
      xml: '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- note -->\n<xml>\n  <A>1</A><!-- inside -->\n  <B/>\n</xml>\n',
      fields: { A: '1', B: '' },
    },
    {
      what: 'a nested event (scan code)',
      xml: '<xml><Event><![CDATA[scancode_push]]></Event><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo></xml>',
      fields: { Event: 'scancode_push', 'ScanCodeInfo.ScanType': 'qrcode', 'ScanCodeInfo.ScanResult': '1' },
    },
    {
      what: 'a one-item list (always indexed)',
      xml: '<xml><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum><![CDATA[abc]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>',
      fields: { 'SendPicsInfo.Count': '1', 'SendPicsInfo.PicList.item.0.PicMd5Sum': 'abc' },
    },
    {
      what: 'attributes, which WeCom does not use, ignored',
      xml: '<xml a="1 > 2"><A b=\'x\'>v</A></xml>',
      fields: { A: 'v' },
    },
    {
      what: 'whitespace in text kept as sent',
      xml: '<xml><Content>  两个空格  </Content></xml>',
      fields: { Content: '  两个空格  ' },
    },
  ])('$what', ({ xml, fields }) => {
    expect(parseWecomXml(xml)).toEqual(fields);
  });

  it('reads list items back as records (contact change with custom attributes)', () => {
    const fields = parseWecomXml(
      '<xml><ChangeType>update_user</ChangeType><ExtAttr>' +
        '<Item><Name><![CDATA[工号]]></Name><Type>0</Type><Text><Value><![CDATA[A001]]></Value></Text></Item>' +
        '<Item><Name><![CDATA[主页]]></Name><Type>1</Type><Web><Title><![CDATA[官网]]></Title><Url><![CDATA[https://example.com]]></Url></Web></Item>' +
        '</ExtAttr></xml>',
    );
    expect(readXmlList(fields, 'ExtAttr.Item')).toEqual([
      { Name: '工号', Type: '0', 'Text.Value': 'A001' },
      { Name: '主页', Type: '1', 'Web.Title': '官网', 'Web.Url': 'https://example.com' },
    ]);
    expect(readXmlList(fields, 'Nothing.Item')).toEqual([]);
  });

  it('indexes repeated siblings and reads plain-text items', () => {
    const fields = parseWecomXml('<xml><Ids><Id>a</Id><Id>b</Id></Ids></xml>');
    expect(fields).toEqual({ 'Ids.Id.0': 'a', 'Ids.Id.1': 'b' });
    expect(readXmlList(fields, 'Ids.Id')).toEqual([{ '': 'a' }, { '': 'b' }]);
  });
});

describe('parseWecomXml refuses what WeCom never sends', () => {
  const deep = `${'<a>'.repeat(40)}x${'</a>'.repeat(40)}`;
  it.each([
    { what: 'an external entity (XXE)', xml: '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><C>&xxe;</C></xml>' },
    { what: 'a DOCTYPE alone', xml: '<!DOCTYPE html><xml><C>x</C></xml>' },
    { what: 'entity expansion (billion laughs)', xml: '<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><xml><C>&b;</C></xml>' },
    { what: 'a declaration inside the document', xml: '<xml><!ENTITY x "y"><C>x</C></xml>' },
    { what: 'an undeclared entity', xml: '<xml><C>&xxe;</C></xml>' },
    { what: 'a bare ampersand', xml: '<xml><C>a & b</C></xml>' },
    { what: 'an out-of-range character reference', xml: '<xml><C>&#xD800;</C></xml>' },
    { what: 'an unclosed element', xml: '<xml><C>x</C>' },
    { what: 'mismatched tags', xml: '<xml><C>x</D></xml>' },
    { what: 'mixed text and elements', xml: '<xml>text<C>x</C></xml>' },
    { what: 'a second root', xml: '<xml></xml><xml></xml>' },
    { what: 'nothing', xml: '' },
    { what: 'plain text', xml: 'hello' },
    { what: 'an unterminated CDATA section', xml: '<xml><C><![CDATA[x</C></xml>' },
    { what: 'nesting forty levels deep', xml: deep },
    { what: 'a dotted element name (would collide with nesting)', xml: '<xml><A.B>x</A.B></xml>' },
  ])('$what', ({ xml }) => {
    let error: unknown;
    try {
      parseWecomXml(xml);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WecomCryptoError);
    expect((error as WecomCryptoError).code).toBe('bad_xml');
  });
});

describe('xmlReply', () => {
  it('round-trips through the reader, CDATA terminators and Chinese included', () => {
    const fields = { ToUserName: 'zhangsan', FromUserName: 'wwcorp', CreateTime: 1700000000, MsgType: 'text', Content: '假期余额: 5 天 ]]> <ok> & 完' };
    const xml = xmlReply(fields);
    expect(xml.startsWith('<xml><ToUserName><![CDATA[zhangsan]]></ToUserName>')).toBe(true);
    expect(xml).toContain('<CreateTime>1700000000</CreateTime>');
    expect(parseWecomXml(xml)).toEqual({ ...fields, CreateTime: '1700000000' });
  });

  it('writes arrays as <item> lists and skips undefined fields', () => {
    const xml = xmlReply({
      MsgType: 'news',
      ArticleCount: 2,
      Articles: [
        { Title: '工资条', Url: 'https://hr.example.com/p/1' },
        { Title: '通知', Url: 'https://hr.example.com/n/2' },
      ],
      Missing: undefined,
    });
    const fields = parseWecomXml(xml);
    expect(readXmlList(fields, 'Articles.item')).toEqual([
      { Title: '工资条', Url: 'https://hr.example.com/p/1' },
      { Title: '通知', Url: 'https://hr.example.com/n/2' },
    ]);
    expect(fields).not.toHaveProperty('Missing');
  });

  it('drops control characters XML cannot carry instead of writing a broken reply', () => {
    expect(parseWecomXml(xmlReply({ Content: 'a\u0000b\u0007c\td' })).Content).toBe('abc\td');
  });

  it.each([{ 'bad name': 'x' }, { '1st': 'x' }, { N: Number.NaN }])('refuses %o', (fields) => {
    expect(() => xmlReply(fields)).toThrow(/xmlReply/);
  });
});
