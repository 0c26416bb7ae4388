/**
 * RequestAborted: the client went away (closed or reset the connection) before its request was
 * read whole. Nothing can be answered; the server logs it as aborted (status 499), not as an
 * internal error.
 */
export class RequestAborted extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'RequestAborted';
  }
}
