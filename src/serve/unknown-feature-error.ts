/**
 * UnknownFeatureError: a row keyed by feature name used a name the model does not have.
 */
import { DataError, type DataLocation } from '../errors.js';

/** A row object has a key that is not one of the model's feature names. */
export class UnknownFeatureError extends DataError {
  /** The unknown name, as given. */
  readonly feature: string;
  constructor(location: DataLocation, feature: string, detail: string) {
    super(location, detail);
    this.feature = feature;
  }
}
