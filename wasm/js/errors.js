/**
 * The error every facade function throws. `message` is English and names the bad value and the
 * allowed range; `code` is stable and `params` holds the named values (all as text), so a page
 * can say the same in its own language (web/i18n/errors.js). The codes are listed once, in
 * core/include/attnlab/errors.h.
 */
export class AttnLabError extends Error {
  /**
   * @param {string} message
   * @param {string} [code] e.g. 'out_of_range'; 'invalid' when nothing more specific fits
   * @param {Record<string, string>} [params] e.g. { what: 'dModel', value: '0', min: '1', max: '256' }
   */
  constructor(message, code = 'invalid', params = {}) {
    super(message);
    this.name = 'AttnLabError';
    this.code = code;
    this.params = params;
  }
}
