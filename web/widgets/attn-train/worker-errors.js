/**
 * Errors across the worker boundary with their `code` and `params`. Comlink's default 'throw'
 * handler sends only an Error's message, name and stack, so a refusal from the training core
 * would reach the page without what it needs to be worded in the page's language
 * (web/i18n/errors.js). Both sides install this handler: the worker (serialising) and the page
 * (deserialising, rebuilding an AttnLabError).
 */
import * as Comlink from 'comlink';
import { AttnLabError } from '../../../wasm/js/errors.js';

let installed = false;

/** Replaces Comlink's 'throw' transfer handler (once per realm); keeps its detection. */
export function installErrorTransfer() {
  if (installed) return;
  installed = true;
  const original = Comlink.transferHandlers.get('throw');
  Comlink.transferHandlers.set('throw', {
    canHandle: original.canHandle,
    serialize({ value }) {
      if (!(value instanceof Error)) return original.serialize({ value });
      const { message, name, stack } = value;
      const code = typeof value.code === 'string' ? value.code : undefined;
      // params are plain strings by contract; copy them so a structured-clone never fails.
      const params =
        value.params && typeof value.params === 'object'
          ? Object.fromEntries(Object.entries(value.params).map(([k, v]) => [k, String(v)]))
          : undefined;
      return [{ isError: true, value: { message, name, stack, code, params } }, []];
    },
    deserialize(serialized) {
      const value = serialized?.value;
      if (serialized?.isError && value?.code) {
        const error = new AttnLabError(value.message, value.code, value.params ?? {});
        if (value.stack) error.stack = value.stack;
        throw error;
      }
      return original.deserialize(serialized);
    },
  });
}
