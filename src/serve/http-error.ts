/**
 * HttpError: a request the server refuses, with the HTTP status to answer.
 */
import { UserError } from '../errors.js';

export class HttpError extends UserError {
  /**
   * @param status the HTTP status (400, 404, 405, 413...).
   * @param message one line saying what was wrong, sent as `{"error": message}`.
   * @param headers extra response headers (e.g. `Allow` for 405).
   */
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}
