/** The error every facade function throws; its message comes from the C++ core. */
export class AttnLabError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AttnLabError';
  }
}
