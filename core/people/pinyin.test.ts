import { describe, expect, it } from 'vitest';
import { namePinyin } from './pinyin.js';

describe('name pinyin', () => {
  it.each([
    ['张三', 'zhangsan', 'zs'],
    ['李四', 'lisi', 'ls'],
    // Surnames read differently from the everyday word.
    ['单雄信', 'shanxiongxin', 'sxx'],
    ['曾国藩', 'zengguofan', 'zgf'],
    ['解缙', 'xiejin', 'xj'],
    ['区志强', 'ouzhiqiang', 'ozq'],
    ['欧阳修', 'ouyangxiu', 'oyx'],
    ['尉迟恭', 'yuchigong', 'ycg'],
    // ü as v, as pinyin keyboards type it.
    ['吕布', 'lvbu', 'lb'],
    // Only the head of a name is read as a surname.
    ['李单', 'lidan', 'ld'],
    // Latin names pass through, lower-cased, accents dropped, one initial per word.
    ['John Smith', 'johnsmith', 'js'],
    ['José Li', 'joseli', 'jl'],
    ['Anna李', 'annali', 'al'],
    ['王 小明', 'wangxiaoming', 'wxm'],
    ['', '', ''],
  ])('%s → %s / %s', (name, full, initials) => {
    expect(namePinyin(name)).toEqual({ full, initials });
  });
});
