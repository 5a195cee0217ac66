/**
 * The options every public checking function of the model takes last: how its error messages name the value.
 */
export interface FieldOptions {
  /**
   * The field, flag or object path the value came from, as error messages name it (a construct path such as
   * `app/portworx`, a CLI flag such as `--issuer`).
   * @default - the function's own name for its value, e.g. `'keys'` or `'identity'`
   */
  readonly field?: string;
}
