// The UI translations (web/i18n/*.js) are plain modules: checked in Node, no browser needed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import en from '../../web/i18n/en.js';
import zhCN from '../../web/i18n/zh-CN.js';

test('en and zh-CN have the same keys, of the same kinds', () => {
  assert.deepEqual(Object.keys(zhCN).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    assert.equal(typeof zhCN[key], typeof en[key], key);
    if (Array.isArray(en[key])) assert.equal(zhCN[key].length, en[key].length, key);
    if (en[key] && typeof en[key] === 'object' && !Array.isArray(en[key])) {
      assert.deepEqual(Object.keys(zhCN[key]).sort(), Object.keys(en[key]).sort(), key);
    }
  }
});

test('every zh-CN string is translated (contains Chinese characters)', () => {
  for (const [key, value] of Object.entries(zhCN)) {
    if (typeof value === 'string') {
      assert.match(value, /[\u4e00-\u9fff]/, `zh-CN.${key} = ${JSON.stringify(value)}`);
    }
  }
});
